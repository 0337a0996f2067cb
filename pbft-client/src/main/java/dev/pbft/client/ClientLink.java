package dev.pbft.client;

import dev.pbft.protocol.transport.NettyTransport;

/**
 * A client's way to the replicas: the transport it sends on and asks about its connections, its
 * own or one it shares ({@link ClientResources#sharingConnections}), and how to let go of it.
 *
 * @param transport what the client sends its requests on
 * @param release   closes the client's own transport, or leaves the shared one
 */
record ClientLink(NettyTransport transport, Runnable release) {
}
