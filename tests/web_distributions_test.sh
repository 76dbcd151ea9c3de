#!/usr/bin/env bash
# The web page recognises a distribution by its name (web/src/document.ts, DISTRIBUTION); the
# engine's one table of distributions is src/gpugap/program/distributions.cc. Until the page reads
# that table from the engine, this test fails when a distribution is missing from the page's list.
#   web_distributions_test.sh [REPO_ROOT]
set -u
root=${1:-.}
table="$root/src/gpugap/program/distributions.cc"
page="$root/web/src/document.ts"
names=$(grep -oE '^ *\{"[a-z]+",( *$| *\{)' "$table" | grep -oE '[a-z]+' | grep -vx to)
[ -n "$names" ] || { echo "no distribution names found in $table"; exit 2; }
pattern=$(grep -oE '^const DISTRIBUTION = .*' "$page")
[ -n "$pattern" ] || { echo "no DISTRIBUTION regex in $page"; exit 2; }
missing=0
for name in $names; do
  if ! grep -qE "[(|]$name[|)]" <<<"$pattern"; then
    echo "$page: DISTRIBUTION does not know '$name' (a row of $table)"
    missing=$((missing + 1))
  fi
done
echo "web distributions: $(wc -w <<<"$names") names checked, $missing missing"
[ "$missing" -eq 0 ]
