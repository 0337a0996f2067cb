#!/bin/bash
# Four more interleaved rounds of the build alone, 0 B then 1 KiB (rounds 4 to 7), after run.sh.
J=/tmp/pbft-relayed-digests.jar
cp pbft-cli/target/pbft.jar $J
D=benchmarks/results/client-scaling/relayed-digests
run() { name=$1; shift; out=$D/$name
  java -jar $J bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', round(s['opsPerSecondMean']), s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> $D/summary.txt
}
A="--clients 100 --client-connections shared"
for r in 4 5 6 7; do
  run zero-$r $A
  run whole-$r $A --request-bytes 1024 --reply-bytes 1024
done
echo done >> $D/summary.txt
