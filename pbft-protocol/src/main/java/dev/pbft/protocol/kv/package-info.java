/**
 * The key-value service's operations and results as bytes: {@link dev.pbft.protocol.kv.KvOp},
 * {@link dev.pbft.protocol.kv.KvResult} and their binary format {@link dev.pbft.protocol.kv.KvCodec},
 * shared by the typed client and the replica-side KV service so both read the same bytes the same way.
 */
package dev.pbft.protocol.kv;
