"""gpugap.load(), Scenario and Results: the front door (run/) as pandas users expect it."""

import html
import json
import warnings
from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from . import _gpugap
from .views import Diff, Fleet, Graph, Solution

DEFAULT_SEED = _gpugap.DEFAULT_SEED


def bundled():
    """The names of the bundled scenarios (what `gpugap list` lists), sorted."""
    return _gpugap.bundled_names()


def _set_arguments(set):
    """{"name": value} (a number, or a formula as text) or ["name=formula"] → ["name=formula"]."""
    if set is None:
        return []
    if isinstance(set, str):
        return [set]
    if isinstance(set, dict):
        out = []
        for name, value in set.items():
            if isinstance(value, bool):
                raise TypeError(f"set[{name!r}]: a number or a formula, not {value!r}")
            out.append(f"{name}={value!r}" if isinstance(value, float) else f"{name}={value}")
        return out
    return [str(item) for item in set]


def load(name_or_path="sequoia-2024", set=None, *, text=None):
    """Loads, compiles and evaluates a scenario as `gpugap run` does.

    name_or_path: a bundled scenario's name ("sequoia-2024") or a path to a .toml file; with
    `text`, the path the text is known by (`extends` and data files resolve relative to it).
    set: overrides, as --set: {"energy_ratio": 0.5, "end_user_margin": "40%"}.
    Raises ScenarioError with every diagnostic when the scenario does not load or compile.
    """
    if text is not None and name_or_path == "sequoia-2024":
        name_or_path = "scenario.toml"
    sets = _set_arguments(set)
    loaded = _gpugap.load(str(name_or_path), text, sets)
    for warning in loaded.warnings:
        warnings.warn(warning, stacklevel=2)
    return Scenario(loaded, (str(name_or_path), text, tuple(sets)))


@dataclass
class Quantity:
    """One quantity of a run: its value (a dict by year for a series) in `unit`, and with Monte
    Carlo its statistics (None when certain)."""

    name: str
    unit: str
    value: Any
    source: str = ""
    formula: str = ""
    input: bool = False
    uncertain: bool = False
    series: bool = False
    mean: Any = None
    p5: Any = None
    p50: Any = None
    p95: Any = None
    p_positive: Any = None
    statistics: Dict[str, Any] = field(default_factory=dict, repr=False)


class Scenario:
    """A loaded, compiled scenario with its point values; run() draws its Monte Carlo samples."""

    def __init__(self, loaded, recipe):
        self._loaded = loaded
        self._recipe = recipe  # (name_or_path, text, sets): how a Dask worker loads it again

    id = property(lambda self: self._loaded.id)
    title = property(lambda self: self._loaded.title)
    path = property(lambda self: self._loaded.path)
    names = property(lambda self: list(self._loaded.names), doc="quantity names, file order")
    years = property(lambda self: list(self._loaded.years), doc="the time axis, or []")
    uncertain = property(lambda self: self._loaded.uncertain, doc="has an uncertain input")
    sets = property(lambda self: list(self._loaded.sets), doc="the overrides, as --set")

    def run(self, samples=None, seed=DEFAULT_SEED, threads=0, *, only=None, keep=None,
            first_sample=0, force=False):
        """Runs the scenario as `gpugap run --samples N --seed S --threads T` does.

        samples: None is the CLI's default (100000 when an input is uncertain, else a point run);
        1 is a point run (every uncertain input at its median).
        only: the quantities to report (all by default), as --only.
        keep: the quantities whose raw samples r.samples() returns: None keeps the uncertain
        scalars among those reported, [] none, "all" every reported quantity.
        first_sample: the index of the first sample; a run of n from k is samples k…k+n-1 of one
        longer run, bit for bit (how gpugap.dask splits a study).
        The GIL is released while the engine runs; Ctrl-C stops the run (KeyboardInterrupt).
        """
        only_list = None if only is None else ([only] if isinstance(only, str) else list(only))
        reported = only_list if only_list is not None else self.names
        if keep is None:
            keep_list = self._uncertain_scalars(reported)
        elif keep == "all":
            keep_list = list(reported)
        else:
            keep_list = [keep] if isinstance(keep, str) else list(keep)
        run = self._loaded.run(int(samples or 0), int(seed), int(threads), int(first_sample),
                               only_list, keep_list, bool(force))
        return Results(self, run)

    def _uncertain_scalars(self, names):
        point = self._point_quantities()
        return [n for n in names if point[n]["uncertain"] and not isinstance(point[n]["value"], dict)]

    def _point_quantities(self):
        if not hasattr(self, "_point"):
            self._point = json.loads(self._loaded.run(1, DEFAULT_SEED, 1, 0, None, [], False).json())
        return self._point["quantities"]

    def sensitivity(self, output, method="tornado", *, samples=8192, bootstrap=100,
                    seed=DEFAULT_SEED, threads=0):
        """`gpugap sensitivity --output OUTPUT --method METHOD`: a pandas.DataFrame indexed by
        input, largest effect first. Tornado: each uncertain input at its p10 and p90, the others
        at their medians (input_low, input_high, output_low, output_high, swing; in the units of
        the JSON). Sobol: first-order and total indices with 95% bootstrap intervals from
        `samples` base samples. The CLI's JSON is in .attrs["json"]."""
        data = json.loads(self._loaded.sensitivity(output, method, int(samples), int(bootstrap),
                                                   int(seed), int(threads)))
        return _sensitivity_frame(method, data)

    def explain(self, name, depth=None):
        """`gpugap explain SCENARIO NAME`: the derivation tree, values substituted, down to the
        sourced inputs (a str; shown as the CLI shows it)."""
        text = (self._loaded.explain(name) if depth is None
                else self._loaded.explain(name, int(depth)))
        return Explanation(text)

    def solve(self, target, vary, between=None):
        """`gpugap solve SCENARIO --target TARGET --vary VARY [--between LOW,HIGH]`: the value of
        `vary` at which `target` is reached, every other input at its point value.

        target: "revenue_gap=0", or {"revenue_gap": 0}, or ("revenue_gap", "600B") (the value in
        the target's unit); between: (low, high) or "low,high" in vary's unit (numbers or text
        such as "1T"). Returns a Solution (value, unit, found, between, evaluations; the CLI's
        JSON in to_dict()); found is False, with an explanation, when there is no root.
        """
        if isinstance(target, dict):
            if len(target) != 1:
                raise ValueError("target: one quantity and its value, e.g. {\"revenue_gap\": 0}")
            target = next(iter(target.items()))
        if isinstance(target, tuple):
            target = f"{target[0]}={_formula(target[1])}"
        if between is None:
            between = ""
        elif not isinstance(between, str):
            low, high = between
            between = f"{_formula(low)},{_formula(high)}"
        data, text = self._loaded.solve(str(target), str(vary), between)
        return Solution(json.loads(data), text)

    def fleet(self, by="vintage"):
        """`gpugap fleet SCENARIO --by BY`: the [fleet] block of the point run, year by year, by
        vintage or by generation. A Fleet: yearly(), vintages(), generations(), matrix(name) as
        DataFrames; to_dict() is the CLI's JSON, text() its table (what Jupyter shows)."""
        data, text, csv = self._loaded.fleet(by)
        return Fleet(json.loads(data), text, csv)

    def graph(self, year=None):
        """`gpugap graph SCENARIO [--year YEAR]`: the [financing] block's graph of whole deals (or
        one year's flows). A Graph: companies(), deals() as DataFrames, to_networkx() a
        networkx.MultiDiGraph; to_dict() is the CLI's JSON, text() its table, dot() Graphviz."""
        data, text, dot = self._loaded.graph(None if year is None else int(year))
        return Graph(json.loads(data), text, dot)

    def table(self):
        """The point values (every uncertain input at its median), as Results.table()."""
        return self.run(samples=1).table()

    def _repr_html_(self):
        point = self.run(samples=1)
        return f"<div><b>{html.escape(self.title or self.id)}</b>{point._pre()}</div>"

    def __repr__(self):
        return f"<gpugap.Scenario {self.id!r}: {len(self.names)} quantities>"


class Explanation(str):
    """The text of `gpugap explain`, printed as it is (and as <pre> in Jupyter)."""

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        return f"<pre>{html.escape(str(self))}</pre>"


class Results:
    """A run's results: r.table(), r["name"], r.series(name), r.samples(name)."""

    def __init__(self, scenario, run):
        self.scenario = scenario
        self._run = run
        self._json = None

    def to_dict(self):
        """The CLI's JSON (`gpugap run --format json`), as a dict."""
        if self._json is None:
            self._json = json.loads(self._run.json())
        return self._json

    samples_run = property(lambda self: self._run.samples_run, doc="Monte Carlo samples (0: point)")
    seed = property(lambda self: self.to_dict().get("seed"))
    kept = property(lambda self: list(self._run.kept), doc="names whose samples are kept")

    @property
    def monte_carlo(self):
        return "samples" in self.to_dict()

    def names(self):
        return list(self.to_dict()["quantities"].keys())

    def __getitem__(self, name):
        quantities = self.to_dict()["quantities"]
        if name not in quantities:
            raise KeyError(f"{name} is not a reported quantity of {self.scenario.id}")
        q = quantities[name]
        stats = {k: v for k, v in q.items()
                 if k not in ("unit", "value", "formula", "source", "set", "note", "input",
                              "uncertain")}
        return Quantity(name=name, unit=q["unit"], value=_years(q["value"]),
                        source=q.get("source", ""), formula=q.get("formula", ""),
                        input=q["input"], uncertain=q["uncertain"],
                        series=isinstance(q["value"], dict),
                        mean=_years(stats.get("mean")), p5=_years(stats.get("p5")),
                        p50=_years(stats.get("p50")), p95=_years(stats.get("p95")),
                        p_positive=_years(stats.get("p_positive")), statistics=stats)

    def __contains__(self, name):
        return name in self.to_dict()["quantities"]

    def table(self):
        """A pandas.DataFrame, one row per scalar quantity (series: r.series()): value (the point
        value, inputs at their medians), unit, and with Monte Carlo mean, p5, p50, p95 and
        p_positive (P(>0)) for the uncertain ones; then input, uncertain, source, formula."""
        import pandas as pd

        rows = []
        mc = self.monte_carlo
        for name, q in self.to_dict()["quantities"].items():
            if isinstance(q["value"], dict):
                continue
            row = {"name": name, "value": q["value"], "unit": q["unit"]}
            if mc:
                for key in ("mean", "p5", "p50", "p95", "p_positive"):
                    row[key] = q.get(key)
            row.update(input=q["input"], uncertain=q["uncertain"], source=q.get("source", ""),
                       formula=q.get("formula", ""))
            rows.append(row)
        columns = ["name", "value", "unit"]
        if mc:
            columns += ["mean", "p5", "p50", "p95", "p_positive"]
        columns += ["input", "uncertain", "source", "formula"]
        frame = pd.DataFrame(rows, columns=columns).set_index("name")
        for key in ("value", "mean", "p5", "p50", "p95", "p_positive"):
            if key in frame:
                frame[key] = frame[key].astype(float)
        return frame

    def series(self, name=None):
        """A pandas.DataFrame by year: for one series its value (and with Monte Carlo mean, p5,
        p50, p95), its unit in .attrs["unit"]; with no name, every series' value, a column each."""
        import pandas as pd

        quantities = self.to_dict()["quantities"]
        if name is None:
            values = {n: _years(q["value"]) for n, q in quantities.items()
                      if isinstance(q["value"], dict)}
            frame = pd.DataFrame(values, dtype=float)
            frame.index.name = "year"
            frame.attrs["units"] = {n: quantities[n]["unit"] for n in values}
            return frame
        q = self[name]
        if not q.series:
            raise ValueError(f"{name} is not a series (a value a year); see r[{name!r}]")
        columns = {"value": q.value}
        for key in ("mean", "p5", "p50", "p95"):
            if isinstance(getattr(q, key), dict):
                columns[key] = getattr(q, key)
        frame = pd.DataFrame(columns, dtype=float)
        frame.index.name = "year"
        frame.attrs["unit"] = q.unit
        return frame

    def samples(self, name):
        """The raw Monte Carlo samples of `name` in its unit, in sample order: a read-only NumPy
        array over the engine's buffer (no copy); for a series, a dict year → array."""
        arrays = self._run.samples(name)
        if isinstance(arrays, list):
            return dict(zip(self.scenario.years, arrays))
        return arrays

    def text(self):
        """The table `gpugap run` prints."""
        return self._run.text()

    def charts(self):
        """The report's charts of this run (`gpugap run --format vega-lite`): a list of Vega-Lite
        specs, each named ("headline", "distribution:revenue_gap", "series:gpu_spend",
        "fleet:power", …)."""
        return json.loads(self._run.charts())

    def chart(self, name):
        """The report's chart of one quantity — its distribution (Monte Carlo) or its series —
        or a chart by its name ("headline", "fleet:power"): a Chart, which Jupyter draws (its
        Vega-Lite spec in .spec)."""
        specs = self.charts()
        for spec in specs:
            if spec.get("name") in (name, f"distribution:{name}", f"series:{name}"):
                return Chart(spec)
        names = ", ".join(s.get("name", "?") for s in specs)
        raise KeyError(f"{name}: no chart of this run has that name or quantity (charts: {names})")

    def _pre(self):
        return f"<pre>{html.escape(self.text())}</pre>"

    def _repr_html_(self):
        return self._pre()

    def __repr__(self):
        return self.text()


def _sensitivity_frame(method, data):
    """The DataFrame of `gpugap sensitivity --format json`'s `data`, indexed by input."""
    import pandas as pd

    if method == "tornado":
        frame = pd.DataFrame(data["bars"])
    else:
        rows = []
        for i in data["indices"]:
            rows.append({"input": i["input"], "first": i["first"],
                         "first_low": i["first_ci"][0], "first_high": i["first_ci"][1],
                         "total": i["total"], "total_low": i["total_ci"][0],
                         "total_high": i["total_ci"][1]})
        frame = pd.DataFrame(rows)
    frame = frame.set_index("input")
    frame.attrs["json"] = data
    return frame


def _formula(value):
    """A number or text as --set and --between take it."""
    return repr(value) if isinstance(value, float) else str(value)


def diff(a, b, *, set=None, samples=None, seed=DEFAULT_SEED, threads=0, force=False):
    """`gpugap diff A B [--set …] --samples N --seed S`: every quantity that differs between two
    scenarios, by how much and why; when either is uncertain, B − A sample by sample from the same
    random numbers. `a` and `b` are Scenarios (each with its own overrides) or names/paths (then
    `set` applies to both, as the CLI's --set). samples: None is the CLI's default. A Diff:
    table() and monte_carlo() as DataFrames, to_dict() the CLI's JSON, text() its table."""
    if not isinstance(a, Scenario):
        a = load(a, set=set)
    elif set is not None:
        raise ValueError("set: only with names (a Scenario carries its own overrides)")
    if not isinstance(b, Scenario):
        b = load(b, set=set)
    data, text = _gpugap.diff(a._loaded, b._loaded, int(samples or 0), int(seed), int(threads),
                              bool(force))
    return Diff(json.loads(data), text)


class Chart:
    """One of the report's charts: a Vega-Lite spec (.spec) that Jupyter draws (the
    application/vnd.vegalite mime type of JupyterLab and of VS Code's notebooks); save it with
    .save(path) as JSON for the Vega editor or vl-convert."""

    def __init__(self, spec):
        self.spec = spec

    name = property(lambda self: self.spec.get("name"))

    def save(self, path):
        with open(path, "w") as f:
            json.dump(self.spec, f, indent=2)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"application/vnd.vegalite.v5+json": self.spec, "text/plain": repr(self)}

    def __repr__(self):
        title = self.spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        return f"<gpugap.Chart {self.name!r}: {title}>"


def _years(value):
    """A JSON by-year object ({"2024": …}) with int keys; anything else as it is."""
    if isinstance(value, dict):
        return {int(year): v for year, v in value.items()}
    return value
