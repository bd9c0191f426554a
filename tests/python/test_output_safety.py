"""What a region writes into its file is shown to others: in the published HTML report, in
notebooks and in spreadsheets (issue 6). Names, summaries and scheme texts that look like markup
or formulas must stay text: no script runs in a reader's browser, no formula in a reader's
spreadsheet. (Campaign files altered or from another version: test_campaign.py.)"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import qualityassess as qa
from qualityassess import _core, excel, report

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    '=HYPERLINK("http://example.invalid/?"&A1, "click")',
    "=1+1",
    "@SUM(A1:A9)",
    "+1",
    "-1",
    "\t=cmd",
    "{{ 7*7 }}",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Names are one line (a tab or a line break in one is refused where it is read:
# test_text_outputs.py); free text such as summaries and evidence may hold them.
HOSTILE_NAMES = [text for text in HOSTILE if not _core.single_line_problem(text)]


def _name(text: str) -> str:
    return text if text in HOSTILE_NAMES else text.replace("\t", "")


def hostile_cohort(make_submission: Any) -> list[dict[str, Any]]:
    cohort = []
    for index, text in enumerate(HOSTILE):
        cohort.append(
            make_submission(
                region={"code": f"{index + 1:02d}0000", "name": _name(text)},
                incidents=[
                    {
                        "id": _name(text),
                        "date": "2020-01-02",
                        "scope": "regional" if index % 2 else "local",
                        "summary": text,
                        "evidence": text,
                        "reported_in_self_evaluation": bool(index % 3),
                    }
                ],
                verification={"development_plan": "poor"},
                evidence={"development_plan": text},
            )
        )
    return cohort


def hostile_scheme(cn2013: qa.Scheme) -> qa.Scheme:
    """cn-2013 with its names replaced by hostile text (a scheme file comes from outside too)."""
    document = cn2013.to_dict()
    document["name"] = {"zh": HOSTILE[0], "en": HOSTILE[1]}

    def rename(nodes: list[dict[str, Any]], depth: int) -> None:
        for index, node in enumerate(nodes):
            text = HOSTILE_NAMES[(index + depth) % len(HOSTILE_NAMES)]
            node["name"] = {"zh": text, "en": text}
            rename(node.get("children", []), depth + 1)

    rename(document["nodes"], 0)
    return qa.Scheme.from_dict(document)


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    handle_startendtag = handle_starttag


def assert_no_live_markup(html: str) -> None:
    """No hostile text became an element or an attribute: it is all text nodes."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not [name for name, _ in parser.attributes if name.startswith("on")]
    for _, value in parser.attributes:
        assert not value or not any(text in value for text in HOSTILE[:3])


@pytest.fixture
def results(cn2013: qa.Scheme, make_submission: Any) -> qa.Results:
    scheme = hostile_scheme(cn2013)
    cohort = [{**s, "scheme": scheme.id} for s in hostile_cohort(make_submission)]
    return qa.assess_many(scheme, cohort)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_shows_hostile_text_as_text(results: qa.Results, lang: str) -> None:
    html = report.render_report(results, lang, note=HOSTILE[0])
    assert_no_live_markup(html)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*7 }}" in html  # not evaluated as a template


def test_notebook_views_show_hostile_text_as_text(results: qa.Results) -> None:
    for html in (
        results.to_html("zh"),
        results.to_html("en"),
        results[0].to_html("en"),
        results[1].to_html("zh"),
        results[0].scheme.to_html("en"),
        results[0].scheme._repr_html_(),
    ):
        assert_no_live_markup(html)


def _cells(path: Path) -> list[Any]:
    workbook = openpyxl.load_workbook(path)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formulas(path: Path, expected_texts: list[str]) -> None:
    cells = _cells(path)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert formulas == [], formulas
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for text in expected_texts:
        assert any(text in value for value in texts), text
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            assert cell.data_type == "s", cell.coordinate


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_workbook_keeps_hostile_text_as_text(
    results: qa.Results, tmp_path: Path, lang: str
) -> None:
    path = excel.write_results(results, tmp_path / "results.xlsx", lang)
    _assert_no_formulas(path, [t for t in HOSTILE if not t.startswith("\t")])


def test_the_template_keeps_hostile_region_and_scheme_names_as_text(
    cn2013: qa.Scheme, tmp_path: Path
) -> None:
    scheme = hostile_scheme(cn2013)
    regions = [(f"{i + 1:02d}0000", text) for i, text in enumerate(HOSTILE_NAMES)]
    path = excel.write_template(scheme, tmp_path / "template.xlsx", regions=regions, year=2019)
    _assert_no_formulas(path, ["=1+1", "@SUM(A1:A9)", "=HYPERLINK("])
    # Read back unchanged: the names are the regions' own, not escaped or prefixed.
    submissions = excel.read_submissions(path, scheme)
    assert [s["region"]["name"] for s in submissions] == HOSTILE_NAMES


def test_the_cli_report_and_workbook_from_a_hostile_file(
    make_submission: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from qualityassess.cli import main

    data = tmp_path / "cohort.json"
    data.write_text(json.dumps(hostile_cohort(make_submission)), encoding="utf-8")
    out, book = tmp_path / "report.html", tmp_path / "results.xlsx"
    assert main(["--lang", "en", "grade", str(data), "--out", str(out), "--out", str(book)]) == 0
    assert_no_live_markup(out.read_text(encoding="utf-8"))
    _assert_no_formulas(book, ["=1+1", "+1", "-1"])
    printed = capsys.readouterr().out
    assert "<script>alert('x')</script>" in printed  # the terminal shows the text as it is
