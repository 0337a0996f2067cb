#!/usr/bin/env bash
# The n sweep: cost of agreement for n = 4, 7, 10, 13, 16, 22, 31 and batches of 1 and 100.
# Writes benchmarks/results/agreement.json and agreement.html (messages and time per batch vs n).
#
#   benchmarks/run-agreement.sh            # full run (about 3 minutes on 2 cores)
#   benchmarks/run-agreement.sh --quick    # fewer iterations, for a smoke test
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(cd "${bench_dir}/.." && pwd)"
jar="${bench_dir}/target/pbft-benchmarks.jar"
if [[ ! -f "${jar}" || "${PBFT_JMH_REBUILD:-0}" == "1" ]]; then
  echo "Building ${jar} ..." >&2
  (cd "${root_dir}" && ./mvnw -B -q -DskipTests package -pl benchmarks -am)
fi
exec java ${PBFT_JMH_JAVA_OPTS:-} -cp "${jar}" dev.pbft.bench.jmh.AgreementSweep "${bench_dir}/results" "$@"
