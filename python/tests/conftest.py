"""Shared by the Python tests: the CLI of the same build (GPUGAP_BIN, set by ctest) to compare
with, and the repository's paths."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def gpugap_bin():
    return os.environ.get("GPUGAP_BIN", str(ROOT / "build" / "gpugap"))


def cli(*args, check=True):
    """Runs the CLI; returns the CompletedProcess (text)."""
    done = subprocess.run([gpugap_bin(), *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"gpugap {' '.join(args)} failed:\n{done.stderr}")
    return done


def cli_json(*args):
    return json.loads(cli("run", *args, "--format", "json").stdout)


@pytest.fixture
def root():
    return ROOT
