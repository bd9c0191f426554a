"""Errors in the user's language (issues 13 and 17): the core words a submission's problems in
English and Chinese, once; ``InputError.issues`` stays English (what programs match on) and
``issues_zh`` gives the same problems, in the same order, in Chinese where the core has them:
a submission's problems and a scheme's own."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import qualityassess as qa
from qualityassess._errors import issues_of
from qualityassess.cli import main

# A CJK unified ideograph: a Chinese wording, not the English one repeated.
CJK = re.compile("[\u4e00-\u9fff]")

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
            "'superb' 不是 质量发展规划制定与实施 (development_plan) 的等级，"
            "可选：优秀 (excellent)、良好 (good)、一般 (fair)、较差 (poor)、未开展 (none)"
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


def test_a_submissions_filing_and_evidence_problems_are_worded_in_chinese_too() -> None:
    document = json.loads(HUBEI.read_text(encoding="utf-8"))
    document["filed"] = {"not_submitted": ["verify"]}
    document["evidence"] = {"development_plan": 5}
    error = raised(document)
    assert dict(issues_of(error, "zh")) == {
        "/filed/not_submitted/0": "应为 'targets' 或 'self_evaluation'",
        "/evidence/development_plan": "应为文字，而不是数字",
    }
    assert dict(issues_of(error))["/evidence/development_plan"] == "must be a text, not a number"


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
        "'superb' 不是 质量发展规划制定与实施 (development_plan) 的等级，"
        "可选：优秀 (excellent)、良好 (good)、一般 (fair)、较差 (poor)、未开展 (none)",
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


def _scheme_error(document: dict) -> qa.SchemeError:
    with pytest.raises(qa.SchemeError) as error:
        qa.Scheme.from_dict(document)
    return error.value


def test_a_schemes_problems_are_worded_in_chinese_too() -> None:
    """The scheme reader words its problems in both languages (issue 17): the same places in
    the same order, each in Chinese."""
    document = qa.Scheme.builtin("cn-2013").to_dict()
    document["id"] = "my scheme"
    document["nodes"][0]["children"][0]["points"] = 31
    document["grading"]["bands"][1]["min"] = 95
    document["conditions"][0]["effect"]["grade"] = "E"
    error = _scheme_error(document)
    english, chinese = issues_of(error), issues_of(error, "zh")
    assert [path for path, _ in english] == [path for path, _ in chinese]
    assert ("/id", "must not contain spaces or slashes") in english
    assert dict(chinese) == {
        "/id": "不能含有空格或斜杠",
        "/nodes/0/children/0/children": "下级指标分值合计 30，但 'product' 的分值为 31",
        "/nodes/0/children": "下级指标分值合计 41，但 'targets' 的分值为 40",
        "/grading/bands/1/min": "分数段应按最低分从高到低排列",
        "/conditions/0/effect/grade": "/grading 中没有等级 'E'",
    }


def _derived(nodes: dict) -> dict:
    return {"extends": "cn-2013", "id": "province-2019", "name": {"zh": "省级方案"}, "nodes": nodes}


def test_a_derived_schemes_problems_name_their_place_in_chinese_too() -> None:
    error = _scheme_error(_derived({"remove": ["no_such_point"]}))
    assert issues_of(error, "zh") == [
        ("/nodes/remove/0", "'cn-2013' 中没有指标 'no_such_point'（或已重复删除）")
    ]
    # A problem of the merged scheme, at the place of the derived document where the fix goes.
    error = _scheme_error(_derived({"remove": ["port_inspection"]}))
    assert dict(issues_of(error))["/nodes/modify/infrastructure"].endswith(
        "(inherited from 'cn-2013')"
    )
    assert dict(issues_of(error, "zh"))["/nodes/modify/infrastructure"].endswith(
        "（继承自 'cn-2013'）"
    )


BROKEN_SCHEMES: list[tuple[str, Callable[[dict], None]]] = [
    ("bad id and format", lambda d: d.update(id="a/b", format="qualityassess-scheme/9")),
    ("points do not add up", lambda d: d["nodes"][0].update(points=41)),
    ("bands", lambda d: d["grading"].update(bands=[{"grade": "D"}, {"grade": "A", "min": 101}])),
    ("a rule", lambda d: d["nodes"][0]["children"][0]["children"][0].update(rule={"type": "x"})),
    (
        "a condition",
        lambda d: d["conditions"][0].update(trigger={"type": "incident", "scopes": ["x"]}),
    ),
    (
        "a consequence",
        lambda d: d["consequences"][0].update(when={"grades": ["E"], "always": True}),
    ),
    ("a name on two lines", lambda d: d.update(name={"zh": "考核\n方案"})),
    ("the period", lambda d: d.update(period={"start": "02-29"})),
    ("duplicate ids", lambda d: d["nodes"][1].update(id=d["nodes"][0]["id"])),
]


@pytest.mark.parametrize(
    "change", [change for _, change in BROKEN_SCHEMES], ids=[n for n, _ in BROKEN_SCHEMES]
)
def test_every_problem_of_a_broken_scheme_has_a_chinese_wording(
    change: Callable[[dict], None],
) -> None:
    document = qa.Scheme.builtin("cn-2013").to_dict()
    change(document)
    error = _scheme_error(document)
    assert error.issues and len(error.issues_zh) == len(error.issues)
    for (path, english), (path_zh, chinese) in zip(error.issues, error.issues_zh, strict=True):
        assert path_zh == path
        assert CJK.search(chinese), f"{path}: {english!r} has no Chinese wording: {chinese!r}"


def test_the_command_line_validates_a_scheme_in_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = qa.Scheme.builtin("cn-2013").to_dict()
    document["id"] = "my scheme"
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: 考核方案有误，共 1 个问题：",
        f"{path}: /id: 不能含有空格或斜杠",
    ]
    assert main(["--lang", "en", "validate", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: invalid scheme, 1 problem(s):",
        f"{path}: /id: must not contain spaces or slashes",
    ]


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


# ---- the core's remaining problems: corrections, region files, documents, a scheme's range ----


def _english_and_chinese(error: qa.InputError | qa.SchemeError) -> tuple[str, str]:
    """The first problem's message in English and in Chinese, at the same place."""
    (path, english), (path_zh, chinese) = error.issues[0], error.issues_zh[0]
    assert path_zh == path
    assert CJK.search(chinese), f"{path}: {english!r} has no Chinese wording: {chinese!r}"
    return english, chinese


def test_a_refused_correction_is_worded_in_chinese_too(tmp_path: Path) -> None:
    from qualityassess.campaign import Campaign

    targets = json.loads(HUBEI.read_text(encoding="utf-8"))["targets"]
    with Campaign.create(tmp_path / "c.qa", "cn-2013", 2019, ["420000"]) as campaign:
        campaign.file_targets("420000", targets, date="2019-06-28", actor="420000 office")
        with pytest.raises(qa.InputError) as error:
            campaign.correct(
                "file_targets",
                region="420000",
                step_date="2019-06-28",
                reason="typo",
                actor="records office",
                date="2019-07-10",
            )
    english, chinese = _english_and_chinese(error.value)
    assert english == "data/date: targets_filed_on is 2019-06-28 already"
    assert chinese == "data/date：targets_filed_on 已经是 2019-06-28"


def test_a_region_files_problems_are_worded_in_chinese_too() -> None:
    records = [
        {"code": "990000", "name": "示例省"},
        {"code": "990199", "name": "示例县丁", "parent": "990900"},
    ]
    with pytest.raises(qa.InputError) as error:
        qa.Regions.from_records(records)
    english, chinese = _english_and_chinese(error.value)
    assert english == "parent '990900' is not in the file"
    assert chinese == "上级 '990900' 不在文件中"


def test_a_region_file_read_from_disk_keeps_the_chinese(tmp_path: Path) -> None:
    """Regions.load names the file in its heading; the problems keep both languages."""
    path = tmp_path / "regions.csv"
    path.write_text("code,name,parent\n990000,示例省,\n990199,示例县丁,990900\n", encoding="utf-8")
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(path)
    english, chinese = _english_and_chinese(error.value)
    assert english == "parent '990900' is not in the file"
    assert chinese == "上级 '990900' 不在文件中"


def test_a_documents_problems_are_worded_in_chinese_too() -> None:
    with pytest.raises(qa.InputError) as error:
        qa.assess("cn-2013", '{"year": 2019, "year": 2020}')
    english, chinese = _english_and_chinese(error.value)
    assert english.startswith("duplicate key 'year'")
    assert chinese.startswith("键 'year' 重复")
    with pytest.raises(qa.InputError) as error:
        qa.assess("cn-2013", "[" * 100 + "]" * 100)
    assert _english_and_chinese(error.value) == (
        "nested more than 64 levels deep",
        "嵌套超过 64 层",
    )


def test_a_scheme_beyond_the_engines_range_is_refused_in_chinese_too() -> None:
    points = 100_000_001
    document = {
        "format": "qualityassess-scheme/1",
        "id": "test",
        "name": {"zh": "测试方案", "en": "Test scheme"},
        "total": {"max": points},
        "nodes": [{"id": "leaf", "name": "Leaf", "points": points, "rule": {"type": "direct"}}],
        "grading": {"method": "bands", "bands": [{"grade": "A", "min": points}, {"grade": "D"}]},
    }
    english, chinese = _english_and_chinese(_scheme_error(document))
    assert english == "is 100000001; the engine takes numbers up to 100000000 (1e8)"
    assert chinese == "为 100000001；本系统可处理的数值最大为 100000000（1e8）"


# ---- the last English-only refusals: Arrow columns, the data's scheme, the JSON parser --------


def test_a_broken_arrow_column_is_refused_in_chinese_too() -> None:
    """Buffers that contradict their type (offsets out of order, a dictionary index past its
    dictionary), from the table door and from the core's own reader."""
    pa = pytest.importorskip("pyarrow")
    offsets = pa.py_buffer(b"".join(n.to_bytes(4, "little") for n in (0, 4, 2)))
    broken = pa.Array.from_buffers(pa.utf8(), 2, [None, offsets, pa.py_buffer(b"goodfair")])
    frame = pd.DataFrame(
        {
            "region": ["110000", "120000"],
            "year": [2019, 2019],
            "development_plan.self": pd.Series(pd.arrays.ArrowExtensionArray(broken)),
        }
    )
    with pytest.raises(qa.InputError) as error:
        qa.assess_frame("cn-2013", frame)
    assert _english_and_chinese(error.value) == (
        "Arrow array: text offsets out of order",
        "Arrow 数组：文本偏移量顺序错乱",
    )
    indices = pa.array([0, 3], pa.int8())
    dictionary = pa.DictionaryArray.from_arrays(indices, pa.array(["good"]), safe=False)
    with pytest.raises(qa.InputError) as error:
        qa._core.arrow_label_codes(pa.chunked_array([dictionary]), {"good": 0})
    assert issues_of(error.value) == [("column", "Arrow array: a dictionary index out of range")]
    assert issues_of(error.value, "zh") == [("column", "Arrow 数组：字典索引超出范围")]


FILLED = HUBEI.parents[1] / "readme" / "filled-2019.xlsx"
FIRE = HUBEI.parents[1] / "schemes" / "fire-safety.json"


def test_the_datas_scheme_is_refused_in_chinese_too() -> None:
    """SchemeChoiceError: a template for another scheme than the one given."""
    with pytest.raises(qa.InputError) as error:
        qa.excel.read_submissions(FILLED, FIRE)
    assert issues_of(error.value) == [
        (
            "_meta!B2",
            "the data is for scheme 'cn-2013', but the scheme given (scheme=) is "
            "'fire-safety-example'",
        )
    ]
    assert issues_of(error.value, "zh") == [
        (
            "_meta!B2",
            "数据所属的考核方案是 'cn-2013'，但给定的方案（scheme=）是 'fire-safety-example'",
        )
    ]


@pytest.mark.parametrize(
    ("change", "english", "chinese"),
    [
        (
            lambda s: [s[0], {**s[1], "scheme": "fire-safety-example"}],
            "the data names two schemes, 'cn-2013' and 'fire-safety-example'",
            "数据指明了两个考核方案：'cn-2013' 和 'fire-safety-example'",
        ),
        (
            lambda s: [{**s[0], "scheme": "no-such-scheme"}],
            "the data is for scheme 'no-such-scheme', which is not built in",
            "数据所属的考核方案 'no-such-scheme' 不是内置方案（",
        ),
        (
            lambda s: [{**s[0], "scheme": 7}],
            "the scheme must be named by its id (text), not 7",
            "考核方案应以其编号（文字）指明，而不是 7",
        ),
    ],
    ids=["two schemes", "not built in", "not an id"],
)
def test_the_command_line_refuses_the_datas_scheme_in_its_language(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[list[dict]], list[dict]],
    english: str,
    chinese: str,
) -> None:
    submission = json.loads(HUBEI.read_text(encoding="utf-8"))
    other = {**submission, "region": {"code": "110000", "name": "北京市"}}
    data = tmp_path / "data.json"
    data.write_text(json.dumps(change([submission, other]), ensure_ascii=False), "utf-8")
    out = tmp_path / "r.html"
    assert main(["grade", str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith(f"qualityassess: {data}: scheme: {chinese}") and len(err.splitlines()) == 1
    )
    assert main(["--lang", "en", "grade", str(data), "--out", str(out)]) == 1
    assert capsys.readouterr().err.startswith(f"qualityassess: {data}: scheme: {english}")
    assert not out.exists()


PARSE_ERRORS = [
    (
        "[1,,]",
        "/1",
        "not valid JSON: line 1, column 4: syntax error while parsing value - unexpected ','; "
        "expected '[', '{', or a literal",
        "不是有效的 JSON：第 1 行第 4 列：不应出现 ','，此处应为 '['、'{' 或一个值",
    ),
    (
        '{"year": 2019,\n "region": {"code": "42\t',
        "/region/code",
        "not valid JSON: line 2, column 24: syntax error while parsing value - invalid string: "
        "control character U+0009 (HT) must be escaped to \\u0009 or \\t; last read: "
        "'\"42<U+0009>'",
        "不是有效的 JSON：第 2 行第 24 列：字符串中的控制字符 U+0009 (HT) 须转义为 \\u0009 或 \\t，"
        "读到的是 '\"42<U+0009>'",
    ),
    (
        '{"year": 2019',
        "",
        "not valid JSON: line 1, column 14: syntax error while parsing object - unexpected end of "
        "input; expected '}'",
        "不是有效的 JSON：第 1 行第 14 列：文本意外结束，此处应为 '}'",
    ),
]


@pytest.mark.parametrize(("text", "path", "english", "chinese"), PARSE_ERRORS)
def test_the_parsers_detail_is_worded_in_chinese_too(
    text: str, path: str, english: str, chinese: str
) -> None:
    """The English names nlohmann's detail as it gives it; the Chinese says the same where
    and what in Chinese (issue 17: it was the English detail after 不是有效的 JSON：)."""
    with pytest.raises(qa.InputError) as error:
        qa.assess("cn-2013", text)
    assert issues_of(error.value) == [(path, english)]
    assert issues_of(error.value, "zh") == [(path, chinese)]


def test_the_command_line_shows_a_files_json_error_in_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    assert main(["assess", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"qualityassess: {path}: 不是有效的 JSON：第 1 行第 3 列：无法识别的值，读到的是 '{{no'，"
        "此处应为字符串\n"
    )
    assert main(["--lang", "en", "assess", str(path)]) == 1
    assert "not valid JSON: line 1, column 3: syntax error" in capsys.readouterr().err


def test_a_python_documents_problems_are_worded_in_chinese_too() -> None:
    """A document given as Python objects (the dict door) is refused as its JSON text is: each
    problem in both languages."""
    document = json.loads(HUBEI.read_text(encoding="utf-8"))
    document["targets"]["manufacturing_pass_rate"] = float("nan")
    document["meta"] = {"a": object(), 1: 2, "s": "\ud800"}
    with pytest.raises(qa.InputError) as error:
        qa.assess("cn-2013", document)
    assert issues_of(error.value)[0] == (
        "/targets/manufacturing_pass_rate",
        "is NaN; leave the value out (or use None) when it is missing",
    )
    assert issues_of(error.value, "zh") == [
        ("/targets/manufacturing_pass_rate", "为 NaN；缺少数据时请不填此值（或填 None）"),
        ("/meta/a", "不能使用类型为 object 的值"),
        ("/meta", "键 1 不是字符串"),
        ("/meta/s", "不是有效的 Unicode 文本（含有不成对的代理项）"),
    ]


# ---- the command line's own lines (issue 13): no English left under --lang zh ----------------

SAMPLE = HUBEI.parents[1] / "data" / "sample-2019.json"
# Words that are names, not English: scheme, point and condition ids, grades, file names.
NOT_ENGLISH = re.compile(
    r"cn-2013|fire-safety-example|\S*/\S+|\S+\.(?:html|json|xlsx)|\[[\w.-]+\]|[A-D]:|\b[A-D]\b"
)


def _english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", NOT_ENGLISH.sub("", text))


def test_the_command_lines_own_lines_are_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outs = ["--out", "r.html", "--out", "r.xlsx", "--out", "r.json"]
    assert main(["grade", str(SAMPLE), *outs]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-3:] == [
        "报告已写入 r.html",
        "结果已写入 r.json",
        "结果工作簿已写入 r.xlsx",
    ]
    assert _english_words(out) == []
    assert main(["demo", "--out", "d.json"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "结果已写入 d.json" and _english_words(out) == []
    assert main(["schemes"]) == 0
    assert "\t21 个要点，满分 100" in capsys.readouterr().out
    assert main(["validate", str(FIRE)]) == 0
    out = capsys.readouterr().out
    assert out == f"{FIRE}: 校验通过：考核方案 'fire-safety-example'，6 个要点，满分 100\n"
    assert main(["assess", str(HUBEI)]) == 0
    assert _english_words(capsys.readouterr().out) == []
    # The English is as it was.
    assert main(["--lang", "en", "grade", str(SAMPLE), "--out", "e.html"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "report written to e.html"


# ---- the headings, and the refusals of the region, cascade and analysis bindings (issue 17) ----

SHILI = HUBEI.parents[1] / "data" / "shili"


def test_an_errors_heading_is_worded_in_chinese_too() -> None:
    """``message_zh`` is the message with its heading's Chinese: the submission's region named
    as in English; ``str(error)`` stays English."""
    document = json.loads(HUBEI.read_text(encoding="utf-8"))
    document["self_evaluation"]["typo_point"] = "good"
    error = raised(document)
    assert str(error).startswith("submission 420000 湖北省: /self_evaluation/typo_point: ")
    assert error.message_zh == (
        "报送数据有误（420000 湖北省）: /self_evaluation/typo_point: "
        "'typo_point' 不是考核方案 cn-2013 的指标"
    )
    assert issues_of(error, "zh") == [
        ("/self_evaluation/typo_point", "'typo_point' 不是考核方案 cn-2013 的指标")
    ]


def test_several_problems_are_counted_in_chinese() -> None:
    error = raised(bad_submission())
    first, *lines = error.message_zh.split("\n  ")
    assert first == "报送数据有误（420000 湖北省）（共 4 个问题）"
    assert lines == [f"{place}: {message}" for place, message in issues_of(error, "zh")]
    assert str(error).startswith("submission 420000 湖北省 (4 problems)\n  ")


@pytest.mark.parametrize(
    ("refused", "english", "chinese"),
    [
        (
            lambda: qa.rectification_due("2020-02-30"),
            "bad date: date: '2020-02-30' is not a date (YYYY-MM-DD)",
            "日期有误: date: '2020-02-30' 不是日期（应为 YYYY-MM-DD）",
        ),
        (
            lambda: qa.Scheme.builtin("cn-2099"),
            "unknown scheme: ",
            "未知的考核方案: scheme: 没有内置考核方案 'cn-2099'（内置：cn-2013）",
        ),
        (
            lambda: qa.Regions.load(SHILI / "regions.json").children("990999"),
            "unknown region: ",
            "未知的地区: 地区 '990999' 不在地区文件中",
        ),
        (
            lambda: qa.Regions.load(SHILI / "regions.json").at_level("city"),
            "invalid level: level: 'city' is not a level: province, prefecture or county",
            "层级有误: level: 'city' 不是层级，可选：省 (province)、市 (prefecture)、县 (county)",
        ),
    ],
)
def test_a_refusals_heading_and_problem_are_chinese(
    refused: Callable[[], object], english: str, chinese: str
) -> None:
    with pytest.raises(qa.InputError) as error:
        refused()
    assert str(error.value).startswith(english)
    assert error.value.message_zh.startswith(chinese)


def test_a_level_is_refused_with_the_levels_as_the_user_knows_them() -> None:
    """assess_level's level: 省 (province)、市 (prefecture)、县 (county), never the bare ids."""
    regions = qa.Regions.load(SHILI / "regions.json")
    with pytest.raises(qa.InputError) as error:
        qa.assess_level("cn-2013", [], regions, level="township")
    assert error.value.issues_zh == [
        ("level", "'township' 不是层级，可选：省 (province)、市 (prefecture)、县 (county)")
    ]
    assert error.value.message_zh.startswith("未知的层级: level: ")
    assert error.value.issues == [
        ("level", "'township' is not a level: province, prefecture or county (省, 市, 县)")
    ]


def test_values_from_the_level_below_are_refused_in_chinese_too() -> None:
    """The regions given are not in the region file: each named, in both languages."""
    from qualityassess import _core

    scheme = qa.Scheme.load(HUBEI.parents[1] / "schemes" / "shili-prefecture-2019.json")
    regions = qa.Regions.load(SHILI / "regions.json")
    with pytest.raises(qa.InputError) as error:
        _core.lower_level_values(scheme._core, regions._core, [], ["990999"])
    assert error.value.issues_zh == [
        ("990999", "不在地区文件中"),
        ("regions", "没有要计算数值的地区"),
    ]
    assert error.value.message_zh.startswith("无法由下一级计算数值（共 2 个问题）\n  990999: ")


def test_an_analysis_refuses_its_arguments_in_chinese_too() -> None:
    from qualityassess.analysis import prepare
    from qualityassess.sample import load_sample_table

    frame, incidents = load_sample_table(2019)
    prepared = prepare("cn-2013", frame, incidents=incidents, year=2019)
    with pytest.raises(qa.InputError) as error:
        qa.uncertainty("cn-2013", prepared, n=4, vary={"pts": 1, "points": "much"})
    assert dict(error.value.issues_zh) == {
        "vary/pts": "不是可变动的输入组，可选：分值 (points)、等级分数线 (thresholds)、"
        "扣分标准 (per_point)、核查 (verification)",
        "vary/points": "应为数字",
    }
    assert error.value.message_zh.startswith("分析参数有误（共 2 个问题）")
    with pytest.raises(qa.InputError) as error:
        qa.sensitivity("cn-2013", prepared, n=4, output="ranks")  # type: ignore[arg-type]
    assert error.value.message_zh == (
        "分析参数有误: output: 'ranks' 不是可分析的输出，可选：名次平均变动 (rank_shift)、"
        "等级变化的地区数 (grade_changes)"
    )


def test_a_region_files_rows_are_refused_in_chinese_too() -> None:
    """The core's check of a region file's rows (what Regions hands it)."""
    from qualityassess import _core

    with pytest.raises(qa.InputError) as error:
        _core.RegionTree([{"code": "990000", "name": 9, "capital": "x"}, "990100"])
    assert error.value.issues_zh == [
        ("rows[0]", "未知的键 'capital'"),
        ("rows[0]/name", "应为文字（str），而不是 int"),
        ("rows[1]", "应为 dict，而不是 str"),
    ]
    assert error.value.message_zh.startswith("地区文件有误（共 3 个问题）")


def test_a_campaigns_own_arguments_are_refused_in_chinese_too(tmp_path: Path) -> None:
    from qualityassess.campaign import Campaign

    with pytest.raises(qa.InputError) as error:
        Campaign.create(tmp_path / "c.qa", "cn-2013", 2019, "110000")
    assert (
        error.value.message_zh
        == "regions: 应为地区的列表（代码、(代码, 名称) 或 dict），而不是 str"
    )
    assert str(error.value).startswith("regions: give a list of regions")
    with pytest.raises(qa.InputError) as error:
        Campaign.create(tmp_path / "k.qa", "cn-2013", 2019, ["110000"], key="short")
    assert error.value.message_zh.startswith("考核密钥至少需要 16 字节，此密钥只有 5 字节")
    with Campaign.create(tmp_path / "p.qa", "cn-2013", 2019, ["110000"]) as campaign:
        with pytest.raises(qa.InputError) as error:
            campaign.plan()
    assert error.value.message_zh == "尚无核查计划：应先进行 plan_verification 步骤"


def test_the_packages_headings_are_worded_in_chinese_too(tmp_path: Path) -> None:
    """An error the package raises (a table, a report) has its heading in Chinese too, from the
    same words as the core's (cpp/src/errors.cpp)."""
    with pytest.raises(qa.InputError) as error:
        qa.report.render_report([])
    assert str(error.value) == "nothing to report (1 problem)\n  results: no results"
    assert error.value.message_zh.startswith("没有可生成报告的结果（共 1 个问题）\n  results: ")
    table = pd.DataFrame({"region": ["420000"], "name": ["湖北省"], "year": [2019], "x.self": [1]})
    with pytest.raises(qa.InputError) as error:
        qa.assess_frame("cn-2013", table)
    assert error.value.message_zh.startswith("表格有误（共 ")


def test_the_chinese_message_survives_pickling() -> None:
    """A Dask worker's error reaches the client with its Chinese."""
    import pickle

    error = raised(bad_submission())
    copied = pickle.loads(pickle.dumps(error))
    assert copied.message_zh == error.message_zh and str(copied) == str(error)


def test_an_error_built_by_hand_has_a_chinese_message() -> None:
    """message_zh defaults to the message with each problem's Chinese in place."""
    error = qa.InputError("bad (1 problem)\n  x: wrong", [("x", "wrong")], [("x", "错了")])
    assert error.message_zh == "bad (1 problem)\n  x: 错了"
    assert qa.InputError("bad").message_zh == "bad"


ROOT = HUBEI.parents[2]
_CPP_HEADINGS = (
    r'(?:InputError|SchemeError)\(\s*"([^"]+)"',
    r'throw_if_any<\w+>\(\s*"([^"]+)"',
    r'kHeading = "([^"]+)"',
)
_PY_HEADINGS = (
    r'(?:input_error|table_error)\(\s*"([^"]+)"',
    r'located_error\(\s*f"\{[\w.]+\}: ([^"]+)"',
    r'heading = f"\{[\w.]+\}: ([^"]+)"',
    r'_HEADING = "([^"]+)"',
)


def _headings() -> set[str]:
    """Every heading literal an error is raised with, in the core and in the package (those
    completed at run time, ending in a space, are the C++ tests' ErrorHeading)."""
    found: set[str] = set()
    for sources, patterns in (
        (ROOT.glob("cpp/**/*.cpp"), _CPP_HEADINGS),
        (ROOT.glob("python/qualityassess/**/*.py"), _PY_HEADINGS),
    ):
        for source in sources:
            text = source.read_text(encoding="utf-8")
            for pattern in patterns:
                found.update(h for h in re.findall(pattern, text) if not h.endswith(" "))
    return found


def test_every_heading_has_its_chinese() -> None:
    from qualityassess import _core

    headings = _headings()
    assert {"invalid table", "invalid submission", "bad date", "damaged workbook"} <= headings
    untranslated = sorted(h for h in headings if not CJK.search(_core.heading_zh(h)))
    assert untranslated == []


def test_a_region_files_layout_is_refused_in_chinese_too(tmp_path: Path) -> None:
    """The package's own reading of a region file (before the core checks the tree)."""
    path = tmp_path / "regions.csv"
    path.write_text("code,name,capital\n990000,示例省,x\n99.5,示例县,\n", encoding="utf-8")
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(path)
    assert error.value.issues_zh == [
        ("regions.csv line 1", "列 'capital' 不是 code、name、level 或 parent")
    ]
    assert error.value.message_zh.startswith("地区文件 regions.csv 有误（共 1 个问题）")
    with pytest.raises(qa.InputError) as error:
        qa.Regions.from_records([{"code": 99.5, "name": "示例县", "seat": "x"}])
    assert dict(error.value.issues_zh) == {
        "/0/seat": "未知的键 'seat'（code、name、level、parent）",
        "/0/code": "99.5 是小数；地区代码应为文字或整数（例如按 dtype=str 读取该列）",
    }
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(tmp_path / "regions.txt")
    assert error.value.issues_zh == [("", "地区文件应以 .csv 或 .json 结尾，而不是 '.txt'")]


# ---- the last English-only refusals (issue 17, item 4): each in both languages ---------------


def _raised(refused: Callable[[], object]) -> qa.InputError:
    with pytest.raises(qa.InputError) as error:
        refused()
    return error.value


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "分析参数有误（共 2 个问题）\n  vary/points: 应在 [0, 1) 之间\n"
            "  vary/verification: 应在 [0, 1] 之间",
        ),
        (
            "en",
            "invalid analysis (2 problems)\n  vary/points: must be in [0, 1)\n"
            "  vary/verification: must be in [0, 1]",
        ),
    ],
)
def test_an_analysis_refuses_its_ranges_in_both_languages(lang: str, expected: str) -> None:
    from qualityassess._errors import message_of
    from qualityassess.analysis import prepare
    from qualityassess.sample import load_sample_table

    frame, incidents = load_sample_table(2019)
    prepared = prepare("cn-2013", frame, incidents=incidents, year=2019)
    error = _raised(
        lambda: qa.uncertainty("cn-2013", prepared, n=4, vary={"points": 1, "verification": 2})
    )
    assert message_of(error, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "考核年度有误: /year: 考核年度 1999 不在 2000..2200 范围内"),
        ("en", "bad assessment year: /year: assessment year 1999 is outside 2000..2200"),
    ],
)
def test_a_year_outside_the_range_is_refused_in_both_languages(lang: str, expected: str) -> None:
    from qualityassess._errors import message_of

    assert message_of(_raised(lambda: qa.assessment_calendar(1999)), lang) == expected


def test_a_roll_ups_refusals_are_worded_in_chinese_too(
    make_submission: Callable[..., dict],
) -> None:
    """The regions as the user knows the levels: 县级, and 县 (county) where a level is given."""
    regions = qa.Regions.load(SHILI / "regions.json")

    def result(code: str, name: str) -> qa.Result:
        return qa.assess("cn-2013", make_submission(region={"code": code, "name": name}))

    county = result("990101", "望川区")
    given = [county, result("990999", "外县"), result("990200", "西岭市"), county]
    error = _raised(lambda: qa.roll_up(given, regions))
    assert error.issues_zh == [
        ("990999 外县", "地区 '990999' 不在地区文件中"),
        ("990200 西岭市", "是市级地区，而前面的考核结果是县级地区（第一个：990101 望川区）"),
        ("990101 望川区", "该地区有两个考核结果（results[0] 和 results[3]）"),
    ]
    assert error.issues[0] == ("990999 外县", "region '990999' is not in the region file")
    assert error.message_zh.startswith("汇总有误（共 3 个问题）\n  990999 外县: ")
    error = _raised(lambda: qa.roll_up([county], regions, level="county"))
    assert error.issues_zh == [
        ("level", "无法将县级考核结果汇总到县 (county)：层级应高于县 (county)，例如市 (prefecture)")
    ]
    assert error.issues == [
        (
            "level",
            "cannot roll county results up to county: the level must be above county (e.g. "
            "prefecture)",
        )
    ]


def test_grading_a_level_is_refused_in_chinese_too(make_submission: Callable[..., dict]) -> None:
    regions = qa.Regions.load(SHILI / "regions.json")
    error = _raised(lambda: qa.assess_level("cn-2013", [], regions, level="county", under="990101"))
    assert (
        error.message_zh
        == "无法评定县级地区: under: 990101 望川区 是县级地区：所评定的县级地区应在其下"
    )
    assert str(error) == (
        "cannot grade the counties: under: 990101 望川区 is a county: the counties graded must lie "
        "below it"
    )
    stranger = make_submission(region={"code": "990999", "name": "外县"})
    error = _raised(
        lambda: qa.assess_level("cn-2013", [stranger], regions, level="county", under="990100")
    )
    assert error.issues_zh[0] == ("submission 0 (990999 外县)", "地区 '990999' 不在地区文件中")
    assert error.issues_zh[1] == ("990101 望川区", "没有报送数据")
    assert error.issues[1] == ("990101 望川区", "no submission")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "无法计算距上一等级的差距: regions: 总分、等级和一票否决的长度不一致"),
        (
            "en",
            "cannot compute the next grade: regions: totals, grades and vetoed differ in length",
        ),
    ],
)
def test_the_next_grades_arguments_are_refused_in_both_languages(lang: str, expected: str) -> None:
    import numpy as np

    from qualityassess import _core
    from qualityassess._errors import message_of

    scheme = qa.Scheme.builtin("cn-2013")._core
    units = len(_core.scoring_units(scheme))
    error = _raised(lambda: _core.next_grade(scheme, [90.0], [], [], np.zeros((1, units))))
    assert message_of(error, lang) == expected


def _truncated_campaign(tmp_path: Path) -> Path:
    """A campaign file whose last journal entry was deleted by hand."""
    import sqlite3

    from qualityassess.campaign import Campaign

    path = tmp_path / "2019.qa"
    targets = json.loads(HUBEI.read_text(encoding="utf-8"))["targets"]
    with Campaign.create(path, "cn-2013", 2019, ["420000"], date="2019-06-01") as campaign:
        campaign.file_targets("420000", targets, date="2019-06-28")
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM journal WHERE seq = 2")
    db.close()
    return path


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "日志止于第 1 条记录，但已写入 2 条：有记录被删除（文件被截断）"),
        (
            "en",
            "the journal ends at entry 1, but 2 were written: entries were removed "
            "(truncated file)",
        ),
    ],
)
def test_a_damaged_campaign_file_is_refused_in_the_commands_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    from qualityassess._errors import message_of
    from qualityassess.campaign import Campaign, CampaignFileError

    path = _truncated_campaign(tmp_path)
    with pytest.raises(CampaignFileError) as error:
        Campaign.open(path)
    assert message_of(error.value, lang) == f"{path}: {expected}"
    assert main(["--lang", lang, "campaign", "status", str(path)]) == 1
    assert capsys.readouterr().err == f"qualityassess: {path}: {expected}\n"


def test_a_file_that_is_no_campaign_is_refused_in_chinese_too(tmp_path: Path) -> None:
    from qualityassess.campaign import Campaign, CampaignFileError

    path = tmp_path / "2019.qa"
    path.write_bytes(b"not a campaign")
    with pytest.raises(CampaignFileError) as error:
        Campaign.open(path)
    assert str(error.value) == f"{path}: not a campaign file (file is not a database)"
    assert error.value.message_zh == f"{path}: 不是考核文件（file is not a database）"
    assert error.value.issues_zh == [("", error.value.message_zh)]
    with pytest.raises(CampaignFileError) as error:
        Campaign.import_(tmp_path / "new.qa", {"format": "x"})
    assert error.value.message_zh == "不是考核导出文件（格式为 'x'）"
