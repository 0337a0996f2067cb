#!/bin/bash
# 1 KiB against 0 B at 100 shared identities with relayed requests named by digest in PRE-PREPAREs
# (request.relayed.digests = 1, the default), against the build before (its jar as $BEFORE, if set).
# Interleaved, three rounds, one run at a time, nothing else running. From the repository root,
# after ./mvnw -o install -DskipTests.
J=/tmp/pbft-relayed-digests.jar
cp pbft-cli/target/pbft.jar $J
D=benchmarks/results/client-scaling/relayed-digests
run() { name=$1; jar=$2; shift 2; out=$D/$name
  java -jar $jar bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', round(s['opsPerSecondMean']), s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> $D/summary.txt
}
A="--clients 100 --client-connections shared"
K="--request-bytes 1024 --reply-bytes 1024"
for r in 1 2 3; do
  run zero-$r $J $A
  run whole-$r $J $A $K
  if [ -n "$BEFORE" ]; then run before-zero-$r $BEFORE $A; run before-whole-$r $BEFORE $A $K; fi
done
echo done >> $D/summary.txt
