"""One set of grade labels in a report, and one language (issue 17): a grade is its badge (the
grade, A) with the scheme's label beside when the label says more (A 优秀), the same in the
ranking, the counts, each region's breakdown, the charts and the notebook views; the Chinese
report cites articles in Chinese and shows the note in Chinese when it has one."""

from __future__ import annotations

import html as html_module
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import qualityassess as qa
from qualityassess import report
from qualityassess.display.html import article_text, scheme_view

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "examples" / "data"


class _Grades(HTMLParser):
    """Each grade badge's text and the note beside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.badges: list[str] = []
        self.notes: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span" and "grade" in classes:
            self._in = "badge"
        elif tag == "span" and "grade-note" in classes:
            self._in = "note"

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "badge":
            self.badges.append(data)
        elif self._in == "note":
            self.notes.append(data)


def grades_in(html: str) -> _Grades:
    parser = _Grades()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def counties() -> qa.Results:
    document = json.loads((DATA / "shili" / "counties-2019.json").read_text(encoding="utf-8"))
    scheme = qa.Scheme.load(REPO / "examples" / "schemes" / "shili-county-2019.json")
    return qa.assess_many(scheme, document["submissions"])


@pytest.fixture(scope="module")
def provinces() -> qa.Results:
    document = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    return qa.assess_many("cn-2013", document["submissions"])


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("zh", {"A": "优秀", "B": "良好", "C": "合格", "D": "不合格"}),
     ("en", {"A": "Excellent", "B": "Good", "C": "Pass", "D": "Fail"})],
)  # fmt: skip
def test_county_report_shows_each_grade_one_way(
    counties: qa.Results, lang: str, labels: dict[str, str]
) -> None:
    html = report.render_report(counties, lang)
    found = grades_in(html)
    # Every badge is the grade; every label beside it is the scheme's label for that grade.
    assert set(found.badges) <= set(labels) and len(found.badges) > len(counties)
    assert set(found.notes) <= set(labels.values())
    pairs = re.findall(
        r'<span class="grade g\d">([^<]+)</span> <span class="grade-note">([^<]+)</span>', html
    )
    assert len(pairs) == len(found.badges)  # no badge without its label
    assert all(labels[grade] == note for grade, note in pairs)
    # No label shown as a badge (the old breakdown's 优秀 badge beside the ranking's A).
    assert not set(found.badges) & set(labels.values())
    # The charts name the grades the same way.
    assert f"A {labels['A']}" in html[html.index("<svg") :]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_label_that_repeats_the_grade_is_not_shown_twice(
    provinces: qa.Results, lang: str
) -> None:
    html = report.render_report(provinces, lang)
    found = grades_in(html)
    assert set(found.badges) == {"A", "B", "C", "D"} and found.notes == []
    assert "A级" not in html and "Grade A" not in html  # cn-2013's labels: "A级", "Grade A"


def test_grade_notes(provinces: qa.Results, counties: qa.Results) -> None:
    cn = scheme_view(provinces[0].scheme, "zh")
    assert [cn.grade_note(g) for g in cn.grades] == ["", "", "", ""]
    assert cn.grade_text("A") == "A"
    county = scheme_view(counties[0].scheme, "en")
    assert county.grade_text("D") == "D Fail"
    fire = qa.Scheme.load(REPO / "examples" / "schemes" / "fire-safety.json")
    view = scheme_view(fire, "zh")  # grades named by their label: 优秀 is 优秀
    assert [view.grade_text(g) for g in view.grades] == view.grades


def test_notebook_views_use_the_same_badges(counties: qa.Results) -> None:
    for html in (counties.to_html("zh"), counties[0].to_html("zh")):
        found = grades_in(html)
        assert found.badges and set(found.badges) <= {"A", "B", "C", "D"}
        assert set(found.notes) <= {"优秀", "良好", "合格", "不合格"} and found.notes


def test_articles_cited_in_the_reports_language(provinces: qa.Results) -> None:
    assert [article_text(f"Art. {n}", "zh") for n in (7, 8, 10, 12, 20, 21)] == [
        "第七条", "第八条", "第十条", "第十二条", "第二十条", "第二十一条",
    ]  # fmt: skip
    assert article_text("Art. 8", "en") == "Art. 8"
    zh = report.render_report(provinces, "zh")
    assert "Art." not in zh and "第八条" in zh and "第七条" in zh
    assert "Art. 8" in report.render_report(provinces[:1], "en")


def test_a_note_per_language(provinces: qa.Results) -> None:
    note = {"zh": "合成样例数据，非真实数据", "en": "SYNTHETIC SAMPLE"}
    zh = report.render_report(provinces[:2], "zh", note=note)
    en = report.render_report(provinces[:2], "en", note=note)
    assert "合成样例数据" in zh and "SYNTHETIC" not in zh
    assert "SYNTHETIC SAMPLE" in en and "合成样例数据" not in en
    # The shili samples' "about" is such a text.
    document = json.loads((DATA / "shili" / "counties-2019.json").read_text(encoding="utf-8"))
    shown = report.render_report(provinces[:1], "zh", note=document["about"])
    assert document["about"]["zh"] in shown and document["about"]["en"] not in shown


def _latin_words(html: str) -> set[str]:
    """Words in Latin letters a reader sees in a report's body, leaving out an id given in
    brackets after its Chinese name, as levels read 优秀 (excellent)."""
    body = re.sub(r"<svg.*?</svg>", "", html[html.index("<body") :], flags=re.S)
    visible = html_module.unescape(re.sub(r"<[^>]+>", " ", body))
    visible = re.sub(r"(?<=[\u4e00-\u9fff]) \([a-z_]+\)", "", visible)
    return set(re.findall(r"[A-Za-z][A-Za-z._]{2,}", visible))


def test_zh_report_chrome_has_no_english(provinces: qa.Results, counties: qa.Results) -> None:
    """Every word the report itself writes in the Chinese report is Chinese, the core's findings
    and reasons included (a point by its name, its id after it); what is left in Latin letters is
    data: the scheme's id and the program's name."""
    assert _latin_words(report.render_report(provinces, "zh")) <= {"cn-2013", "qualityassess"}
    county = _latin_words(report.render_report(counties, "zh"))
    assert county <= {"shili", "county", "qualityassess"}, county


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"), [("zh", "合成样例", "SYNTHETIC"), ("en", "SYNTHETIC", "合成样例")]
)
def test_a_data_files_note_in_two_languages_is_shown_in_the_reports(
    tmp_path: Path, sample_2019: dict, lang: str, shown: str, hidden: str
) -> None:
    """`grade` shows a data file's "about" given per language in the report's language."""
    from qualityassess.cli import main

    data = tmp_path / "data.json"
    document = {
        "about": {
            "zh": "合成样例：数据均为虚构。",
            "en": "SYNTHETIC sample: every value invented.",
        },
        "submissions": sample_2019["submissions"],
    }
    data.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["--lang", lang, "grade", str(data), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert shown in page and hidden not in page


@pytest.mark.parametrize(
    "name",
    ["sample-2019.json", "sample-2018.json", "fire-safety-2023.json", "shili/counties-2019.json"],
)
def test_every_bundled_samples_note_is_in_both_languages(name: str) -> None:
    about = json.loads((DATA / name).read_text(encoding="utf-8"))["about"]
    assert set(about) == {"zh", "en"}
    assert re.search(r"[\u4e00-\u9fff]", about["zh"]) and "SYNTHETIC" in about["en"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bundled_sample_graded_shows_its_note_in_the_reports_language(
    tmp_path: Path, lang: str
) -> None:
    from qualityassess.cli import main

    about = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))["about"]
    out = tmp_path / "report.html"
    assert main(["--lang", lang, "grade", str(DATA / "sample-2019.json"), "--out", str(out)]) == 0
    page = html_module.unescape(out.read_text(encoding="utf-8"))
    other = "en" if lang == "zh" else "zh"
    assert about[lang] in page and about[other] not in page
