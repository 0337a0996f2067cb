/**
 * The client side of PBFT as a pure state machine ({@link dev.pbft.client.core.ClientCore}): no
 * threads, sockets, clocks or codecs, only {@code submit}, {@code onReply} and logical
 * {@code tick}s in, requests and results out. The Netty client and the deterministic simulator
 * drive the same code.
 */
package dev.pbft.client.core;
