package dev.pbft.client;

import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.crypto.NodeKeyPair;
import java.util.Objects;

/**
 * Builds a {@link PbftClient}: {@code PbftClient.builder().config(c).client("c0").build()}.
 * Timeouts, retransmission and the in-flight bound come from the config's parameters
 * ({@code client.timeout.millis}, {@code client.retransmit.millis}, {@code client.outstanding.max}).
 */
public final class PbftClientBuilder {
    private ClusterConfig config;
    private String client;
    private NodeKeyPair privateKey;
    long tickMillis = 10;
    ClientResources resources;
    long retransmitMaxMillis;

    PbftClientBuilder() {
    }

    /** The cluster to talk to; required. */
    public PbftClientBuilder config(ClusterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /** This client's name in the config; required. */
    public PbftClientBuilder client(String name) {
        this.client = Objects.requireNonNull(name, "name");
        return this;
    }

    /** The client's key pair; by default read from the private-key-file the config names for it. */
    public PbftClientBuilder privateKey(NodeKeyPair keyPair) {
        this.privateKey = Objects.requireNonNull(keyPair, "keyPair");
        return this;
    }

    /** The timer resolution; 10 ms by default. Timeouts are rounded up to whole ticks. */
    public PbftClientBuilder tickMillis(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("tickMillis must be >= 1, got " + millis);
        }
        this.tickMillis = millis;
        return this;
    }

    /** The cap of the doubling retransmission interval; 4 x client.retransmit.millis by default. */
    public PbftClientBuilder retransmitMaxMillis(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("retransmitMaxMillis must be >= 1, got " + millis);
        }
        this.retransmitMaxMillis = millis;
        return this;
    }

    /**
     * Event-loop threads to share with other clients of this JVM; by default the client starts a
     * thread of its own. The client is pinned to one of the shared loops, and its futures'
     * dependent stages run there (see {@link ClientResources}). Closing the client leaves them
     * running; the caller closes them after its clients.
     */
    public PbftClientBuilder resources(ClientResources shared) {
        this.resources = Objects.requireNonNull(shared, "shared");
        return this;
    }

    /**
     * Loads the key if none was given, checks it against the config, and starts the client's
     * thread and transport (connections are made in the background).
     *
     * @throws IllegalStateException    if config or client is missing
     * @throws IllegalArgumentException if the config has no such client
     * @throws PbftClientException      if the private key cannot be read or does not match the config
     */
    public PbftClient build() {
        if (config == null || client == null) {
            throw new IllegalStateException("config(...) and client(...) are required");
        }
        ClientSpec spec = config.client(client).orElseThrow(() -> new IllegalArgumentException(
                "no client named '" + client + "' in " + config.source()));
        NodeKeyPair pair = privateKey != null ? privateKey : ClientKeys.load(spec);
        ClientKeys.checkMatches(spec, pair);
        return new PbftClient(config, client, pair, this);
    }
}
