"""s.sensitivity() and s.explain() are the CLI's."""

import json

import gpugap
from conftest import cli


def test_tornado_is_the_clis():
    s = gpugap.load("sequoia-2024-uncertain")
    frame = s.sensitivity("revenue_gap")
    expected = json.loads(cli("sensitivity", "sequoia-2024-uncertain", "--output", "revenue_gap",
                              "--format", "json").stdout)
    assert frame.attrs["json"] == expected
    assert list(frame.index) == [b["input"] for b in expected["bars"]]
    assert frame["swing"].iloc[0] == expected["bars"][0]["swing"]


def test_sobol_is_the_clis():
    s = gpugap.load("sequoia-2024-uncertain")
    frame = s.sensitivity("revenue_gap", method="sobol", samples=256, seed=3, threads=2)
    expected = json.loads(cli("sensitivity", "sequoia-2024-uncertain", "--output", "revenue_gap",
                              "--method", "sobol", "--samples", "256", "--seed", "3",
                              "--format", "json").stdout)
    assert frame.attrs["json"] == expected
    assert frame.loc[expected["indices"][0]["input"], "total"] == expected["indices"][0]["total"]


def test_too_few_sobol_samples_is_a_scenario_error():
    s = gpugap.load("sequoia-2024-uncertain")
    try:
        s.sensitivity("revenue_gap", method="sobol", samples=8)
    except gpugap.ScenarioError as e:
        assert "samples" in str(e)
    else:
        raise AssertionError("no ScenarioError")


def test_explain_is_the_clis():
    s = gpugap.load("sequoia-2024", set={"energy_ratio": 0.5})
    text = s.explain("required_revenue")
    assert text == cli("explain", "sequoia-2024", "required_revenue", "--set",
                       "energy_ratio=0.5").stdout
    assert "energy_ratio" in text and text._repr_html_().startswith("<pre>")
    assert s.explain("required_revenue", depth=0) == cli(
        "explain", "sequoia-2024", "required_revenue", "--depth", "0", "--set",
        "energy_ratio=0.5").stdout
