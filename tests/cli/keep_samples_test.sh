#!/usr/bin/env bash
# --keep-samples writes the raw samples: a CSV with a header and one row per sample, a .npy
# file whose header gives the shape and whose data are the same numbers as the CSV, or a .npz of
# one named array per column (checked with unzip, which scripts/setup installs).
set -euo pipefail
gpugap=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$gpugap" run sequoia-2024-uncertain --samples 1000 --only revenue_gap,end_user_margin \
  --keep-samples "$dir/s.csv" >/dev/null
[ "$(head -1 "$dir/s.csv")" = "end_user_margin,revenue_gap" ] || fail "CSV header: $(head -1 "$dir/s.csv")"
[ "$(wc -l <"$dir/s.csv")" = 1001 ] || fail "CSV rows: $(wc -l <"$dir/s.csv")"

"$gpugap" run sequoia-2024-uncertain --samples 1000 --only revenue_gap,end_user_margin \
  --keep-samples "$dir/s.npy" >/dev/null
# No pipelines that stop reading early: under pipefail the writer's SIGPIPE would fail the test.
magic=$(od -An -c -N 6 "$dir/s.npy")
[[ "$magic" == *"N   U   M   P   Y"* ]] || fail "npy magic: $magic"
grep -aq "'shape': (1000, 2)" "$dir/s.npy" || fail "npy shape"
# 1000 × 2 doubles after a header padded to a multiple of 64 bytes.
size=$(stat -c %s "$dir/s.npy")
[ $(( (size - 16000) % 64 )) = 0 ] && [ "$size" -gt 16000 ] || fail "npy size $size"
# The first sample's margin, in %, equals the CSV's (little-endian doubles).
first=$(od -An -t f8 -j $((size - 16000)) -N 8 "$dir/s.npy" | tr -d ' ')
csv_first=$(sed -n 2p "$dir/s.csv" | cut -d, -f1)
awk -v a="$first" -v b="$csv_first" 'BEGIN { exit !(a - b < 1e-9 && b - a < 1e-9) }' ||
  fail "npy first value $first, CSV $csv_first"
# .npz: one named array per column (np.load(f)["revenue_gap"]), a ZIP whose CRCs check out.
"$gpugap" run sequoia-2024-uncertain --samples 1000 --only revenue_gap,end_user_margin \
  --keep-samples "$dir/s.npz" >/dev/null
names=$(unzip -Z1 "$dir/s.npz" | tr '\n' ' ')
[ "$names" = "end_user_margin.npy revenue_gap.npy " ] || fail "npz arrays: $names"
unzip -tq "$dir/s.npz" >/dev/null || fail "npz does not test clean: $(unzip -t "$dir/s.npz")"
unzip -p "$dir/s.npz" revenue_gap.npy >"$dir/gap.npy"
grep -aq "'shape': (1000,)" "$dir/gap.npy" || fail "npz array shape: $(head -c 128 "$dir/gap.npy")"
size=$(stat -c %s "$dir/gap.npy")
[ $(( (size - 8000) % 64 )) = 0 ] && [ "$size" -gt 8000 ] || fail "npz array size $size"
last=$(od -An -t f8 -j $((size - 8)) -N 8 "$dir/gap.npy" | tr -d ' ')
csv_last=$(tail -n 1 "$dir/s.csv" | cut -d, -f2)
awk -v a="$last" -v b="$csv_last" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (b < 0 ? -b : b)) }' ||
  fail "npz last revenue_gap $last, CSV $csv_last"
# Twice the same bytes (no timestamps inside).
"$gpugap" run sequoia-2024-uncertain --samples 1000 --only revenue_gap,end_user_margin \
  --keep-samples "$dir/s2.npz" >/dev/null
cmp -s "$dir/s.npz" "$dir/s2.npz" || fail "two .npz of the same samples differ"

# The same seed gives the same samples.
"$gpugap" run sequoia-2024-uncertain --samples 1000 --only revenue_gap,end_user_margin \
  --threads 1 --keep-samples "$dir/again.csv" >/dev/null
cmp -s "$dir/s.csv" "$dir/again.csv" || fail "samples differ between runs"
leftover=$(find "$dir" -mindepth 1 -name '*tmp*')
[ -z "$leftover" ] || fail "temporary file left behind: $leftover"
echo "keep-samples: ok"
