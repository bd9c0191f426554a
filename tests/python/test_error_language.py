"""Errors in the user's language (issues 13 and 17): the core words a submission's problems in
English and Chinese, once; ``InputError.issues`` stays English (what programs match on) and
``issues_zh`` gives the same problems, in the same order, in Chinese where the core has them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import qualityassess as qa
from qualityassess._errors import issues_of
from qualityassess.cli import main

HUBEI = Path(__file__).resolve().parents[2] / "examples" / "submissions" / "hubei-2019.json"


def bad_submission() -> dict:
    document = json.loads(HUBEI.read_text(encoding="utf-8"))
    document["targets"]["manufacturing_pass_rate"] = 120
    document["self_evaluation"]["development_plan"] = "superb"
    document["self_evaluation"]["typo_point"] = "good"
    document["incidents"][0]["scope"] = "national"
    return document


def raised(document: dict) -> qa.InputError:
    with pytest.raises(qa.InputError) as error:
        qa.assess("cn-2013", document)
    return error.value


def test_the_same_problems_in_both_languages_in_the_same_order() -> None:
    error = raised(bad_submission())
    english, chinese = issues_of(error), issues_of(error, "zh")
    assert [path for path, _ in english] == [path for path, _ in chinese]
    assert dict(chinese) == {
        "/targets/manufacturing_pass_rate": "应在 [0, 100] 之间，而不是 120",
        "/self_evaluation/development_plan": (
            "'superb' 不是 development_plan 的等级，可选：优秀 (excellent)、良好 (good)、"
            "一般 (fair)、较差 (poor)、未开展 (none)"
        ),
        "/self_evaluation/typo_point": "'typo_point' 不是考核方案 cn-2013 的指标",
        "/incidents/0/scope": "'national' 不是事件范围（local, regional, systemic）",
    }
    assert (
        dict(english)["/self_evaluation/typo_point"]
        == "'typo_point' is not a point of scheme cn-2013"
    )


def test_structural_problems_are_worded_in_chinese_too() -> None:
    document = bad_submission()
    document["year"] = "2019"
    document["incidents"][0]["date"] = "2019-13-01"
    document["nonsense"] = 1
    chinese = dict(issues_of(raised(document), "zh"))
    assert chinese["/year"] == "应为整数，而不是文字"
    assert chinese["/incidents/0/date"] == "'2019-13-01' 不是日期（应为 YYYY-MM-DD）"
    assert chinese["/nonsense"] == "未知的键 'nonsense'"


def test_a_problem_without_chinese_wording_falls_back_to_english() -> None:
    """A table's cells are not worded in Chinese yet: issues_zh repeats the English."""
    frame = pd.DataFrame(
        {"region": ["420000"], "year": [2019], "development_plan.self": ["superb"]}
    )
    with pytest.raises(qa.InputError) as error:
        qa.assess_frame("cn-2013", frame)
    english = issues_of(error.value)
    assert english and issues_of(error.value, "zh") == english


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "数据有误，共 4 个问题："),
        ("en", "invalid data, 4 problem(s):"),
    ],
)
def test_the_command_line_shows_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    data = tmp_path / "bad.json"
    data.write_text(json.dumps([bad_submission()], ensure_ascii=False), encoding="utf-8")
    assert main(["--lang", lang, "grade", str(data), "--out", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert ("不是事件范围" in err) == (lang == "zh")
    assert not (tmp_path / "r.html").exists()
