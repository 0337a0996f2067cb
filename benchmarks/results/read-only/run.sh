#!/bin/bash
# Read-mostly load on the key-value service: 90 GETs in 100, on the read-only path against ordered,
# three interleaved rounds; one run at a time, nothing else running. From the repository root,
# after ./mvnw -o install -DskipTests.
J=/tmp/pbft-read-only.jar
cp pbft-cli/target/pbft.jar $J
D=benchmarks/results/read-only
run() { name=$1; shift; out=$D/$name
  java -jar $J bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', s['opsPerSecondMean'], s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> $D/summary.txt
}
A="--service kv --kv-keys 1000 --kv-preload --read-percent 90 --clients 100 --client-connections shared"
for r in 1 2 3; do
  run read-only-$r $A --set request.read-only=1
  run ordered-$r $A
done
run read-only-1k-1 $A --request-bytes 1024 --set request.read-only=1
run ordered-1k-1 $A --request-bytes 1024
echo done >> $D/summary.txt
