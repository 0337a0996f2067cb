package dev.pbft.replica.core;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.Bytes;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.BitSet;

/**
 * PBFT's partition tree: a digest per partition of the replicated state, and above them levels of
 * nodes each digesting up to {@link #FANOUT} children; the single top node is the state digest that
 * CHECKPOINT messages carry. Changing one partition re-digests it and its ancestors only, so a
 * checkpoint costs what changed, and a replica that falls behind compares children level by level to
 * fetch only the partitions that differ. Level 0 are the partitions; every digest binds its level,
 * and a fetched digest or partition is checked at its position under its parent, so no subtree can
 * stand in for another. Empty partitions all share one digest, which makes a fresh tree cheap.
 */
final class StateTree {
    static final int FANOUT = 256;

    /** digests[level][index]; the last level has one node, the root. */
    private final Bytes[][] digests;
    private final BitSet[] dirty;

    StateTree(int partitions) {
        int levels = 1;
        for (int width = partitions; width > 1 || levels == 1; width = ceilDiv(width, FANOUT)) {
            levels++;
        }
        digests = new Bytes[levels][];
        dirty = new BitSet[levels];
        int width = partitions;
        for (int level = 0; level < levels; level++) {
            digests[level] = new Bytes[width];
            dirty[level] = new BitSet();
            width = ceilDiv(width, FANOUT);
        }
        java.util.Arrays.fill(digests[0], leafDigest(new byte[0]));
        for (int level = 1; level < levels; level++) {
            fillUniform(level);
        }
    }

    /** Digests a level whose children below are all equal: one hash per distinct child count. */
    private void fillUniform(int level) {
        Bytes child = digests[level - 1][0];
        java.util.Map<Integer, Bytes> byCount = new java.util.HashMap<>();
        for (int i = 0; i < digests[level].length; i++) {
            int count = lastChild(level, i) - firstChild(i) + 1;
            digests[level][i] = byCount.computeIfAbsent(count, c -> {
                ByteBuffer children = ByteBuffer.allocate(c * Digests.DIGEST_BYTES);
                for (int k = 0; k < c; k++) {
                    children.put(child.backingArray());
                }
                return nodeDigest(level, children.array());
            });
        }
    }

    private StateTree(StateTree other) {
        digests = new Bytes[other.digests.length][];
        dirty = new BitSet[other.digests.length];
        for (int level = 0; level < digests.length; level++) {
            digests[level] = other.digests[level].clone();
            dirty[level] = (BitSet) other.dirty[level].clone();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A copy that later changes to this tree do not touch: O(partitions) references. */
    StateTree copy() {
        root();
        return new StateTree(this);
    }

    int partitions() {
        return digests[0].length;
    }

    /** The index of the root's level. */
    int top() {
        return digests.length - 1;
    }

    /** Nodes at {@code level}. */
    int width(int level) {
        return digests[level].length;
    }

    static Bytes leafDigest(byte[] bytes) {
        MessageDigest md = Digests.newSha256();
        md.update((byte) 0);
        md.update(bytes);
        return Bytes.wrap(md.digest());
    }

    /** The digest a node at {@code level} >= 1 has if its children's digests are {@code children}. */
    static Bytes nodeDigest(int level, byte[] children) {
        MessageDigest md = Digests.newSha256();
        md.update((byte) level);
        md.update(children);
        return Bytes.wrap(md.digest());
    }

    void setLeaf(int partition, byte[] bytes) {
        setLeafDigest(partition, leafDigest(bytes));
    }

    void setLeafDigest(int partition, Bytes digest) {
        digests[0][partition] = digest;
        dirty[1].set(partition / FANOUT);
    }

    Bytes digest(int level, int index) {
        if (level > 0) {
            root();
        }
        return digests[level][index];
    }

    /** The state digest, re-digesting the nodes above partitions changed since the last call. */
    Bytes root() {
        for (int level = 1; level < digests.length; level++) {
            BitSet todo = dirty[level];
            for (int i = todo.nextSetBit(0); i >= 0; i = todo.nextSetBit(i + 1)) {
                digests[level][i] = nodeDigest(level, children(level, i));
                if (level + 1 < digests.length) {
                    dirty[level + 1].set(i / FANOUT);
                }
            }
            todo.clear();
        }
        return digests[top()][0];
    }

    /** The concatenated digests of the children of node (level >= 1, index), as last computed. */
    byte[] children(int level, int index) {
        Bytes[] below = digests[level - 1];
        int first = index * FANOUT;
        int last = Math.min(below.length, first + FANOUT);
        ByteBuffer out = ByteBuffer.allocate((last - first) * Digests.DIGEST_BYTES);
        for (int i = first; i < last; i++) {
            out.put(below[i].backingArray());
        }
        return out.array();
    }

    /** The children nodes of (level, index): indexes at level-1 from this to {@link #lastChild}. */
    static int firstChild(int index) {
        return index * FANOUT;
    }

    int lastChild(int level, int index) {
        return Math.min(digests[level - 1].length, (index + 1) * FANOUT) - 1;
    }
}
