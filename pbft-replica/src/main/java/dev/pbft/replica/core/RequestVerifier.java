package dev.pbft.replica.core;

import dev.pbft.protocol.message.Request;

/**
 * Checks a request's client authenticator: the MAC in {@code clientAuth} addressed to this replica,
 * over {@code RequestDigest}. Called for requests from clients and for every request inside a
 * PRE-PREPARE, so a faulty primary cannot invent requests. Must be deterministic and side-effect
 * free; implementations may cache verdicts.
 */
@FunctionalInterface
public interface RequestVerifier {
    boolean verify(Request request);

    /** Accepts everything: only for tests that exercise other rules. */
    RequestVerifier ACCEPT_ALL = r -> true;
}
