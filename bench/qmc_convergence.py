#!/usr/bin/env python3
"""Monte Carlo against quasi-Monte Carlo: RMSE over seeds of the mean, p5, p50 and p95 of one
output, at 2^lo … 2^hi samples, through `gpugap run --format json` (docs/BENCHMARKS.md).

  bench/qmc_convergence.py build/gpugap OUT.csv [--seeds 20] [--lo 10] [--hi 18] [--scrambles 8]
      [--scenario sequoia-2024-uncertain] [--output revenue_gap] [--set NAME=FORMULA …]

The reference values are a quasi-Monte Carlo run of 2^(hi+3) samples (16 scrambles), whose error
is far below either method's at 2^hi. Writes one CSV row per (method, samples, statistic)."""
import argparse
import csv
import json
import math
import subprocess
import sys

STATS = ["mean", "p5", "p50", "p95"]


def run(gpugap, args, samples, seed, method, scrambles=8):
    cmd = [gpugap, "run", args.scenario, "--only", args.output, "--format", "json",
           "--samples", str(samples), "--seed", str(seed), "--threads", str(args.threads),
           "--method", method]
    if method == "qmc":
        cmd += ["--scrambles", str(scrambles)]
    for s in args.set:
        cmd += ["--set", s]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    q = json.loads(out)["quantities"][args.output]
    return {s: q[s] for s in STATS}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("gpugap")
    p.add_argument("csv")
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--lo", type=int, default=10)
    p.add_argument("--hi", type=int, default=18)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--scenario", default="sequoia-2024-uncertain")
    p.add_argument("--output", default="revenue_gap")
    p.add_argument("--set", action="append", default=[])
    p.add_argument("--label", default=None)
    p.add_argument("--scrambles", type=int, default=8,
                   help="independent scrambles of the quasi-Monte Carlo runs (gpugap's default 8)")
    args = p.parse_args()
    label = args.label or f"{args.output} ({args.scenario})"
    if args.scrambles != 8:
        label += f", {args.scrambles} scrambles"
    reference = run(args.gpugap, args, 1 << (args.hi + 3), 99991, "qmc", 16)
    print("reference", reference, file=sys.stderr)
    rows = []
    for k in range(args.lo, args.hi + 1):
        for method in ["mc", "qmc"]:
            errors = {s: [] for s in STATS}
            for seed in range(1, args.seeds + 1):
                r = run(args.gpugap, args, 1 << k, seed, method, args.scrambles)
                for s in STATS:
                    if reference[s] is not None and r[s] is not None:  # a year may be never
                        errors[s].append(r[s] - reference[s])
            for s in STATS:
                if not errors[s]:
                    continue
                rmse = math.sqrt(sum(e * e for e in errors[s]) / len(errors[s]))
                scale = abs(reference[s]) or 1.0
                rows.append({"quantity": label, "method": "Monte Carlo" if method == "mc"
                             else "quasi-Monte Carlo", "samples": 1 << k, "statistic": s,
                             "rmse": rmse, "relative_rmse": rmse / scale})
                print(label, method, k, s, f"{rmse:.4g}", file=sys.stderr)
    with open(args.csv, "a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        if f.tell() == 0:
            w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
