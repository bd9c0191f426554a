"""A whole assessment year for the 31 provinces, run through the command line only (Art. 3, 6,
7, 8, 9): a late filing, a region that never self-evaluates, the plan and a spot check, a
corrected date, misreporting found on verification, the announcement and the grade-D
follow-up; then every notice, the deadlines, the results, the check and an export round trip."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from _cli_helpers import main, write_json
from qualityassess import cli

LATE = "130000"  # 河北省 files its targets ten days late
TYPO = "150000"  # 内蒙古自治区: targets on time, recorded with a wrong date, then corrected
SILENT = "540000"  # 西藏自治区 never sends its self-evaluation
CONCEALED_INCIDENT = {
    "id": "spot-2019-1",
    "date": "2020-03-02",
    "scope": "regional",
    "summary": "Invented regional food-safety incident, not reported in the self-evaluation.",
    "evidence": "hospital records of 40 people taken ill, seen on site on 2020-08-06",
}


@pytest.fixture
def year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_2019: dict[str, Any]
) -> dict[str, Any]:
    """The year run from the shell, each step checked as it is taken; returns the campaign
    file and the regions each part of the story fell on."""
    submissions = copy.deepcopy(sample_2019["submissions"])
    by_code = {s["region"]["code"]: s for s in submissions}
    path = str(tmp_path / "2019.qa")

    def ok(*args: str) -> tuple[str, str]:
        code, out, err = main(capsys, *args)
        assert code == 0, err
        return out, err

    def refused(*args: str, says: str) -> None:
        code, out, err = main(capsys, *args)
        assert code == cli.EXIT_INVALID and out == ""
        assert len(err.splitlines()) == 1 and says in err and "Traceback" not in err

    sample = str(Path(__file__).resolve().parents[2] / "examples" / "data" / "sample-2019.json")
    out, _ = ok(
        "campaign", "init", path, "--year", "2019", "--cohort", sample, "--date", "2019-06-01"
    )
    assert "共 31 个地区" in out  # zh: the default

    # Art. 6.1: the filing dates come from each submission; one late, one typed wrong.
    for s in submissions:
        s["filed"] = {"targets": "2019-06-28", "self_evaluation": "2020-07-14"}
    by_code[LATE]["filed"]["targets"] = "2019-07-10"
    by_code[TYPO]["filed"]["targets"] = "2019-08-26"  # a typo for 2019-06-26
    out, err = ok("campaign", "file-targets", path, write_json(tmp_path / "all.json", submissions))
    assert out.count(": 质量目标已报送\n") == 31  # zh: the default
    # Each late step warns once, on stderr (not a second time through the logger).
    assert err.splitlines() == [
        f"qualityassess: 警告：{LATE} file_targets: 质量目标备案日期为 2019-07-10，比截止日期 "
        "2019-06-30 晚 10 天（第六条）",
        f"qualityassess: 警告：{TYPO} file_targets: 质量目标备案日期为 2019-08-26，比截止日期 "
        "2019-06-30 晚 57 天（第六条）",
    ]

    # Art. 6.2: thirty self-evaluations; 西藏's never comes, and is recorded once overdue.
    filing = [s for s in submissions if s["region"]["code"] != SILENT]
    out, err = ok("campaign", "self-eval", path, write_json(tmp_path / "self.json", filing))
    assert out.count(": 自评报告已报送\n") == 30 and err == ""
    refused(
        "campaign",
        "plan-verification",
        path,
        "--date",
        "2020-07-20",
        says="尚未收到 540000 的自评报告",
    )
    refused(
        "campaign",
        "not-submitted",
        path,
        SILENT,
        "--date",
        "2020-07-15",
        says="自评报告的报送截止日期为 2020-07-15，尚未逾期",
    )
    out, _ = ok(
        "campaign",
        "not-submitted",
        path,
        SILENT,
        "--reason",
        "no self-evaluation received",
        "--date",
        "2020-07-16",
        "--actor",
        "office",
    )
    assert out == f"{SILENT}: 自评报告已记为未报送（第六条第二款）\n"

    # Art. 6.3: the plan draws by risk; a region it did not draw is spot-checked.
    out, _ = ok(
        "campaign",
        "plan-verification",
        path,
        "--rule",
        "risk",
        "--share",
        "0.3",
        "--points",
        "3",
        "--seed",
        "2020",
        "--date",
        "2020-07-20",
    )
    drawn = [line.split("\t")[0] for line in out.splitlines()]
    assert len(drawn) == 10  # ⌈0.3 × 31⌉
    spot = next(
        c for c in ("620000", "630000", "610000", "440000") if c not in drawn and c != SILENT
    )
    overstated = next(
        c
        for c in drawn
        if c != SILENT
        and by_code[c]["self_evaluation"]["development_plan"] in ("good", "excellent")
    )
    plain = [
        {"region": by_code[c]["region"], "verification": by_code[c]["verification"]}
        for c in drawn
        if c != overstated
    ]
    found = {
        "region": by_code[spot]["region"],
        "verification": by_code[spot]["verification"],
        "evidence": {"development_plan": "minutes of the provincial quality meeting seen"},
        "incidents": [CONCEALED_INCIDENT],
    }
    checked = write_json(tmp_path / "spot.json", found)
    refused(
        "campaign",
        "verify",
        path,
        checked,
        "--date",
        "2020-08-06",
        says="核查计划未抽中该地区；请先记录抽查（spot_check）",
    )
    out, _ = ok(
        "campaign",
        "spot-check",
        path,
        spot,
        "--reason",
        "complaints about an unreported incident",
        "--date",
        "2020-07-25",
        "--actor",
        "working group",
    )
    assert out == f"{spot}: 经抽查列入核查（第六条第三款）\n"
    out, _ = ok(
        "campaign", "verify", path, write_json(tmp_path / "v.json", plain), "--date", "2020-08-05"
    )
    assert out.count(": 核查结果已记录\n") == len(plain)
    # Overstated, and nothing written down about it: the criticism must say so.
    no_evidence = {"region": {"code": overstated}, "verification": {"development_plan": "poor"}}
    ok(
        "campaign",
        "verify",
        path,
        write_json(tmp_path / "o.json", no_evidence),
        "--date",
        "2020-08-05",
    )
    ok("campaign", "verify", path, checked, "--date", "2020-08-06")

    # The typo corrected, saying why and who.
    out, _ = ok(
        "campaign",
        "correct",
        path,
        "file-targets",
        "--region",
        TYPO,
        "--reason",
        "date typed as 2019-08-26; the filing arrived on 2019-06-26",
        "--actor",
        "office (Wang)",
        "--step-date",
        "2019-06-26",
        "--date",
        "2020-08-10",
    )
    assert out == (
        f"{TYPO}: file_targets: targets_filed_on 2019-08-26 -> 2019-06-26；理由：date typed as "
        "2019-08-26; the filing arrived on 2019-06-26\n"
    )

    # Art. 6.4, 6.5: assessed, approved, announced.
    out, _ = ok("--lang", "en", "campaign", "assess", path, "--date", "2020-08-25")
    assert all(s["region"]["name"] in out for s in submissions)
    ok("campaign", "approve", path, "--date", "2020-09-15", "--actor", "State Council")
    out, _ = ok("--lang", "en", "campaign", "announce", path, "--date", "2020-09-25")
    assert "Announced on 2020-09-25" in out

    # Art. 7: 西藏 reports in time; the vetoed region does not, is interviewed, reports late.
    ok("campaign", "rectification", path, SILENT, "--date", "2020-10-20")
    refused(
        "campaign",
        "interview",
        path,
        spot,
        "--date",
        "2020-10-20",
        says="整改报告在 2020-10-25 之后才算逾期",
    )
    ok(
        "campaign",
        "interview",
        path,
        spot,
        "--reason",
        "no rectification report",
        "--date",
        "2020-11-03",
    )
    _, err = ok("--lang", "en", "campaign", "rectification", path, spot, "--date", "2020-11-10")
    assert err == (
        f"qualityassess: warning: {spot} receive_rectification: rectification report dated "
        "2020-11-10, 16 day(s) after it was due on 2020-10-25 (Art. 7)\n"
    )
    names = {s["region"]["code"]: s["region"]["name"] for s in submissions}
    return {"path": path, "spot": spot, "overstated": overstated, "names": names}


def test_a_whole_year_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, year: dict[str, Any]
) -> None:
    path, spot, overstated, names = (year[k] for k in ("path", "spot", "overstated", "names"))

    def ok(*args: str) -> str:
        code, out, err = main(capsys, *args)
        assert code == 0, err
        assert err == ""
        return out

    # Every notice, in both languages, names what it must.
    for lang in ("zh", "en"):
        announcement = ok("--lang", lang, "campaign", "notice", path, "--kind", "announcement")
        assert all(announcement.count(name) == 1 for name in names.values())
        criticism = ok("--lang", lang, "campaign", "notice", path, "--kind", "criticism")
        assert names[spot] in criticism and names[overstated] in criticism
        assert CONCEALED_INCIDENT["evidence"] in criticism
        # The overstatement was recorded without evidence: the notice says so.
        block = criticism[criticism.index(names[overstated]) :].split("\n\n")[0]
        assert ("（无核查记录）" if lang == "zh" else "(no verification record)") in block
        cadre = ok("--lang", lang, "campaign", "notice", path, "--kind", "cadre")
        assert all(f"{code}  {name}" in cadre for code, name in names.items())
        spot_line = next(line for line in cadre.splitlines() if line.startswith(spot))
        assert "D" in spot_line
        assert ("否决" if lang == "zh" else "veto") in spot_line

    # Every deadline, with its state.
    status = json.loads(ok("campaign", "status", path, "--as-of", "2020-12-01", "--json"))
    assert (status["phase"], status["as_of"]) == ("announced", "2020-12-01")
    deadlines = {d["deadline"]: d for d in status["deadlines"]}
    assert list(deadlines) == [
        "targets",
        "self_evaluation",
        "report",
        "approval",
        "announcement",
        "rectification",
    ]
    assert deadlines["targets"]["state"] == "late" and deadlines["targets"]["days_late"] == 10
    assert deadlines["targets"]["regions"] == {"late": 1, "met": 30, "overdue": 0, "pending": 0}
    assert deadlines["self_evaluation"]["state"] == "overdue"
    assert deadlines["self_evaluation"]["regions"]["overdue"] == 1
    assert deadlines["self_evaluation"]["regions"]["met"] == 30
    for key, done in (
        ("report", "2020-08-25"),
        ("approval", "2020-09-15"),
        ("announcement", "2020-09-25"),
    ):
        assert deadlines[key]["state"] == "met" and deadlines[key]["done_on"] == done
        assert deadlines[key]["due"] == "2020-09-30" and deadlines[key]["article"] == "Art. 6.5"
    rectification = deadlines["rectification"]
    assert rectification["due"] == "2020-10-25" and rectification["state"] == "late"
    assert rectification["days_late"] == 16
    assert rectification["regions"] == {"late": 1, "met": 1, "overdue": 0, "pending": 0}

    regions = {r["region"]: r for r in status["regions"]}
    assert len(regions) == 31
    assert regions[LATE]["targets_state"] == "late" and regions[LATE]["targets_days_late"] == 10
    assert regions[TYPO]["targets_filed_on"] == "2019-06-26"
    assert regions[TYPO]["targets_state"] == "met" and regions[TYPO]["corrections"] == 1
    assert regions[SILENT]["self_evaluation_not_submitted"] is True
    assert regions[SILENT]["self_evaluation_state"] == "overdue"
    assert regions[SILENT]["rectification_state"] == "met"
    assert regions[spot]["spot_checked"] is True and regions[spot]["grade"] == "D"
    assert regions[spot]["interviews"] == ["2020-11-03"]
    assert regions[spot]["rectification_received_on"] == "2020-11-10"
    assert regions[spot]["rectification_state"] == "late"
    assert regions[spot]["rectification_days_late"] == 16

    # The same, as tables.
    text = ok("--lang", "en", "campaign", "status", path, "--as-of", "2020-12-01")
    assert "phase announced, as of 2020-12-01" in text
    line = next(line for line in text.splitlines() if line.startswith("targets filed"))
    assert line.split()[-5:] == ["10", "30", "met,", "1", "late"]
    line = next(line for line in text.splitlines() if line.startswith(LATE))
    assert "2019-07-10 (10 days late)" in line
    line = next(line for line in text.splitlines() if line.startswith(SILENT))
    assert "not submitted" in line
    line = next(line for line in text.splitlines() if line.startswith(spot))
    assert line.split()[-6:] == ["yes", "2020-10-25", "2020-11-10", "late", "16", "2020-11-03"]
    text = ok("campaign", "status", path, "--as-of", "2020-12-01")
    assert "阶段：已公告（截至 2020-12-01）" in text and "第六条（一）" in text
    line = next(line for line in text.splitlines() if line.startswith(SILENT))
    assert "未报送" in line
    line = next(line for line in text.splitlines() if line.startswith("D级整改报告"))
    assert "逾期完成" in line and "16" in line

    # The results say who did not submit, who concealed, who overstated, who was late.
    results = json.loads(ok("campaign", "results", path, "--json"))
    findings = {r["region"]["code"]: [f["kind"] for f in r["findings"]] for r in results["results"]}
    grades = {r["region"]["code"]: r["grade"] for r in results["results"]}
    assert "not_submitted" in findings[SILENT] and grades[SILENT] == "D"
    assert "concealed" in findings[spot] and grades[spot] == "D"
    assert "overstated" in findings[overstated]
    assert "late_filing" in findings[LATE] and "late_filing" not in findings[TYPO]

    # The correction in the journal: who, and why.
    history = ok("campaign", "history", path, "--region", TYPO).splitlines()
    correction = next(line.split("\t") for line in history if "\tcorrect\t" in line)
    assert correction[3:6] == ["office (Wang)", "correct", TYPO]
    assert "targets_filed_on 2019-08-26 -> 2019-06-26" in correction[6]
    assert "理由：date typed as 2019-08-26" in correction[6]  # zh: the default

    out = ok("--lang", "en", "campaign", "check", path)
    assert " journal entries checked; " in out and "equals a replay" in out

    # Export, import: the same results, and each entry's time of recording kept.
    exported, copied = tmp_path / "2019.json", str(tmp_path / "copy.qa")
    ok("campaign", "export", path, "--out", str(exported))
    assert "阶段：已公告" in ok("campaign", "import", str(exported), copied)
    assert json.loads(ok("campaign", "results", copied, "--json")) == results
    again = tmp_path / "again.json"
    ok("campaign", "export", copied, "--out", str(again))
    first = json.loads(exported.read_text(encoding="utf-8"))["journal"]
    second = json.loads(again.read_text(encoding="utf-8"))["journal"]
    assert [e["recorded_at"] for e in second] == [e["recorded_at"] for e in first]
    assert second == first
    assert json.loads(ok("campaign", "status", copied, "--as-of", "2020-12-01", "--json")) == status
