package dev.pbft.replica.service;

/**
 * Where an operation sits in the agreed order.
 *
 * @param client    the client's name from the cluster config
 * @param timestamp the client's request number
 * @param seq       the sequence number of the batch the operation was ordered in
 */
public record ExecutionContext(String client, long timestamp, long seq) {
}
