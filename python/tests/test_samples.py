"""r.samples(): the engine's buffer as a NumPy array, without a copy, equal to --keep-samples."""

import gc

import numpy as np
import pytest

import gpugap
from conftest import cli


def test_samples_view_the_engines_buffer():
    r = gpugap.load("sequoia-2024-uncertain").run(samples=4000, seed=5)
    a = r.samples("revenue_gap")
    assert a.dtype == np.float64 and a.shape == (4000,)
    assert not a.flags.owndata  # a view: the memory belongs to its base
    assert a.base is not None and type(a.base).__name__ == "PyCapsule"
    assert not a.flags.writeable
    assert np.shares_memory(a, r.samples("revenue_gap"))  # the same buffer each time
    with pytest.raises(ValueError):
        a[0] = 1.0


def test_samples_outlive_their_results():
    r = gpugap.load("sequoia-2024-uncertain").run(samples=3000, seed=5)
    a = r.samples("revenue_gap")
    copy = np.array(a)
    del r
    gc.collect()
    assert np.array_equal(a, copy)


def test_samples_are_the_clis_kept_samples(tmp_path):
    path = tmp_path / "gap.npy"
    cli("run", "sequoia-2024-uncertain", "--only", "revenue_gap", "--samples", "5000", "--seed",
        "11", "--keep-samples", str(path))
    r = gpugap.load("sequoia-2024-uncertain").run(samples=5000, seed=11)
    expected = np.load(path)[:, 0]
    assert np.array_equal(r.samples("revenue_gap"), expected)


def test_statistics_agree_with_numpy():
    r = gpugap.load("sequoia-2024-uncertain").run(samples=10001, seed=2)
    a = r.samples("revenue_gap")
    q = r["revenue_gap"]
    assert q.p50 == pytest.approx(np.quantile(a, 0.5), rel=1e-12)
    assert q.p5 == pytest.approx(np.quantile(a, 0.05), rel=1e-12)
    assert q.mean == pytest.approx(a.mean(), rel=1e-9)


def test_keep_chooses_what_is_kept():
    s = gpugap.load("fleet-2020-2035")
    r = s.run(samples=1)
    assert r.kept == []  # a point run draws no samples
    s = gpugap.load("sequoia-2024-uncertain")
    r = s.run(samples=100, keep=[])
    assert r.kept == []
    with pytest.raises(KeyError):
        r.samples("revenue_gap")
    r = s.run(samples=100, keep="all")
    assert set(r.kept) == set(s.names)
    certain = [n for n in s.names if not r[n].uncertain][0]
    assert np.all(r.samples(certain) == r[certain].value)
