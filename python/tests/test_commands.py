"""s.solve(), s.fleet(), s.graph() and gpugap.diff() are the CLI's `solve`, `fleet`, `graph` and
`diff --format json`, and their DataFrames and NetworkX graph hold the same numbers."""

import json

import pytest

import gpugap
from conftest import cli


def cli_out(*args):
    return json.loads(cli(*args, "--format", "json").stdout)


def test_solve_is_the_clis():
    s = gpugap.load("sequoia-2024", set={"energy_ratio": 0.5})
    solution = s.solve("revenue_gap=0", vary="gpu_runrate")
    expected = cli_out("solve", "sequoia-2024", "--target", "revenue_gap=0", "--vary",
                       "gpu_runrate", "--set", "energy_ratio=0.5")
    assert solution.to_dict() == expected
    assert solution.found and solution.value == expected["value"]
    assert solution.unit == expected["unit"]
    assert repr(solution) == cli("solve", "sequoia-2024", "--target", "revenue_gap=0", "--vary",
                                 "gpu_runrate", "--set", "energy_ratio=0.5").stdout.rstrip()
    # The target as a dict or a pair, the bracket as a pair: the same request.
    same = s.solve({"revenue_gap": 0}, vary="gpu_runrate", between=("1B", 100e9))
    assert same.to_dict() == cli_out("solve", "sequoia-2024", "--target", "revenue_gap=0",
                                     "--vary", "gpu_runrate", "--between", "1B,100000000000.0", "--set",
                                     "energy_ratio=0.5")
    assert same.between == (1e9, 100e9) and same.unit == "USD"


def test_solve_without_a_root_and_with_errors():
    s = gpugap.load("sequoia-2024")
    none = s.solve(("revenue_gap", "-1T"), vary="gpu_runrate", between=("10B", "20B"))
    assert not none.found and none.value is None and none.explanation
    assert none.to_dict() == cli_out("solve", "sequoia-2024", "--target", "revenue_gap=-1T",
                                     "--vary", "gpu_runrate", "--between", "10B,20B")
    with pytest.raises(gpugap.ScenarioError) as caught:
        s.solve("revenue_gap=0", vary="no_such_input")
    done = cli("solve", "sequoia-2024", "--target", "revenue_gap=0", "--vary", "no_such_input",
               check=False)
    assert done.returncode == 2 and caught.value.text == done.stderr


@pytest.mark.parametrize("by", ["vintage", "generation"])
def test_fleet_is_the_clis(by):
    s = gpugap.load("fleet-2020-2035", set={"fleet.book_life": 4})
    fleet = s.fleet(by=by)
    args = ("fleet", "fleet-2020-2035", "--by", by, "--set", "fleet.book_life=4")
    assert fleet.to_dict() == cli_out(*args)
    assert fleet.text() == cli(*args).stdout
    assert fleet.csv() == cli(*args, "--format", "csv").stdout
    yearly = fleet.yearly()
    data = fleet.to_dict()
    assert list(yearly.index) == data["years"]
    assert yearly["gpu_capex"].tolist() == data["yearly"]["gpu_capex"]["values"]
    assert yearly.attrs["units"]["gpu_capex"] == data["yearly"]["gpu_capex"]["unit"]
    if by == "vintage":
        vintages = fleet.vintages()
        first = data["vintages"][0]
        assert vintages.loc[first["year"], "cost_usd"] == first["cost_usd"]
        book = fleet.matrix("book_value_usd")
        assert book.loc[first["year"]].tolist() == first["book_value_usd"]
    else:
        assert list(fleet.generations().index) == [g["name"] for g in data["generations"]]


def test_no_fleet_is_a_scenario_error():
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.load("sequoia-2024").fleet()
    assert caught.value.text == cli("fleet", "sequoia-2024", check=False).stderr


def test_graph_is_the_clis_and_networkx():
    nx = pytest.importorskip("networkx")
    s = gpugap.load("circular-2025")
    graph = s.graph()
    assert graph.to_dict() == cli_out("graph", "circular-2025")
    assert graph.text() == cli("graph", "circular-2025").stdout
    assert graph.dot() == cli("graph", "circular-2025", "--format", "dot").stdout
    g = graph.to_networkx()
    data = graph.to_dict()
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {c["id"] for c in data["companies"]}
    assert g.number_of_edges() == len(data["deals"])
    for deal in data["deals"]:
        assert g.edges[deal["from"], deal["to"], deal["id"]]["amount"] == deal["amount"]
    # The money cycle the CLI finds is a cycle of the NetworkX graph.
    cycle = data["cycles"][0]["companies"]
    assert sorted(cycle) in [sorted(c) for c in nx.simple_cycles(nx.DiGraph(g))]
    assert graph.companies().loc["oracle", "inflow"] == data["companies"][0]["inflow"]


def test_graph_of_one_year_and_outside_the_years(tmp_path, root):
    # circular-2025 traces whole deals: the same deals spread over 2025..2032 (it gives Nvidia's
    # tranches their years, so [time] is all it takes).
    text = (root / "scenarios" / "circular-2025.toml").read_text()
    text = text[:text.index("[quantities]")].replace('"../data/', f'"{root}/data/')
    text = text.replace("[financing]\n", '[time]\nyears = "2025..2032"\n\n[financing]\n')
    path = tmp_path / "circular-by-year.toml"
    path.write_text(text)
    s = gpugap.load(str(path))
    graph = s.graph(year=2027)
    assert graph.to_dict() == cli_out("graph", str(path), "--year", "2027")
    assert graph.year == 2027 and graph.unit == "USD/yr"
    assert gpugap.load(str(path), text=text).graph(year=2027).to_dict() == graph.to_dict()
    with pytest.raises(gpugap.ScenarioError) as caught:
        s.graph(year=1900)
    assert caught.value.text == cli("graph", str(path), "--year", "1900", check=False).stderr
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.load("circular-2025").graph(year=2025)
    assert "no [time] axis" in str(caught.value)


def test_diff_is_the_clis():
    d = gpugap.diff("sequoia-2024", "critic-energy-half")
    assert d.to_dict() == cli_out("diff", "sequoia-2024", "critic-energy-half")
    assert d.text() == cli("diff", "sequoia-2024", "critic-energy-half").stdout
    assert d.monte_carlo() is None
    table = d.table()
    first = d.to_dict()["differences"][0]
    assert table.loc[first["name"], "b"] == first["b"]


def test_diff_with_monte_carlo_is_the_clis():
    a = gpugap.load("sequoia-2024", set={"energy_ratio": 0.8})
    b = gpugap.load("sequoia-2024-uncertain", set={"energy_ratio": 0.8})
    d = gpugap.diff(a, b, samples=5000, seed=3, threads=2)
    expected = cli_out("diff", "sequoia-2024", "sequoia-2024-uncertain", "--set",
                       "energy_ratio=0.8", "--samples", "5000", "--seed", "3")
    assert d.to_dict() == expected
    assert gpugap.diff("sequoia-2024", "sequoia-2024-uncertain", set={"energy_ratio": 0.8},
                       samples=5000, seed=3).to_dict() == expected
    mc = d.monte_carlo()
    q = expected["monte_carlo"]["quantities"]["revenue_gap"]
    assert mc.loc["revenue_gap", "b_minus_a_mean"] == q["b_minus_a"]["mean"]
    assert mc.loc["revenue_gap", "b_p95"] == q["b"]["p95"]
