"""The published HTML report and `qualityassess grade` (issue 4, items 3 and 5)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import qualityassess as qa
from qualityassess import cli, excel, report

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qualityassess", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def results() -> qa.Results:
    document = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    return qa.assess_many("cn-2013", document["submissions"])


def test_report_is_self_contained_and_complete(results: qa.Results) -> None:
    html = report.render_report(results, "zh", note="合成数据")
    assert html.startswith("<!DOCTYPE html>")
    # One file: no scripts, no style sheets, fonts or images from elsewhere.
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and not re.search(r"url\((?!#)", html)  # only url(#clip)
    # Links only within the page; pictures only inline (data: URIs in the SVG).
    assert not re.search(r"""(src|href)=["'](?!#|data:image/png;base64,)""", html)
    assert html.count("<svg") == 3  # grade distribution, dimensions, heatmap
    assert "<?xml" not in html
    assert html.count('<section class="region"') == 31
    assert "考核结果排名" in html and "湖北省" in html and "合成数据" in html
    assert "质量发展规划制定与实施" in html  # a leaf of the breakdown
    assert "考核结果运用" in html and "第八条" in html  # consequences with their article
    english = report.render_report(results, "en")
    assert "Ranking" in english and "Each region&#39;s breakdown" in english
    assert "Art. 8" in english


def test_every_user_string_is_escaped(make_submission: Any) -> None:
    evil = "<script>alert('x')</script>&"
    submission = make_submission(
        region={"code": "420000", "name": evil},
        incidents=[{"id": "<b>i</b>", "date": "2020-01-02", "scope": "regional", "summary": evil}],
    )
    html = report.render_report(qa.assess_many("cn-2013", [submission]), "en", note=evil)
    assert "<script>" not in html and "<b>i</b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;" in html


def test_write_report_replaces_the_file_only_when_done(
    tmp_path: Path, results: qa.Results, monkeypatch: Any
) -> None:
    path = tmp_path / "report.html"
    path.write_text("old", encoding="utf-8")

    def broken(*args: Any, **kwargs: Any) -> Iterator[str]:
        yield "<!DOCTYPE html>"  # written already when rendering fails half-way
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(report, "report_chunks", broken)
    with pytest.raises(RuntimeError):
        report.write_report(results, path)
    assert path.read_text(encoding="utf-8") == "old"
    monkeypatch.undo()
    report.write_report(results, path, "en")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_language_is_checked(results: qa.Results) -> None:
    with pytest.raises(qa.InputError, match="'fr' is not a language"):
        report.render_report(results, "fr")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh)")
def test_report_renders_in_headless_chromium(tmp_path: Path, results: qa.Results) -> None:
    path = report.write_report(results, tmp_path / "report.html", "zh")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    flags += ["--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'p'}"]
    dom = subprocess.run(
        [str(CHROMIUM), *flags, "--dump-dom", path.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    # After rendering: the ranking table with every region, the three charts, the sections.
    assert dom.count("<svg") == 3
    ranking = dom[dom.index('<table class="ranking">') : dom.index("</table>")]
    assert ranking.count("<tr>") == 32  # header and 31 regions
    assert "广东省" in ranking and "<text" in dom
    assert dom.count('class="region"') == 31
    shot = tmp_path / "report.png"
    subprocess.run(
        [str(CHROMIUM), *flags, f"--screenshot={shot}", "--window-size=1200,1600", path.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1600)


def test_cli_grade_json_sample(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    xlsx = tmp_path / "results.xlsx"
    done = run(
        "--lang", "en", "grade", str(DATA / "sample-2019.json"), "--out", str(out),
        "--out", str(xlsx),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "A: 4  B: 22  C: 5  D: 0" in done.stdout
    assert f"report written to {out}" in done.stdout
    assert "\x1b[" not in done.stdout and "━" not in done.stdout  # plain when piped
    assert done.stderr == ""
    html = out.read_text(encoding="utf-8")
    assert "SYNTHETIC SAMPLE" in html and "Ranking" in html
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "Ranking"


def test_cli_grade_csv_and_xlsx_give_the_json_grades(tmp_path: Path) -> None:
    csv = run(
        "--lang", "en", "grade", str(DATA / "sample-2019.csv"), "--incidents",
        str(DATA / "sample-2019-incidents.csv"), "--out", str(tmp_path / "csv.html"),
    )  # fmt: skip
    assert csv.returncode == 0, csv.stderr
    assert "A: 4  B: 22  C: 5  D: 0" in csv.stdout
    document = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    path = excel.write_template(
        "cn-2013", tmp_path / "filled.xlsx", submissions=document["submissions"]
    )
    xlsx = run("grade", str(path), "--out", str(tmp_path / "xlsx.html"))
    assert xlsx.returncode == 0, xlsx.stderr
    assert "A: 4  B: 22  C: 5  D: 0" in xlsx.stdout
    assert "考核结果排名" in (tmp_path / "xlsx.html").read_text(encoding="utf-8")


def test_cli_grade_names_every_bad_cell(tmp_path: Path) -> None:
    import pandas as pd

    table = pd.read_csv(DATA / "sample-2019.csv", dtype={"region": str})
    table.loc[2, "development_plan.self"] = "superb"  # line 4 of the file: 130000
    table.loc[4, "manufacturing_pass_rate.verified"] = 101  # line 6: 150000
    path = tmp_path / "bad.csv"
    table.to_csv(path, index=False)
    done = run("--lang", "en", "grade", str(path), "--out", str(tmp_path / "r.html"))
    assert done.returncode == cli.EXIT_INVALID
    assert done.stderr.strip().splitlines() == [
        f"qualityassess: {path}: invalid data, 2 problem(s):",
        f"{path}: row 4 (130000), column 'development_plan.self': 'superb' is not a level of "
        "development_plan (excellent, good, fair, poor, none)",
        f"{path}: row 6 (150000), column 'manufacturing_pass_rate.verified': must be in "
        "[0, 100], not 101",
    ]
    assert not (tmp_path / "r.html").exists()


def test_cli_grade_file_errors(tmp_path: Path) -> None:
    missing = run("grade", str(tmp_path / "none.csv"))
    assert missing.returncode == cli.EXIT_FILE and "无法读取" in missing.stderr  # (--lang zh)
    missing_en = run("--lang", "en", "grade", str(tmp_path / "none.csv"))
    assert missing_en.returncode == cli.EXIT_FILE and "cannot read" in missing_en.stderr
    missing_xlsx = run("grade", str(tmp_path / "none.xlsx"))
    assert missing_xlsx.returncode == cli.EXIT_FILE
    unwritable = run(
        "grade", str(DATA / "sample-2019.json"), "--out", str(tmp_path / "no" / "dir" / "x.html")
    )
    assert unwritable.returncode == 0  # folders are created
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    failed = run("grade", str(DATA / "sample-2019.json"), "--out", str(blocked / "x.html"))
    assert failed.returncode == cli.EXIT_FILE and "无法写入" in failed.stderr
    failed_en = run(
        "--lang", "en", "grade", str(DATA / "sample-2019.json"), "--out", str(blocked / "x.html")
    )
    assert failed_en.returncode == cli.EXIT_FILE and "cannot write" in failed_en.stderr


def test_rich_tables_on_a_terminal(tmp_path: Path) -> None:
    terminal = {"FORCE_COLOR": "1", "COLUMNS": "120"}
    schemes = run("--lang", "en", "schemes", env=terminal)
    assert schemes.returncode == 0
    assert "┃" in schemes.stdout and "cn-2013" in schemes.stdout
    demo = run("demo", "--out", str(tmp_path / "d.json"), env=terminal)
    assert "广东省" in demo.stdout and "━" in demo.stdout
    plain = run("--lang", "en", "schemes")
    assert plain.stdout.startswith("cn-2013\tQuality Work Assessment")
    graded = run(
        "--lang", "en", "grade", str(DATA / "sample-2019.json"), "--out", str(tmp_path / "r.html"),
        env=terminal,
    )  # fmt: skip
    assert graded.returncode == 0
    assert "┃" in graded.stdout and "report written to" in graded.stdout
    assert "assessing" in graded.stderr and "report" in graded.stderr  # progress bars
