#!/bin/bash
# 1 KiB against 0 B at 100 shared identities after hashing each request once per replica;
# interleaved, three rounds, one run at a time, nothing else running. From the repository root,
# after ./mvnw -o install -DskipTests.
J=/tmp/pbft-hash-once.jar
cp pbft-cli/target/pbft.jar $J
D=benchmarks/results/client-scaling/hash-once
run() { name=$1; shift; out=$D/$name
  java -jar $J bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', s['opsPerSecondMean'], s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> $D/summary.txt
}
A="--clients 100 --client-connections shared"
K="--request-bytes 1024 --reply-bytes 1024"
for r in 1 2 3; do
  run zero-$r $A
  run sep-dig-$r $A $K --set request.separate.bytes.min=256 --set reply.digests=1
  run whole-$r $A $K
done
echo done >> $D/summary.txt
