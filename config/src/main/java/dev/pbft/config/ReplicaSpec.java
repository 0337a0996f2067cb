package dev.pbft.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One replica of the group: its id (0..n-1, also its principal number), where it listens, its
 * 64-byte public key (X25519 public || Ed25519 public) and, on the host that runs it, the path
 * of its private key file. The key is copied on the way in and out, so instances are immutable;
 * equality compares key contents. {@code host} is an IPv6 literal without brackets, an IPv4
 * address or a host name, never resolved here.
 */
public record ReplicaSpec(int id, String host, int port, byte[] publicKey, Optional<Path> privateKeyFile) {

    public ReplicaSpec {
        if (id < 0) {
            throw new IllegalArgumentException("replica id must be >= 0, got " + id);
        }
        Objects.requireNonNull(host, "host");
        if (!HostPort.isValidHost(host)) {
            throw new IllegalArgumentException("invalid host '" + host + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        publicKey = checkedCopy(publicKey);
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    }

    /** A copy of the 64-byte public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** {@code host:port}, with an IPv6 host in brackets, as written in the config file. */
    public String address() {
        return HostPort.format(host, port);
    }

    /** An unresolved socket address: resolution is left to the transport, at connect time. */
    public InetSocketAddress socketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicaSpec r && id == r.id && port == r.port && host.equals(r.host)
                && Arrays.equals(publicKey, r.publicKey) && privateKeyFile.equals(r.privateKeyFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, host, port, Arrays.hashCode(publicKey), privateKeyFile);
    }

    @Override
    public String toString() {
        return "ReplicaSpec[id=" + id + ", address=" + address() + ", publicKey="
                + Base64.getEncoder().encodeToString(publicKey) + ", privateKeyFile="
                + privateKeyFile.map(Path::toString).orElse("-") + "]";
    }

    static byte[] checkedCopy(byte[] key) {
        Objects.requireNonNull(key, "publicKey");
        if (key.length != KeyFiles.KEY_BYTES) {
            throw new IllegalArgumentException("public key must be " + KeyFiles.KEY_BYTES + " bytes, got " + key.length);
        }
        return key.clone();
    }
}
