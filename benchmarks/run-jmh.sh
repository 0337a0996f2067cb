#!/usr/bin/env bash
# Runs the JMH micro benchmarks (dev.pbft.bench.jmh) from the uber jar, building it first if absent.
#
#   benchmarks/run-jmh.sh                                  # full run, JSON to benchmarks/results/jmh-micro.json
#   benchmarks/run-jmh.sh -wi 2 -i 3 -w 1 -r 1 -f 1        # lighter run
#   benchmarks/run-jmh.sh 'Authenticator.*' -p n=4         # a subset; any JMH option passes through
#   PBFT_JMH_REBUILD=1 benchmarks/run-jmh.sh ...           # rebuild the jar even if it exists
#
# Passing -rf or -rff yourself replaces the default JSON result file. See `-h` for JMH's options.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(cd "${bench_dir}/.." && pwd)"
jar="${bench_dir}/target/pbft-benchmarks.jar"
results_dir="${bench_dir}/results"

if [[ ! -f "${jar}" || "${PBFT_JMH_REBUILD:-0}" == "1" ]]; then
  echo "Building ${jar} ..." >&2
  (cd "${root_dir}" && ./mvnw -B -q -DskipTests package -pl benchmarks -am)
fi

result_args=()
user_sets_result=0
for arg in "$@"; do
  case "${arg}" in
    -rf|-rff|-rf=*|-rff=*) user_sets_result=1 ;;
  esac
done
if [[ "${user_sets_result}" == "0" ]]; then
  mkdir -p "${results_dir}"
  result_args=(-rf json -rff "${results_dir}/jmh-micro.json")
fi

exec java ${PBFT_JMH_JAVA_OPTS:-} -jar "${jar}" "${result_args[@]}" "$@"
