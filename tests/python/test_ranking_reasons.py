"""A ranking says why (issue 17): the one ranking order is the core's, by grade, then total
(docs/contracts.md), so a region whose grade a condition decided can be listed below one with
a lower total; the command line's table, the HTML report, the notebook view and the results
workbook then name that condition beside it. The order itself is not changed here."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import qualityassess as qa
from _cli_helpers import main
from qualityassess import cli, excel, report
from qualityassess.display.html import ranking_rows, scheme_view
from qualityassess.display.ranking import grade_changed_by, grade_reason
from qualityassess.io import _cohort
from qualityassess.io.excel._print import text_width
from qualityassess.io.frame import ranked

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COUNTIES = EXAMPLES / "data" / "shili" / "counties-2019.json"
COUNTY_SCHEME = EXAMPLES / "schemes" / "shili-county-2019.json"

# The synthetic county sample's two regions whose grade a condition decided: 桐溪县 (90.20,
# an A by score) capped at B by a fatal incident, listed 6th below 湖汀区's 89.20 A; 澜浦市
# (77.90, a B by score) forced to D by a regional incident (a veto), listed below 黄塬县's
# 67.40 C.
CAPPED = "990104"
VETOED = "990305"
NAMES = {
    "en": {
        CAPPED: "A quality safety incident with deaths: cannot be graded A",
        VETOED: "Regional or systemic product quality safety incident (veto)",
    },
    "zh": {
        CAPPED: "发生造成人员死亡的质量安全事件的，不得评为 A 级",
        VETOED: "发生区域性、系统性产品质量安全事件（一票否决）",
    },
}


@pytest.fixture(scope="module")
def counties() -> qa.Results:
    scheme = qa.Scheme.load(COUNTY_SCHEME)
    document = json.loads(COUNTIES.read_text(encoding="utf-8"))
    return qa.assess_many(scheme, document["submissions"])


def test_the_sample_has_a_region_listed_below_a_lower_total(counties: qa.Results) -> None:
    order = [(r.region_code, r.total, r.grade) for _, r in ranked(counties)]
    codes = [code for code, _, _ in order]
    capped = codes.index(CAPPED)
    assert order[capped] == (CAPPED, 90.2, "B") and order[capped - 1][1:] == (89.2, "A")
    by_code = {r.region_code: r for r in counties}
    assert grade_changed_by(by_code[CAPPED]) == ["fatal_incident"]
    assert grade_changed_by(by_code[VETOED]) == ["systemic_incident"]
    assert sum(1 for r in counties if grade_changed_by(r)) == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_lines_ranking_names_the_condition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, counties: qa.Results, lang: str
) -> None:
    code, out, err = main(
        capsys, "--lang", lang, "grade", str(COUNTIES), "--scheme", str(COUNTY_SCHEME),
        "--out", str(tmp_path / "r.html"),
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].rstrip().endswith("等级调整原因" if lang == "zh" else "grade changed by")
    rows = {line.split()[1]: line for line in lines if re.match(r"\s*\d+\s+99\d{4}\s", line)}
    # The order is the core's, unchanged: only the reason is added.
    assert list(rows) == [r.region_code for _, r in ranked(counties)]
    assert rows[CAPPED].rstrip().endswith(f"A→B {NAMES[lang][CAPPED]}")
    assert rows[VETOED].rstrip().endswith(f"B→D {NAMES[lang][VETOED]}")
    others = [line for code, line in rows.items() if code not in (CAPPED, VETOED)]
    assert not [line for line in others if "→" in line]


def test_a_ranking_without_such_a_region_has_no_reason_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = main(
        capsys, "--lang", "en", "grade", str(EXAMPLES / "data" / "sample-2019.json"),
        "--out", str(tmp_path / "r.html"), "--out", str(tmp_path / "r.xlsx"),
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[1].split() == ["rank", "code", "region", "total", "grade", "veto"]
    assert 'class="reason"' not in (tmp_path / "r.html").read_text(encoding="utf-8")
    ranking = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert [c.value for c in ranking[1]][-2:] == ["Veto", "Findings"]


def _reason_cells(page: str) -> dict[str, str]:
    """Region code -> the text of its reason cell, in the report's ranking."""
    ranking = page[page.index('<section id="ranking">') : page.index("</table>")]
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", ranking, re.S):
        code = re.search(r'<td class="code">(\d+)</td>', row)
        reason = re.search(r'<td class="reason">(.*?)</td>', row, re.S)
        if code and reason:
            cells[code.group(1)] = reason.group(1).strip()
    return cells


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_reports_ranking_names_the_condition(counties: qa.Results, lang: str) -> None:
    page = report.render_report(counties, lang)
    head = page[page.index('<section id="ranking">') : page.index("</thead>")]
    assert ("等级调整原因" if lang == "zh" else "Grade changed by") in head
    cells = _reason_cells(page)
    assert len(cells) == 18
    # Beside the grade by score, which has its own column: the conditions' names alone.
    assert cells[CAPPED] == NAMES[lang][CAPPED]
    assert cells[VETOED] == NAMES[lang][VETOED]
    assert {code for code, text in cells.items() if text} == {CAPPED, VETOED}


def test_a_summarised_cohort_gives_the_same_reasons(counties: qa.Results) -> None:
    """Over the report's detail limit a cohort holds summaries, not results: they carry the
    conditions of the regions whose grade one decided, and only of those."""
    scheme = counties[0].scheme
    document = json.loads(COUNTIES.read_text(encoding="utf-8"))
    nodes = report.chart_nodes(scheme)
    cohort = _cohort.grade_cohort(scheme, document["submissions"], nodes=nodes, chunk=5)
    assert cohort.results is None
    names = scheme_view(scheme, "zh").conditions
    assert [grade_reason(s, names, "zh") for s in cohort.summaries] == [
        grade_reason(r, names, "zh") for r in counties
    ]
    assert sum(1 for s in cohort.summaries if s.conditions) == 2
    cut = report.render_report(cohort, "en", detail_limit=5)
    assert _reason_cells(cut)[CAPPED] == NAMES["en"][CAPPED]


def _workbook_ranking(path: Path) -> tuple[Any, list[Any], dict[str, Any]]:
    """The results workbook's ranking sheet, its headings and each region's last cell."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headings = [c.value for c in sheet[1]]
    last = {row[1]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    return sheet, headings, last


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_results_workbooks_ranking_names_the_condition(
    counties: qa.Results, tmp_path: Path, lang: str
) -> None:
    sheet, headings, reasons = _workbook_ranking(
        excel.write_results(counties, tmp_path / "results.xlsx", lang)
    )
    assert headings[-1] == ("等级调整原因" if lang == "zh" else "Grade changed by")
    assert list(reasons) == [r.region_code for _, r in ranked(counties)]  # the order unchanged
    # The grade by score has its own column, as in the report: the conditions' names alone.
    assert reasons[CAPPED] == NAMES[lang][CAPPED]
    assert reasons[VETOED] == NAMES[lang][VETOED]
    assert {code for code, text in reasons.items() if text} == {CAPPED, VETOED}
    # A heading like the others, a column as wide as its longest reason (up to 60, then
    # wrapping), inside the filter; the sheet, wider now, prints landscape one page wide.
    column = len(headings)
    heading, first = sheet.cell(row=1, column=column), sheet["A1"]
    looks = [
        (c.font.b, c.font.color.rgb, c.fill.fgColor.rgb, c.alignment.wrap_text)
        for c in (heading, first)
    ]
    assert looks[0] == looks[1]
    letter = get_column_letter(column)
    widest = max(text_width(NAMES[lang][code]) for code in (CAPPED, VETOED))
    assert sheet.column_dimensions[letter].width == min(60, widest + 2)
    wraps = {r[1].value: r[-1].alignment.wrap_text for r in sheet.iter_rows(min_row=2)}
    assert bool(wraps[VETOED]) == (text_width(NAMES[lang][VETOED]) + 2 > 60)
    assert sheet.auto_filter.ref == f"A1:{letter}{len(counties) + 1}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and int(sheet.page_setup.fitToWidth) == 1
    assert sheet.print_title_rows.replace("$", "") == "1:1"


def test_the_command_lines_results_workbook_names_the_condition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = main(
        capsys, "--lang", "zh", "grade", str(COUNTIES), "--scheme", str(COUNTY_SCHEME),
        "--out", str(tmp_path / "results.xlsx"),
    )  # fmt: skip
    assert code == 0, err
    _, headings, reasons = _workbook_ranking(tmp_path / "results.xlsx")
    assert headings[-1] == "等级调整原因"
    assert reasons[CAPPED] == NAMES["zh"][CAPPED] and reasons[VETOED] == NAMES["zh"][VETOED]


def test_the_notebook_view_names_the_condition(counties: qa.Results) -> None:
    with qa.option_context("lang", "en"):
        html = counties._repr_html_()
    assert "Grade changed by" in html and NAMES["en"][VETOED] in html
    view = scheme_view(counties[0].scheme, "en")
    reasons = {row["code"]: row["reason"] for row in ranking_rows(counties, view)}
    assert reasons[CAPPED] == NAMES["en"][CAPPED]


@dataclass
class _Graded:
    """A region's result as a ranking sees it (display.ranking.Graded)."""

    grade: str
    grade_before_conditions: str
    vetoed: bool = False
    conditions: list[qa.AppliedCondition] = field(default_factory=list)
    region_code: str = "1"
    region_name: str = "r"
    year: int = 2019
    total: float = 80.0
    rank: int | None = None
    finding_count: int = 0


def test_a_notice_is_not_a_reason_and_a_veto_always_is() -> None:
    def applied(name: str, effect: qa.ConditionEffect, veto: bool = False) -> qa.AppliedCondition:
        return qa.AppliedCondition(name, effect, veto, reason="", reason_zh="")

    notice = applied("misreporting", qa.ConditionEffect("notice"))
    cap = applied("cap", qa.ConditionEffect("cap_grade", grade="B"))
    lower = applied("lower", qa.ConditionEffect("downgrade", levels=1))
    veto = applied("veto", qa.ConditionEffect("force_grade", grade="D"), veto=True)
    names = {"cap": "capped", "lower": ""}
    capped = _Graded("B", "A", conditions=[notice, cap, lower])
    assert grade_changed_by(capped) == ["cap", "lower"]
    assert grade_reason(capped, names, "en") == "A→B capped; lower"  # unnamed: its id
    assert grade_reason(capped, names, "zh") == "A→B capped；lower"
    assert grade_reason(capped, names, "en", change=False) == "capped; lower"
    # A veto that leaves the grade as it was (a D forced to D) still decided it.
    assert grade_reason(_Graded("D", "D", vetoed=True, conditions=[veto]), {}, "en") == "veto"
    # A notice alone changes nothing: no reason, however many conditions applied.
    assert grade_reason(_Graded("B", "B", conditions=[notice]), names, "en") == ""


def _column(line: str, text: str) -> int:
    """Where ``text`` begins in ``line`` on a terminal (a Chinese character is two columns)."""
    before = line[: line.index(text)]
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)


def test_the_plain_ranking_keeps_its_columns_aligned(counties: qa.Results) -> None:
    lines = cli._ranking(counties, "en").splitlines()
    capped = next(line for line in lines if f" {CAPPED} " in line)
    assert _column(lines[0], "grade changed by") == _column(capped, "A→B")
