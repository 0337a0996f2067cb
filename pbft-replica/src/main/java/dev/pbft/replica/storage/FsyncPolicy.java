package dev.pbft.replica.storage;

/** How far {@link SegmentedLog#sync()} pushes the bytes appended so far. */
public enum FsyncPolicy {
    /**
     * {@code sync()} writes buffered bytes and forces them to the device ({@code FileChannel.force(false)});
     * new segment files also force their directory. What {@code sync()} returned for survives power
     * loss, at the price of a device flush per call.
     */
    ALWAYS,
    /**
     * {@code sync()} only hands buffered bytes to the operating system. They survive a crash or
     * SIGKILL of the process (they sit in the page cache) but not power loss or a kernel crash.
     */
    NEVER
}
