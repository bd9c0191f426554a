"""The quickstart notebook runs from top to bottom (issue 4, item 4), and each of its sections
shows a result that its input moves (issue 17: its points change once showed "same 31" and an
empty frame)."""

from __future__ import annotations

import re
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
    assert "Total 89.80 of 100: Grade B" in outputs[8]
    _the_points_change_moves_totals_and_grades(outputs[10], outputs[11])
    # Tables and workbooks: the regions' grades as graded from the table and read back from
    # the workbook, not a bare True.
    assert re.search(r"620000\s+甘肃省\s+68\.3\s+C", outputs[13]), outputs[13]
    assert outputs[14].strip() == "{'A': 4, 'B': 22, 'C': 5, 'D': 0}"
    assert (tmp_path / "quickstart-output" / "report-2019.html").stat().st_size > 100_000
    assert not any(
        o.get("output_type") == "error" for c in notebook.cells for o in c.get("outputs", [])
    )


def _the_points_change_moves_totals_and_grades(counts: str, moved: str) -> None:
    """The development plan weighed 5 points instead of 3: four regions B -> A, and every
    region whose total moved listed with its delta (17 of 31, up and down)."""
    assert re.search(r"same\s+27\b", counts) and re.search(r"up\s+4\b", counts), counts
    rows = [line.split() for line in moved.splitlines() if re.match(r"\d{6}\s", line)]
    assert len(rows) == 17, moved
    deltas = [float(row[-1]) for row in rows]
    assert all(deltas) and min(deltas) < 0 < max(deltas), deltas
    assert sum(1 for row in rows if row[2:4] == ["B", "A"]) == 4, moved
