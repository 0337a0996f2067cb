/**
 * The end-to-end load engine: closed-loop workers drive a running PBFT group through the client
 * library, count completions per second, record latencies in an HdrHistogram and inject faults at
 * given times. No command-line or file concerns here; see {@code dev.pbft.bench.report} for output
 * and {@code pbft bench} for the command.
 */
package dev.pbft.bench.load;
