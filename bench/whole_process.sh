#!/usr/bin/env bash
# The whole-process comparison of docs/BENCHMARKS.md: gpugap, NumPy and Squiggle 0.10 on
# sequoia-2024-uncertain, each a new process computing the summaries of every uncertain input and
# result, interleaved round by round so that the machine's load touches all alike.
#   bash bench/whole_process.sh [ROUNDS]      (needs build/gpugap, bench/squiggle/node_modules)
# BEFORE=path/to/an/older/gpugap adds that binary's runs (before/after a change).
# Prints one line per run: name, samples, wall seconds, user + system CPU seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
measure() {  # name, command...
  local name=$1
  shift
  local t
  t=$( { /usr/bin/time -f "%e %U %S" "$@" >/dev/null; } 2>&1 | tail -1)
  read -r wall user sys <<<"$t"
  echo "$name $wall $(echo "$user + $sys" | bc)"
}
echo "# $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  measure "gpugap-1e7" build/gpugap run sequoia-2024-uncertain --samples 10000000
  if [ -n "${BEFORE:-}" ]; then
    measure "before-1e7" "$BEFORE" run sequoia-2024-uncertain --samples 10000000
    measure "before-only-1e7" "$BEFORE" run sequoia-2024-uncertain --samples 10000000 --only revenue_gap
  fi
  measure "gpugap-only-1e7" build/gpugap run sequoia-2024-uncertain --samples 10000000 --only revenue_gap
  measure "numpy-1e7" /usr/bin/python3 bench/numpy_reference.py 1e7 --summaries
  measure "gpugap-1e6" build/gpugap run sequoia-2024-uncertain --samples 1000000
  measure "numpy-1e6" /usr/bin/python3 bench/numpy_reference.py 1e6 --summaries
  measure "squiggle-1e6" node bench/squiggle/squiggle_reference.mjs 1e6
  measure "gpugap-start" build/gpugap run sequoia-2024
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
