#!/usr/bin/env bash
# Runs each libFuzzer target of a `make fuzz-build` for a fixed time, seeded with fuzz/corpus/;
# new inputs go to BUILD/fuzz-corpus/TARGET, crashes to BUILD/fuzz-crashes/. Prints one line per
# target for docs/fuzzing.md's record, and exits 1 when any target crashed. FUZZ_JOBS targets run
# at a time (default 1; `make fuzz` gives 2, one per core here).
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
set -u
build=$1
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario formula data server)
jobs=${FUZZ_JOBS:-1}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$build/fuzz-crashes"

# One target: its log in BUILD/fuzz-TARGET.log, its exit code in BUILD/fuzz-TARGET.code.
fuzz_one() {
  local t=$1 max_len
  case $t in
    scenario | data) max_len=65536 ;;
    *) max_len=4096 ;;
  esac
  mkdir -p "$build/fuzz-corpus/$t"
  # The corpus from the last run first, so that a longer run continues it.
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/$t-" \
    "$build/fuzz-corpus/$t" "$here/corpus/$t" >"$build/fuzz-$t.log" 2>&1
  echo $? >"$build/fuzz-$t.code"
}

for t in "${targets[@]}"; do
  [ -x "$build/fuzz/fuzz_$t" ] || { echo "fuzz/run.sh: no $build/fuzz/fuzz_$t (make fuzz-build)" >&2; exit 2; }
  rm -f "$build/fuzz-$t.code"  # an earlier run's: a target that leaves none shows '?' and fails
done
running=0
for t in "${targets[@]}"; do
  if ((running >= jobs)); then
    wait -n
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
wait

status=0
for t in "${targets[@]}"; do
  log="$build/fuzz-$t.log"
  code=$(cat "$build/fuzz-$t.code" 2>/dev/null || echo '?')
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(find "$build/fuzz-crashes" -name "$t-*" | wc -l)
  [ "$code" = 0 ] || status=1
  echo "| $(date -u +%Y-%m-%d) | $t | $seconds | ${runs:-?} | $crashes | exit $code; log $log |"
done
exit $status
