"""Python gives the CLI's numbers: every bundled scenario's point run, fixed-seed Monte Carlo on
the uncertain ones, --set, scenario text, and the shapes of table(), r[name] and series()."""

import math

import pandas as pd
import pytest

import gpugap
from conftest import cli_json

UNCERTAIN = ["sequoia-2024-uncertain", "bain-2030-uncertain", "sequoia-2023-uncertain"]


@pytest.mark.parametrize("name", gpugap.bundled())
def test_point_run_is_the_clis(name):
    r = gpugap.load(name).run(samples=1)
    expected = cli_json(name, "--samples", "1")
    assert r.to_dict() == expected
    table = r.table()
    for q, entry in expected["quantities"].items():
        if isinstance(entry["value"], dict):
            frame = r.series(q)
            for year, v in entry["value"].items():
                got = frame.loc[int(year), "value"]
                assert (v is None and math.isnan(got)) or got == v, (q, year)
            assert frame.attrs["unit"] == entry["unit"]
        else:
            got = table.loc[q, "value"]
            assert (entry["value"] is None and math.isnan(got)) or got == entry["value"], q
            assert table.loc[q, "unit"] == entry["unit"]
            assert r[q].unit == entry["unit"]


@pytest.mark.parametrize("name", UNCERTAIN)
def test_monte_carlo_is_the_clis(name):
    r = gpugap.load(name).run(samples=20000, seed=7, threads=2)
    expected = cli_json(name, "--samples", "20000", "--seed", "7", "--threads", "2")
    assert r.to_dict() == expected
    assert r.samples_run == 20000 and r.seed == 7
    table = r.table()
    uncertain = [q for q, e in expected["quantities"].items()
                 if e["uncertain"] and not isinstance(e["value"], dict)]
    assert uncertain
    for q in uncertain:
        for key in ("mean", "p5", "p50", "p95", "p_positive"):
            if key in expected["quantities"][q]:
                assert table.loc[q, key] == expected["quantities"][q][key], (q, key)
        assert r[q].p50 == expected["quantities"][q]["p50"]


def test_threads_do_not_change_the_numbers():
    s = gpugap.load("sequoia-2024-uncertain")
    assert s.run(samples=5000, seed=3, threads=1).to_dict() == \
        s.run(samples=5000, seed=3, threads=2).to_dict()


def test_set_is_the_clis():
    r = gpugap.load("sequoia-2024", set={"end_user_margin": "40%", "energy_ratio": 0.5}).run()
    expected = cli_json("sequoia-2024", "--set", "end_user_margin=40%", "--set",
                        "energy_ratio=0.5")
    assert r.to_dict() == expected
    assert r["end_user_margin"].value == expected["quantities"]["end_user_margin"]["value"]


def test_text_and_path(tmp_path, root):
    text = (root / "scenarios" / "sequoia-2024.toml").read_text()
    path = tmp_path / "mine.toml"
    path.write_text(text)
    from_text = gpugap.load(str(path), text=text).run().to_dict()
    from_file = gpugap.load(str(path)).run().to_dict()
    assert from_text["quantities"] == from_file["quantities"]
    assert from_file == cli_json(str(path))


def test_table_shape():
    r = gpugap.load("sequoia-2024-uncertain").run(samples=2000, seed=1)
    table = r.table()
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns[:8]) == ["value", "unit", "mean", "p5", "p50", "p95", "p_positive",
                                       "input"]
    assert table.index.name == "name"
    assert "revenue_gap" in table.index
    assert table.loc["revenue_gap", "unit"] == r["revenue_gap"].unit
    point = gpugap.load("sequoia-2024").run().table()
    assert "mean" not in point.columns
    assert point.loc["revenue_gap", "unit"] == "USD"


def test_series_by_year():
    s = gpugap.load("fleet-2020-2035")
    r = s.run()
    frame = r.series("gpu_spend")
    assert list(frame.index) == s.years
    assert frame.attrs["unit"] == r["gpu_spend"].unit
    everything = r.series()
    assert "gpu_spend" in everything.columns
    assert (everything["gpu_spend"] == frame["value"]).all()
    with pytest.raises(ValueError):
        r.series("compute_share")


def test_only_reports_those():
    r = gpugap.load("sequoia-2024-uncertain").run(samples=1000, only=["revenue_gap"])
    assert r.names() == ["revenue_gap"]
    with pytest.raises(KeyError):
        r["ai_revenue"]


def test_repr_html():
    s = gpugap.load("sequoia-2024")
    assert "revenue_gap" in s._repr_html_()
    r = s.run()
    assert r._repr_html_().startswith("<pre>") and "revenue_gap" in r._repr_html_()
    assert r.text() == __import__("conftest").cli("run", "sequoia-2024").stdout


def test_charts_are_the_clis():
    import json

    from conftest import cli

    s = gpugap.load("sequoia-2024-uncertain")
    r = s.run(samples=2000, seed=5)
    expected = json.loads(cli("run", "sequoia-2024-uncertain", "--samples", "2000", "--seed", "5",
                              "--format", "vega-lite").stdout)
    assert r.charts() == expected
    chart = r.chart("revenue_gap")
    assert chart.name == "distribution:revenue_gap"
    bundle = chart._repr_mimebundle_()
    assert bundle["application/vnd.vegalite.v5+json"] == chart.spec
    assert gpugap.load("fleet-2020-2035").run().chart("gpu_spend").name == "series:gpu_spend"
    with pytest.raises(KeyError):
        r.chart("no_such_quantity")
