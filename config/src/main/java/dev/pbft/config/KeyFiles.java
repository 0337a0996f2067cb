package dev.pbft.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads and writes 64-byte key files: optional {@code #} comment lines and one line of standard
 * base64. A public key file holds X25519 public || Ed25519 public; a private key file holds
 * X25519 private || Ed25519 seed. This class handles bytes only, no cryptography.
 *
 * <p>Private key files are created with mode 0600 atomically (never briefly world-readable) and
 * are refused on read when group or others have any permission, like ssh does. On file systems
 * without POSIX permissions the mode is neither set nor checked.
 */
public final class KeyFiles {

    /** Length of every key, public or private. */
    public static final int KEY_BYTES = 64;
    /** Key files are tiny; a bound keeps a wrong path (a log, a disk image) from being slurped. */
    static final int FILE_BYTES_MAX = 64 * 1024;
    private static final String EXPECTED_KEY = "expected standard base64 encoding 64 bytes (88 characters)";
    private static final Set<PosixFilePermission> GROUP_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFiles() {
    }

    /** Reads a public key file. @return a fresh 64-byte array */
    public static byte[] readPublic(Path file) throws KeyFileException {
        checkIsFile(file);
        return decodeFile(file);
    }

    /**
     * Reads a private key file, first refusing it if group or others have any permission on it.
     * The caller should zero the returned array once the key is loaded.
     */
    public static byte[] readPrivate(Path file) throws KeyFileException {
        checkIsFile(file);
        checkPrivateMode(file);
        return decodeFile(file);
    }

    /**
     * Creates a public key file; {@code comment} (may be null, may span lines) becomes leading
     * {@code #} lines.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists: keys are never
     *     silently replaced
     */
    public static void writePublic(Path file, byte[] key64, String comment) throws IOException {
        byte[] content = render(key64, comment);
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Creates a private key file with mode 0600 from the first instant; refuses to overwrite an
     * existing one (a lost private key cannot be recovered) and removes a half-written file.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists
     */
    public static void writePrivate(Path file, byte[] key64, String comment) throws IOException {
        byte[] content = render(key64, comment);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(file);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Standard base64 of a 64-byte key, as written in key files and inline config values. */
    public static String encode(byte[] key64) {
        requireKeyLength(key64);
        return Base64.getEncoder().encodeToString(key64);
    }

    /**
     * Decodes standard base64 that must give exactly 64 bytes.
     *
     * @throws IllegalArgumentException with a message "what is wrong; expected ..."
     */
    public static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64 (" + e.getMessage() + "); " + EXPECTED_KEY);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("decodes to " + key.length + " bytes; " + EXPECTED_KEY);
        }
        return key;
    }

    /** Throws if group or others have any permission on the file; no-op without POSIX modes. */
    static void checkPrivateMode(Path file) throws KeyFileException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (permissions.stream().anyMatch(GROUP_OTHER::contains)) {
            boolean readable = permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
            throw new KeyFileException(file, "is " + (readable ? "readable" : "accessible")
                    + " by group or others (mode " + mode(permissions) + "); expected mode 0600: chmod 600 " + file);
        }
    }

    /** Octal mode such as "0644". */
    static String mode(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            // PosixFilePermission declares OWNER_READ first and OTHERS_EXECUTE last: bit 8 down to 0.
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", bits);
    }

    private static void checkIsFile(Path file) throws KeyFileException {
        if (Files.isDirectory(file)) {
            throw new KeyFileException(file, "is a directory; expected a key file written by keygen");
        }
        if (!Files.exists(file)) {
            throw new KeyFileException(file, "does not exist; expected a key file written by keygen");
        }
    }

    private static byte[] decodeFile(Path file) throws KeyFileException {
        ByteBuffer buffer = ByteBuffer.allocate(FILE_BYTES_MAX + 1);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until end of file or one byte past the bound
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (!buffer.hasRemaining()) {
            throw new KeyFileException(file, "is larger than " + FILE_BYTES_MAX + " bytes; " + EXPECTED_KEY);
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        Arrays.fill(buffer.array(), (byte) 0);
        String keyLine = null;
        int keyLineNumber = 0;
        int number = 0;
        for (String line : text.split("\r\n|\r|\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (keyLine != null) {
                throw new KeyFileException(file, "has more than one key line (lines " + keyLineNumber
                        + " and " + number + "); " + EXPECTED_KEY);
            }
            keyLine = trimmed;
            keyLineNumber = number;
        }
        if (keyLine == null) {
            throw new KeyFileException(file, "contains no key; expected one line of standard base64 encoding 64 bytes after optional # comment lines");
        }
        try {
            return decode(keyLine);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "line " + keyLineNumber + " " + e.getMessage());
        }
    }

    private static KeyFileException unreadable(Path file, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new KeyFileException(file, "cannot be read (" + why + "); expected a key file readable by this user");
    }

    private static byte[] render(byte[] key64, String comment) {
        StringBuilder sb = new StringBuilder();
        if (comment != null && !comment.isBlank()) {
            for (String line : comment.split("\r\n|\r|\n")) {
                sb.append("# ").append(line).append('\n');
            }
        }
        sb.append(encode(key64)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void requireKeyLength(byte[] key64) {
        if (key64 == null || key64.length != KEY_BYTES) {
            throw new IllegalArgumentException("a key must be " + KEY_BYTES + " bytes, got "
                    + (key64 == null ? "null" : key64.length + " bytes"));
        }
    }
}
