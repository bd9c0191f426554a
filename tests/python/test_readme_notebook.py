"""The README's notebook session runs as written (issue 14: the sessions, in the one
vocabulary, run as tests), and what its comments say it gives is what it gives."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks(heading: str) -> list[str]:
    """The Python blocks of a README section, up to the next heading."""
    text = README.read_text(encoding="utf-8")
    start = text.index(heading) + len(heading)
    end = re.search(r"^#+ ", text[start:], re.M)
    section = text[start : start + end.start()] if end else text[start:]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    return [b for b in blocks if not b.startswith(">>>")]  # (a transcript of errors: not run)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import os

    (block,) = python_blocks("## A notebook session")
    folder = tmp_path_factory.mktemp("readme")
    namespace: dict[str, Any] = {}
    here = Path.cwd()
    os.chdir(folder)
    try:
        exec(block, namespace)
    finally:
        os.chdir(here)
    namespace["folder"] = folder
    return namespace


def test_the_notebook_session_runs_and_gives_what_it_says(session: dict[str, Any]) -> None:
    result, results = session["result"], session["results"]
    assert (result.total, result.grade, result.vetoed) == (14.7, "D", False)
    assert results.grade_counts() == {"A": 4, "B": 22, "C": 5, "D": 0}
    assert type(results[:5]).__name__ == "Results"
    ranking = results.ranking()
    assert list(ranking.columns) == ["rank", "name", "total", "grade", "vetoed"]
    graded = session["graded"]
    assert graded.index.name == "region"
    assert list(graded.columns[:4]) == ["name", "year", "total", "grade"]
    assert set(graded[graded["grade"] <= "B"]["grade"]) == {"A", "B"}
    change = session["change"]
    assert isinstance(change.columns, pd.MultiIndex)
    up = change[change["change"] == "up"]
    assert len(up) == 5 and set(up["grade", "after"]) == {"A"}  # "five regions B -> A"
    for name in ("2019.xlsx", "results-2019.xlsx", "report-2019.html"):
        assert (session["folder"] / name).is_file()


def test_the_plots_block_runs(session: dict[str, Any]) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    (block,) = python_blocks("### Plots and the notebook's language")
    namespace = dict(session)
    import qualityassess as qa

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # no CJK font on a test machine, maybe
            exec(block.replace("n=1000", "n=20").replace("n=256", "n=16"), namespace)
        assert qa.get_option("lang") == "en"  # as the block's comment says
    finally:
        qa.reset_option("lang")  # (the block sets it for the whole process)
    assert namespace["u"].grades.index.name == "region"
    assert namespace["s"].indices.index.name == "group"
