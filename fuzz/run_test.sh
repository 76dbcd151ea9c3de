#!/usr/bin/env bash
# fuzz/run.sh with stand-in targets: a crash (non-zero exit) fails the run with exit 1 and its
# line says so, a clean target's runs are counted, the lines come in the targets' order although
# two run at a time, and a target that is not built stops it with exit 2 before anything runs.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/fuzz"
printf '#!/bin/sh\nsleep 1; echo "stat::number_of_executed_units: 42"; exit 0\n' >"$dir/fuzz/fuzz_formula"
printf '#!/bin/sh\necho "==1==ERROR: AddressSanitizer" >&2; exit 77\n' >"$dir/fuzz/fuzz_server"
chmod +x "$dir/fuzz/fuzz_formula" "$dir/fuzz/fuzz_server"
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$(FUZZ_JOBS=2 bash "$here/run.sh" "$dir" 1 formula server)
code=$?
[ "$code" = 1 ] || fail "a crashing target should give exit 1, got $code"
[ "$(echo "$out" | sed -n 1p | cut -d'|' -f3 | tr -d ' ')" = formula ] || fail "first line: $out"
echo "$out" | sed -n 1p | grep -q '| 42 | 0 | exit 0;' || fail "formula's line: $out"
echo "$out" | sed -n 2p | grep -q '| server | 1 | ? | 0 | exit 77;' || fail "server's line: $out"

FUZZ_JOBS=2 bash "$here/run.sh" "$dir" 1 formula >/dev/null || fail "a clean target should pass"

err=$(bash "$here/run.sh" "$dir" 1 formula data 2>&1 >/dev/null)
code=$?
[ "$code" = 2 ] || fail "a missing target should give exit 2, got $code"
echo "$err" | grep -q "no $dir/fuzz/fuzz_data (make fuzz-build)" || fail "message: $err"
echo "fuzz/run.sh: crash, clean, order and missing target as expected"
