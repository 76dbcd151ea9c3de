#!/usr/bin/env bash
# The README's worked examples are real output: every `$ gpugap …` line in a fenced block of
# README.md is run, and what it prints must be the lines that follow it in the block.
#   readme_examples_test.sh GPUGAP   (run from the repository root)
set -u
gpugap=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Split README.md into one command file and one expected-output file per example.
awk -v dir="$dir" '
  /^```/ { inblock = !inblock; open = 0; next }
  inblock && /^\$ gpugap/ { n++; print substr($0, 10) > (dir "/" n ".cmd"); printf "" > (dir "/" n ".expected"); open = 1; next }
  inblock && open { print > (dir "/" n ".expected") }
  !inblock { open = 0 }
' README.md

count=0 failed=0
for cmd_file in "$dir"/*.cmd; do
  [ -e "$cmd_file" ] || break
  count=$((count + 1))
  expected=${cmd_file%.cmd}.expected
  actual=${cmd_file%.cmd}.actual
  eval "\"$gpugap\" $(cat "$cmd_file")" >"$actual" 2>/dev/null </dev/null
  # An example that writes a file (-o FILE, gpugap export) must not leave it in the checkout.
  written=$(grep -oE -- '-o [^ ]+' "$cmd_file" | cut -c4-)
  if [ -n "$written" ]; then rm -f -- "$written"; fi
  # Blank lines at the end of a block are layout, not output.
  if ! diff <(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$expected") \
            <(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$actual") >"$actual.diff"; then
    echo "README example differs: gpugap $(cat "$cmd_file")"
    cat "$actual.diff"
    failed=$((failed + 1))
  fi
done
[ "$count" -gt 0 ] || { echo "no examples found in README.md"; exit 1; }

# The README's sentences that quote the model: each phrase must still be in README.md (lines
# joined), and the model must still compute what it says.
readme=$(tr '\n' ' ' <README.md | tr -s ' ')
value() {  # value SCENARIO QUANTITY YEAR: one year of a series, from --format csv
  "$gpugap" run "$1" --only "$2" --format csv 2>/dev/null | awk -F, -v q="$2" -v y="$3" '$1 == q && $2 == y { print $3 }'
}
claim() {  # claim PHRASE ACTUAL EXPECTED
  count=$((count + 1))
  if [[ "$readme" != *"$1"* ]]; then
    echo "README no longer says: $1 (update tests/readme_examples_test.sh with it)"
    failed=$((failed + 1))
  elif [ "$2" != "$3" ]; then
    echo "README says \"$1\", but the model gives $2 where the sentence needs $3"
    failed=$((failed + 1))
  fi
}
fleet=fleet-2020-2035
obsolete=fleet.vintage_obsolescence_year
retires=fleet.vintage_retirement_year
book=$(value $fleet fleet.book_depreciation 2024)
economic=$(value $fleet fleet.economic_depreciation 2024)
claim "the economic depreciation of 2024 is about three and a half times the book figure" \
  "$(awk -v e="$economic" -v b="$book" 'BEGIN { r = e / b; print (r >= 3.25 && r < 3.75) ? "about 3.5" : r }')" "about 3.5"
claim "the A100s bought in 2021 and 2022 are obsolete when Rubin arrives (2026), after five and four years" \
  "$(value $fleet $obsolete 2021) $(value $fleet $obsolete 2022) $("$gpugap" fleet $fleet 2>/dev/null | awk '$1 == 2026 { print $2; exit }')" \
  "2026 2026 Rubin"
claim "the H100s of 2023 after five and the H200s of 2024 after four, the GB200s of 2025 after four" \
  "$(value $fleet $obsolete 2023) $(value $fleet $obsolete 2024) $(value $fleet $obsolete 2025)" "2028 2028 2029"
claim "the A100s of 2020 reach the end of their six-year physical life first" \
  "$(value $fleet $obsolete 2020) $(value $fleet $retires 2020)" "inf 2026"

echo "$count README examples and claims, $failed differ"
[ "$failed" = 0 ]
