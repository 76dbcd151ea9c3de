"""docs/notebook.ipynb runs from top to bottom (python3-nbclient) and shows what it says."""

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_notebook_runs(root):
    notebook = nbformat.read(root / "docs" / "notebook.ipynb", as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(root)}})
    client.execute()  # the kernel inherits PYTHONPATH, so it imports this build's gpugap
    outputs = {}
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        text = ""
        for out in cell.outputs:
            assert out.output_type != "error", out
            text += out.get("text", "") + out.get("data", {}).get("text/plain", "")
        outputs[i] = text
    everything = "\n".join(outputs.values())
    assert "revenue gap: 500B USD" in everything  # Sequoia's $500B hole, recomputed
    assert "P(gap > $600B) = 0." in everything
    assert "end_user_margin" in everything  # the tornado's largest bar
    assert "fleet.spend" in everything
