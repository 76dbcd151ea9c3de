"""gpugap.ScenarioError: a scenario that does not load, compile or run."""

from typing import NamedTuple, Optional


class Diagnostic(NamedTuple):
    """One diagnostic, located in a scenario file when it can be (file, line and column)."""

    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: str
    hint: str


class ScenarioError(Exception):
    """Every diagnostic of a failed load or run; str() is what the CLI prints for them."""

    def __init__(self, text, diagnostics=()):
        super().__init__(text.rstrip("\n"))
        self.text = text
        self.diagnostics = [Diagnostic(*d) for d in diagnostics]

    def __str__(self):
        return self.text.rstrip("\n")


# Shown (in tracebacks) where users find them: gpugap.ScenarioError, gpugap.Diagnostic.
ScenarioError.__module__ = "gpugap"
Diagnostic.__module__ = "gpugap"
