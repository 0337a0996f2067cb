package dev.pbft.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The protocol parameters a cluster configuration may set: the single place that defines each
 * one's key, default, inclusive range, unit and meaning. Documentation (README table, the
 * comments {@link ConfigWriter} writes) is generated from here, so it cannot drift.
 *
 * <p>Constraints between parameters (for example {@code window.size >= checkpoint.interval})
 * are checked by {@link ProtocolParams} and described by {@link #constraint()}.
 */
public enum Parameter {
    CHECKPOINT_INTERVAL("checkpoint.interval", 128, 1, 1_000_000, "sequence numbers", "",
            "Checkpoint period K: a CHECKPOINT is taken every K sequence numbers; 2f+1 matching ones make it stable and truncate the log."),
    WINDOW_SIZE("window.size", 256, 2, 4_000_000, "sequence numbers", ">= checkpoint.interval",
            "Window width L: the primary assigns sequence numbers only in h < seq <= h + L, h being the last stable checkpoint."),
    BATCH_REQUESTS_MAX("batch.requests.max", 512, 1, 65_536, "requests", "",
            "Most client requests the primary orders in one batch (one PRE-PREPARE)."),
    BATCH_BYTES_MAX("batch.bytes.max", 1_048_576, 64, 67_108_864, "bytes", "",
            "Most request bytes in one batch."),
    REQUEST_BYTES_MAX("request.bytes.max", 65_536, 1, 16_777_216, "bytes", "<= batch.bytes.max",
            "Largest client operation accepted; larger requests are refused."),
    FRAME_BYTES_MAX("frame.bytes.max", 4_194_304, 4096, 268_435_456, "bytes", "> batch.bytes.max + 65536",
            "Largest network frame read from a peer or client; a longer frame closes the connection."),
    PIPELINE_BATCHES_MAX("pipeline.batches.max", 8, 1, 1024, "batches", "",
            "Batches the primary keeps in flight (pre-prepared, not yet committed) at once."),
    REQUEST_TIMEOUT_MILLIS("timeout.request.millis", 2000, 10, 3_600_000, "milliseconds", "",
            "View-change timer: how long a replica waits for a request it knows of to execute before it moves to the next view; doubles after each view change that brings no progress."),
    VIEW_CHANGE_TIMEOUT_MILLIS("timeout.view-change.millis", 4000, 10, 3_600_000, "milliseconds", "",
            "How long a replica waits for NEW-VIEW, counted from when a quorum has moved to the view, before it moves one view further; doubles after each failed one."),
    CLIENT_TIMEOUT_MILLIS("client.timeout.millis", 5000, 10, 3_600_000, "milliseconds", "",
            "How long a client call waits for f+1 matching replies before it fails with a timeout."),
    CLIENT_RETRANSMIT_MILLIS("client.retransmit.millis", 500, 1, 3_600_000, "milliseconds", "< client.timeout.millis",
            "How long a client waits for replies before re-sending its request to all replicas."),
    CLIENT_OUTSTANDING_MAX("client.outstanding.max", 64, 1, 4096, "requests", "",
            "W: the timestamps of one client's requests in flight span fewer than W values (further calls wait); replicas keep the replies of each client's W most recent timestamps."),
    REQUEST_ENDORSEMENTS("request.endorsements", 1, 0, 1, "flag", "",
            "1: clients send each request to every replica and the primary orders it only once f+1 replicas checked its client MAC, so a client whose MAC is valid for the primary alone halts nothing and deposes no one. 0: clients send to the primary, which orders what it checked itself: about 1.4x the throughput with many small requests, for groups whose clients are trusted."),
    REQUEST_RELAY("request.relay", 1, 0, 1, "flag", "",
            "With request.endorsements = 1 — 1: a client sends each new request to the primary alone, which relays it to the backups for their endorsements: one packet per request from each client, not n. A retransmission goes to every replica, and for the next 64 retransmission periods so do the client's new requests, so a primary that relays nothing costs each client one period in 64. 0: clients send each new request to every replica."),
    REPLY_DESIGNATED("reply.designated", 0, 0, 1, "flag", "",
            "1: f+1 backups, picked by each request's client and timestamp, answer it when it executes, not all n replicas: half the reply packets and bytes with n = 4, none from the primary, but a client then waits for those f+1 rather than for the first f+1 of n. Every replica answers a retransmission, and for the next 64 retransmission periods a client's new requests ask every replica to answer, so a replica that withholds or alters its replies costs each client one period in 64. For networks where reply bytes cost more than that wait: on one 2-core machine it gained nothing measurable with 100 one-request clients and cost about a fifth of the throughput with 16 busy ones (RESULTS.md). 0: every replica answers every request."),
    REPLY_DIGESTS("reply.digests", 0, 0, 1, "flag", "",
            "1: one backup, picked by each request's client and timestamp (with reply.designated = 1, the first designated one), answers it with the whole result, the others with its SHA-256; a client accepts f+1 matching replies of which one is whole. A retransmission, and for the next 64 retransmission periods a client's new requests, get whole results from every replica, so a picked replica that withholds or alters its result costs each client one period in 64. 0: every reply carries the whole result."),
    REQUEST_READ_ONLY("request.read-only", 0, 0, 1, "flag", "",
            "1: clients may send operations the service declares read-only to every replica, which runs them on its current state without ordering them (OSDI'99 section 5.1), once it has executed every batch it had prepared when the read arrived; a client accepts 2f+1 matching replies, so a read sees every write that completed before it began, and orders the operation when the replies disagree or take a retransmission period. 0: every operation is ordered; replicas refuse read-only requests."),
    REQUEST_SEPARATE_BYTES_MIN("request.separate.bytes.min", 0, 0, 16_777_216, "bytes", "",
            "With request.endorsements = 1 — requests whose operation has at least this many bytes are sent by their client to every replica and relayed by none, and their PRE-PREPAREs carry their digest, not the request: a backup takes the body it holds, or fetches the batch from the primary if it has none (separate request transmission, OSDI'99 section 5.1). The primary then neither relays nor re-sends a large request to each backup. 0: every request travels as request.relay and request.relayed.digests say."),
    REQUEST_RELAYED_DIGESTS("request.relayed.digests", 1, 0, 1, "flag", "",
            "With request.relay = 1 — 1: the primary's PRE-PREPAREs name each request it relayed itself by its digest, not whole: the relay went to every backup earlier on the same connection, so a backup neither receives, hashes nor decodes the request a second time; one that lacks it (its relay was lost or refused) fetches the batch from the primary, as with request.separate.bytes.min. 0: PRE-PREPAREs carry relayed requests whole."),
    CONNECT_BACKOFF_MIN_MILLIS("connect.backoff.min.millis", 50, 1, 600_000, "milliseconds", "<= connect.backoff.max.millis",
            "First delay before reconnecting to a peer after a failed connection; doubles on each failure."),
    CONNECT_BACKOFF_MAX_MILLIS("connect.backoff.max.millis", 2000, 1, 600_000, "milliseconds", "",
            "Longest delay between two reconnection attempts to a peer."),
    OUTBOUND_QUEUE_MAX("outbound.queue.max", 16_384, 16, 10_000_000, "messages", "",
            "Messages queued per peer link; when full, new ones are dropped (the protocol recovers lost messages)."),
    KV_MEGABYTES_MAX("kv.megabytes.max", 64, 1, 1_048_576, "mebibytes", "",
            "Most the built-in key-value store holds: key and value bytes plus 96 per entry (its heap cost); a write beyond answers FULL on every replica alike. A replica refuses to start with a heap under twice this plus window.size times batch.bytes.max (the batches its log may hold).");

    private final String key;
    private final int defaultValue;
    private final int min;
    private final int max;
    private final String unit;
    private final String constraint;
    private final String description;

    Parameter(String key, int defaultValue, int min, int max, String unit, String constraint,
            String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.constraint = constraint;
        this.description = description;
    }

    /** The key as written in the config file, e.g. {@code checkpoint.interval}. */
    public String key() {
        return key;
    }

    public int defaultValue() {
        return defaultValue;
    }

    /** Smallest allowed value, inclusive. */
    public int min() {
        return min;
    }

    /** Largest allowed value, inclusive. */
    public int max() {
        return max;
    }

    /** Unit of the value in plain words, e.g. {@code "milliseconds"}. */
    public String unit() {
        return unit;
    }

    /** A constraint relative to another parameter, e.g. {@code ">= checkpoint.interval"}, or "". */
    public String constraint() {
        return constraint;
    }

    /** One-line description for operators. */
    public String description() {
        return description;
    }

    /** True if {@code value} lies in {@code [min, max]}. */
    public boolean inRange(long value) {
        return value >= min && value <= max;
    }

    /** The "expected" half of an error message, e.g. "expected an integer from 1 to 65536". */
    public String expectation() {
        return "expected an integer from " + min + " to " + max;
    }

    /** The parameter with this config key, if any. */
    public static Optional<Parameter> byKey(String key) {
        for (Parameter p : values()) {
            if (p.key.equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A Markdown table of all parameters, for the README. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder()
                .append("| key | default | range | unit | meaning |\n")
                .append("|---|---|---|---|---|\n");
        for (Parameter p : values()) {
            String range = p.min + " to " + p.max
                    + (p.constraint.isEmpty() ? "" : ", " + p.constraint);
            sb.append(String.format(Locale.ROOT, "| `%s` | %d | %s | %s | %s |\n",
                    p.key, p.defaultValue, range, p.unit, p.description));
        }
        return sb.toString();
    }
}
