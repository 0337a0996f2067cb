/**
 * Cryptographic primitives for PBFT: SHA-256 digests, per-receiver HMAC-SHA256 authenticators
 * over pairwise keys derived with X25519 and HKDF, and Ed25519 signatures for proofs shown to
 * third parties.
 *
 * <p>HMAC and SHA-256 use the JDK (several times faster than BouncyCastle here); X25519, Ed25519
 * and HKDF use BouncyCastle's low-level classes (far faster than the JDK's Ed25519).
 *
 * <p>Key encoding used by config files and the CLI: a node public key is 64 bytes, X25519 public
 * (32) followed by Ed25519 public (32); a node private key is 64 bytes, X25519 private (32)
 * followed by Ed25519 private seed (32).
 */
package dev.pbft.crypto;
