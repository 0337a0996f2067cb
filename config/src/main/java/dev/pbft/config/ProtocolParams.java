package dev.pbft.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Immutable, validated values of every {@link Parameter}: each lies in its range and the
 * constraints between parameters hold. Build one with {@link #defaults()} or
 * {@code ProtocolParams.builder().set("checkpoint.interval", 16).build()}.
 */
public final class ProtocolParams {

    /** A broken constraint between two parameters; {@code subject} is the one it is about. */
    record Violation(Parameter subject, Parameter other, String message) {
    }

    private static final ProtocolParams DEFAULTS = new ProtocolParams(defaultValues());

    private final int[] values; // indexed by Parameter.ordinal()

    private ProtocolParams(int[] values) {
        this.values = values;
    }

    /** Every parameter at its default. */
    public static ProtocolParams defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(defaultValues());
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(values.clone());
    }

    public int get(Parameter p) {
        return values[p.ordinal()];
    }

    public boolean isDefault(Parameter p) {
        return get(p) == p.defaultValue();
    }

    public int checkpointInterval() { return get(Parameter.CHECKPOINT_INTERVAL); }
    public int windowSize() { return get(Parameter.WINDOW_SIZE); }
    public int batchRequestsMax() { return get(Parameter.BATCH_REQUESTS_MAX); }
    public int batchBytesMax() { return get(Parameter.BATCH_BYTES_MAX); }
    public int requestBytesMax() { return get(Parameter.REQUEST_BYTES_MAX); }
    public int frameBytesMax() { return get(Parameter.FRAME_BYTES_MAX); }
    public int pipelineBatchesMax() { return get(Parameter.PIPELINE_BATCHES_MAX); }
    public int requestTimeoutMillis() { return get(Parameter.REQUEST_TIMEOUT_MILLIS); }
    public int viewChangeTimeoutMillis() { return get(Parameter.VIEW_CHANGE_TIMEOUT_MILLIS); }
    public int clientTimeoutMillis() { return get(Parameter.CLIENT_TIMEOUT_MILLIS); }
    public int clientRetransmitMillis() { return get(Parameter.CLIENT_RETRANSMIT_MILLIS); }
    public int clientOutstandingMax() { return get(Parameter.CLIENT_OUTSTANDING_MAX); }
    public boolean requestEndorsements() { return get(Parameter.REQUEST_ENDORSEMENTS) == 1; }
    public boolean requestRelay() { return get(Parameter.REQUEST_RELAY) == 1; }
    public boolean replyDesignated() { return get(Parameter.REPLY_DESIGNATED) == 1; }
    public boolean replyDigests() { return get(Parameter.REPLY_DIGESTS) == 1; }
    public boolean requestReadOnly() { return get(Parameter.REQUEST_READ_ONLY) == 1; }
    public int requestSeparateBytesMin() { return get(Parameter.REQUEST_SEPARATE_BYTES_MIN); }
    public boolean requestRelayedDigests() { return get(Parameter.REQUEST_RELAYED_DIGESTS) == 1; }
    public int connectBackoffMinMillis() { return get(Parameter.CONNECT_BACKOFF_MIN_MILLIS); }
    public int connectBackoffMaxMillis() { return get(Parameter.CONNECT_BACKOFF_MAX_MILLIS); }
    public int outboundQueueMax() { return get(Parameter.OUTBOUND_QUEUE_MAX); }

    /**
     * The constraints between parameters that these values break; values are assumed in range.
     * Shared by the builder and the file parser so both refuse exactly the same combinations.
     */
    static List<Violation> violations(int[] v) {
        List<Violation> out = new ArrayList<>();
        int checkpoint = v[Parameter.CHECKPOINT_INTERVAL.ordinal()];
        int window = v[Parameter.WINDOW_SIZE.ordinal()];
        if (window < checkpoint) {
            out.add(new Violation(Parameter.WINDOW_SIZE, Parameter.CHECKPOINT_INTERVAL,
                    "window.size (" + window + ") is smaller than checkpoint.interval (" + checkpoint
                            + "); expected window.size >= checkpoint.interval"));
        }
        int batchBytes = v[Parameter.BATCH_BYTES_MAX.ordinal()];
        int requestBytes = v[Parameter.REQUEST_BYTES_MAX.ordinal()];
        if (requestBytes > batchBytes) {
            out.add(new Violation(Parameter.REQUEST_BYTES_MAX, Parameter.BATCH_BYTES_MAX,
                    "request.bytes.max (" + requestBytes + ") exceeds batch.bytes.max (" + batchBytes
                            + "); expected request.bytes.max <= batch.bytes.max"));
        }
        int frameBytes = v[Parameter.FRAME_BYTES_MAX.ordinal()];
        // Room for the batch plus the message's own fields and authenticator.
        long frameFloor = (long) batchBytes + 65_536;
        if (frameBytes <= frameFloor) {
            out.add(new Violation(Parameter.FRAME_BYTES_MAX, Parameter.BATCH_BYTES_MAX,
                    "frame.bytes.max (" + frameBytes + ") does not exceed batch.bytes.max + 65536 ("
                            + frameFloor + "); expected frame.bytes.max > batch.bytes.max + 65536"));
        }
        int backoffMin = v[Parameter.CONNECT_BACKOFF_MIN_MILLIS.ordinal()];
        int backoffMax = v[Parameter.CONNECT_BACKOFF_MAX_MILLIS.ordinal()];
        if (backoffMin > backoffMax) {
            out.add(new Violation(Parameter.CONNECT_BACKOFF_MIN_MILLIS, Parameter.CONNECT_BACKOFF_MAX_MILLIS,
                    "connect.backoff.min.millis (" + backoffMin + ") exceeds connect.backoff.max.millis ("
                            + backoffMax + "); expected connect.backoff.min.millis <= connect.backoff.max.millis"));
        }
        int retransmit = v[Parameter.CLIENT_RETRANSMIT_MILLIS.ordinal()];
        int timeout = v[Parameter.CLIENT_TIMEOUT_MILLIS.ordinal()];
        // A client that never retransmits before giving up can never get past a silent primary.
        if (retransmit >= timeout) {
            out.add(new Violation(Parameter.CLIENT_RETRANSMIT_MILLIS, Parameter.CLIENT_TIMEOUT_MILLIS,
                    "client.retransmit.millis (" + retransmit + ") is not below client.timeout.millis (" + timeout
                            + "); expected client.retransmit.millis < client.timeout.millis"));
        }
        return out;
    }

    static ProtocolParams ofChecked(int[] values) {
        return new ProtocolParams(values.clone());
    }

    private static int[] defaultValues() {
        Parameter[] all = Parameter.values();
        int[] v = new int[all.length];
        for (Parameter p : all) {
            v[p.ordinal()] = p.defaultValue();
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtocolParams other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** {@code key=value} for every parameter, in {@link Parameter} order. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "ProtocolParams[", "]");
        for (Parameter p : Parameter.values()) {
            j.add(p.key() + "=" + get(p));
        }
        return j.toString();
    }

    /** Mutable builder; {@link #build()} checks the constraints between parameters. */
    public static final class Builder {
        private final int[] values;

        private Builder(int[] values) {
            this.values = values;
        }

        /** @throws IllegalArgumentException if the value is out of the parameter's range */
        public Builder set(Parameter p, int value) {
            if (!p.inRange(value)) {
                throw new IllegalArgumentException(
                        p.key() + ": " + value + " is out of range; " + p.expectation());
            }
            values[p.ordinal()] = value;
            return this;
        }

        /** @throws IllegalArgumentException if the key is unknown or the value out of range */
        public Builder set(String key, int value) {
            Parameter p = Parameter.byKey(key).orElseThrow(() -> new IllegalArgumentException(
                    key + ": unknown protocol parameter; " + KeyNames.suggestion(key)));
            return set(p, value);
        }

        /** @throws IllegalArgumentException listing every broken constraint between parameters */
        public ProtocolParams build() {
            List<Violation> broken = violations(values);
            if (!broken.isEmpty()) {
                StringJoiner j = new StringJoiner("\n");
                broken.forEach(b -> j.add(b.message()));
                throw new IllegalArgumentException(j.toString());
            }
            return new ProtocolParams(values.clone());
        }
    }
}
