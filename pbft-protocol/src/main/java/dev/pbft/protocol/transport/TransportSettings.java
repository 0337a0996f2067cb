package dev.pbft.protocol.transport;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ReplicaSpec;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.codec.Frame;
import dev.pbft.protocol.codec.WireLimits;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a transport endpoint needs, independent of how it was configured.
 *
 * @param self                  this endpoint's principal
 * @param replicaAddresses      where each replica listens; this endpoint connects to all but itself
 * @param listenAddress         where to accept connections, present for replicas only
 * @param configFingerprint     peers with another fingerprint run another config and are refused
 * @param limits                wire bounds
 * @param keyring               MAC keys; copied per thread, never shared
 * @param outboundQueueMax      frames queued per link before new ones are dropped
 * @param connectBackoffMinMillis first reconnect delay
 * @param connectBackoffMaxMillis reconnect delays double up to this
 * @param principalNames        names for logs, e.g. "replica 2"
 * @param guards                what an accepted connection may cost before and while it speaks
 */
public record TransportSettings(int self, Map<Integer, InetSocketAddress> replicaAddresses,
                                Optional<InetSocketAddress> listenAddress, byte[] configFingerprint,
                                WireLimits limits, MacKeyring keyring, int outboundQueueMax,
                                long connectBackoffMinMillis, long connectBackoffMaxMillis,
                                java.util.function.IntFunction<String> principalNames, ConnectionGuards guards) {

    /** Settings for principal {@code self} of {@code config}, listening if it is a replica. */
    public static TransportSettings from(ClusterConfig config, int self, MacKeyring keyring) {
        if (config.principalCount() > Frame.MAX_PRINCIPALS) {
            throw new IllegalArgumentException(config.principalCount() + " principals exceed the wire's "
                    + Frame.MAX_PRINCIPALS);
        }
        Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
        for (ReplicaSpec r : config.replicas()) {
            // Unresolved: the name is looked up at each connect, so a peer that moves is found again.
            addresses.put(r.id(), InetSocketAddress.createUnresolved(r.host(), r.port()));
        }
        var p = config.params();
        Optional<InetSocketAddress> listen = self < config.n()
                ? Optional.of(new InetSocketAddress(config.replica(self).host(), config.replica(self).port()))
                : Optional.empty();
        return new TransportSettings(self, addresses, listen, config.fingerprint(), wireLimits(config),
                keyring, p.outboundQueueMax(), p.connectBackoffMinMillis(), p.connectBackoffMaxMillis(),
                config::principalName, ConnectionGuards.DEFAULT.withClientQueueMax(4 * p.clientOutstandingMax()));
    }

    /**
     * The wire bounds implied by a config. A reply's result may be as large as a whole batch: the
     * largest thing a replica would otherwise put in one frame.
     */
    public static WireLimits wireLimits(ClusterConfig config) {
        var p = config.params();
        return new WireLimits(config.principalCount(), config.n(), p.requestBytesMax(), p.batchBytesMax(),
                p.batchRequestsMax(), p.windowSize(), p.frameBytesMax());
    }

    String name(int principal) {
        return principalNames.apply(principal);
    }
}
