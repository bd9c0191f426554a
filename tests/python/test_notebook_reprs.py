"""Notebook views (issue 17, part 3): one language for the text and HTML reprs (the ``lang``
option), reprs that survive JupyterLab's and the classic notebook's table CSS and dark themes,
HTML reprs of the analyses, and ``progress=True`` without ipywidgets."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import qualityassess as qa
from qualityassess import _progress
from qualityassess.analysis import Sensitivity, Uncertainty
from qualityassess.options import OptionError


@pytest.fixture(autouse=True)
def _default_lang() -> Iterator[None]:
    yield
    qa.reset_option("lang")


@pytest.fixture(scope="module")
def results(sample_2019: dict[str, Any]) -> qa.Results:
    return qa.assess_many("cn-2013", sample_2019["submissions"])


def _frame(scheme: qa.Scheme, n: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(9)
    columns: dict[str, Any] = {"region": [f"R{i}" for i in range(n)]}
    for leaf in scheme.leaf_ids[:3]:
        target = rng.uniform(88, 98, n).round(1)
        columns[f"{leaf}.target"] = target
        columns[f"{leaf}.self"] = (target + rng.uniform(-4, 2, n)).clip(0, 100).round(1)
    for leaf in scheme.leaf_ids[3:]:
        columns[f"{leaf}.self"] = rng.choice(["excellent", "good", "fair"], n)
    return pd.DataFrame(columns).set_index("region", drop=False)


@pytest.fixture(scope="module")
def frame(cn2013: qa.Scheme) -> pd.DataFrame:
    return _frame(cn2013)


@pytest.fixture(scope="module")
def analyses(cn2013: qa.Scheme, frame: pd.DataFrame) -> tuple[Uncertainty, Sensitivity]:
    vary = {"points": 0.15, "thresholds": 2.0}
    u = qa.uncertainty(cn2013, frame, n=100, seed=2, vary=vary, year=2019)
    s = qa.sensitivity(cn2013, frame, n=32, seed=2, vary=vary, year=2019, bootstrap=20)
    return u, s


# ---- the lang option ---------------------------------------------------------------------


def test_lang_option_defaults_to_chinese_and_can_be_set() -> None:
    assert qa.get_option("lang") == "zh"
    qa.set_option("lang", "en")
    assert qa.get_option("lang") == "en"
    with qa.option_context("lang", "zh"):
        assert qa.get_option("lang") == "zh"
    assert qa.get_option("lang") == "en"
    qa.reset_option("lang")
    assert qa.get_option("lang") == "zh"


def test_a_misspelt_option_is_named_with_the_known_ones() -> None:
    with pytest.raises(OptionError, match=r"unknown option 'lnag'; did you mean 'lang'\?") as info:
        qa.set_option("lnag", "en")
    assert "known options: 'lang'" in str(info.value)
    assert isinstance(info.value, KeyError)
    with pytest.raises(KeyError, match="'colour'"):
        qa.get_option("colour")
    with pytest.raises(KeyError, match="'langs'"):
        qa.option_context("langs", "en").__enter__()
    assert qa.get_option("lang") == "zh"


def test_a_bad_language_is_refused_and_the_option_kept() -> None:
    with pytest.raises(qa.InputError, match="'fr' is not a language"):
        qa.set_option("lang", "fr")
    with pytest.raises(qa.InputError, match="not a language"):
        qa.set_option("lang", None)
    assert qa.get_option("lang") == "zh"


# ---- text and HTML reprs in one language -------------------------------------------------


def test_result_reprs_speak_the_same_language(results: qa.Results) -> None:
    result = results[0]
    assert repr(result) == "<Result 110000 北京市 2019年度: 89.90分 -> B>"
    assert str(result) == repr(result)
    html = result._repr_html_()
    assert "总分" in html and "考核内容" in html and ">Total<" not in html
    qa.set_option("lang", "en")
    assert repr(result) == "<Result 110000 北京市 2019: 89.90 -> B>"
    html = result._repr_html_()
    assert "<strong>Total 89.90</strong>" in html and "考核内容" not in html
    assert "Quality targets" in html
    assert result.to_html("zh") != html  # an explicit language still wins


def test_results_reprs_speak_the_same_language(results: qa.Results) -> None:
    assert "31个地区" in repr(results) and "名次" in results._repr_html_()
    with qa.option_context("lang", "en"):
        assert repr(results).startswith("<Results of 31 regions")
        html = results._repr_html_()
        assert ">Rank<" in html and "名次" not in html
    assert "个地区" in qa.Results()._repr_html_()


def test_scheme_html_repr_follows_the_option(cn2013: qa.Scheme) -> None:
    html = cn2013._repr_html_()
    assert ">考核内容<" in html and ">Indicator<" not in html
    with qa.option_context("lang", "en"):
        english = cn2013._repr_html_()
        assert ">Indicator<" in english and "考核内容" not in english
        assert cn2013.to_html("zh") == html  # an explicit language still wins
    assert cn2013.to_html() == html


def test_scheme_text_repr_follows_the_option(cn2013: qa.Scheme) -> None:
    assert repr(cn2013) == (
        "<Scheme 'cn-2013' 质量工作考核（国办发〔2013〕47号）: 21个要点，满分100分>"
    )
    with qa.option_context("lang", "en"):
        assert repr(cn2013) == (
            "<Scheme 'cn-2013' Quality Work Assessment (Guo Ban Fa [2013] No. 47): "
            "21 points, max 100>"
        )


def test_scheme_diff_reprs_follow_the_option(cn2013: qa.Scheme) -> None:
    lenient = cn2013.to_dict()
    lenient["id"], lenient["grading"]["bands"][0]["min"] = "cn-2013-lenient", 85
    changes = qa.diff(cn2013, qa.Scheme.from_dict(lenient))
    assert str(changes).startswith("cn-2013 → cn-2013-lenient: 共 2 处差异")
    assert "原值" in changes._repr_html_()
    with qa.option_context("lang", "en"):
        assert str(changes).startswith("cn-2013 → cn-2013-lenient: 2 change(s)")
        html = changes._repr_html_()
        assert ">before<" in html and "原值" not in html
        assert changes.text("zh").startswith("cn-2013 → cn-2013-lenient: 共 2 处差异")
    assert changes.to_html() == changes.to_html("zh")


def test_uncertainty_reprs(analyses: tuple[Uncertainty, Sensitivity]) -> None:
    u, _ = analyses
    text = repr(u)
    assert text.startswith("<Uncertainty 8个地区：重复100次（随机种子2）")
    assert "分值 ±15%" in text and "等级分数线 ±2分" in text and "最不稳定" in text
    html = u._repr_html_()
    assert html.startswith('<div class="qa qa-uncertainty">')
    assert "不确定性分析" in html and "保持原等级的概率" in html
    assert html.count("<tr>") == 1 + len(u.grades)
    # Regions in the order of their rank as assessed.
    order = u.rank.sort_values("baseline", kind="stable").index.tolist()
    cells = re.findall(r"<td>(R\d)</td>", html)
    assert cells == order
    qa.set_option("lang", "en")
    assert repr(u).startswith("<Uncertainty of 8 regions: 100 replications (seed 2)")
    assert "points ±15%, grade thresholds ±2 points" in repr(u)
    english = u._repr_html_()
    assert "Uncertainty analysis" in english and "P(grade held)" in english
    assert "不确定性" not in english


def test_uncertainty_repr_lists_at_most_a_hundred_regions(cn2013: qa.Scheme) -> None:
    u = qa.uncertainty(cn2013, _frame(cn2013, 105), n=10, seed=1, year=2019)
    html = u.to_html("en")
    assert html.count("<tr>") == 101
    assert "the first 100 of 105 regions are shown; summary() has them all" in html


def test_sensitivity_reprs(analyses: tuple[Uncertainty, Sensitivity]) -> None:
    _, s = analyses
    assert repr(s).startswith("<Sensitivity 名次平均变动的敏感性：32个基础样本（随机种子2）")
    assert "总效应指数：分值 " in repr(s)
    html = s._repr_html_()
    assert html.startswith('<div class="qa qa-sensitivity">')
    assert "一阶指数" in html and "总效应指数" in html and "95%区间" in html
    assert html.count("<tr>") == 1 + len(s.groups)
    with qa.option_context("lang", "en"):
        assert "Sensitivity of the mean rank shift: 32 base samples" in repr(s)
        english = s._repr_html_()
        assert "First-order index" in english and ">grade thresholds<" in english


# ---- robust to notebook CSS and dark themes --------------------------------------------------


def _views(
    results: qa.Results, analyses: tuple[Uncertainty, Sensitivity], cn2013: qa.Scheme
) -> dict[str, str]:
    u, s = analyses
    return {
        "scheme": cn2013._repr_html_(),
        "result": results[0]._repr_html_(),
        "results": results._repr_html_(),
        "uncertainty": u._repr_html_(),
        "sensitivity": s._repr_html_(),
    }


def test_reprs_use_the_themes_variables(
    results: qa.Results, analyses: tuple[Uncertainty, Sensitivity], cn2013: qa.Scheme
) -> None:
    for name, html in _views(results, analyses, cn2013).items():
        style = html[html.index("<style>") : html.index("</style>")]
        for variable in (
            "var(--jp-content-font-color1, inherit)",
            "var(--jp-layout-color0, transparent)",
            "var(--jp-layout-color2,",
            "var(--jp-border-color2,",
        ):
            assert variable in style, (name, variable)
        # The notebook's rules come after the report's (and so win over its colours).
        assert style.index("--jp-content-font-color1") > style.index(".qa { font-family"), name
        # Every table carries a class: the scoped rules (div.qa table[class] td) apply to it.
        assert not re.search(r"<table(?![^>]*class=)", html), name


def test_reprs_outrank_jupyterlabs_table_rules(
    results: qa.Results, analyses: tuple[Uncertainty, Sensitivity], cn2013: qa.Scheme
) -> None:
    html = results[0]._repr_html_()
    style = html[html.index("<style>") : html.index("</style>")]
    # JupyterLab: ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td { text-align: right }"
    # (specificity 0,2,1); ours: div.qa table[class] td (0,2,3), left.
    rule = re.search(r"div\.qa table\[class\] th, div\.qa table\[class\] td \{([^}]*)\}", style)
    assert rule is not None and "text-align: left" in rule.group(1)
    assert re.search(r"div\.qa table\[class\] \{[^}]*table-layout: auto", style)
    assert re.search(r"div\.qa table\[class\] \{[^}]*margin-left: 0", style)


def test_tree_rows_are_left_aligned_and_indented_by_padding(
    results: qa.Results, cn2013: qa.Scheme
) -> None:
    for html in (results[0]._repr_html_(), cn2013._repr_html_()):
        first_cells = re.findall(
            r'<tr class="(?:leaf|branch)">\s*<td style="([^"]*)">([^<]*)', html
        )
        assert len(first_cells) >= 28
        paddings = set()
        for style, text in first_cells:
            assert style.startswith("text-align: left; padding-left: ")
            paddings.add(float(re.findall(r"padding-left: ([\d.]+)em", style)[0]))
            assert text == text.lstrip() and "&nbsp;" not in text  # no leading spaces
        assert len(paddings) >= 2  # depth shows as padding


def test_reprs_do_not_hard_code_dark_text_in_the_notebook_rules(
    results: qa.Results, analyses: tuple[Uncertainty, Sensitivity], cn2013: qa.Scheme
) -> None:
    html = results._repr_html_()
    style = html[html.index("<style>") : html.index("</style>")]
    notebook = style[style.index("div.qa {") :]
    colours = re.findall(r"(?<![-\w])(?:color|background): ([^;}]+)", notebook)
    assert colours
    for value in colours:  # each from the theme (with a fallback), or the page's own
        assert value.strip().startswith("var(--jp-") or value.strip() == "inherit", value


# ---- progress without ipywidgets --------------------------------------------------------------


class _Handle:
    def __init__(self) -> None:
        self.shown: list[str] = []

    def update(self, obj: Any) -> None:
        self.shown.append(obj.data)


def test_progress_in_a_notebook_needs_no_ipywidgets(
    monkeypatch: pytest.MonkeyPatch, cn2013: qa.Scheme, frame: pd.DataFrame
) -> None:
    display = pytest.importorskip("IPython.display")
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets -> ImportError
    monkeypatch.setattr(_progress, "in_notebook", lambda: True)
    monkeypatch.setattr(_progress, "NOTEBOOK_INTERVAL", 0.0)
    handle = _Handle()

    def fake_display(obj: Any, display_id: bool = False) -> _Handle:
        assert display_id
        handle.shown.append(obj.data)
        return handle

    monkeypatch.setattr(display, "display", fake_display)
    u = qa.uncertainty(cn2013, frame, n=50, seed=1, year=2019, progress=True)
    assert len(u.grades) == len(frame)
    assert len(handle.shown) >= 2
    assert "uncertainty" in handle.shown[-1] and "50/50" in handle.shown[-1]
    assert not any("/?" in shown for shown in handle.shown)  # the first: a count, no total
    assert handle.shown[-1].startswith('<pre class="qa-progress"')
    assert sys.modules["ipywidgets"] is None


def test_progress_on_a_terminal_or_a_pipe(cn2013: qa.Scheme, frame: pd.DataFrame) -> None:
    seen: list[tuple[int, int]] = []
    qa.uncertainty(
        cn2013, frame, n=20, seed=1, year=2019, progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1][0] == seen[-1][1]
    s = qa.sensitivity(cn2013, frame, n=8, seed=1, year=2019, progress=True, bootstrap=0)
    assert list(s.indices.index) == ["points"]


# ---- in a real kernel ------------------------------------------------------------------------


def test_in_a_kernel_progress_reprs_and_plots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ipykernel as Jupyter runs it (ipywidgets not installed): the bar, the views in English
    after ``set_option``, an inline plot; no error and nothing on stderr (rich would warn
    'install "ipywidgets"')."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # (jupyter_core's DeprecationWarning)
    cells = [
        "%matplotlib inline\nimport qualityassess as qa\n"
        "from qualityassess.sample import load_sample, load_sample_table\n"
        "scheme = qa.Scheme.builtin('cn-2013')\nframe, incidents = load_sample_table(2019)\n"
        "results = qa.assess_many(scheme, load_sample(2019)['submissions'])",
        "qa.set_option('lang', 'en')\n"
        "u = qa.uncertainty(scheme, frame, n=50, seed=1, incidents=incidents, progress=True)\nu",
        "results",
        "results.plot.grades();",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    outputs = [cell.get("outputs", []) for cell in notebook.cells]
    assert not [o for cell in outputs for o in cell if o["output_type"] == "error"]
    assert not [o for cell in outputs for o in cell if o.get("name") == "stderr"], outputs
    bar = [o for o in outputs[1] if "qa-progress" in o.get("data", {}).get("text/html", "")]
    assert bar and "50/50" in bar[-1]["data"]["text/html"]
    view = outputs[1][-1]["data"]
    assert "Uncertainty analysis" in view["text/html"]
    assert view["text/plain"].startswith("<Uncertainty of 31 regions")
    assert outputs[2][0]["data"]["text/plain"].startswith("<Results of 31 regions")
    assert ">Rank<" in outputs[2][0]["data"]["text/html"]
    assert any("image/png" in o.get("data", {}) for o in outputs[3])
