#!/usr/bin/env bash
# Running out of memory is bad input (too many samples), not an internal error: under a 1 GiB
# address-space limit, 10^9 samples of one output (8 GB, allowed by --force) fail with exit 2.
set -uo pipefail
gpugap=$1
err=$(mktemp)
trap 'rm -f "$err"' EXIT
(ulimit -v 1048576 && "$gpugap" run sequoia-2024-uncertain --samples 1e9 --force \
  --only revenue_gap >/dev/null 2>"$err")
code=$?
[ "$code" = 2 ] || { echo "FAIL: exit $code, expected 2"; cat "$err"; exit 1; }
grep -q "error: not enough memory for 1000000000 samples of 1 output" "$err" ||
  { echo "FAIL: message"; cat "$err"; exit 1; }
echo "out of memory: ok"
