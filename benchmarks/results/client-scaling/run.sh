#!/bin/bash
# Client-scaling runs on build $(git rev-parse --short HEAD); one at a time, nothing else running.
J=pbft-cli/target/pbft.jar   # build dddf354
run() { name=$1; shift; out=benchmarks/results/client-scaling/$name
  java -jar $J bench --warmup 30 --warmup-max 60 --duration 20 --out $out "$@" > $out.log 2>&1
  python3 -c "
import json;r=json.load(open('$out/result.json'));s=r['summary'];print('$name', s['opsPerSecondMean'], s['latencyMillis']['p50'], s['latencyMillis']['p99'], s['warmupSeconds'], s['errors'])" >> benchmarks/results/client-scaling/summary.txt
}
for r in 1 2 3; do
  run p16-0b-$r --clients 100 --principals 16
  run id100-0b-$r --clients 100
  run id1000-0b-$r --clients 1000
  run id100-1k-$r --clients 100 --request-bytes 1024 --reply-bytes 1024
done
run p16-1k-1 --clients 100 --principals 16 --request-bytes 1024 --reply-bytes 1024
run id1-0b-1 --clients 1
run id10-0b-1 --clients 10
run id1-1k-1 --clients 1 --request-bytes 1024 --reply-bytes 1024
run id10-1k-1 --clients 10 --request-bytes 1024 --reply-bytes 1024
run id1000-1k-1 --clients 1000 --request-bytes 1024 --reply-bytes 1024
echo done >> benchmarks/results/client-scaling/summary.txt
