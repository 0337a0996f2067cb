#!/bin/bash
# Messages that promise nothing leave without waiting for the journal's force: the build before
# (hash-once, d0a4297) against this one, 100 shared identities, interleaved, three rounds, one run
# at a time. From the repository root; BEFORE and AFTER name the two pbft.jar builds.
BEFORE=${BEFORE:-/tmp/pbft-hash-once.jar}; AFTER=${AFTER:-/tmp/pbft-bypass.jar}
D=benchmarks/results/client-scaling/promise-free
run() { name=$1; jar=$2; shift 2; out=$D/$name
  java -jar $jar bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', s['opsPerSecondMean'], s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> $D/summary.txt
}
A="--clients 100 --client-connections shared"
K="--request-bytes 1024 --reply-bytes 1024"
for r in 1 2 3; do
  run before-0b-$r $BEFORE $A
  run after-0b-$r $AFTER $A
  run after-1k-$r $AFTER $A $K
done
echo done >> $D/summary.txt
