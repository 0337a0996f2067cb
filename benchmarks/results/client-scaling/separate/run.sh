#!/bin/bash
# Separate request transmission and digest replies at 100 shared identities, interleaved, three
# rounds; one run at a time, nothing else running. From the repository root, after
# ./mvnw -o install -DskipTests. first-build/ holds the earlier build's runs (whole requests against
# separate ones still relayed by the primary, and 0 B), made the same way.
J=/tmp/pbft-separate.jar
cp pbft-cli/target/pbft.jar $J
D=benchmarks/results/client-scaling/separate
run() { name=$1; shift; out=$D/$name
  java -jar $J bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', s['opsPerSecondMean'], s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> $D/summary.txt
}
A="--clients 100 --client-connections shared"
K="--request-bytes 1024 --reply-bytes 1024"
for r in 1 2 3; do
  run sep-$r $A $K --set request.separate.bytes.min=256
  run sep-dig-$r $A $K --set request.separate.bytes.min=256 --set reply.digests=1
  run zero-dig-$r $A --set request.separate.bytes.min=256 --set reply.digests=1
  run zero-$r $A
done
echo done >> $D/summary.txt
