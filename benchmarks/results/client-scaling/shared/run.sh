#!/bin/bash
# Shared client connections against a connection per identity, interleaved, three rounds; one run
# at a time, nothing else running. From the repository root, after ./mvnw -o install -DskipTests.
J=/tmp/pbft-shared.jar
cp pbft-cli/target/pbft.jar $J
D=benchmarks/results/client-scaling/shared
run() { name=$1; shift; out=$D/$name
  java -jar $J bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', s['opsPerSecondMean'], s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> $D/summary.txt
}
for r in 1 2 3; do
  run p16-own-$r --clients 100 --principals 16
  run id100-shared-$r --clients 100 --client-connections shared
  run id1000-shared-$r --clients 1000 --client-connections shared
  run id100-own-$r --clients 100
  run p16-shared-$r --clients 100 --principals 16 --client-connections shared
  run id100-1k-shared-$r --clients 100 --client-connections shared --request-bytes 1024 --reply-bytes 1024
done
run id1-shared-1 --clients 1 --client-connections shared
run id10-shared-1 --clients 10 --client-connections shared
run id1000-1k-shared-1 --clients 1000 --client-connections shared --request-bytes 1024 --reply-bytes 1024
echo done >> $D/summary.txt
