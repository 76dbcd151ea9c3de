#!/usr/bin/env bash
# The installed gpugap is relocatable: `cmake --install` lays out bin/gpugap and
# share/gpugap/{scenarios,data}; the tree, moved elsewhere, still finds its scenarios and data
# (relative to the executable, not the build machine's source tree), a scenario of one's own can
# extend a bundled one by name, and $GPUGAP_SCENARIOS overrides the bundled folder.
#   install_test.sh BUILD_DIR
set -u
build=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() {
  echo "FAIL: $*"
  status=1
}
unset GPUGAP_SCENARIOS

cmake --install "$build" --prefix "$dir/installed" >"$dir/install.log" 2>&1 ||
  { cat "$dir/install.log"; echo "FAIL: cmake --install"; exit 1; }
for f in bin/gpugap share/gpugap/scenarios/sequoia-2024.toml share/gpugap/data/gpus.csv; do
  [ -e "$dir/installed/$f" ] || fail "not installed: $f"
done
mv "$dir/installed" "$dir/moved"
gpugap="$dir/moved/bin/gpugap"
# A scenario only the installed folder has: `list` reads that folder, not the source tree.
printf 'title = "Only in the installed tree"\n\n[quantities]\nx = "1"\n' \
  >"$dir/moved/share/gpugap/scenarios/zz-installed-only.toml"
cd "$dir"  # away from the source tree

list=$("$gpugap" list 2>&1) || fail "gpugap list exited $?: $list"
grep -q '^sequoia-2024 ' <<<"$list" || fail "gpugap list lacks sequoia-2024: $list"
grep -q '^zz-installed-only ' <<<"$list" || fail "gpugap list does not read share/gpugap/scenarios"

# A scenario of one's own, elsewhere, extending a bundled one by name.
mkdir -p "$dir/mine"
printf 'title = "Mine"\nextends = "sequoia-2024"\n\n[quantities]\nai_revenue = { value = "200B", source = "mine" }\n' \
  >"$dir/mine/mine.toml"
out=$("$gpugap" run "$dir/mine/mine.toml" --format csv 2>&1) || fail "run mine.toml exited $?: $out"
grep -q '^revenue_gap,,400000000000,USD$' <<<"$out" || fail "mine.toml's revenue_gap: $out"

# The data beside the scenarios: a scenario that reads data/gpus.csv, and `gpugap data`.
"$gpugap" fleet fleet-2020-2035 >/dev/null 2>"$dir/fleet.err" || fail "fleet: $(cat "$dir/fleet.err")"
"$gpugap" data >"$dir/data.out" 2>&1 || fail "gpugap data: $(cat "$dir/data.out")"
grep -q '^gpus  ' "$dir/data.out" || fail "gpugap data lacks gpus: $(cat "$dir/data.out")"

# $GPUGAP_SCENARIOS replaces the bundled folder.
mkdir -p "$dir/other"
cp "$dir/moved/share/gpugap/scenarios/zz-installed-only.toml" "$dir/other/just-this.toml"
list=$(GPUGAP_SCENARIOS="$dir/other" "$gpugap" list 2>&1)
[ "$(grep -c . <<<"$list")" = 1 ] && grep -q '^just-this ' <<<"$list" ||
  fail "GPUGAP_SCENARIOS=other: $list"
# A folder without scenarios: an error that says where gpugap looked, not an empty list.
mkdir -p "$dir/empty"
GPUGAP_SCENARIOS="$dir/empty" "$gpugap" list >/dev/null 2>"$dir/empty.err"
code=$?
[ "$code" = 2 ] || fail "list of an empty folder exited $code, expected 2"
grep -q "^error: no bundled scenarios in $dir/empty\$" "$dir/empty.err" ||
  fail "list of an empty folder: $(cat "$dir/empty.err")"
exit $status
