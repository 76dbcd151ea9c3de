#!/usr/bin/python3
"""`gpugap export` writes workbooks that recompute to gpugap's numbers.

For every bundled scenario: export the workbook, have LibreOffice (headless, recalculating every
formula on load) re-save it, read the recalculated cells back with openpyxl and compare every cell
of both sheets with `gpugap run --format json` (relative 1e-9). To prove that Excel's formulas do
the computing, each scenario also gets a copy with one input changed in the workbook (through
openpyxl, which keeps no cached values), and its recalculated results must equal
`gpugap run --set` of that input.

    excel_recompute_test.py GPUGAP SCENARIOS_DIR
"""
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl

GPUGAP = sys.argv[1]
SCENARIOS = pathlib.Path(sys.argv[2])
TOLERANCE = 1e-9

# LibreOffice's profile: recalculate every formula of an .xlsx on load, never trust cached values.
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
  oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def gpugap(*args):
    return subprocess.run([GPUGAP, *args], capture_output=True, text=True)


def run_json(name, sets=()):
    args = ["run", name, "--samples", "1", "--format", "json"]
    for s in sets:
        args += ["--set", s]
    result = gpugap(*args)
    if result.returncode != 0:
        return None
    return json.loads(result.stdout)["quantities"]


def close(a, b):
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b)) or abs(a - b) < 1e-300


def rows(book, sheet):
    """(name, unit, {year or None: cell}, row number, {column header: cell}) for each row."""
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    years = [(i, int(h)) for i, h in enumerate(header) if isinstance(h, (int, float))]
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if row[0] is None:
            continue
        cells = {None: row[2]} if row[2] is not None else {y: row[i] for i, y in years}
        yield row[0], row[1] or "", cells, r, dict(zip(header, row))


def same(cell, expected, unit, noise=0.0):
    """`noise`: the rounding error of a sum of the unit's largest numbers. LibreOffice rounds a
    difference within it of zero to exactly 0 (rtl::math::approxSub), where gpugap keeps the last
    bits (openai-commitments' payments_check: -0.000244 USD on $1.4T)."""
    if expected is None:  # never
        return cell == "never"
    if not isinstance(cell, (int, float)) or isinstance(cell, bool):
        return False
    value = cell * (100 if unit == "%" else 1)
    return close(value, expected) or (min(abs(value), abs(expected)) == 0
                                      and abs(value - expected) <= noise)


def rounding_noise(quantities):
    """Per unit, 1e-15 of the largest magnitude among the run's values in that unit."""
    largest = {}
    for q in quantities.values():
        value = q.get("value")
        values = value.values() if isinstance(value, dict) else [value]
        for v in values:
            if isinstance(v, (int, float)) and math.isfinite(v):
                largest[q["unit"]] = max(largest.get(q["unit"], 0.0), abs(v))
    return {unit: 1e-15 * v for unit, v in largest.items()}


def compare(path, quantities, label):
    """Every cell of both sheets against gpugap's JSON; returns the number of cells compared."""
    book = openpyxl.load_workbook(path, data_only=True)
    seen = set()
    count = 0
    noise = rounding_noise(quantities)
    for sheet in ("Inputs", "Results"):
        for name, unit, cells, r, row in rows(book, sheet):
            if name in seen:
                fail(f"{label}: {name} appears twice")
            seen.add(name)
            q = quantities.get(name)
            if q is None:
                fail(f"{label}: {sheet} row {r} '{name}' is not a quantity of gpugap's run")
                continue
            if unit != q["unit"]:
                fail(f"{label}: {name} has unit '{unit}', gpugap says '{q['unit']}'")
            value = q["value"]
            expected = {None: value} if not isinstance(value, dict) else \
                {int(y): v for y, v in value.items()}
            if set(cells) != set(expected):
                fail(f"{label}: {name} has cells for {sorted(cells, key=str)}, "
                     f"gpugap for {sorted(expected, key=str)}")
                continue
            for year, v in expected.items():
                count += 1
                if not same(cells[year], v, unit, noise.get(unit, 0.0)):
                    fail(f"{label}: {sheet}!{name}[{year}] is {cells[year]!r} in the "
                         f"recalculated workbook, gpugap gives {v!r} {unit}")
            if sheet == "Inputs" and q.get("uncertain") and not isinstance(value, dict):
                p5, p50, p95 = row["p5"], row["p50"], row["p95"]
                if p50 is not None:
                    count += 1
                    if not same(p50, value, unit) or not (p5 <= p50 <= p95):
                        fail(f"{label}: {name}'s p5/p50/p95 {p5}, {p50}, {p95} "
                             f"disagree with its median {value}")
    missing = set(quantities) - seen
    if missing:
        fail(f"{label}: not in the workbook: {sorted(missing)}")
    return count


SUFFIX = {"": 1, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "%": 1}
INTERVAL = re.compile(r"^([0-9.]+)([kMBT%]?) to ([0-9.]+)([kMBT%]?)$")


def check_intervals(path, quantities, label):
    """An input written "low to high" has exactly those ends as its p5 and p95."""
    book = openpyxl.load_workbook(path, data_only=True)
    checked = 0
    for name, unit, _, _, row in rows(book, "Inputs"):
        m = INTERVAL.match(quantities[name].get("formula", ""))
        if not m:
            continue
        low = float(m[1]) * SUFFIX[m[2]]
        high = float(m[3]) * SUFFIX[m[4]]
        factor = 100 if unit == "%" else 1
        checked += 1
        p5, p95 = row["p5"], row["p95"]
        if p5 is None or not close(p5 * factor, low) or not close(p95 * factor, high):
            fail(f"{label}: {name} = {m[0]} has p5 {p5} and p95 {p95}")
    return checked


def check_failure_keeps_file(work):
    """A failed export leaves the file it would have replaced as it was."""
    target = work / "kept.xlsx"
    target.write_text("as before")
    result = gpugap("export", "sequoia-2024", "-o", str(target), "--set", "end_user_margin=1/0")
    if result.returncode != 2 or target.read_text() != "as before":
        fail(f"a failed export changed {target} or returned {result.returncode}")
    if sorted(p.name for p in work.iterdir() if p.name.startswith(".")):
        fail("a failed export left a temporary file")


def formula_rows(path):
    """Names of the Results rows with Excel formulas, and of those written as values."""
    book = openpyxl.load_workbook(path)
    formulas, values = set(), set()
    for name, _, cells, _, _ in rows(book, "Results"):
        cell = next(iter(cells.values()))
        (formulas if isinstance(cell, str) and cell.startswith("=") else values).add(name)
    return formulas, values


def changed(a, b):
    if isinstance(a, dict):
        return any(changed(a[y], b[y]) for y in a)
    if a is None or b is None:
        return (a is None) != (b is None)
    return not close(a, b)


def change_an_input(name, source, target, base):
    """Scale one input of the workbook by 1.25 where only formulas depend on it; the --set that
    says the same to gpugap, or None when no input qualifies."""
    formulas, values = formula_rows(source)
    book = openpyxl.load_workbook(source)
    ws = book["Inputs"]
    for input_name, unit, cells, r, _ in rows(book, "Inputs"):
        cell = cells.get(None)
        if not isinstance(cell, (int, float)) or cell == 0:
            continue
        shown = base[input_name]["value"] * 1.25
        setting = f"{input_name}={shown!r}"
        after = run_json(name, [setting])
        if after is None:
            continue
        # Blocks and other value rows do not recompute in Excel: they must not move.
        if any(changed(base[v]["value"], after[v]["value"]) for v in values):
            continue
        if not any(changed(base[f]["value"], after[f]["value"]) for f in formulas):
            continue
        ws.cell(row=r, column=3).value = cell * 1.25
        book.save(target)
        return setting, after
    return None


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="gpugap-excel-test-"))
    try:
        (work / "in").mkdir()
        (work / "out").mkdir()
        (work / "profile" / "user").mkdir(parents=True)
        (work / "profile" / "user" / "registrymodifications.xcu").write_text(PROFILE)
        # Every bundled scenario, and a file of every formula form the export translates.
        names = sorted(p.stem for p in SCENARIOS.glob("*.toml"))
        names.append(str(pathlib.Path(__file__).parent / "excel_formulas.toml"))
        expected = {}
        recompute = 0
        for name in names:
            stem = pathlib.Path(name).stem
            path = work / "in" / f"{stem}.xlsx"
            result = gpugap("export", name, "-o", str(path))
            if result.returncode != 0:
                fail(f"gpugap export {name}: {result.stderr.strip()}")
                continue
            base = run_json(name)
            expected[path.name] = (base, stem)
            set_path = work / "in" / f"{stem}.set.xlsx"
            changed_input = change_an_input(name, path, set_path, base)
            if changed_input is not None:
                setting, after = changed_input
                expected[set_path.name] = (after, f"{stem} with --set {setting}")
                recompute += 1
            else:
                print(f"{stem}: no input moves only formula results; no recompute check")
        # One LibreOffice for every workbook: its start is slow.
        if shutil.which("soffice") is None:
            fail("soffice is missing: scripts/setup installs libreoffice-calc-nogui")
            return 1
        files = sorted(str(p) for p in (work / "in").glob("*.xlsx"))
        subprocess.run(["soffice", "--headless", "--norestore",
                        f"-env:UserInstallation=file://{work / 'profile'}",
                        "--convert-to", "xlsx", "--outdir", str(work / "out"), *files],
                       check=True, capture_output=True, timeout=900)
        cells = 0
        intervals = 0
        for file, (quantities, label) in sorted(expected.items()):
            out = work / "out" / file
            if not out.exists():
                fail(f"LibreOffice did not convert {file}")
                continue
            cells += compare(out, quantities, label)
            if not file.endswith(".set.xlsx"):
                intervals += check_intervals(out, quantities, label)
        if intervals == 0:
            fail("no input written 'low to high' had its p5 and p95 checked")
        check_failure_keeps_file(work)
        print(f"{len(names)} scenarios, {len(expected)} workbooks recalculated by LibreOffice, "
              f"{cells} cells compared, {recompute} with an input changed in the workbook, "
              f"{intervals} intervals' p5 and p95; "
              f"{len(failures)} failures")
        if len(names) == 0 or recompute < len(names) // 2:
            fail(f"only {recompute} of {len(names)} scenarios had their recompute checked")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
