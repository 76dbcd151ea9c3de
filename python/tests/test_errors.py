"""Errors raise gpugap.ScenarioError with every diagnostic, printed as the CLI prints them."""

import pytest

import gpugap
from conftest import cli

BAD = """title = "two mistakes"
[quantities]
a = { value = "1 +", unit = "USD" }
b = { value = "nope * 2", unit = "USD" }
"""


def test_bad_scenario_has_located_diagnostics(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.load(str(path))
    error = caught.value
    assert len(error.diagnostics) >= 1
    first = error.diagnostics[0]
    assert first.file == str(path)
    assert first.line == 3 and first.column > 0
    assert first.message
    # Exactly what `gpugap run` prints to stderr.
    done = cli("run", str(path), check=False)
    assert done.returncode == 2
    assert error.text == done.stderr
    assert str(error) == done.stderr.rstrip("\n")


def test_every_diagnostic_is_kept(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD.replace('"1 +"', '"1"'))
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.load(str(path))
    lines = [d.line for d in caught.value.diagnostics]
    assert 4 in lines
    assert any("nope" in d.message for d in caught.value.diagnostics)


def test_text_is_located_by_its_path():
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.load("inline.toml", text=BAD)
    assert caught.value.diagnostics[0].file == "inline.toml"
    assert "inline.toml:3:" in str(caught.value)


def test_unknown_name_has_a_hint():
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.load("sequoia-2042")
    d = caught.value.diagnostics[0]
    assert d.file is None and d.line is None
    assert "did you mean" in d.hint
    assert caught.value.text == cli("run", "sequoia-2042", check=False).stderr


def test_bad_set_is_a_scenario_error():
    with pytest.raises(gpugap.ScenarioError) as caught:
        gpugap.load("sequoia-2024", set={"no_such_quantity": 1})
    assert "no_such_quantity" in str(caught.value)
    assert caught.value.text == cli("run", "sequoia-2024", "--set", "no_such_quantity=1",
                                    check=False).stderr


def test_too_many_samples_is_refused():
    s = gpugap.load("sequoia-2024-uncertain")
    with pytest.raises(gpugap.ScenarioError) as caught:
        s.run(samples=2 * 10**9)
    assert "10^9" in str(caught.value)


def test_unknown_quantity_is_a_key_error():
    s = gpugap.load("sequoia-2024")
    with pytest.raises(KeyError):
        s.run(only=["nope"])
