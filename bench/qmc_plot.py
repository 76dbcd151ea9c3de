#!/usr/bin/env python3
"""The convergence plot of bench/qmc_convergence.py's CSV rows as a Vega-Lite spec (data inline).

  bench/qmc_plot.py OUT.vl.json IN.csv [IN.csv …]"""
import csv
import json
import sys

rows = []
for path in sys.argv[2:]:
    with open(path) as f:
        for r in csv.DictReader(f):
            r["samples"] = int(r["samples"])
            r["rmse"] = float(r["rmse"])
            r["relative_rmse"] = float(r["relative_rmse"])
            if r["rmse"] > 0:
                rows.append(r)
spec = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "title": "RMSE over 20 seeds, Monte Carlo and quasi-Monte Carlo",
    "data": {"values": rows},
    "facet": {
        "row": {"field": "quantity", "type": "nominal", "title": None},
        "column": {"field": "statistic", "type": "nominal", "title": None,
                   "sort": ["mean", "p5", "p50", "p95"]},
    },
    "spec": {
        "width": 170,
        "height": 150,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "samples", "type": "quantitative", "scale": {"type": "log", "base": 2},
                  "axis": {"tickCount": 5, "format": "~s"}, "title": "samples"},
            "y": {"field": "relative_rmse", "type": "quantitative", "scale": {"type": "log"},
                  "axis": {"format": ".0e"}, "title": "RMSE / |reference|"},
            "color": {"field": "method", "type": "nominal", "title": None},
        },
    },
    "resolve": {"scale": {"y": "independent"}},
    "config": {"legend": {"orient": "top"}},
}
with open(sys.argv[1], "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
