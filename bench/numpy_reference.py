#!/usr/bin/python3
"""sequoia-2024-uncertain written the way an analyst would in NumPy, for the benchmark.

Same model and distributions as scenarios/sequoia-2024-uncertain.toml: 90% intervals as
lognormals (normals when the low end is not positive), a triangular margin. Prints samples per
second of the median of several runs of N samples.
    /usr/bin/python3 bench/numpy_reference.py [N] [runs]
With --summaries it runs once and computes what `gpugap run sequoia-2024-uncertain` reports for
each uncertain input and result (mean, sd, nine percentiles, P(x > 0), a 40-bin histogram from the
0.5th to the 99.5th percentile), for the whole-process comparison of docs/BENCHMARKS.md:
    /usr/bin/python3 bench/numpy_reference.py N --summaries
"""
import sys
import time

import numpy as np

Z95 = 1.6448536269514722


def interval90(rng, low, high, n):
    mu = 0.5 * (np.log(low) + np.log(high))
    sigma = (np.log(high) - np.log(low)) / (2 * Z95)
    return rng.lognormal(mu, sigma, n)


def model(rng, n):
    gpu_runrate = interval90(rng, 120e9, 180e9, n)
    energy_ratio = interval90(rng, 0.5, 1.2, n)
    end_user_margin = rng.triangular(0.30, 0.50, 0.70, n)
    ai_revenue = interval90(rng, 75e9, 150e9, n)
    datacenter_cost = gpu_runrate * (1 + energy_ratio)
    required_revenue = datacenter_cost / (1 - end_user_margin)
    return required_revenue - ai_revenue


def summaries(rng, n):
    gpu_runrate = interval90(rng, 120e9, 180e9, n)
    energy_ratio = interval90(rng, 0.5, 1.2, n)
    end_user_margin = rng.triangular(0.30, 0.50, 0.70, n)
    ai_revenue = interval90(rng, 75e9, 150e9, n)
    datacenter_cost = gpu_runrate * (1 + energy_ratio)
    required_revenue = datacenter_cost / (1 - end_user_margin)
    listed_ai_revenue = 71e9 - 1e9 + 3.4e9
    columns = {
        "gpu_runrate": gpu_runrate, "energy_ratio": energy_ratio,
        "end_user_margin": end_user_margin, "ai_revenue": ai_revenue,
        "datacenter_cost": datacenter_cost, "required_revenue": required_revenue,
        "revenue_gap": required_revenue - ai_revenue,
        "revenue_gap_listed": required_revenue - listed_ai_revenue,
        "revenue_coverage": ai_revenue / required_revenue,
    }
    out = {}
    for name, x in columns.items():
        q = np.percentile(x, [0.5, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.5])
        counts, _ = np.histogram(x, bins=40, range=(q[0], q[-1]))
        out[name] = (x.mean(), x.std(ddof=1), q[1:-1], np.mean(x > 0), counts)
    return out


def main():
    if "--summaries" in sys.argv:
        n = int(float(sys.argv[1]))
        start = time.perf_counter()
        out = summaries(np.random.default_rng(1), n)
        gap = out["revenue_gap"]
        print(f"numpy {np.__version__}: {n} samples, {len(out)} summaries in "
              f"{time.perf_counter() - start:.3f} s; revenue_gap mean {gap[0]:.4g}, "
              f"p5 {gap[2][1]:.4g}, p95 {gap[2][7]:.4g}, P(> 0) {gap[3]:.4f}")
        return
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = np.random.default_rng(1)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        gap = model(rng, n)
        times.append(time.perf_counter() - start)
    median = sorted(times)[len(times) // 2]
    print(f"numpy {np.__version__}: {n} samples, median {median:.3f} s over {runs} runs, "
          f"{n / median:.3e} samples/s; mean gap {gap.mean():.4g}, P(gap > 0) {np.mean(gap > 0):.4f}")


if __name__ == "__main__":
    main()
