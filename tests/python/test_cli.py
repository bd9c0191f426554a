"""The CLI contract (docs/contracts.md): verbs, --json, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from qualityassess import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qualityassess", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
    )


def test_schemes_lists_cn_2013() -> None:
    done = run("--lang", "en", "schemes")
    assert done.returncode == 0
    assert done.stdout.startswith("cn-2013\tQuality Work Assessment")


def test_assess_json_prints_the_result_contract() -> None:
    done = run(
        "assess", str(EXAMPLES / "submissions" / "hubei-2019.json"), "--scheme", "cn-2013", "--json"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["region"]["code"] == "420000"
    assert result["grade"] == "B" and result["vetoed"] is False
    assert {"total", "conditions", "nodes", "findings", "consequences"} <= set(result)


def test_assess_explains_in_english() -> None:
    done = run("assess", str(EXAMPLES / "submissions" / "hubei-2019.json"), "--lang", "en")
    assert done.returncode == 0
    assert "湖北省 (420000), assessment year 2019" in done.stdout
    assert ": Grade B" in done.stdout


def test_assess_with_a_scheme_file(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "data" / "fire-safety-2023.json").read_text(encoding="utf-8"))
    path = tmp_path / "city.json"
    path.write_text(json.dumps(data["submissions"][0], ensure_ascii=False), encoding="utf-8")
    done = run(
        "assess", str(path), "--scheme", str(EXAMPLES / "schemes" / "fire-safety.json"), "--json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["grade"] == "优秀"


def test_validate_accepts_a_good_scheme() -> None:
    done = run("validate", str(EXAMPLES / "schemes" / "fire-safety.json"))
    assert done.returncode == 0
    assert (
        "校验通过：考核方案 'fire-safety-example'，6 个要点，满分 100" in done.stdout
    )  # zh: the default
    done = run("--lang", "en", "validate", str(EXAMPLES / "schemes" / "fire-safety.json"))
    assert "ok: scheme 'fire-safety-example', 6 points, max 100" in done.stdout


def test_validate_counts_one_point_as_one_point(
    tmp_path: Path, direct_scheme: Callable[..., dict[str, Any]]
) -> None:
    path = tmp_path / "direct.json"
    path.write_text(json.dumps(direct_scheme()), encoding="utf-8")
    done = run("--lang", "en", "validate", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok: scheme 'direct-100', 1 point, max 100")


def test_validate_says_how_many_points_only_record_a_value() -> None:
    farmland = str(EXAMPLES / "schemes" / "farmland-protection.json")
    done = run("validate", farmland)
    assert done.returncode == 0, done.stderr
    assert "8 个要点（其中 8 个仅记录不计分），满分 0" in done.stdout
    done = run(
        "--lang", "en", "validate", str(EXAMPLES / "schemes" / "air-quality-key-regions.json")
    )
    assert "15 points (3 informational), max 100" in done.stdout


def test_validate_rejects_a_broken_scheme_with_its_json_path(tmp_path: Path) -> None:
    scheme = json.loads((EXAMPLES / "schemes" / "fire-safety.json").read_text(encoding="utf-8"))
    scheme["nodes"][4]["rule"]["per_point"] = -2
    scheme["grading"]["bands"][1]["min"] = 95
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(scheme, ensure_ascii=False), encoding="utf-8")
    done = run("--lang", "en", "validate", str(path))
    assert done.returncode == cli.EXIT_INVALID
    assert f"{path}: invalid scheme, 2 problem(s):" in done.stderr
    assert f"{path}: /nodes/4/rule/per_point: must be > 0, not -2" in done.stderr
    assert (
        "/grading/bands/1/min: bands must be ordered from the highest minimum down" in done.stderr
    )
    assert "Traceback" not in done.stderr
    # Chinese, the command's default language: the same problems as the core words them.
    done = run("validate", str(path))
    assert done.returncode == cli.EXIT_INVALID
    assert f"{path}: 考核方案有误，共 2 个问题：" in done.stderr
    assert f"{path}: /nodes/4/rule/per_point: 应大于 0，而不是 -2" in done.stderr
    assert f"{path}: /grading/bands/1/min: 分数段应按最低分从高到低排列" in done.stderr


def test_bad_submission_is_one_line_and_exit_1(tmp_path: Path) -> None:
    document = json.loads(
        (EXAMPLES / "submissions" / "hubei-2019.json").read_text(encoding="utf-8")
    )
    document["self_evaluation"]["brand_strategy"] = "superb"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    done = run("--lang", "en", "assess", str(path))
    assert done.returncode == cli.EXIT_INVALID
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "/self_evaluation/brand_strategy: 'superb' is not a level" in lines[0]
    # The default language, zh, governs the error too, with the levels as the form shows them.
    done = run("assess", str(path))
    assert done.returncode == cli.EXIT_INVALID
    assert (
        "'superb' 不是 品牌发展战略实施 (brand_strategy) 的等级，可选：优秀 (excellent)"
        in done.stderr
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    # The core's parser reads the file (docs/security.md); it names the column where it stopped.
    [("{not json", "not valid JSON: line 1, column 3"), (b"\xff\xfe{}", "not UTF-8 text")],
)
def test_unreadable_documents(tmp_path: Path, content: str | bytes, expected: str) -> None:
    path = tmp_path / "doc.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    done = run("--lang", "en", "assess", str(path))
    assert done.returncode == cli.EXIT_INVALID
    assert expected in done.stderr and "Traceback" not in done.stderr


def test_missing_file_is_exit_3(tmp_path: Path) -> None:
    done = run("--lang", "en", "validate", str(tmp_path / "nowhere.json"))
    assert done.returncode == cli.EXIT_FILE
    assert "cannot read" in done.stderr and "Traceback" not in done.stderr


def test_usage_error_is_exit_2() -> None:
    assert run("frobnicate").returncode == cli.EXIT_USAGE


def test_demo_prints_the_ranking_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "out" / "results.json"
    done = run("--lang", "en", "demo", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "上海市" in done.stdout and "A: 4  B: 22  C: 5  D: 0" in done.stdout
    written = json.loads(out.read_text(encoding="utf-8"))
    assert len(written["results"]) == 31
    # The sample's note in both languages, as the data gives it (a report shows its own).
    assert "SYNTHETIC" in written["about"]["en"] and "合成样例数据" in written["about"]["zh"]


def test_console_script_entry_point_is_installed() -> None:
    script = Path(sys.executable).with_name("qualityassess")
    done = subprocess.run([str(script), "schemes"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "cn-2013" in done.stdout


def test_assess_without_scheme_uses_the_submissions_own(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "data" / "fire-safety-2023.json").read_text(encoding="utf-8"))
    path = tmp_path / "city.json"
    path.write_text(json.dumps(data["submissions"][0], ensure_ascii=False), encoding="utf-8")
    done = run("--lang", "en", "assess", str(path))
    assert done.returncode == cli.EXIT_INVALID
    assert "is for scheme 'fire-safety-example', which is not built in" in done.stderr


# ---- diff (issue 7) ---------------------------------------------------------------------------


def _adapted_file(tmp_path: Path, name: str = "hubei.json") -> Path:
    """cn-2013 adapted to local conditions (Art. 10): two leaves re-weighted, band A at 85."""
    document = qa.Scheme.builtin("cn-2013").to_dict()
    document["id"] = "hubei-2020"
    infrastructure = document["nodes"][1]["children"][2]["children"]
    infrastructure[2]["points"] = 2  # port_inspection 3.5 -> 2
    infrastructure[3]["points"] = 5  # quality_workforce 3.5 -> 5
    document["grading"]["bands"][0]["min"] = 85
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_diff_of_identical_schemes_says_so_and_exits_0() -> None:
    done = run("--lang", "en", "diff", "cn-2013", "cn-2013")
    assert done.returncode == cli.EXIT_OK, done.stderr
    assert done.stdout == "cn-2013 → cn-2013: no differences\n"
    done = run("diff", "cn-2013", "cn-2013", "--json")
    assert done.returncode == cli.EXIT_OK and json.loads(done.stdout)["changes"] == []


def test_diff_lists_every_change_of_a_province_scheme_art10(tmp_path: Path) -> None:
    path = _adapted_file(tmp_path)
    done = run("diff", "cn-2013", str(path), "--lang", "en")
    assert done.returncode == cli.EXIT_OK, done.stderr
    assert done.stdout.splitlines() == [
        "cn-2013 → hubei-2020: 4 change(s): header 1, nodes 2 (+1.5 / -1.5 points), grading 1",
        "~ header/id: cn-2013 → hubei-2020",
        "~ nodes/port_inspection points: 3.5 → 2 (-1.5)",
        "~ nodes/quality_workforce points: 3.5 → 5 (+1.5)",
        "~ grading/band:A min: 90 → 85 (-5)",
    ]
    chinese = run("diff", "cn-2013", str(path))
    assert "共 4 处差异" in chinese.stdout and "（+1.5）" in chinese.stdout


def test_diff_json_is_the_records(tmp_path: Path) -> None:
    done = run("diff", str(_adapted_file(tmp_path)), "cn-2013", "--json")
    assert done.returncode == cli.EXIT_OK, done.stderr
    document = json.loads(done.stdout)
    assert (document["base"], document["derived"]) == ("hubei-2020", "cn-2013")
    assert {
        (c["section"], c["item"], c["kind"], c["field"], c["before"], c["after"], c["delta"])
        for c in document["changes"]
    } == {
        ("header", "id", "changed", "", "hubei-2020", "cn-2013", None),
        ("nodes", "port_inspection", "changed", "points", 2, 3.5, 1.5),
        ("nodes", "quality_workforce", "changed", "points", 5, 3.5, -1.5),
        ("grading", "band:A", "changed", "min", 85, 90, 5),
    }


def test_diff_of_an_invalid_scheme_is_one_line_naming_the_file_and_exit_1(
    tmp_path: Path,
) -> None:
    path = _adapted_file(tmp_path, "broken.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["nodes"][1]["children"][2]["children"][3]["points"] = 9  # 14 no more
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    done = run("--lang", "en", "diff", "cn-2013", str(path))
    assert done.returncode == cli.EXIT_INVALID
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith(f"qualityassess: {path}: invalid scheme: /nodes/1/children/2")
    assert "infrastructure" in lines[0] and done.stdout == ""
    done = run("diff", "cn-2013", str(path))  # --lang zh, the default
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and done.returncode == cli.EXIT_INVALID
    assert lines[0].startswith(
        f"qualityassess: {path}: 考核方案有误: /nodes/1/children/2/children: 下级指标分值合计"
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [(None, cli.EXIT_FILE), ("{not json", cli.EXIT_INVALID), (b"\xff{}", cli.EXIT_INVALID)],
)
def test_diff_of_an_unreadable_file(tmp_path: Path, content: str | bytes | None, code: int) -> None:
    path = tmp_path / "province.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    done = run("diff", str(path), "cn-2013")
    assert done.returncode == code
    assert done.stderr.startswith(f"qualityassess: {path}: ") and "Traceback" not in done.stderr
