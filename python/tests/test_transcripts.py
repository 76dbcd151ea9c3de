"""The Python sessions in README.md and docs/python.md are real output: each ```pycon block is
run with doctest (from the repository's root, this build's gpugap) and must print what it shows.
(The `$ gpugap` transcripts are tests/readme_examples_test.sh's.)"""

import doctest
import os
import re

import pytest

BLOCK = re.compile(r"^```pycon\n(.*?)^```", re.M | re.S)


def blocks(path):
    return [m.group(1) for m in BLOCK.finditer(path.read_text())]


@pytest.mark.parametrize("document", ["README.md", "docs/python.md"])
def test_pycon_blocks_print_what_they_show(root, document, monkeypatch):
    found = blocks(root / document)
    assert found, f"no ```pycon block in {document}"
    monkeypatch.chdir(root)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = []
    for i, text in enumerate(found):
        test = parser.get_doctest(text, {}, f"{document}[{i}]", str(root / document), 0)
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
