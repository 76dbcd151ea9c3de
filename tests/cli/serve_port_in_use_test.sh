#!/usr/bin/env bash
# Two `gpugap serve` on one port: the second fails at once ("port P is in use", non-zero exit)
# instead of sharing the port with the first (SO_REUSEPORT), which would split requests between
# two servers with different scenarios.
#   serve_port_in_use_test.sh GPUGAP
set -u
gpugap=$1
dir=$(mktemp -d)
first=
cleanup() {
  [ -n "$first" ] && kill "$first" 2>/dev/null && wait "$first" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
status=0
fail() {
  echo "FAIL: $*"
  status=1
}

"$gpugap" serve --port 0 >"$dir/first.out" 2>"$dir/first.err" &
first=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's#^gpugap serve: http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$dir/first.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || {
  echo "FAIL: the first server did not start: $(cat "$dir/first.err")"
  exit 1
}

# The second on the same port: refused at once (timeout: it must not start serving).
timeout 10 "$gpugap" serve --port "$port" >"$dir/second.out" 2>"$dir/second.err"
code=$?
[ "$code" = 124 ] && fail "the second server on port $port started (it ran until the timeout)"
[ "$code" = 0 ] && fail "the second server on port $port exited 0"
grep -q "^error: port $port is in use$" "$dir/second.err" ||
  fail "the second server did not say 'port $port is in use': $(cat "$dir/second.err")"
[ -s "$dir/second.out" ] && fail "the second server printed: $(cat "$dir/second.out")"

# The first still serves.
kill -0 "$first" 2>/dev/null || fail "the first server stopped"
# A bad --host says so.
timeout 10 "$gpugap" serve --host no-such-host.invalid --port 0 >/dev/null 2>"$dir/host.err"
code=$?
[ "$code" = 2 ] || fail "serve --host no-such-host.invalid exited $code, expected 2"
grep -q "no such address" "$dir/host.err" || fail "bad host: $(cat "$dir/host.err")"
exit $status
