#!/usr/bin/env bash
# Runs every benchmark of docs/BENCHMARKS.md in one go, so that ratios come from one run:
# the Google Benchmark programs, the NumPy reference, and the CLI cold-start timings.
#   bash bench/run.sh [OUT_DIR]     (default: build/bench-results)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench-results}
mkdir -p "$out"
make -s bench-build
{
  echo "# $(date -u +%FT%TZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

build/bench/gpugap_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/engine.json" --benchmark_out_format=json | tee "$out/engine.txt"

/usr/bin/python3 bench/numpy_reference.py 10000000 5 | tee "$out/numpy.txt"

# gpugap run of each bundled scenario, cold: a new process each time (hyperfine, from Debian).
if command -v hyperfine >/dev/null; then
  args=()
  for f in scenarios/*.toml; do args+=("build/gpugap run $(basename "$f" .toml)"); done
  hyperfine -N --warmup 2 --runs 20 --export-markdown "$out/cli.md" "${args[@]}" >/dev/null
  cat "$out/cli.md"
fi
