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


# A clerk's table: every kind of problem of the table door (its layout, cells the reading
# refuses, values the core's column check refuses, incidents).
TABLE = """\
region,year,development_plan.self,manufacturing_pass_rate.self,agri_monitoring_pass_rate.self,nonsense
110000,2019,good,99,95,1
120000,2019,superb,120,95,2
130000,2019,fair,95,"9,5",3
110000,2019,fair,90,95,4
"""
INCIDENTS = """\
region,date,scope
120000,2019-13-01,local
130000,2019-08-01,flood
"""
TABLE_ZH = [
    (
        "column 'nonsense'",
        "不是表格布局中的列（region、name、year、<指标>.target、<指标>.self、<指标>.verified、"
        "<指标>.previous、<加分或扣分项>.value）",
    ),
    (
        "row 3 (120000), column 'development_plan.self'",
        "'superb' 不是 development_plan 的等级，可选：优秀 (excellent)、良好 (good)、一般 (fair)、"
        "较差 (poor)、未开展 (none)",
    ),
    ("row 3 (120000), column 'manufacturing_pass_rate.self'", "应在 [0, 100] 之间，而不是 120"),
    (
        "row 4 (130000), column 'agri_monitoring_pass_rate.self'",
        "'9,5' 含小数逗号或位置不对的千位分隔符：小数请写作 9.5",
    ),
    (
        "row 5 (110000), column 'region'",
        "地区 110000 在 2019 年重复出现（首次在 row 2）：每个地区每年只考核一次",
    ),
    ("incidents row 2 (120000), column 'date'", "'2019-13-01' 不是日期（应为 YYYY-MM-DD）"),
    (
        "incidents row 3 (130000), column 'scope'",
        "'flood' 不是事件范围（local, regional, systemic）",
    ),
]


def _table_files(tmp_path: Path) -> tuple[Path, Path]:
    table, incidents = tmp_path / "bad.csv", tmp_path / "incidents.csv"
    table.write_text(TABLE, encoding="utf-8")
    incidents.write_text(INCIDENTS, encoding="utf-8")
    return table, incidents


def _read(path: Path) -> pd.DataFrame:
    """A CSV as the command line reads it: rows named by their line in the file."""
    frame = pd.read_csv(path, dtype={"region": str})
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def test_a_tables_problems_are_worded_in_chinese_too(tmp_path: Path) -> None:
    """Each problem of the table door, from the reading in Python to the core's column check,
    in the same places and order in both languages."""
    table, incidents = _table_files(tmp_path)
    with pytest.raises(qa.InputError) as error:
        qa.assess_frame("cn-2013", _read(table), _read(incidents))
    english, chinese = issues_of(error.value), issues_of(error.value, "zh")
    assert chinese == TABLE_ZH
    assert [place for place, _ in english] == [place for place, _ in TABLE_ZH]
    assert dict(english)["row 3 (120000), column 'manufacturing_pass_rate.self'"] == (
        "must be in [0, 100], not 120"
    )


def test_a_problem_without_chinese_wording_falls_back_to_english() -> None:
    """A scheme's own problems are not worded in Chinese yet: issues_zh repeats the English."""
    document = qa.Scheme.builtin("cn-2013").to_dict()
    document["id"] = "my scheme"
    with pytest.raises(qa.SchemeError) as error:
        qa.Scheme.from_dict(document)
    english = issues_of(error.value)
    assert ("/id", "must not contain spaces or slashes") in english
    assert issues_of(error.value, "zh") == english


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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_shows_a_tables_problems_in_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    table, incidents = _table_files(tmp_path)
    out = tmp_path / "r.html"
    given = ["--lang", lang] if lang == "en" else []  # zh: the default
    command = [*given, "grade", str(table), "--incidents", str(incidents), "--out", str(out)]
    assert main(command) == 1
    lines = capsys.readouterr().err.splitlines()
    heading = "数据有误，共 7 个问题：" if lang == "zh" else "invalid data, 7 problem(s):"
    assert lines[0] == f"qualityassess: {table}: {heading}"
    with pytest.raises(qa.InputError) as error:
        qa.assess_frame("cn-2013", _read(table), _read(incidents))
    expected = issues_of(error.value, lang)
    assert lines[1:] == [f"{table}: {place}: {message}" for place, message in expected]
    assert any("不是事件范围" in line for line in lines) == (lang == "zh")
    assert not out.exists()
