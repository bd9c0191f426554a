"""Notebook views (issue 4, item 4): _repr_html_ of Scheme, Result and Results."""

from __future__ import annotations

from typing import Any

import pytest

import qualityassess as qa


def test_scheme_html_shows_the_tree_with_points(cn2013: qa.Scheme) -> None:
    html = cn2013._repr_html_()
    assert html.startswith('<div class="qa qa-scheme">')
    assert "质量工作考核（国办发〔2013〕47号）" in html
    assert html.count('class="leaf"') == 21 and html.count('class="branch"') == 8  # + total
    assert "质量发展规划制定与实施" in html and ">3.00<" in html and ">100.00<" in html
    assert "等次" in html  # the rule of a levels point
    assert "Quality targets" in cn2013.to_html("en")


def test_result_html_explains_the_grade(make_submission: Any) -> None:
    submission = make_submission(
        verification={"development_plan": "poor"},
        incidents=[
            {"id": "i-1", "date": "2020-03-02", "scope": "regional"},
            {"id": "i-2", "date": "2020-03-03", "scope": "local", "summary": "<b>x</b>"},
        ],
    )
    result = qa.assess("cn-2013", submission)
    html = result._repr_html_()
    assert "湖北省 (420000)" in html
    assert "一票否决" in html and "等级定为D" in html
    assert "自评虚高" in html  # overstated finding
    assert "应在考核结果公告后一个月内" in html
    assert "较差（0.3）× 3 = 0.9" in html  # the core's how, per leaf
    english = result.to_html("en")
    assert "grade set to D" in english and "Findings" in english
    with pytest.raises(qa.InputError):
        result.to_html("de")


def test_results_html_is_the_ranking(sample_2019: dict[str, Any]) -> None:
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    html = results._repr_html_()
    assert html.count("<tr>") == 32
    assert html.index("广东省") < html.index("湖北省") < html.index("甘肃省")
    # The text repr speaks the notebook view's language (the lang option, zh by default).
    assert repr(results) == "<Results 31个地区（A 4个，B 22个，C 5个，D 0个）>"
    with qa.option_context("lang", "en"):
        assert repr(results) == "<Results of 31 regions (A: 4, B: 22, C: 5, D: 0)>"
