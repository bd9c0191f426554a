"""The command line's own lines in its --lang (issue 17, item 4; issue 13's leftovers): the
one-line error's heading, argparse's usage errors, the "exactly one of" errors, what a
campaign verb prints once its step is recorded and what it refuses before the campaign sees
it. Chinese is the default; --lang en keeps the English as it was."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from _cli_helpers import main, write_json
from qualityassess import cli
from qualityassess.campaign import Campaign

HUBEI = Path(__file__).resolve().parents[2] / "examples" / "submissions" / "hubei-2019.json"

# What may stay Latin in a Chinese line: ids, codes, dates, paths, options and quoted values.
_NOT_WORDS = re.compile(r"'[^']*'|--[\w-]+|\S*/\S*|\b[\w.-]+\.(?:qa|json|csv|html|xlsx)\b|\w*_\w*")


def english_words(text: str) -> list[str]:
    """The English words of ``text`` once ids, options, paths and quoted values are set aside."""
    return re.findall(r"\b[A-Za-z]{3,}\b", _NOT_WORDS.sub("", text))


# ---- a one-line error: its heading ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ([], "qualityassess: {path}: 报送数据有误（420000 湖北省）: /self_evaluation/typo_point: "),
        (["--lang", "en"], "qualityassess: {path}: submission 420000 湖北省: "),
    ],
)
def test_a_one_line_error_has_its_heading_in_the_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: list[str], expected: str
) -> None:
    document = json.loads(HUBEI.read_text(encoding="utf-8"))
    document["self_evaluation"]["typo_point"] = "good"
    path = write_json(tmp_path / "typo.json", document)
    code, out, err = main(capsys, *lang, "assess", path)
    assert (code, out) == (cli.EXIT_INVALID, "")
    assert err.startswith(expected.format(path=path))
    assert ("'typo_point' 不是考核方案 cn-2013 的指标" in err) == (not lang)


# ---- argparse's usage errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["frob"],
            "qualityassess: 错误：参数 VERB：'frob' 不是可选值（可选：",
            "qualityassess: error: argument VERB: invalid choice: 'frob'",
        ),
        (
            ["campaign", "frob"],
            "qualityassess campaign: 错误：参数 STEP：'frob' 不是可选值（可选：'init'",
            "qualityassess campaign: error: argument STEP: invalid choice: 'frob'",
        ),
        (["grade"], "qualityassess grade: 错误：缺少以下参数：DATA", "required: DATA"),
        (
            ["grade", "x.json", "--bogus"],
            "qualityassess: 错误：无法识别的参数：--bogus",
            "qualityassess: error: unrecognized arguments: --bogus",
        ),
        (["grade", "x.json", "--year"], "参数 --year：需要一个值", "expected one argument"),
        (
            ["grade", "x.json", "--year", "soon"],
            "参数 --year：'soon' 不是有效的值（int）",
            "argument --year: invalid int value: 'soon'",
        ),
    ],
)
def test_usage_errors_are_in_the_language(
    capsys: pytest.CaptureFixture[str], args: list[str], zh: str, en: str
) -> None:
    code, out, err = main(capsys, *args)
    assert (code, out) == (cli.EXIT_USAGE, "")
    assert err.startswith("用法： qualityassess") and zh in err
    # --lang anywhere on the line, even after what argparse refused, is the language.
    code, _, err = main(capsys, *args, "--lang", "en")
    assert code == cli.EXIT_USAGE
    assert (
        err.startswith("usage: qualityassess")
        and en in err
        and not re.search("[\u4e00-\u9fff]", err)
    )


def test_a_usage_errors_continuation_lines_stay_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    """ "用法： " is as wide on a terminal as "usage: " (each Chinese character two columns)."""
    _, _, zh = main(capsys, "grade")
    _, _, en = main(capsys, "--lang", "en", "grade")
    assert zh.splitlines()[1] == en.splitlines()[1]


@pytest.mark.parametrize(
    ("given", "zh", "en"),
    [
        (
            [],
            "qualityassess: campaign export: 缺少要写入的文件：campaign export FILE --out OUT.json",
            "qualityassess: campaign export: the file to write is missing: ",
        ),
        (
            ["a.json", "--out", "b.json"],
            "qualityassess: campaign export: 要写入的文件给出了两次（--out 和 OUT.json）：",
            "qualityassess: campaign export: the file to write is given twice (--out and OUT.json)",
        ),
    ],
)
def test_exactly_one_of_two_spellings_is_said_in_the_language(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    given: list[str],
    zh: str,
    en: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    path = str(tmp_path / "c.qa")
    Campaign.create(path, "cn-2013", 2019, ["110000"], date="2019-06-01").close()
    code, _, err = main(capsys, "campaign", "export", path, *given)
    assert code == cli.EXIT_USAGE and err.splitlines()[-1].startswith(zh)
    code, _, err = main(capsys, "--lang", "en", "campaign", "export", path, *given)
    assert code == cli.EXIT_USAGE and err.splitlines()[-1].startswith(en)


def test_grades_usage_errors_are_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = main(capsys, "grade", "x.json", "--out", "r.pdf")
    assert code == cli.EXIT_USAGE
    assert err.startswith("qualityassess: --out r.pdf: grade 不写 .pdf 格式，可写：报告（.html）")
    code, _, err = main(capsys, "grade", "x.json", "--level", "county")
    assert code == cli.EXIT_USAGE
    assert err == "qualityassess: --level、--under 和 --lower 需要 --hierarchy（地区文件）\n"
    code, _, err = main(capsys, "--lang", "en", "grade", "x.json", "--level", "county")
    assert err == "qualityassess: --level, --under and --lower need --hierarchy (the region file)\n"


def test_a_file_that_cannot_be_read_is_said_in_the_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nowhere.json")
    code, _, err = main(capsys, "grade", missing)
    assert code == cli.EXIT_FILE and err.startswith(f"qualityassess: {missing}: 无法读取：")
    code, _, err = main(capsys, "--lang", "en", "grade", missing)
    assert code == cli.EXIT_FILE and err.startswith(f"qualityassess: {missing}: cannot read: ")


# ---- a campaign's verbs ------------------------------------------------------------------------


@pytest.fixture
def two(sample_2019: dict[str, Any]) -> list[dict[str, Any]]:
    return [copy.deepcopy(s) for s in sample_2019["submissions"][:2]]


def test_a_campaigns_confirmations_are_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, two: list[dict[str, Any]]
) -> None:
    """Every line a step prints once recorded, under the default --lang zh: no English words
    but ids, options and paths."""
    path = str(tmp_path / "2019.qa")
    data = write_json(tmp_path / "two.json", two)
    cohort = write_json(tmp_path / "cohort.json", {"submissions": two})
    printed = []

    def ok(*args: str) -> str:
        code, out, err = main(capsys, "campaign", *args)
        assert code == 0, err
        printed.append(out)
        return out

    assert ok("init", path, "--year", "2019", "--cohort", cohort, "--date", "2019-06-01") == (
        f"{path}: 已建立 2019 年度考核，共 2 个地区\n"
    )
    assert ok("file-targets", path, data, "--date", "2019-06-28") == (
        "110000: 质量目标已报送\n120000: 质量目标已报送\n"
    )
    assert ok("file-targets", path, data, "--date", "2019-06-29").startswith(
        "110000: 质量目标已更新（是否逾期以首次报送日期 2019-06-28 为准）\n"
    )
    one = write_json(tmp_path / "one.json", two[:1])
    assert ok("self-eval", path, one, "--date", "2020-07-14") == "110000: 自评报告已报送\n"
    assert ok("not-submitted", path, "120000", "--reason", "无", "--date", "2020-07-16") == (
        "120000: 自评报告已记为未报送（第六条第二款）\n"
    )
    ok("plan-verification", path, "--rule", "manual", "--region", "110000", "--date", "2020-07-20")
    printed.pop()  # the plan itself: codes and point ids
    assert ok("spot-check", path, "120000", "--reason", "举报", "--date", "2020-07-25") == (
        "120000: 经抽查列入核查（第六条第三款）\n"
    )
    assert ok("verify", path, one, "--date", "2020-08-01") == "110000: 核查结果已记录\n"
    ok("verify", path, data, "--region", "120000", "--date", "2020-08-02")
    ok("assess", path, "--date", "2020-08-25")
    printed.pop()  # the ranking (grade ids)
    assert ok("approve", path, "--date", "2020-09-10") == f"{path}: 考核结果已审定\n"
    corrected = ok(
        "correct", path, "approve", "--reason", "纪要为 11 日", "--actor", "office",
        "--step-date", "2020-09-11", "--date", "2020-09-12",
    )  # fmt: skip
    printed.pop()  # the step's id, "approve", as the journal names it
    assert corrected == (
        f"{Path(path).name}: approve: approved_on 2020-09-10 -> 2020-09-11；理由：纪要为 11 日\n"
    )
    exported = str(tmp_path / "export.json")
    ok("export", path, "--out", exported)
    copied = str(tmp_path / "copy.qa")
    assert ok("import", exported, copied) == f"{copied}: 已导入 15 个步骤，阶段：已审定\n"
    assert [english_words(out) for out in printed] == [[]] * len(printed)


def test_a_campaigns_confirmations_stay_english_under_en(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, two: list[dict[str, Any]]
) -> None:
    path = str(tmp_path / "2019.qa")
    cohort = write_json(tmp_path / "cohort.json", {"submissions": two})
    code, out, _ = main(
        capsys, "--lang", "en", "campaign", "init", path, "--year", "2019", "--cohort", cohort,
        "--date", "2019-06-01",
    )  # fmt: skip
    assert (code, out) == (0, f"{path}: campaign for 2019 with 2 regions\n")


def test_a_campaign_verbs_refusal_of_a_typo_is_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, two: list[dict[str, Any]]
) -> None:
    path = str(tmp_path / "2019.qa")
    Campaign.create(path, "cn-2013", 2019, [s["region"] for s in two], date="2019-06-01").close()
    two[1]["self_evalution"] = two[1].pop("self_evaluation")
    two[0]["incidents"] = {"not": "a list"}
    data = write_json(tmp_path / "typo.json", two)
    code, out, err = main(capsys, "campaign", "self-eval", path, data, "--date", "2020-07-14")
    assert (code, out) == (cli.EXIT_INVALID, "")
    assert err == (
        f"qualityassess: {data}: 第 1 份报送数据（共 2 份）（110000）: "
        f"/incidents: 应为数组，而不是对象；{data}: 第 2 份报送数据（共 2 份）（120000）: "
        "未知的键 'self_evalution'（是否应为 'self_evaluation'？）\n"
    )


def test_a_refused_step_has_its_heading_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(tmp_path / "2019.qa")
    Campaign.create(path, "cn-2013", 2019, ["110000"], date="2019-06-01").close()
    code, _, err = main(capsys, "campaign", "approve", path, "--date", "2020-09-01")
    assert code == cli.EXIT_INVALID
    assert err.startswith("qualityassess: 已拒绝: approve: ") and "refused" not in err
    code, _, err = main(capsys, "--lang", "en", "campaign", "approve", path, "--date", "2020-09-01")
    assert err.startswith("qualityassess: refused: approve: ")


def test_explaining_a_region_not_in_the_campaign_is_refused_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(tmp_path / "2019.qa")
    Campaign.create(path, "cn-2013", 2019, ["110000"], date="2019-06-01").close()
    code, _, err = main(capsys, "campaign", "explain", path, "990000")
    assert (code, err) == (cli.EXIT_INVALID, f"qualityassess: {path}: 本次考核中没有地区 990000\n")
