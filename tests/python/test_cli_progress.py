"""The progress of `qualityassess grade` (issue 17): its bars count the regions (rows read,
regions assessed, regions written into the report), not the one file (0/1 → 1/1), and move
while a large cohort is assessed and as each sheet of a filled workbook is read; piped,
nothing is drawn."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa
from _cli_helpers import main, write_json
from qualityassess import _console, _core, excel
from qualityassess.io import _cohort
from qualityassess.io.excel import reader
from qualityassess.sample import load_sample, load_sample_table

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COUNTIES = EXAMPLES / "data" / "shili" / "counties-2019.json"
COUNTY_SCHEME = EXAMPLES / "schemes" / "shili-county-2019.json"


class _Stage(_console.Step):
    """A bar that records what it was told instead of drawing."""

    def __init__(self, description: str, total: int | None) -> None:
        self.description = description
        self.totals = [total]
        self.steps: list[int] = []
        # The bar's count as rich's column draws it after each change ("done/total", "?" for
        # a total not known yet), from its first frame on.
        self.frames = [f"0/{'?' if total is None else total}"]

    def __call__(self, done: int = 1) -> None:
        self.steps.append(done)
        self._frame()

    def total(self, total: int) -> None:
        self.totals.append(total)
        self._frame()

    def _frame(self) -> None:
        total = self.totals[-1]
        self.frames.append(f"{sum(self.steps)}/{'?' if total is None else total}")


@pytest.fixture
def stages(monkeypatch: pytest.MonkeyPatch) -> list[_Stage]:
    """Every bar the command opens, in order (``Output.stages`` recorded)."""
    opened: list[_Stage] = []

    @contextmanager
    def recorded(self: _console.Output) -> Iterator[Callable[[str, int | None], _Stage]]:
        def stage(description: str, total: int | None) -> _Stage:
            opened.append(_Stage(description, total))
            return opened[-1]

        yield stage

    monkeypatch.setattr(_console.Output, "stages", recorded)
    return opened


def _cohort_of(n: int) -> list[dict[str, Any]]:
    """``n`` submissions with distinct codes, drawn from the sample's."""
    sample = load_sample()["submissions"]
    documents = []
    for i in range(n):
        document = copy.deepcopy(sample[i % len(sample)])
        document["region"] = {"code": f"{500000 + i}", "name": f"合成县{i}"}
        document.pop("incidents", None)
        documents.append(document)
    return documents


def _filled_counties(path: Path) -> str:
    """The county sample as a filled workbook: one region sheet per county (18)."""
    document = json.loads(COUNTIES.read_text(encoding="utf-8"))
    scheme = qa.Scheme.load(COUNTY_SCHEME)
    return str(excel.write_template(scheme, path, submissions=document["submissions"]))


def _counted_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of regions of each call of the core's cohort assessment (of Submissions, or
    of dicts read in place)."""
    calls: list[int] = []

    def counting(name: str) -> None:
        assess: Callable[..., Any] = getattr(_core, name)

        def counted(scheme: Any, submissions: Any) -> Any:
            calls.append(len(submissions))
            return assess(scheme, submissions)

        monkeypatch.setattr(_core, name, counted)

    counting("assess_cohort")
    counting("assess_documents")
    return calls


# ---- the cohort assessed in steps a bar can show --------------------------------------------


def test_a_kept_cohort_is_assessed_in_steps_when_progress_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scheme = qa.Scheme.builtin("cn-2013")
    documents = _cohort_of(120)
    expected = qa.assess_many(scheme, documents)
    calls = _counted_calls(monkeypatch)
    steps: list[int] = []
    cohort = _cohort.grade_cohort(scheme, documents, keep=True, on_assessed=steps.append)
    # 120 regions in calls of at least PROGRESS_MIN_CHUNK: six steps of 20, each reported as
    # soon as it is assessed, before the next call.
    assert calls == [20] * 6 and steps == [20] * 6
    assert cohort.results is not None
    assert [r.to_dict() for r in cohort.results] == [r.to_dict() for r in expected]
    calls.clear()
    _cohort.grade_cohort(scheme, documents, keep=True)  # no bar: one call, as before
    assert calls == [120]


def test_a_large_cohort_moves_in_about_fifty_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    scheme = qa.Scheme.builtin("cn-2013")
    documents = _cohort_of(2_850)  # a national county cohort
    calls = _counted_calls(monkeypatch)
    steps: list[int] = []
    cohort = _cohort.grade_cohort(scheme, documents, on_assessed=steps.append)
    assert sum(steps) == len(cohort) == 2_850
    assert len(steps) == _cohort.PROGRESS_STEPS and max(calls) == 57  # ⌈2850 / 50⌉


def test_rank_grading_is_one_call_and_one_step(
    monkeypatch: pytest.MonkeyPatch, direct_scheme: Callable[..., Any]
) -> None:
    document = direct_scheme()
    document["id"] = "direct-rank"
    document["grading"] = {"method": "rank", "tiers": [{"grade": "A", "count": 2}, {"grade": "B"}]}
    scheme = qa.Scheme.from_dict(document)
    submissions = [
        {
            "region": {"code": f"{110000 + i * 10000}", "name": f"R{i}"},
            "year": 2019,
            "self_evaluation": {"score": 50.0 + i},
        }
        for i in range(30)
    ]
    calls = _counted_calls(monkeypatch)
    steps: list[int] = []
    _cohort.grade_cohort(scheme, submissions, on_assessed=steps.append)
    # The cohort is graded together, as the rules require: the bar moves once, by all of it.
    assert calls == [30] and steps == [30]


# ---- the command's bars ---------------------------------------------------------------------


def test_grade_counts_regions_read_assessed_and_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stages: list[_Stage]
) -> None:
    data = write_json(tmp_path / "cohort.json", {"submissions": _cohort_of(120)})
    code, _, err = main(capsys, "--lang", "en", "grade", data, "--out", str(tmp_path / "r.html"))
    assert code == 0, err
    assert [s.description for s in stages] == ["reading", "assessing", "report"]
    reading, assessing, writing = stages
    assert reading.totals == [None, 120] and reading.steps == [120]  # known once read
    assert assessing.totals == [120] and assessing.steps == [20] * 6
    assert writing.totals == [120] and writing.steps == [1] * 120  # one region's section each
    assert all(1 not in s.totals for s in stages)  # not the file, 0/1 → 1/1


def test_grade_of_a_table_counts_its_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stages: list[_Stage]
) -> None:
    frame, _ = load_sample_table()
    rows = []
    for copy_number in range(3):
        part = frame.copy()
        part["region"] = [f"{600000 + copy_number * 100 + i}" for i in range(len(part))]
        rows.append(part)
    table = tmp_path / "table.csv"
    pd.concat(rows).to_csv(table, index=False)
    code, _, err = main(
        capsys, "--lang", "zh", "grade", str(table), "--out", str(tmp_path / "r.html")
    )
    assert code == 0, err
    assert [s.description for s in stages] == ["读取", "评分", "生成报告"]
    reading, assessing, _ = stages
    assert reading.totals == [None, 93] and reading.steps == [93]
    assert assessing.totals == [93] and sum(assessing.steps) == 93 and len(assessing.steps) == 5


def test_reading_a_filled_workbook_moves_as_each_sheet_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = _filled_counties(tmp_path / "counties.xlsx")
    events: list[str] = []
    values = reader._Sheets.values

    def read(self: Any, title: str, *args: Any) -> Any:
        events.append("sheet")
        return values(self, title, *args)

    monkeypatch.setattr(reader._Sheets, "values", read)
    _, documents = reader._read_filled(
        path,
        COUNTY_SCHEME,
        on_regions=lambda n: events.append(f"of {n}"),
        on_region=lambda: events.append("step"),
    )
    assert len(documents) == 18
    # The count as soon as the metadata names the sheets, then a step after each sheet.
    assert events == ["of 18", *["sheet", "step"] * 18]


def test_grade_of_a_filled_workbook_counts_its_region_sheets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stages: list[_Stage]
) -> None:
    data = _filled_counties(tmp_path / "counties.xlsx")
    code, _, err = main(
        capsys, "--lang", "en", "grade", data, "--scheme", str(COUNTY_SCHEME),
        "--out", str(tmp_path / "r.html"),
    )  # fmt: skip
    assert code == 0, err
    reading, assessing, _ = stages
    assert reading.totals == [None, 18] and reading.steps == [1] * 18  # not one jump of 18
    assert assessing.totals == [18] and sum(assessing.steps) == 18


@pytest.mark.parametrize("lower_as", ["json", "xlsx"])
def test_grade_of_a_level_counts_both_levels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stages: list[_Stage], lower_as: str
) -> None:
    shili = EXAMPLES / "data" / "shili"
    lower = str(COUNTIES) if lower_as == "json" else _filled_counties(tmp_path / "c.xlsx")
    code, _, err = main(
        capsys, "--lang", "en", "grade", str(shili / "prefectures-2019.json"),
        "--scheme", str(EXAMPLES / "schemes" / "shili-prefecture-2019.json"),
        "--hierarchy", str(shili / "regions.json"), "--under", "990000",
        "--lower", lower, "--lower-scheme", str(COUNTY_SCHEME),
        "--out", str(tmp_path / "r.html"),
    )  # fmt: skip
    assert code == 0, err
    reading, assessing, _ = stages
    # The prefectures are read first; the bar opens once the counties' count is known too,
    # with both, so it never fills at 4/4 and then grows, nor shows 4/? meanwhile.
    assert reading.totals == [4 + 18]
    assert reading.steps == [4, *([18] if lower_as == "json" else [1] * 18)]
    assert assessing.totals == [22] and assessing.steps == [18, 4]  # the counties first
    for stage in stages:
        assert not any(frame.endswith("/?") for frame in stage.frames), stage.frames
    assert reading.frames[-1] == "22/22"


def test_grade_of_one_level_opens_its_bar_with_the_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stages: list[_Stage]
) -> None:
    shili = EXAMPLES / "data" / "shili"
    code, _, err = main(
        capsys, "--lang", "en", "grade", str(COUNTIES), "--scheme", str(COUNTY_SCHEME),
        "--hierarchy", str(shili / "regions.json"), "--out", str(tmp_path / "r.html"),
    )  # fmt: skip
    assert code == 0, err
    reading, assessing, _ = stages
    assert reading.totals == [18] and reading.steps == [18] and reading.frames == ["0/18", "18/18"]
    assert assessing.totals == [18]


# ---- on a terminal and piped ----------------------------------------------------------------


def _run(*args: str, terminal: bool) -> subprocess.CompletedProcess[str]:
    """The command in its own process; ``terminal``: rich told to draw as on a terminal."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    if terminal:
        env.update(FORCE_COLOR="1", COLUMNS="120")
    return subprocess.run(
        [sys.executable, "-m", "qualityassess", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
    )


@pytest.mark.parametrize("data_as", ["json", "xlsx"])
def test_the_terminal_bar_shows_regions_and_a_pipe_shows_none(tmp_path: Path, data_as: str) -> None:
    data = str(COUNTIES) if data_as == "json" else _filled_counties(tmp_path / "c.xlsx")
    args = ("--lang", "en", "grade", data, "--scheme", str(COUNTY_SCHEME))
    out = ("--out", str(tmp_path / "r.html"))
    terminal = _run(*args, *out, terminal=True)
    assert terminal.returncode == 0, terminal.stderr
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.stderr)
    # The last frame of each bar, as the terminal showed it before it was cleared.
    for stage in ("reading", "assessing", "report"):
        assert re.search(rf"{stage}\s+━+\s+18/18", drawn), drawn[-600:]
    assert not re.search(r"\b[01]/1\b", drawn)
    piped = _run(*args, *out, terminal=False)
    assert piped.returncode == 0 and piped.stderr == ""
    assert "\x1b[" not in piped.stdout and "━" not in piped.stdout


def test_the_terminal_bar_of_two_levels_never_shows_an_unknown_total(tmp_path: Path) -> None:
    shili = EXAMPLES / "data" / "shili"
    done = _run(
        "--lang", "en", "grade", str(shili / "prefectures-2019.json"),
        "--scheme", str(EXAMPLES / "schemes" / "shili-prefecture-2019.json"),
        "--hierarchy", str(shili / "regions.json"), "--under", "990000",
        "--lower", str(COUNTIES), "--lower-scheme", str(COUNTY_SCHEME),
        "--out", str(tmp_path / "r.html"),
        terminal=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", done.stderr)
    assert re.search(r"reading\s+━+\s+22/22", drawn), drawn[-600:]  # both levels' regions
    assert re.search(r"assessing\s+━+\s+22/22", drawn), drawn[-600:]
    assert "/?" not in drawn, drawn[-600:]


def test_a_stage_whose_total_is_not_known_yet_shows_its_count_not_a_question_mark() -> None:
    """Plain ``grade`` opens its reading bar before a large file's regions are counted: the
    bar shows how many are read so far, then done/total once the total is known."""
    import io

    from rich.console import Console

    output = _console.Output()
    screen = io.StringIO()
    output.err = Console(file=screen, force_terminal=True, width=100)
    with output.stages() as stage:
        step = stage("reading", None)
        step(3)
        output.err.file.write(_rendered(output))
        step.total(5)
        step(2)
        output.err.file.write(_rendered(output))
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "/?" not in drawn
    assert re.search(r"reading\s+\S*\s+3\b", drawn), drawn
    assert "5/5" in drawn, drawn


def _rendered(output: _console.Output) -> str:
    """What the live bar on ``output.err`` shows now, drawn once more into a string (rich keeps
    no public handle on the live display a Progress opened: its console's stack holds it)."""
    live = output.err._live_stack[-1]
    with output.err.capture() as captured:
        output.err.print(live.get_renderable())
    return captured.get()
