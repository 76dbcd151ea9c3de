#!/usr/bin/env bash
# Runs one golden-file case of the gpugap CLI and compares what it printed with what it should.
#   run_case.sh GPUGAP CASE_DIR
# CASE_DIR holds:
#   cmd            the arguments, one line, as a shell would split them (run from the repo root;
#                  the case's own files are reachable as $CASE)
#   expected.out   what stdout must be (optional: absent means not checked)
#   expected.err   what stderr must be (optional)
#   expected.code  the exit code (default 0)
# GPUGAP_UPDATE_GOLDEN=1 rewrites the expected files from the actual output instead.
set -u
gpugap=$1
case_dir=$2
export CASE="$case_dir"
args=$(cat "$case_dir/cmd")
actual_out=$(mktemp)
actual_err=$(mktemp)
trap 'rm -f "$actual_out" "$actual_err"' EXIT
eval "\"$gpugap\" $args" >"$actual_out" 2>"$actual_err" </dev/null
code=$?
# Absolute paths differ between machines: show them relative to the repo root.
root=$(pwd)
sed -i "s#$root/##g" "$actual_out" "$actual_err"

if [ "${GPUGAP_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$actual_out" "$case_dir/expected.out"
  cp "$actual_err" "$case_dir/expected.err"
  echo "$code" >"$case_dir/expected.code"
  exit 0
fi

status=0
want_code=0
[ -f "$case_dir/expected.code" ] && want_code=$(cat "$case_dir/expected.code")
if [ "$code" != "$want_code" ]; then
  echo "exit code $code, expected $want_code"
  status=1
fi
for stream in out err; do
  want="$case_dir/expected.$stream"
  got="$actual_out"
  [ "$stream" = err ] && got="$actual_err"
  if [ -f "$want" ] && ! diff -u "$want" "$got"; then
    echo "std$stream differs from $want"
    status=1
  fi
done
exit $status
