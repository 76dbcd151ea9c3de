"""gpugap for Python: scenarios, runs and their numbers as pandas and NumPy objects.

    import gpugap
    s = gpugap.load("sequoia-2024", set={"end_user_margin": "40%"})
    r = s.run(samples=100_000, seed=1)
    r.table()                      # pandas.DataFrame, one row per quantity
    r["revenue_gap"].unit          # "USD/yr"
    r.samples("revenue_gap")       # NumPy array over the engine's buffer (no copy)

Every call is the computation the CLI makes (`gpugap run --format json` gives the same numbers).
See docs/python.md.
"""

from .errors import Diagnostic, ScenarioError
from .scenario import Chart, Quantity, Results, Scenario, bundled, diff, load
from .views import Diff, Fleet, Graph, Solution

__all__ = ["load", "bundled", "diff", "Scenario", "Results", "Quantity", "Solution", "Fleet",
           "Graph", "Diff", "Chart", "ScenarioError", "Diagnostic"]
