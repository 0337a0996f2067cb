package dev.pbft.protocol;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.message.ViewChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a replica signs: a canonical, codec-independent encoding, so a signature never depends
 * on the wire codec. Each statement starts with a domain tag, so a signature over one kind of
 * statement can never be passed off as another.
 */
public final class Statements {
    private static final byte[] VIEW_CHANGE_TAG = "pbft/view-change/1".getBytes(StandardCharsets.US_ASCII);
    private static final int ENTRY_BYTES = 8 + 4 + 8;

    private Statements() {
    }

    /** SHA-256 over every field of {@code vc} except its signature. */
    public static byte[] viewChange(ViewChange vc) {
        int size = VIEW_CHANGE_TAG.length + 8 + 8 + 4 + 3 * 4;
        for (ViewChange.CheckpointClaim c : vc.checkpoints()) {
            size += 8 + 4 + c.stateDigest().length();
        }
        for (ViewChange.Entry e : vc.prepared()) {
            size += ENTRY_BYTES + e.digest().length();
        }
        for (ViewChange.Entry e : vc.prePrepared()) {
            size += ENTRY_BYTES + e.digest().length();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(VIEW_CHANGE_TAG).putLong(vc.newView()).putLong(vc.stableSeq()).putInt(vc.replica());
        buf.putInt(vc.checkpoints().size());
        for (ViewChange.CheckpointClaim c : vc.checkpoints()) {
            buf.putLong(c.seq());
            putBytes(buf, c.stateDigest());
        }
        putEntries(buf, vc.prepared());
        putEntries(buf, vc.prePrepared());
        return Digests.sha256(buf.array());
    }

    private static void putEntries(ByteBuffer buf, java.util.List<ViewChange.Entry> entries) {
        buf.putInt(entries.size());
        for (ViewChange.Entry e : entries) {
            buf.putLong(e.seq()).putLong(e.view());
            putBytes(buf, e.digest());
        }
    }

    private static void putBytes(ByteBuffer buf, Bytes bytes) {
        buf.putInt(bytes.length()).put(bytes.backingArray());
    }
}
