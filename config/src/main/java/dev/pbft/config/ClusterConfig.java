package dev.pbft.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated, immutable PBFT group: n >= 3f+1 replicas with ids 0..n-1 at distinct addresses,
 * the clients allowed to send requests, and the protocol parameters.
 *
 * <p>Principals number every node: replicas are 0..n-1, clients are n, n+1, ... in the order of
 * their sorted names. {@link #fingerprint()} is a SHA-256 over everything all nodes must agree
 * on (f, replica ids, addresses and public keys, client names and public keys, parameters) and
 * nothing host-specific (no paths, no private keys), so peers can compare it on connect.
 *
 * <p>Two configs are equal when they describe the same group with the same private key paths,
 * wherever they were read from ({@link #source()} is not compared).
 */
public final class ClusterConfig {

    /** {@link #source()} of a config built in memory with {@link #of}. */
    public static final Path IN_MEMORY = Path.of("(in-memory)");
    /** Largest f accepted; bounds n, message counts and certificate sizes from the outset. */
    public static final int F_MAX = 33;

    private final Path source;
    private final int f;
    private final List<ReplicaSpec> replicas;
    private final List<ClientSpec> clients;
    private final ProtocolParams params;
    private final Map<String, Integer> clientIndex = new HashMap<>();
    private final byte[] fingerprint;

    private ClusterConfig(Path source, int f, List<ReplicaSpec> replicas, List<ClientSpec> clients,
            ProtocolParams params) {
        this.source = source;
        this.f = f;
        this.replicas = List.copyOf(replicas);
        List<ClientSpec> sorted = new ArrayList<>(clients);
        sorted.sort(Comparator.comparing(ClientSpec::name));
        this.clients = List.copyOf(sorted);
        this.params = params;
        for (int i = 0; i < this.clients.size(); i++) {
            clientIndex.put(this.clients.get(i).name(), i);
        }
        this.fingerprint = sha256(canonicalText());
    }

    /**
     * Reads, parses and validates a config file, resolving relative paths against its folder and
     * checking every key file it names.
     *
     * @throws ConfigException listing every problem found, one line each
     */
    public static ClusterConfig load(Path file) throws ConfigException {
        return ConfigParser.parse(file);
    }

    /**
     * Builds a config in memory (simulator, tests, keygen); {@link #source()} is {@link #IN_MEMORY}.
     *
     * @param replicas in any order; ids must be exactly 0..n-1
     * @param clients in any order; names must be distinct
     * @throws IllegalArgumentException if the group is not a valid PBFT group
     */
    public static ClusterConfig of(int f, List<ReplicaSpec> replicas, List<ClientSpec> clients, ProtocolParams params) {
        if (f < 0 || f > F_MAX) {
            throw new IllegalArgumentException("f must be 0.." + F_MAX + ", got " + f);
        }
        List<ReplicaSpec> byId = new ArrayList<>(replicas);
        byId.sort(Comparator.comparingInt(ReplicaSpec::id));
        if (byId.size() < 3 * f + 1) {
            throw new IllegalArgumentException(ConfigParser.tooFewReplicas(f, byId.size()));
        }
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < byId.size(); i++) {
            ReplicaSpec r = byId.get(i);
            if (r.id() != i) {
                throw new IllegalArgumentException("replica ids must be 0.." + (byId.size() - 1) + ", missing " + i);
            }
            if (!addresses.add(canonicalAddress(r))) {
                throw new IllegalArgumentException("duplicate replica address " + r.address());
            }
        }
        Set<String> names = new HashSet<>();
        for (ClientSpec c : clients) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate client name " + c.name());
            }
        }
        return new ClusterConfig(IN_MEMORY, f, byId, clients, params);
    }

    /** For the parser, which has already checked everything {@link #of} checks. */
    static ClusterConfig validated(Path source, int f, List<ReplicaSpec> replicas, List<ClientSpec> clients,
            ProtocolParams params) {
        return new ClusterConfig(source, f, replicas, clients, params);
    }

    /** The file this config was loaded from, or {@link #IN_MEMORY}. */
    public Path source() { return source; }

    /** Most faulty replicas tolerated. */
    public int f() { return f; }

    /** Number of replicas, at least 3f+1. */
    public int n() { return replicas.size(); }

    /** Matching messages that make a certificate (prepared, committed, stable checkpoint): 2f+1. */
    public int quorum() { return 2 * f + 1; }

    /** Matching replies a client needs, enough to include one correct replica: f+1. */
    public int replyQuorum() { return f + 1; }

    /** Replicas ordered by id: {@code replicas().get(i).id() == i}. */
    public List<ReplicaSpec> replicas() { return replicas; }

    /** Clients sorted by name. */
    public List<ClientSpec> clients() { return clients; }

    public ProtocolParams params() { return params; }

    /** A copy of the 32-byte SHA-256 fingerprint. */
    public byte[] fingerprint() { return fingerprint.clone(); }

    /** The fingerprint in lowercase hex, for logs and the CLI. */
    public String fingerprintHex() { return HexFormat.of().formatHex(fingerprint); }

    /** @throws IllegalArgumentException if there is no replica with this id */
    public ReplicaSpec replica(int id) {
        if (id < 0 || id >= replicas.size()) {
            throw new IllegalArgumentException("no replica " + id + "; ids are 0.." + (replicas.size() - 1));
        }
        return replicas.get(id);
    }

    public Optional<ClientSpec> client(String name) {
        Integer i = clientIndex.get(name);
        return i == null ? Optional.empty() : Optional.of(clients.get(i));
    }

    /** Replicas then clients: n + number of clients. */
    public int principalCount() { return replicas.size() + clients.size(); }

    /** True if the principal is a replica (0..n-1). */
    public boolean isReplica(int principal) { return principal >= 0 && principal < replicas.size(); }

    /** @throws IllegalArgumentException if there is no client with this name */
    public int clientPrincipal(String name) {
        Integer i = clientIndex.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no client named '" + name + "'");
        }
        return replicas.size() + i;
    }

    /** The client with this principal number. @throws IllegalArgumentException if not a client */
    public ClientSpec clientByPrincipal(int principal) {
        int i = principal - replicas.size();
        if (i < 0 || i >= clients.size()) {
            throw new IllegalArgumentException("principal " + principal + " is not a client");
        }
        return clients.get(i);
    }

    /** "replica 2" or "client c0". @throws IllegalArgumentException if out of range */
    public String principalName(int principal) {
        if (isReplica(principal)) {
            return "replica " + principal;
        }
        return "client " + clientByPrincipal(principal).name();
    }

    /** The text hashed by {@link #fingerprint()}: one line per fact, in a fixed order. */
    String canonicalText() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder sb = new StringBuilder("pbft-config-fingerprint v1\nf ").append(f).append('\n');
        for (ReplicaSpec r : replicas) {
            sb.append("replica ").append(r.id()).append(' ').append(r.host()).append(' ').append(r.port())
                    .append(' ').append(b64.encodeToString(r.publicKey())).append('\n');
        }
        for (ClientSpec c : clients) {
            sb.append("client ").append(c.name()).append(' ').append(b64.encodeToString(c.publicKey())).append('\n');
        }
        for (Parameter p : Parameter.values()) {
            sb.append("param ").append(p.key()).append(' ').append(params.get(p)).append('\n');
        }
        return sb.toString();
    }

    private static String canonicalAddress(ReplicaSpec r) {
        try {
            return HostPort.parse(r.address()).canonical();
        } catch (HostPort.BadAddress e) {
            throw new IllegalArgumentException(e.getMessage(), e); // ReplicaSpec checked the host already
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterConfig c && f == c.f && replicas.equals(c.replicas)
                && clients.equals(c.clients) && params.equals(c.params);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(f, replicas, clients, params);
    }

    @Override
    public String toString() {
        return "ClusterConfig[source=" + source + ", f=" + f + ", n=" + n() + ", clients=" + clients.size()
                + ", fingerprint=" + fingerprintHex() + "]";
    }
}
