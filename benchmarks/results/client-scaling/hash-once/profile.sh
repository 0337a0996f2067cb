#!/bin/bash
# CPU profile of a whole bench run, every process on the machine: perf samples all CPUs for 15 s
# of the measured part, with JIT frames named (frame pointers kept, perf maps written by jcmd).
# usage, from the repository root: profile.sh OUT bench-args...   (needs perf; run as root)
# then: python3 perf-summary.py OUT [OUT...]
set -e
out=$1; shift
J=/tmp/pbft-profile.jar
cp pbft-cli/target/pbft.jar $J
rm -rf "$out" "$out.d"; mkdir -p "$out.d"
F="-XX:+UnlockDiagnosticVMOptions -XX:+PreserveFramePointer"
PBFT_REPLICA_JAVA_OPTS="$F" java $F -jar $J bench --warmup 40 --warmup-max 40 --duration 25 --out "$out" "$@" > "$out.log" 2>&1 &
sleep 47
perf record -e cpu-clock -F 999 -a -g -o "$out.d/perf.data" -- sleep 15 2>/dev/null
for p in $(pgrep -x java); do jcmd "$p" Compiler.perfmap >/dev/null 2>&1 || true; done
wait
perf script -i "$out.d/perf.data" -F comm,tid,ip,sym > "$out.d/perf.script" 2>/dev/null
grep -h 'throughput' "$out.log"
