"""The quickstart notebook runs from top to bottom (issue 4, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "quickstart.ipynb"


@pytest.fixture
def jupyter_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    # jupyter_core warns (DeprecationWarning) until the platformdirs layout is chosen.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")


def test_quickstart_notebook_executes(tmp_path: Path, jupyter_paths: None) -> None:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # "python3" is ipykernel's own kernel: jupyter_client starts it with this interpreter.
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    outputs = {
        index: "".join(
            str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            for output in cell.get("outputs", [])
        )
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    }
    html = [
        output["data"]["text/html"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    assert any(h.startswith('<div class="qa qa-scheme">') for h in html)
    assert any(h.startswith('<div class="qa qa-result">') and "湖北省" in h for h in html)
    assert "{'A': 4, 'B': 22, 'C': 5, 'D': 0}" in outputs[3]
    assert "湖北省 (420000), assessment year 2019" in outputs[8]
    assert outputs[13].strip() == "True" and outputs[14].strip() == "True"
    assert (tmp_path / "quickstart-output" / "report-2019.html").stat().st_size > 100_000
    assert not any(
        o.get("output_type") == "error" for c in notebook.cells for o in c.get("outputs", [])
    )
