"""What `gpugap solve`, `fleet`, `graph` and `diff` show, as Python objects: each holds the
CLI's JSON (`to_dict()`) and text (`text()`, and what Jupyter shows), computed by the same front
door (src/gpugap/run/commands.h), with pandas DataFrames and a NetworkX graph for analysis."""

import html


class _View:
    """The CLI's JSON and text of one command; printed as the CLI prints it."""

    def __init__(self, data, text):
        self._data = data
        self._text = text

    def to_dict(self):
        """What the command prints with --format json, as a dict."""
        return self._data

    def text(self):
        """What the command prints as a table."""
        return self._text

    def __repr__(self):
        return self._text.rstrip("\n")

    def _repr_html_(self):
        return f"<pre>{html.escape(self._text)}</pre>"


class Solution(_View):
    """`gpugap solve`: the value of `vary` at which `target` reaches `target_value`.

    value (None when there is no root in the bracket searched), unit (vary's), found, between
    (the bracket, in vary's unit), evaluations, explanation (why not found)."""

    found = property(lambda self: self._data["found"])
    value = property(lambda self: self._data["value"], doc="vary's value, in unit (None: none)")
    unit = property(lambda self: self._data["unit"], doc="vary's unit")
    target = property(lambda self: self._data["target"])
    target_value = property(lambda self: self._data["target_value"])
    vary = property(lambda self: self._data["vary"])
    between = property(lambda self: tuple(self._data["between"]))
    evaluations = property(lambda self: self._data["evaluations"])
    explanation = property(lambda self: self._data.get("explanation", ""))

    def __float__(self):
        if not self.found:
            raise ValueError(self.explanation)
        return float(self.value)


class Fleet(_View):
    """`gpugap fleet --by vintage|generation`: the fleet block's yearly outputs and its vintages
    (or generations). `yearly()` and `vintages()` / `generations()` are DataFrames; `matrix(name)`
    a vintage × year DataFrame (in_service_gpus, book_value_usd, economic_value_usd,
    rent_usd_per_gpu_hour, facility_power_gw)."""

    def __init__(self, data, text, csv):
        super().__init__(data, text)
        self._csv = csv

    by = property(lambda self: "generation" if "generations" in self._data else "vintage")
    years = property(lambda self: list(self._data["years"]))

    def csv(self):
        """What `gpugap fleet --format csv` prints."""
        return self._csv

    def yearly(self):
        """The yearly outputs, a column each, by year; units in .attrs["units"]."""
        import pandas as pd

        yearly = self._data["yearly"]
        frame = pd.DataFrame({name: s["values"] for name, s in yearly.items()},
                             index=pd.Index(self.years, name="year"), dtype=float)
        frame.attrs["units"] = {name: s["unit"] for name, s in yearly.items()}
        return frame

    def _rows(self, key):
        import pandas as pd

        rows = []
        for entry in self._data[key]:
            rows.append({k: v for k, v in entry.items() if not isinstance(v, (list, dict))})
        frame = pd.DataFrame(rows)
        for column in frame:
            if column.endswith("_year"):  # a year, or <NA> when never (within the years shown)
                frame[column] = frame[column].astype("Int64")
        return frame

    def vintages(self):
        """One row per vintage (the year bought): gpus, cost_usd, retired_year, obsolete_year,
        payback_year (<NA>: not within the years shown)."""
        if "vintages" not in self._data:
            raise ValueError("a fleet by generation: use fleet(by=\"vintage\")")
        return self._rows("vintages").set_index("year")

    def generations(self):
        """One row per generation (by="generation")."""
        if "generations" not in self._data:
            raise ValueError("a fleet by vintage: use fleet(by=\"generation\")")
        return self._rows("generations").set_index("name")

    def matrix(self, name):
        """A by-year matrix of each vintage (or generation) as a DataFrame: rows are vintages,
        columns years (`name` e.g. "book_value_usd", "in_service_gpus")."""
        import pandas as pd

        key = "vintages" if "vintages" in self._data else "generations"
        label = "year" if key == "vintages" else "name"
        entries = [e for e in self._data[key] if isinstance(e.get(name), list)]
        if not entries:
            options = sorted({k for e in self._data[key] for k, v in e.items()
                              if isinstance(v, list)})
            raise KeyError(f"{name}: not a matrix of the fleet; one of {', '.join(options)}")
        frame = pd.DataFrame([e[name] for e in entries], columns=self.years, dtype=float,
                             index=pd.Index([e[label] for e in entries], name=label))
        frame.columns.name = "year"
        return frame


class Graph(_View):
    """`gpugap graph [--year Y]`: the financing graph (companies, deals, cycles of money).
    `companies()` and `deals()` are DataFrames; `to_networkx()` a networkx.MultiDiGraph."""

    def __init__(self, data, text, dot):
        super().__init__(data, text)
        self._dot = dot

    year = property(lambda self: self._data["year"], doc="the year shown, or None: whole deals")
    unit = property(lambda self: self._data["unit"], doc="USD for whole deals, USD/yr for a year")
    cycles = property(lambda self: [dict(c) for c in self._data["cycles"]])

    def dot(self):
        """What `gpugap graph --format dot` prints (Graphviz)."""
        return self._dot

    def companies(self):
        import pandas as pd

        return pd.DataFrame(self._data["companies"]).set_index("id")

    def deals(self):
        import pandas as pd

        return pd.DataFrame(self._data["deals"]).set_index("id")

    def to_networkx(self):
        """A networkx.MultiDiGraph: a node per company (its attributes as in companies()), an edge
        per deal from payer to payee keyed by the deal's id (amount, kind, status, basis); the
        graph's unit, year and cycles in G.graph."""
        import networkx as nx

        g = nx.MultiDiGraph(scenario=self._data["scenario"], year=self.year, unit=self.unit,
                            cycles=self.cycles)
        for company in self._data["companies"]:
            attributes = dict(company)
            g.add_node(attributes.pop("id"), **attributes)
        for deal in self._data["deals"]:
            attributes = dict(deal)
            source, target, key = attributes.pop("from"), attributes.pop("to"), attributes.pop("id")
            g.add_edge(source, target, key=key, **attributes)
        return g


class Diff(_View):
    """`gpugap diff A B`: every quantity that differs and what caused it; with an uncertain side,
    B − A sample by sample from the same random numbers. `table()` and `monte_carlo()` are
    DataFrames."""

    a = property(lambda self: self._data["a"])
    b = property(lambda self: self._data["b"])

    def table(self):
        """One row per differing quantity: change, a, b (values in unit), unit, caused_by, year."""
        import pandas as pd

        rows = [dict(d) for d in self._data["differences"]]
        for row in rows:
            row["caused_by"] = ", ".join(row.get("caused_by") or [])
        columns = ["name", "change", "a", "b", "unit", "caused_by", "year", "comparable"]
        frame = pd.DataFrame(rows)
        frame = frame[[c for c in columns if c in frame] +
                      [c for c in frame if c not in columns]]
        return frame.set_index("name")

    def monte_carlo(self):
        """With Monte Carlo: one row per quantity (and year) that differs, the statistics of A, B
        and B − A as columns a_mean … b_minus_a_p_positive; None for two certain scenarios."""
        import pandas as pd

        mc = self._data.get("monte_carlo")
        if mc is None:
            return None
        rows = []
        for name, q in mc["quantities"].items():
            row = {"name": name, "unit": q.get("unit"), "year": q.get("year")}
            for side in ("a", "b", "b_minus_a"):
                for key, value in (q.get(side) or {}).items():
                    row[f"{side}_{key}"] = value
            rows.append(row)
        return pd.DataFrame(rows).set_index("name")

