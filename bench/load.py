#!/usr/bin/python3
"""Load and abuse benchmark for `gpugap serve` (docs/BENCHMARKS.md, "The server under load").

Standard library only. Starts `gpugap serve --port 0` itself (or uses --port of a running one) and
runs one of three scenarios; prints one JSON line per round and a summary.

  mix        open loop: --rate requests/s of GET /api/scenarios and point runs (half each) for
             --seconds, while 10^5-sample runs arrive at --heavy-rate requests/s; --rounds rounds,
             the server's resident memory after each. Latency is measured from each request's
             scheduled time (no coordinated omission); each request has a connection of its own.
  malformed  --count malformed requests of every kind in the table below, a good request after
             every --good-every of them: counts answers by status class (a 5xx is a failure) and
             good requests that were not answered 200.
  slow       --slow connections that each send one byte of a request every --drip seconds, then
             a good client's requests, one every 0.5 s for --seconds: their latency, and how many
             slow connections the server closed.

  bench/load.py --gpugap build/gpugap mix --rounds 5 --seconds 60
  bench/load.py --gpugap build/gpugap malformed --count 10000
  bench/load.py --gpugap build/gpugap slow --slow 200 --seconds 20
"""

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time

HOST = "127.0.0.1"


def request_bytes(method, path, body=None, headers=None, host=HOST):
    head = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    data = b""
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        head += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    head += headers or []
    return ("\r\n".join(head) + "\r\n\r\n").encode() + data


async def exchange(port, payload, timeout=30.0):
    """Sends `payload` on a new connection; the response's status (0: closed without one)."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    except (OSError, asyncio.TimeoutError):
        return -1
    try:
        writer.write(payload)
        await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()  # all sent: a request cut short is cut short now, not at a timeout
        answer = await asyncio.wait_for(reader.read(), timeout)
    except (OSError, asyncio.TimeoutError):
        answer = b""
    finally:
        writer.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return int(m.group(1)) if m else 0


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(p * len(s)))]


def resident_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


POINT = request_bytes("POST", "/api/run", {"scenario": "sequoia-2024"})
LISTING = request_bytes("GET", "/api/scenarios")
HEAVY = request_bytes("POST", "/api/run", {"scenario": "sequoia-2024-uncertain", "samples": 100000})


async def open_loop(port, schedule, seconds):
    """schedule: [(name, payload, rate)]; fires each at its rate for `seconds`, returns results."""
    results = {name: [] for name, _, _ in schedule}
    tasks = []
    start = time.monotonic() + 0.2

    async def one(name, payload, due):
        status = await exchange(port, payload)
        results[name].append((status, time.monotonic() - due))

    events = []
    for name, payload, rate in schedule:
        n = int(seconds * rate)
        events += [(start + i / rate, name, payload) for i in range(n)]
    events.sort(key=lambda e: e[0])
    for due, name, payload in events:
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(name, payload, due)))
    await asyncio.gather(*tasks)
    return results


def summarise(results):
    out = {}
    for name, rows in results.items():
        latencies = [t * 1000 for s, t in rows if s == 200]
        out[name] = {
            "requests": len(rows),
            "errors": sum(1 for s, _ in rows if s != 200),
            "error_statuses": {str(k): sum(1 for s, _ in rows if s == k)
                               for k in sorted({s for s, _ in rows if s != 200})},
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "max_ms": round(max(latencies), 1) if latencies else None,
        }
    return out


async def run_mix(args, port, pid):
    rounds = []
    for r in range(args.rounds):
        half = args.rate / 2
        results = await open_loop(port, [("listing", LISTING, half), ("point", POINT, half),
                                         ("heavy", HEAVY, args.heavy_rate)], args.seconds)
        row = {"round": r + 1, **summarise(results), "rss_mib": round(resident_mib(pid), 1)}
        print(json.dumps(row), flush=True)
        rounds.append(row)
    rss = [row["rss_mib"] for row in rounds]
    print(json.dumps({"summary": "mix", "rss_mib": rss,
                      "rss_spread": round((max(rss) - min(rss)) / max(rss), 3) if rss else None}))


def malformed_kinds():
    """(name, bytes): every kind of malformed request the benchmark sends."""
    good = {"scenario": "sequoia-2024"}
    kinds = [
        ("bad json", request_bytes("POST", "/api/run", b"{\"scenario\": ")),
        ("json array", request_bytes("POST", "/api/run", [1, 2])),
        ("json string", request_bytes("POST", "/api/run", "sequoia-2024")),
        ("empty body", request_bytes("POST", "/api/run", b"")),
        ("binary body", request_bytes("POST", "/api/run", bytes(range(256)))),
        ("invalid utf-8", request_bytes("POST", "/api/run", b"{\"scenario\": \"\xff\xfe\"}")),
        ("1e400 samples", request_bytes("POST", "/api/run", b"{\"scenario\": \"sequoia-2024\", \"samples\": 1e400}")),
        ("huge seed", request_bytes("POST", "/api/run", b"{\"scenario\": \"sequoia-2024\", \"seed\": 1" + b"0" * 400 + b"}")),
        ("negative samples", request_bytes("POST", "/api/run", {**good, "samples": -1})),
        ("samples over cap", request_bytes("POST", "/api/run", {**good, "samples": 10 ** 12})),
        ("samples string", request_bytes("POST", "/api/run", {**good, "samples": "many"})),
        ("unknown field", request_bytes("POST", "/api/run", {**good, "sampels": 5})),
        ("set not list", request_bytes("POST", "/api/run", {**good, "set": 5})),
        ("bad set", request_bytes("POST", "/api/run", {**good, "set": ["=="]})),
        ("unknown scenario", request_bytes("POST", "/api/run", {"scenario": "nope"})),
        ("path scenario", request_bytes("POST", "/api/run", {"scenario": "../../etc/passwd"})),
        ("deep nesting", request_bytes("POST", "/api/run", b"[" * 100000 + b"]" * 100000)),
        ("sobol bad output", request_bytes("POST", "/api/sensitivity", {"scenario": "sequoia-2024-uncertain", "output": "nope", "method": "sobol"})),
        ("sobol samples out of range", request_bytes("POST", "/api/sensitivity", {"scenario": "sequoia-2024-uncertain", "output": "revenue_gap", "method": "sobol", "samples": 3})),
        ("diff no b", request_bytes("POST", "/api/diff", {"a": good})),
        ("graph bad year", request_bytes("GET", "/api/graph?scenario=circular-2025&year=20x6")),
        ("graph no scenario", request_bytes("GET", "/api/graph")),
        ("report bad samples", request_bytes("GET", "/report.html?scenario=sequoia-2024&samples=1e400")),
        ("scenario bad name", request_bytes("GET", "/api/scenarios/..%2F..%2Fetc%2Fpasswd")),
        ("no such path", request_bytes("GET", "/nothing/here")),
        ("wrong method", request_bytes("PUT", "/api/run", good)),
        ("unknown method", request_bytes("BREW", "/api/run")),
        ("wrong content type", request_bytes("POST", "/api/run", good).replace(b"application/json", b"text/plain")),
        ("body too large", request_bytes("POST", "/api/run", b"x" * (2 << 20))),
        ("chunked", b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        ("no content-length", b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{}"),
        ("bad content-length", b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"),
        ("content-length beyond body", b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}"),
        ("two content-lengths", b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        ("no host", b"GET /api/scenarios HTTP/1.1\r\nConnection: close\r\n\r\n"),
        ("foreign host", request_bytes("GET", "/api/scenarios", host="evil.example")),
        ("bracketed v4 host", request_bytes("GET", "/api/scenarios", host="[127.0.0.1]")),
        ("garbage line", b"\x00\x01\x02 garbage\r\n\r\n"),
        ("no version", b"GET /api/scenarios\r\nHost: 127.0.0.1\r\n\r\n"),
        ("http/9", b"GET /api/scenarios HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"),
        ("bad header line", b"GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n"),
        ("long target", request_bytes("GET", "/api/scenarios/" + "a" * 20000)),
        ("long header", request_bytes("GET", "/api/scenarios", headers=["X-Long: " + "a" * 20000])),
        ("many headers", request_bytes("GET", "/api/scenarios", headers=[f"X-{i}: {i}" for i in range(10000)])),
        ("bare lf", b"GET /api/scenarios HTTP/1.1\nHost: 127.0.0.1\n\n"),
        ("half a request", b"GET /api/scen"),
        ("empty", b""),
    ]
    return kinds


async def run_malformed(args, port, pid):
    kinds = malformed_kinds()
    by_class = {}
    fives = {}
    good_failures = 0
    good = 0
    sent = 0
    batch = []

    async def bad(name, payload):
        status = await exchange(port, payload, timeout=15.0)
        key = f"{status // 100}xx" if status > 0 else ("closed" if status == 0 else "refused")
        by_class[key] = by_class.get(key, 0) + 1
        if status >= 500 or status < 0:
            fives[name] = fives.get(name, 0) + 1

    while sent < args.count:
        name, payload = kinds[sent % len(kinds)]
        batch.append(bad(name, payload))
        sent += 1
        if sent % args.good_every == 0 or sent == args.count:
            await asyncio.gather(*batch)
            batch = []
            status = await exchange(port, POINT)
            good += 1
            good_failures += status != 200
    print(json.dumps({"summary": "malformed", "sent": sent, "kinds": len(kinds), "answers": by_class,
                      "5xx_or_refused_by_kind": fives, "good": good, "good_failures": good_failures,
                      "rss_mib": round(resident_mib(pid), 1)}))


async def run_slow(args, port, pid):
    request = b"GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    closed = 0
    opened = 0
    stop = asyncio.Event()

    async def dribble():
        nonlocal closed, opened
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            return
        opened += 1
        i = 0
        try:
            while not stop.is_set():
                writer.write(request[i:i + 1] if i < len(request) else b"a")
                await writer.drain()
                i += 1
                try:
                    got = await asyncio.wait_for(reader.read(1), args.drip)
                    if not got or got:
                        closed += 1  # closed, or answered (an error status): either way let go
                        return
                except asyncio.TimeoutError:
                    pass
        except OSError:
            closed += 1
        finally:
            writer.close()

    slow = [asyncio.create_task(dribble()) for _ in range(args.slow)]
    await asyncio.sleep(1.0)
    latencies, failures = [], 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        started = time.monotonic()
        status = await exchange(port, LISTING, timeout=10.0)
        if status == 200:
            latencies.append((time.monotonic() - started) * 1000)
        else:
            failures += 1
        await asyncio.sleep(max(0.0, 0.5 - (time.monotonic() - started)))
    held = opened - closed
    stop.set()
    await asyncio.gather(*slow)
    print(json.dumps({"summary": "slow", "slow_connections": opened, "closed_by_server": closed,
                      "still_open_at_end": held, "good_requests": len(latencies) + failures,
                      "good_failures": failures,
                      "good_p50_ms": round(percentile(latencies, 0.5), 1),
                      "good_max_ms": round(max(latencies), 1) if latencies else None}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gpugap", help="start this gpugap binary's server (port 0)")
    parser.add_argument("--port", type=int, help="or use a server already listening here")
    parser.add_argument("--pid", type=int, help="its process, for resident memory")
    sub = parser.add_subparsers(dest="mode", required=True)
    mix = sub.add_parser("mix")
    mix.add_argument("--rate", type=float, default=500)
    mix.add_argument("--heavy-rate", type=float, default=10)
    mix.add_argument("--seconds", type=float, default=60)
    mix.add_argument("--rounds", type=int, default=5)
    bad = sub.add_parser("malformed")
    bad.add_argument("--count", type=int, default=10000)
    bad.add_argument("--good-every", type=int, default=50)
    slow = sub.add_parser("slow")
    slow.add_argument("--slow", type=int, default=200)
    slow.add_argument("--drip", type=float, default=3.0)
    slow.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()

    server = None
    port, pid = args.port, args.pid
    if args.gpugap:
        server = subprocess.Popen([args.gpugap, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
        line = server.stdout.readline()
        port = int(re.search(r":(\d+)/", line).group(1))
        pid = server.pid
    if port is None:
        parser.error("give --gpugap or --port")
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        run = {"mix": run_mix, "malformed": run_malformed, "slow": run_slow}[args.mode]
        asyncio.run(run(args, port, pid or 0))
        if server is not None and server.poll() is not None:
            print(json.dumps({"server": "exited", "code": server.returncode}))
            return 1
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
