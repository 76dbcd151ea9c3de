#!/usr/bin/env bash
# `gpugap run -o FILE`: the output goes to FILE instead of stdout, whole or not at all (a
# temporary file, then a rename), and nothing is left behind when the run fails.
#   output_file_test.sh GPUGAP
set -u
gpugap=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() {
  echo "FAIL: $*"
  status=1
}

# What stdout shows is what -o writes, and -o prints nothing.
"$gpugap" run --format csv >"$dir/stdout.csv" || fail "run --format csv exited $?"
out=$("$gpugap" run --format csv -o "$dir/result.csv")
code=$?
[ "$code" = 0 ] || fail "run --format csv -o exited $code, expected 0"
[ -z "$out" ] || fail "run -o printed to stdout: $out"
cmp -s "$dir/stdout.csv" "$dir/result.csv" || fail "the -o file differs from what stdout shows"
mode=$(stat -c %a "$dir/result.csv")
[ "$mode" = 644 ] || fail "the -o file has mode $mode, expected 644 (readable, like any new file)"

# An existing file is replaced whole, even by shorter output.
head -c 100000 /dev/zero | tr '\0' x >"$dir/result.json"
"$gpugap" run --format json -o "$dir/result.json" || fail "run --format json -o exited $?"
"$gpugap" run --format json | cmp -s - "$dir/result.json" ||
  fail "the replaced file is not exactly the new output"

# No temporary file is left behind.
left=$(cd "$dir" && ls -A | grep -v -x -e stdout.csv -e result.csv -e result.json)
[ -z "$left" ] || fail "files left behind: $left"

# Through a symbolic link the file it names is replaced and the link stays; a device is written
# into, not replaced (as root, a rename would have turned /dev/null into a regular file).
ln -s result.csv "$dir/link.csv"
"$gpugap" run --format csv -o "$dir/link.csv" || fail "run -o through a link exited $?"
[ -L "$dir/link.csv" ] || fail "-o replaced the symbolic link instead of writing through it"
cmp -s "$dir/stdout.csv" "$dir/result.csv" || fail "-o through a link did not write its target"
rm "$dir/link.csv"
"$gpugap" run --format csv -o /dev/null || fail "run -o /dev/null exited $?"
[ -c /dev/null ] || fail "/dev/null is no longer a device"

# Killed while writing its samples: nothing left behind, not even a hidden temporary.
"$gpugap" run sequoia-2024-uncertain --samples 3000000 --keep-samples "$dir/big.csv" \
  >/dev/null 2>&1 &
pid=$!
sleep 1
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
left=$(cd "$dir" && ls -A | grep -v -x -e stdout.csv -e result.csv -e result.json -e big.csv)
[ -z "$left" ] || fail "a killed --keep-samples left: $left"
rm -f "$dir/big.csv"

# Bad input: exit 2, an existing file untouched, no new file.
cp "$dir/result.csv" "$dir/before.csv"
"$gpugap" run --set end_user_margin=100% --format csv -o "$dir/result.csv" 2>/dev/null
code=$?
[ "$code" = 2 ] || fail "a failed run with -o exited $code, expected 2"
cmp -s "$dir/before.csv" "$dir/result.csv" || fail "a failed run changed the existing -o file"
"$gpugap" run --set end_user_margin=100% -o "$dir/new.csv" 2>/dev/null
[ ! -e "$dir/new.csv" ] || fail "a failed run created its -o file"

# A folder that does not exist: exit 2 and a message, nothing created.
err=$("$gpugap" run -o "$dir/no/such/folder/out.txt" 2>&1 >/dev/null)
code=$?
[ "$code" = 2 ] || fail "-o into a missing folder exited $code, expected 2"
case "$err" in
  "error: cannot write '$dir/no/such/folder/out.txt'"*) ;;
  *) fail "-o into a missing folder printed: $err" ;;
esac
[ ! -e "$dir/no" ] || fail "-o into a missing folder created it"

[ "$status" = 0 ] && echo "ok"
exit $status
