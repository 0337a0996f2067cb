package dev.pbft.sim;

import dev.pbft.protocol.message.Message;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages, bytes and MACs sent by the replicas of an {@link AgreementCluster}, by message type,
 * and the number of batches committed, so that per-batch figures can be derived.
 */
public final class MessageCounts {
    private final Map<String, Long> messages = new TreeMap<>();
    private long bytes;
    private long macsComputed;
    private long macsVerified;
    private long batches;

    void sent(Message m, int receivers, int frameBytes) {
        messages.merge(m.getClass().getSimpleName(), (long) receivers, Long::sum);
        bytes += (long) frameBytes * receivers;
        macsComputed += receivers;
    }

    void verifiedMac() {
        macsVerified++;
    }

    void batchCommitted() {
        batches++;
    }

    /** Point-to-point messages of one type, e.g. "Prepare"; a multicast to k replicas counts k. */
    public long messages(String type) {
        return messages.getOrDefault(type, 0L);
    }

    public long messagesTotal() {
        return messages.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> byType() {
        return new TreeMap<>(messages);
    }

    public long bytes() {
        return bytes;
    }

    /** MACs the replicas computed: one per receiver of each message. */
    public long macsComputed() {
        return macsComputed;
    }

    /** Frames whose MAC a replica checked, client requests included. */
    public long macsVerified() {
        return macsVerified;
    }

    public long batches() {
        return batches;
    }

    public double perBatch(long total) {
        return batches == 0 ? 0 : total / (double) batches;
    }
}
