#!/usr/bin/env bash
# Runs each libFuzzer target of a `make fuzz-build` for a fixed time, seeded with fuzz/corpus/;
# new inputs go to BUILD/fuzz-corpus/TARGET, crashes to BUILD/fuzz-crashes/. Prints one line per
# target for docs/fuzzing.md's record, and exits 1 when any target crashed.
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
set -u
build=$1
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario formula data server)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
status=0
for t in "${targets[@]}"; do
  case $t in
    scenario | data) max_len=65536 ;;
    *) max_len=4096 ;;
  esac
  mkdir -p "$build/fuzz-corpus/$t" "$build/fuzz-crashes"
  log="$build/fuzz-$t.log"
  # The corpus from the last run first, so that a longer run continues it.
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/$t-" \
    "$build/fuzz-corpus/$t" "$here/corpus/$t" >"$log" 2>&1
  code=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(find "$build/fuzz-crashes" -name "$t-*" | wc -l)
  [ "$code" = 0 ] || status=1
  echo "| $(date -u +%Y-%m-%d) | $t | $seconds | ${runs:-?} | $crashes | exit $code; log $log |"
done
exit $status
