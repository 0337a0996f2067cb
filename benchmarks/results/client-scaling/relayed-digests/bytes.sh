#!/bin/bash
# usage: bytes.sh NAME JAR args... (from the repository root); prints primary's outbound TCP bytes per second over 10 s of the measured part
name=$1; jar=$2; shift 2; out=benchmarks/results/client-scaling/relayed-digests/$name; rm -rf $out
java -jar $jar bench --warmup 40 --warmup-max 40 --duration 25 --out $out "$@" > $out.log 2>&1 &
sleep 50
snap() { for id in 0 1 2 3; do pid=$(pgrep -f -- "--id $id --service" | head -1); ss -tinpH 2>/dev/null | grep -A1 "pid=$pid," | grep -o 'bytes_acked:[0-9]*' | cut -d: -f2 | paste -sd+ | bc; done; }
a=($(snap)); sleep 10; b=($(snap))
wait
ops=$(python3 -c "import json;print(json.load(open('$out/result.json'))['summary']['opsPerSecondMean'])")
for i in 0 1 2 3; do echo "$name replica $i: $(( (${b[$i]}-${a[$i]})/10 )) B/s out, ops/s $ops, $(python3 -c "print(round((${b[$i]}-${a[$i]})/10/$ops))") B/op"; done | tee -a benchmarks/results/client-scaling/relayed-digests/bytes.txt
