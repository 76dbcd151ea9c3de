#!/usr/bin/python3
"""The Python package against the CLI, and gpugap.dask on two local workers (docs/BENCHMARKS.md,
"Python and Dask"). Every configuration is timed once per round, the rounds interleaved, and the
median of the rounds reported: the machine is shared, so what matters is the ratio within a run.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [ROUNDS]

1. A point run of sequoia-2024: the CLI's process (`gpugap run sequoia-2024 --format json`) vs a
   Python process that imports gpugap and does the same (`python3 -c ...`), and vs the call in a
   running interpreter (load + run + to_dict()).
2. 10⁶ samples of sequoia-2024-uncertain, 2 threads: the CLI's process vs s.run() in a running
   interpreter (with and without keeping samples; then r.table()).
3. 10⁷ samples of revenue_gap: one process on 1 and 2 threads vs gpugap.dask.run on a
   LocalCluster of two worker processes (one thread each; the cluster's start-up not counted),
   and Sobol indices (2¹⁶ base samples) in one process vs gpugap.dask.sobol.
"""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GPUGAP = os.environ.get("GPUGAP_BIN", str(ROOT / "build" / "gpugap"))
PYTHON = "/usr/bin/python3"
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "build" / "python"))
sys.path.insert(0, str(ROOT / "build" / "python"))

import gpugap  # noqa: E402
import gpugap.dask  # noqa: E402


def clock(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def process(*args):
    return lambda: subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=ENV)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    from dask.distributed import Client, LocalCluster

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    cluster_start = time.perf_counter() - started

    point_py = ("import gpugap, json; "
                "json.dumps(gpugap.load('sequoia-2024').run().to_dict())")
    uncertain = gpugap.load("sequoia-2024-uncertain")
    mc = 10**6
    big = 10**7
    configs = {
        "point: CLI process": process(GPUGAP, "run", "sequoia-2024", "--format", "json"),
        "point: Python process (import + load + run)": process(PYTHON, "-c", point_py),
        "point: Python call (load + run + to_dict)":
            lambda: gpugap.load("sequoia-2024").run().to_dict(),
        "1e6: CLI process, 2 threads":
            process(GPUGAP, "run", "sequoia-2024-uncertain", "--samples", str(mc), "--seed", "1",
                    "--threads", "2", "--format", "json"),
        "1e6: Python call, 2 threads, keep=[]":
            lambda: uncertain.run(samples=mc, seed=1, threads=2, keep=[]).to_dict(),
        "1e6: Python call, 2 threads, samples kept, table()":
            lambda: uncertain.run(samples=mc, seed=1, threads=2).table(),
        "1e7 revenue_gap: one process, 1 thread":
            lambda: uncertain.run(samples=big, seed=1, threads=1, only=["revenue_gap"], keep=[]),
        "1e7 revenue_gap: one process, 2 threads":
            lambda: uncertain.run(samples=big, seed=1, threads=2, only=["revenue_gap"], keep=[]),
        "1e7 revenue_gap: Dask, 2 workers x 1 thread, chunks of 1e6":
            lambda: gpugap.dask.run(uncertain, samples=big, chunk=10**6, client=client, seed=1,
                                    only=["revenue_gap"], threads=2),
        "Sobol 2^16: one process, 1 thread":
            lambda: uncertain.sensitivity("revenue_gap", method="sobol", samples=2**16,
                                          threads=1),
        "Sobol 2^16: one process, 2 threads":
            lambda: uncertain.sensitivity("revenue_gap", method="sobol", samples=2**16,
                                          threads=2),
        "Sobol 2^16: Dask, 2 workers x 1 thread":
            lambda: gpugap.dask.sobol(uncertain, "revenue_gap", client=client, samples=2**16,
                                      threads=2),
    }
    for work in configs.values():  # warm-up: caches, the workers' imports and scenario loads
        work()
    times = {name: [] for name in configs}
    for _ in range(rounds):
        for name, work in configs.items():
            times[name].append(clock(work))
    print(f"# {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}; medians of {rounds} interleaved rounds")
    print(f"# LocalCluster start-up (not in the times): {cluster_start:.2f} s")
    width = max(len(n) for n in configs)
    for name, ts in times.items():
        print(f"{name:<{width}}  {statistics.median(ts) * 1000:9.1f} ms   "
              f"(min {min(ts) * 1000:.1f}, max {max(ts) * 1000:.1f})")
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
