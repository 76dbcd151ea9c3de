#!/usr/bin/env bash
# The architecture's arrows, enforced: every `#include "gpugap/X/…"` in a non-test source of
# src/gpugap/Y/ must name a folder X that src/gpugap/layers.txt allows Y to include.
#   include_rules_test.sh [REPO_ROOT]   (default: the current folder)
# Tests (*_test.cc, testing.h) may include any layer: they drive the code from outside.
set -u
root=${1:-.}
rules="$root/src/gpugap/layers.txt"
[ -f "$rules" ] || { echo "no $rules"; exit 2; }

declare -A allowed
while IFS= read -r line; do
  line=${line%%#*}
  [[ $line =~ ^[[:space:]]*([a-z_]+):(.*)$ ]] || continue
  allowed[${BASH_REMATCH[1]}]=" ${BASH_REMATCH[2]} "
done <"$rules"

checked=0 broken=0
while IFS= read -r file; do
  rel=${file#"$root/src/gpugap/"}
  folder=${rel%%/*}
  [ "$folder" = "$rel" ] && continue  # a file directly in src/gpugap/
  case $rel in *_test.cc | */testing.h) continue ;; esac
  checked=$((checked + 1))
  if [ -z "${allowed[$folder]+set}" ]; then
    echo "$file: folder '$folder' is not in src/gpugap/layers.txt: add it with what it may include"
    broken=$((broken + 1))
    continue
  fi
  while IFS=: read -r number text; do
    [[ $text =~ \#include[[:space:]]*\"(gpugap/([a-z_]+)/[^\"]*)\" ]] || continue
    path=${BASH_REMATCH[1]} target=${BASH_REMATCH[2]}
    [ "$target" = "$folder" ] && continue
    if [[ ${allowed[$folder]} != *" $target "* ]]; then
      echo "$file:$number: $folder/ may not include $target/ ($path; rules in src/gpugap/layers.txt)"
      broken=$((broken + 1))
    fi
  done < <(grep -n '#include' "$file")
done < <(find "$root/src/gpugap" -type f \( -name '*.h' -o -name '*.cc' \) | sort)

echo "include rules: $checked files checked, $broken forbidden includes"
[ "$checked" -gt 0 ] && [ "$broken" -eq 0 ]
