package dev.pbft.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a config file into {@code key = value} entries, keeping line numbers (which
 * {@link java.util.Properties} loses). Comments start with {@code #} or {@code !}; there are no
 * escapes or continuation lines, so what an operator sees is what is read.
 */
final class ConfigLines {

    /** One {@code key = value} line; key and value are trimmed. */
    record Entry(String key, String value, int line) {
    }

    /** Far above any real group's config; stops a wrong path from being read whole. */
    static final long FILE_BYTES_MAX = 16L * 1024 * 1024;

    private ConfigLines() {
    }

    /** The entries of the file, or null if it cannot be read at all (the error is recorded). */
    static List<Entry> read(Path file, Errors errors) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                errors.add(0, "", "is a directory; expected a config file");
                return null;
            }
            if (Files.size(file) > FILE_BYTES_MAX) {
                errors.add(0, "", "is larger than " + FILE_BYTES_MAX + " bytes; expected a config file");
                return null;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            errors.add(0, "", "does not exist; expected the path of a cluster config file");
            return null;
        } catch (IOException e) {
            errors.add(0, "", "cannot be read (" + e.getClass().getSimpleName() + "); expected a readable config file");
            return null;
        }
        String text = decodeUtf8(bytes, errors);
        return text == null ? null : parse(text, errors);
    }

    static List<Entry> parse(String text, Errors errors) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // editors on some systems add a byte order mark
        }
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String trimmed = lines[i].strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                errors.add(number, abbreviate(trimmed), "line has no '='; expected KEY = VALUE, or a comment starting with #");
                continue;
            }
            String key = trimmed.substring(0, eq).strip();
            if (key.isEmpty()) {
                errors.add(number, abbreviate(trimmed), "line has no key before '='; expected KEY = VALUE");
                continue;
            }
            entries.add(new Entry(key, trimmed.substring(eq + 1).strip(), number));
        }
        return entries;
    }

    private static String decodeUtf8(byte[] bytes, Errors errors) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            errors.add(line, "", "is not valid UTF-8; expected a UTF-8 text file");
            return null;
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
