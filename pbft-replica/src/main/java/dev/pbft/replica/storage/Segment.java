package dev.pbft.replica.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * One segment file, named by the index of its first record. Its channel stays open for positional
 * reads and writes, so neither opens a file per call.
 */
final class Segment implements Closeable {
    private static final Pattern NAME = Pattern.compile("\\d{20}\\.log");

    final Path path;
    final long baseIndex;
    final FileChannel channel;
    /** Bytes handed to the channel; readers on other threads may read records below it. */
    volatile long writtenBytes;

    private Segment(Path path, long baseIndex, FileChannel channel, long writtenBytes) {
        this.path = path;
        this.baseIndex = baseIndex;
        this.channel = channel;
        this.writtenBytes = writtenBytes;
    }

    static Segment open(Path dir, long baseIndex) throws IOException {
        Path path = dir.resolve(fileName(baseIndex));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(path, baseIndex, channel, channel.size());
    }

    static String fileName(long baseIndex) {
        return String.format("%020d.log", baseIndex);
    }

    /** The base index a file name stands for, or -1 if the file is not a segment. */
    static long baseOf(Path file) {
        String name = file.getFileName().toString();
        return NAME.matcher(name).matches() ? Long.parseLong(name.substring(0, 20)) : -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
