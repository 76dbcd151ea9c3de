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
  # Blank lines at the end of a block are layout, not output.
  if ! diff <(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$expected") \
            <(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$actual") >"$actual.diff"; then
    echo "README example differs: gpugap $(cat "$cmd_file")"
    cat "$actual.diff"
    failed=$((failed + 1))
  fi
done
[ "$count" -gt 0 ] || { echo "no examples found in README.md"; exit 1; }
echo "$count README examples, $failed differ"
[ "$failed" = 0 ]
