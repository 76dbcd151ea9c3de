"""Studies beyond one machine on Dask: a run split into sample ranges, merged into one run's
statistics, bit for bit.

Every sample is a pure function of (scenario, seed, sample index), so samples k…k+n-1 are one
task (`Scenario.run(samples=n, first_sample=k)`) and no task talks to another. The workers send
back their raw samples; the client concatenates them in sample order and summarises them as one
run would, so the result equals `s.run(samples=N, seed=S)` exactly.

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")   # or Client(LocalCluster(n_workers=2))
    r = gpugap.dask.run(s, samples=10**8, chunk=10**7, client=client, seed=1)

Sobol indices split the same way, over the model runs of their design (A, B, and A with one
input's column from B: k + 2 runs for k inputs), each a task:

    s.sensitivity("revenue_gap", method="sobol", samples=2**16)         # one process
    gpugap.dask.sobol(s, "revenue_gap", samples=2**16, client=client)   # the same numbers

Workers need the gpugap package (PYTHONPATH) and load the scenario again as it was loaded: by
its bundled name, by its path (the same files must be there), or from its text (sent with the
tasks; `extends` and data files are still read on the worker, relative to the text's path).
"""

import json

import numpy as np

from . import _gpugap
from .scenario import DEFAULT_SEED, Results, Scenario, _sensitivity_frame

_cache = {}


def _scenario_on_worker(recipe):
    """The scenario of `recipe`, loaded once per worker process."""
    if recipe not in _cache:
        name, text, sets = recipe
        _cache[recipe] = _gpugap.load(name, text, list(sets))
    return _cache[recipe]


def _slice(recipe, first, count, seed, names):
    """Samples first…first+count-1 of `names`, in base units: {name: [array per year]}."""
    loaded = _scenario_on_worker(recipe)
    run = loaded.run(count, seed, 1, first, list(names), list(names), True, False, False)
    out = {}
    for name in names:
        arrays = run.samples(name)
        out[name] = [np.array(a) for a in (arrays if isinstance(arrays, list) else [arrays])]
    return out


def ranges(samples, chunk):
    """[(first, count), …] covering 0…samples-1 in chunks of `chunk`."""
    chunk = max(1, int(chunk))
    return [(first, min(chunk, samples - first)) for first in range(0, samples, chunk)]


def run(scenario: Scenario, samples, chunk, client, seed=DEFAULT_SEED, *, only=None, keep=None,
        threads=0):
    """The Monte Carlo run `scenario.run(samples, seed, only=only)` split into ranges of `chunk`
    samples over the Dask `client`'s workers; the same Results, bit for bit.

    keep: the quantities whose samples the result keeps for r.samples() (default none: the
    merged samples of every uncertain quantity pass through the client's memory anyway).
    threads: the client's threads for the summaries (0: all cores).
    """
    samples = int(samples)
    if samples < 2:
        raise ValueError("a Dask run needs 2 samples or more (1 is a point run)")
    only_list = None if only is None else ([only] if isinstance(only, str) else list(only))
    reported = only_list if only_list is not None else scenario.names
    point = scenario.run(samples=1, only=reported).to_dict()["quantities"]
    uncertain = [n for n in reported if point[n]["uncertain"]]
    keep_list = [] if keep is None else ([keep] if isinstance(keep, str) else list(keep))
    names = tuple(dict.fromkeys(uncertain + keep_list))
    recipe = scenario._recipe
    futures = [client.submit(_slice, recipe, first, count, int(seed), names, pure=False)
               for first, count in ranges(samples, chunk)]
    parts = client.gather(futures)
    columns = []
    for name in names:
        years = len(parts[0][name])
        columns.append((name, [np.concatenate([p[name][y] for p in parts]) for y in range(years)]))
    del parts
    merged = scenario._loaded.merge(samples, int(seed), int(threads), 0, only_list, columns,
                                    keep_list)
    return Results(scenario, merged)


def _sobol_run(recipe, output, samples, seed, run, threads):
    """Run `run` of the Sobol design: the output over the base samples (a NumPy array)."""
    return _scenario_on_worker(recipe).sobol_run(output, samples, seed, run, threads)


def sobol(scenario: Scenario, output, client, *, samples=8192, bootstrap=100, seed=DEFAULT_SEED,
          threads=0, worker_threads=1):
    """`scenario.sensitivity(output, method="sobol", samples=…, bootstrap=…, seed=…)` with the
    design's model runs (one per uncertain input, plus two) as tasks on the Dask `client`'s
    workers; the bootstrap runs here. The same DataFrame, bit for bit.

    worker_threads: the threads each task uses (1 suits one-thread workers); threads: this
    process's, for the bootstrap (0: all cores). Neither changes the numbers.
    """
    loaded = scenario._loaded
    runs = loaded.sobol_runs(output, int(samples), int(bootstrap))  # or a ScenarioError, here
    futures = [client.submit(_sobol_run, scenario._recipe, output, int(samples), int(seed), run,
                             int(worker_threads), pure=False) for run in range(runs)]
    columns = client.gather(futures)
    data = loaded.sobol_merge(output, int(samples), int(bootstrap), int(seed), int(threads),
                              columns)
    return _sensitivity_frame("sobol", json.loads(data))
