package dev.pbft.replica.storage;

import java.io.IOException;

/** Receives the records of a {@link SegmentedLog} in index order. */
@FunctionalInterface
public interface RecordVisitor {
    /**
     * @param index the record's index
     * @param payload the record's bytes, the visitor's to keep
     * @param location where the record lies, for a later {@link SegmentedLog#read}
     */
    void visit(long index, byte[] payload, RecordLocation location) throws IOException;
}
