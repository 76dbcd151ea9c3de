"""gpugap.dask on a real LocalCluster (a scheduler and two worker processes): the split run is
one process's run, bit for bit; and --first-sample slices of the CLI are slices of one run."""

import json

import numpy as np
import pytest

import gpugap
import gpugap.dask
from conftest import cli

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_split_run_is_one_run(client):
    s = gpugap.load("sequoia-2024-uncertain", set={"energy_ratio": 0.8})
    one = s.run(samples=30001, seed=9)
    split = gpugap.dask.run(s, samples=30001, chunk=7000, client=client, seed=9,
                            keep=["revenue_gap"])
    assert split.to_dict() == one.to_dict()
    assert np.array_equal(split.samples("revenue_gap"), one.samples("revenue_gap"))
    # The tasks ran on both workers' processes, not in this one.
    assert len(client.scheduler_info()["workers"]) == 2


def test_split_run_with_series(client):
    # Series (a summary a year) and a year that may be never (payback_year).
    s = gpugap.load("fleet-2020-2035", set={"compute_share": "uniform(60%, 80%)"})
    one = s.run(samples=4000, seed=2, keep=["gpu_spend"])
    split = gpugap.dask.run(s, samples=4000, chunk=1500, client=client, seed=2,
                            keep=["gpu_spend"])
    assert one["gpu_spend"].series and one["gpu_spend"].uncertain
    assert split.to_dict() == one.to_dict()
    for year, samples in one.samples("gpu_spend").items():
        assert np.array_equal(split.samples("gpu_spend")[year], samples)


def test_ranges_cover_the_run():
    assert gpugap.dask.ranges(10, 4) == [(0, 4), (4, 4), (8, 2)]


def test_first_sample_slices(tmp_path):
    s = gpugap.load("sequoia-2024-uncertain")
    whole = s.run(samples=3000, seed=4).samples("revenue_gap")
    part = s.run(samples=1000, seed=4, first_sample=1500).samples("revenue_gap")
    assert np.array_equal(part, whole[1500:2500])
    path = tmp_path / "part.npy"
    cli("run", "sequoia-2024-uncertain", "--only", "revenue_gap", "--samples", "1000", "--seed",
        "4", "--first-sample", "1500", "--keep-samples", str(path))
    assert np.array_equal(np.load(path)[:, 0], part)
    out = json.loads(cli("run", "sequoia-2024-uncertain", "--samples", "1000", "--seed", "4",
                         "--first-sample", "1500", "--format", "json").stdout)
    assert out == s.run(samples=1000, seed=4, first_sample=1500).to_dict()


def test_sobol_split_over_its_runs_is_one_process(client):
    s = gpugap.load("sequoia-2024-uncertain")
    one = s.sensitivity("revenue_gap", method="sobol", samples=1024, bootstrap=50, seed=5)
    split = gpugap.dask.sobol(s, "revenue_gap", client=client, samples=1024, bootstrap=50,
                              seed=5)
    assert split.attrs["json"] == one.attrs["json"]
    assert split.equals(one)
    # Every run was a task: k inputs + 2 (A, B, and A with each input's column of B).
    assert len(one) + 2 == s._loaded.sobol_runs("revenue_gap", 1024, 50)


def test_sobol_on_dask_refuses_as_one_process_does(client):
    s = gpugap.load("sequoia-2024")  # certain: nothing to analyse
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.dask.sobol(s, "revenue_gap", client=client, samples=1024)
    assert "no uncertain input" in str(caught.value)
