"""`qualityassess campaign ...`: a year run from the command line (issue 3, item 7)."""

from __future__ import annotations

import copy
import datetime
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from _cli_helpers import main, write_json
from qualityassess import cli
from qualityassess.campaign import Campaign


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qualityassess", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def ok(*args: str) -> str:
    done = run(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_year_from_the_command_line(tmp_path: Path, sample_2019: dict[str, Any]) -> None:
    submissions = sample_2019["submissions"][:3]
    data = tmp_path / "three.json"
    data.write_text(json.dumps({"submissions": submissions}, ensure_ascii=False), encoding="utf-8")
    campaign = str(tmp_path / "2019.qa")

    assert "共 3 个地区" in ok(  # zh: the default
        "campaign",
        "init",
        campaign,
        "--year",
        "2019",
        "--cohort",
        str(data),
        "--date",
        "2019-06-01",
    )
    ok(
        "campaign",
        "file-targets",
        campaign,
        str(data),
        "--date",
        "2019-06-28",
        "--actor",
        "provinces",
    )

    refused = run("--lang", "en", "campaign", "approve", campaign, "--date", "2020-09-01")
    assert refused.returncode == cli.EXIT_INVALID
    assert "phase 'filing'; this step needs 'assessed'" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr

    ok("campaign", "self-eval", campaign, str(data), "--date", "2020-07-14")
    plan = ok(
        "campaign",
        "plan-verification",
        campaign,
        "--rule",
        "manual",
        "--region",
        "110000",
        "--date",
        "2020-07-20",
    )
    assert plan.startswith("110000\t")
    verification = tmp_path / "verify.json"
    verification.write_text(
        json.dumps(
            {
                "region": {"code": "110000"},
                "verification": {"development_plan": "poor"},
                "evidence": {"development_plan": "invented: not adopted"},
            }
        ),
        encoding="utf-8",
    )
    ok("campaign", "verify", campaign, str(verification), "--date", "2020-08-01")
    assert "北京市" in ok("campaign", "assess", campaign, "--date", "2020-08-20")
    ok("campaign", "approve", campaign, "--date", "2020-09-10", "--actor", "State Council")
    notice = ok("--lang", "en", "campaign", "announce", campaign, "--date", "2020-09-25")
    assert "Announced on 2020-09-25" in notice and notice.count("北京市") == 1

    criticism = ok("campaign", "notice", campaign, "--kind", "criticism")
    assert "北京市" in criticism and "invented: not adopted" in criticism
    status = ok("--lang", "en", "campaign", "status", campaign, "--as-of", "2020-10-01")
    assert "phase announced" in status and "110000" in status
    history = ok("campaign", "history", campaign, "--region", "110000")
    assert [line.split("\t")[4] for line in history.splitlines()] == [
        "create",
        "file_targets",
        "self_evaluate",
        "plan_verification",
        "verify",
        "assess",
        "approve",
        "announce",
    ]

    exported = tmp_path / "export.json"
    ok("campaign", "export", campaign, "--out", str(exported))
    assert "已导入 12 个步骤，阶段：已公告" in ok(  # zh: the default
        "campaign", "import", str(exported), str(tmp_path / "copy.qa")
    )


def test_missing_campaign_file_is_exit_3(tmp_path: Path) -> None:
    done = run("campaign", "status", str(tmp_path / "none.qa"))
    assert done.returncode == cli.EXIT_FILE and "no campaign file" in done.stderr


# ---- the year's outputs, dates, step files, all or nothing -----------------------------------

TWO = ("110000", "120000")  # 北京市, 天津市


@pytest.fixture
def two(sample_2019: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample's submissions of Beijing and Tianjin."""
    return [copy.deepcopy(s) for s in sample_2019["submissions"] if s["region"]["code"] in TWO]


@pytest.fixture
def fresh(tmp_path: Path, two: list[dict[str, Any]]) -> str:
    """A campaign over the two regions, nothing filed yet."""
    path = tmp_path / "2019.qa"
    Campaign.create(path, "cn-2013", 2019, [s["region"] for s in two], date="2019-06-01").close()
    return str(path)


@pytest.fixture
def filed(fresh: str, two: list[dict[str, Any]]) -> str:
    """The two regions' targets and self-evaluations filed (phase filing)."""
    with Campaign.open(fresh) as campaign:
        for s in two:
            campaign.file_targets(s["region"]["code"], s["targets"], date="2019-06-28")
        for s in two:
            code = s["region"]["code"]
            campaign.self_evaluate(code, s["self_evaluation"], date="2020-07-14")
    return fresh


def assess_and_approve(path: str) -> None:
    with Campaign.open(path) as campaign:
        campaign.plan_verification(rule="manual", regions=["110000"], date="2020-07-20")
        campaign.verify("110000", {"development_plan": "poor"}, date="2020-08-01")
        campaign.assess(date="2020-08-20")
        campaign.approve(date="2020-09-10")


def history_types(capsys: pytest.CaptureFixture[str], path: str, region: str) -> list[str]:
    code, out, _ = main(capsys, "campaign", "history", path, "--region", region)
    assert code == 0
    return [line.split("\t")[4] for line in out.splitlines()]


def test_results_are_marked_provisional_until_assessed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, filed: str
) -> None:
    with Campaign.open(filed) as campaign:
        expected = [result.to_dict() for result in campaign.results()]

    code, out, _ = main(capsys, "--lang", "en", "campaign", "results", filed)
    assert code == 0
    header, *table = out.splitlines()
    assert header == (
        "Preliminary (2019): the results are not yet approved (Art. 6.5); provisional: the "
        "comprehensive assessment (Art. 6.4) has not been made (phase filing), grades may change"
    )
    rows = {line.split()[1]: line for line in table[2:]}
    assert set(rows) == set(TWO) and "北京市" in rows["110000"]
    for result in expected:
        assert f"{result['total']:.2f}" in rows[result["region"]["code"]]

    code, out, _ = main(capsys, "campaign", "results", filed)
    assert out.splitlines()[0].startswith("初步认定（2019年度）") and "暂定结果" in out

    code, out, _ = main(capsys, "campaign", "results", filed, "--json")
    document = json.loads(out)
    assert (document["year"], document["phase"]) == (2019, "filing")
    assert document["provisional"] is True and document["approved"] is False
    assert document["results"] == expected

    out_path = tmp_path / "results.json"
    code, out, _ = main(capsys, "campaign", "results", filed, "--json", "--out", str(out_path))
    assert code == 0 and out == f"已写入 {out_path}\n"
    assert json.loads(out_path.read_text(encoding="utf-8")) == document

    assess_and_approve(filed)
    code, out, _ = main(capsys, "--lang", "en", "campaign", "results", filed)
    assert out.splitlines()[0].split() == ["rank", "code", "region", "total", "grade", "veto"]
    document = json.loads(main(capsys, "campaign", "results", filed, "--json")[1])
    assert document["phase"] == "approved" and document["provisional"] is False
    assert document["approved"] is True


def test_explain_one_region(capsys: pytest.CaptureFixture[str], filed: str) -> None:
    with Campaign.open(filed) as campaign:
        why = next(r for r in campaign.results() if r.region_code == "120000").explain("en")
    code, out, _ = main(capsys, "--lang", "en", "campaign", "explain", filed, "120000")
    assert code == 0
    assert out.startswith("Preliminary (2019)") and out.endswith(why + "\n")

    code, out, err = main(capsys, "--lang", "en", "campaign", "explain", filed, "990000")
    assert code == cli.EXIT_INVALID and out == ""
    assert err == f"qualityassess: {filed}: no region 990000 in this campaign\n"


def test_report_is_preliminary_until_approved(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, filed: str
) -> None:
    report = tmp_path / "report.html"
    code, out, _ = main(capsys, "campaign", "report", filed, "--out", str(report))
    assert code == 0 and out == f"报告已写入 {report}\n"
    html = report.read_text(encoding="utf-8")
    assert '<p class="status-note" role="note">初步认定（2019年度）' in html
    assert "<h1>2019年度考核结果</h1>" in html and "北京市" in html and "天津市" in html

    assess_and_approve(filed)
    main(capsys, "--lang", "en", "campaign", "report", filed, "--out", str(report))
    html = report.read_text(encoding="utf-8")
    assert "status-note" not in html.split("</style>")[1] and "Preliminary" not in html
    assert "<h1>Assessment results, year 2019</h1>" in html


def test_report_status_note_is_escaped(two: list[dict[str, Any]]) -> None:
    results = qa.assess_many("cn-2013", two)
    html = qa.report.render_report(results, "en", status_note="<script>x</script> & co")
    assert "<script>x" not in html
    assert '<p class="status-note" role="note">&lt;script&gt;x&lt;/script&gt; &amp; co</p>' in html


def test_export_can_carry_the_results_and_import_ignores_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, filed: str
) -> None:
    assess_and_approve(filed)
    with Campaign.open(filed) as campaign:
        expected = [result.to_dict() for result in campaign.results()]
    plain, full = tmp_path / "plain.json", tmp_path / "full.json"
    assert main(capsys, "--lang", "en", "campaign", "export", filed, "--out", str(plain))[0] == 0
    assert "results" not in json.loads(plain.read_text(encoding="utf-8"))
    assert (
        main(capsys, "--lang", "en", "campaign", "export", filed, "--out", str(full), "--results")[
            0
        ]
        == 0
    )
    document = json.loads(full.read_text(encoding="utf-8"))
    assert document["results"] == expected and document["phase"] == "approved"

    # Derived: an edited "results" changes nothing on import, the journal is replayed.
    document["results"] = [{**expected[0], "grade": "A", "total": 100.0}]
    code, out, err = main(
        capsys,
        "--lang",
        "en",
        "campaign",
        "import",
        write_json(tmp_path / "edited.json", document),
        str(tmp_path / "copy.qa"),
    )
    assert code == 0, err
    assert out.endswith("steps imported, phase approved\n")
    with Campaign.open(tmp_path / "copy.qa") as copy_:
        assert [result.to_dict() for result in copy_.results()] == expected


def test_a_step_without_a_date_is_dated_today_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    today = datetime.date.today().isoformat()
    # Today is a plausible date only for a recent year's campaign (a 2019 campaign refuses a
    # step dated years later as a likely typo).
    year = datetime.date.today().year - 1
    fresh = str(tmp_path / "recent.qa")
    Campaign.create(fresh, "cn-2013", year, [s["region"] for s in two]).close()
    # A date in the file counts; only the region without one is dated today.
    two[0]["filed"] = {"targets": f"{year}-06-28"}
    targets = write_json(tmp_path / "targets.json", two)
    code, out, err = main(capsys, "campaign", "file-targets", fresh, targets)
    assert (
        code == 0 and out == "110000: 质量目标已报送\n120000: 质量目标已报送\n"
    )  # zh: the default
    # Then the step's own warnings: targets dated today are late for last year's campaign.
    first, *late = err.splitlines()
    assert first == f"qualityassess: 警告：未给出 --date，此步骤（120000）按今天 {today} 记录"
    assert late == [
        f"qualityassess: 警告：120000 file_targets: 质量目标备案日期为 {today}，比截止日期 "
        f"{year}-06-30 晚 {(datetime.date.today() - datetime.date(year, 6, 30)).days} 天（第六条）"
    ]
    with Campaign.open(fresh) as campaign:
        assert campaign.submission("110000")["filed"]["targets"] == f"{year}-06-28"
        assert campaign.submission("120000")["filed"]["targets"] == today

    del two[0]["filed"]
    evaluations = write_json(tmp_path / "self.json", two)
    code, _, err = main(capsys, "--lang", "en", "campaign", "self-eval", fresh, evaluations)
    assert code == 0
    assert err.splitlines()[0] == (
        f"qualityassess: warning: no --date given: recording the step as taken today, {today}"
    )
    assert all("day(s) after it was due on" in line for line in err.splitlines()[1:])
    with Campaign.open(fresh) as campaign:
        assert campaign.submission("110000")["filed"]["self_evaluation"] == today

    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "plan-verification", fresh, "--date", tomorrow
    )
    assert code == 0 and err == ""


def test_a_misspelt_section_is_refused_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    two[1]["self_evalution"] = two[1].pop("self_evaluation")
    data = write_json(tmp_path / "typo.json", {"submissions": two})
    code, out, err = main(
        capsys, "--lang", "en", "campaign", "file-targets", fresh, data, "--date", "2019-06-28"
    )
    assert code == cli.EXIT_INVALID and out == ""
    assert err == (
        f"qualityassess: {data}: submission 2 of 2 (120000): unknown key 'self_evalution' "
        "(did you mean 'self_evaluation'?)\n"
    )
    assert history_types(capsys, fresh, "110000") == ["create"]

    document = {"region": {"code": "110000"}, "verfication": {"development_plan": "poor"}}
    data = write_json(tmp_path / "verify.json", document)
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "verify", fresh, data, "--date", "2020-08-01"
    )
    assert code == cli.EXIT_INVALID
    assert "submission 1 of 1 (110000): unknown key 'verfication'" in err
    assert "did you mean 'verification'?" in err

    document = {"region": {"code": "110000"}, "xyz": 1}
    data = write_json(tmp_path / "other.json", document)
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "verify", fresh, data, "--date", "2020-08-01"
    )
    assert code == cli.EXIT_INVALID and "unknown key 'xyz' (the keys are region, year," in err


def test_a_step_whose_section_is_missing_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    del two[1]["self_evaluation"]
    data = write_json(tmp_path / "two.json", two)
    assert (
        main(
            capsys, "--lang", "en", "campaign", "file-targets", fresh, data, "--date", "2019-06-28"
        )[0]
        == 0
    )
    code, out, err = main(
        capsys, "--lang", "en", "campaign", "self-eval", fresh, data, "--date", "2020-07-14"
    )
    assert code == cli.EXIT_INVALID and out == ""
    assert err == (
        f"qualityassess: {data}: submission 2 of 2 (120000): no 'self_evaluation' section for "
        "120000; self-eval reads it (check its spelling)\n"
    )
    assert "self_evaluate" not in history_types(capsys, fresh, "110000")

    data = write_json(tmp_path / "bare.json", {"region": {"code": "110000"}, "evidence": {}})
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "verify", fresh, data, "--date", "2020-08-01"
    )
    assert code == cli.EXIT_INVALID
    assert "no 'verification' or 'incidents' section for 110000; verify reads it" in err

    data = write_json(tmp_path / "none.json", {"region": {"code": "110000"}, "year": 2019})
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "file-targets", fresh, data, "--date", "2019-06-28"
    )
    assert code == cli.EXIT_INVALID and "no 'targets' section for 110000" in err


def test_a_file_of_several_regions_is_recorded_all_or_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    two[1]["targets"]["manufacturing_pass_rate"] = 101  # a rate above 100: refused by the step
    data = write_json(tmp_path / "two.json", two)
    code, out, err = main(capsys, "campaign", "file-targets", fresh, data, "--date", "2019-06-28")
    assert code == cli.EXIT_INVALID and out == ""
    assert "120000" in err and "manufacturing_pass_rate" in err
    assert history_types(capsys, fresh, "110000") == ["create"]
    with Campaign.open(fresh) as campaign:
        assert "filed" not in campaign.submission("110000")

    two[1]["targets"]["manufacturing_pass_rate"] = 95.0
    data = write_json(tmp_path / "two.json", two)
    assert main(capsys, "campaign", "file-targets", fresh, data, "--date", "2019-06-28")[0] == 0
    two[1]["self_evaluation"]["development_plan"] = "superb"
    data = write_json(tmp_path / "two.json", two)
    code, _, err = main(capsys, "campaign", "self-eval", fresh, data, "--date", "2020-07-14")
    # In the default language, zh, with the levels as the form shows them.
    assert (
        code == cli.EXIT_INVALID
        and "'superb' 不是 质量发展规划制定与实施 (development_plan) 的等级" in err
    )
    assert "优秀 (excellent)" in err and "120000 /self_evaluation/development_plan" in err
    assert history_types(capsys, fresh, "110000") == ["create", "file_targets"]


def test_filing_again_says_amended_and_which_date_counts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    first = write_json(tmp_path / "first.json", two[0])
    both = write_json(tmp_path / "both.json", two)
    code, out, _ = main(
        capsys, "--lang", "en", "campaign", "file-targets", fresh, first, "--date", "2019-06-28"
    )
    assert out == "110000: targets filed\n"
    code, out, _ = main(
        capsys, "--lang", "en", "campaign", "file-targets", fresh, both, "--date", "2019-07-05"
    )
    assert code == 0
    assert out == (
        "110000: targets amended (first filed 2019-06-28 counts for lateness)\n"
        "120000: targets filed\n"
    )
    main(capsys, "--lang", "en", "campaign", "self-eval", fresh, both, "--date", "2020-07-14")
    code, out, _ = main(
        capsys, "--lang", "en", "campaign", "self-eval", fresh, first, "--date", "2020-07-20"
    )
    assert out == "110000: self-evaluation amended (first filed 2020-07-14 counts for lateness)\n"
    with Campaign.open(fresh) as campaign:
        assert campaign.submission("110000")["filed"] == {
            "targets": "2019-06-28",
            "self_evaluation": "2020-07-14",
        }


# ---- not-submitted, spot-check, correct, check, status; warnings -------------------------------


def test_not_submitted_then_a_spot_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    """Art. 6.2: Tianjin never self-evaluates and is recorded so; Art. 6.3: the plan draws
    Beijing, and Tianjin's figures are checked on the spot all the same."""
    data = write_json(tmp_path / "two.json", two)
    main(capsys, "--lang", "en", "campaign", "file-targets", fresh, data, "--date", "2019-06-28")
    main(
        capsys,
        "--lang",
        "en",
        "campaign",
        "self-eval",
        fresh,
        data,
        "--region",
        "110000",
        "--date",
        "2020-07-14",
    )
    # Refused steps: one line, exit 1, nothing recorded.
    code, out, err = main(
        capsys, "campaign", "not-submitted", fresh, "120000", "--date", "2020-07-15"
    )
    assert code == cli.EXIT_INVALID and out == ""
    assert err == (  # in Chinese, the command's default --lang, its heading too
        "qualityassess: 已拒绝: 120000 not_submitted: 自评报告的报送截止日期为 2020-07-15，"
        "尚未逾期（第六条第二款）\n"
    )
    code, _, err = main(
        capsys,
        "campaign",
        "not-submitted",
        fresh,
        "120000",
        "--step",
        "targets",
        "--date",
        "2020-07-16",
    )
    assert code == cli.EXIT_INVALID and "此步骤需在 'registered' 环节进行" in err
    assert len(err.splitlines()) == 1
    code, out, err = main(
        capsys,
        "campaign",
        "not-submitted",
        fresh,
        "120000",
        "--reason",
        "nothing received",
        "--date",
        "2020-07-16",
        "--actor",
        "office",
    )
    assert (code, out, err) == (0, "120000: 自评报告已记为未报送（第六条第二款）\n", "")

    main(
        capsys,
        "campaign",
        "plan-verification",
        fresh,
        "--rule",
        "manual",
        "--region",
        "110000",
        "--date",
        "2020-07-20",
    )
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "spot-check", fresh, "120000", "--date", "2020-07-25"
    )
    assert code == cli.EXIT_USAGE and "--reason" in err  # a spot check says why
    code, _, err = main(
        capsys,
        "campaign",
        "spot-check",
        fresh,
        "120000",
        "--reason",
        "complaints",
        "--point",
        "development_plan",
        "--point",
        "nonsense",
        "--date",
        "2020-07-25",
    )
    assert code == cli.EXIT_INVALID and '"nonsense" 不是考核方案 cn-2013 的指标' in err
    assert len(err.splitlines()) == 1
    code, out, err = main(
        capsys,
        "campaign",
        "spot-check",
        fresh,
        "120000",
        "--reason",
        "complaints",
        "--point",
        "development_plan",
        "--point",
        "brand_strategy",
        "--date",
        "2020-07-25",
        "--actor",
        "working group",
    )
    assert (code, err) == (0, "")
    assert out == "120000: 经抽查列入核查（第六条第三款）\n"
    code, _, err = main(
        capsys,
        "campaign",
        "spot-check",
        fresh,
        "110000",
        "--reason",
        "again",
        "--date",
        "2020-07-25",
    )
    assert code == cli.EXIT_INVALID and "此步骤需在 'not_selected' 环节进行" in err

    history = main(capsys, "--lang", "en", "campaign", "history", fresh, "--region", "120000")[
        1
    ].splitlines()
    notes = {line.split("\t")[4]: line.split("\t")[3::3] for line in history}
    assert notes["not_submitted"] == ["office", "self_evaluation; reason: nothing received"]
    assert notes["spot_check"] == [
        "working group",
        "points development_plan, brand_strategy; reason: complaints",
    ]
    status = json.loads(
        main(
            capsys, "--lang", "en", "campaign", "status", fresh, "--as-of", "2020-07-26", "--json"
        )[1]
    )
    rows = {row["region"]: row for row in status["regions"]}
    assert rows["120000"]["self_evaluation_not_submitted"] is True
    assert rows["120000"]["spot_checked"] is True and rows["120000"]["stage"] == "selected"
    deadline = next(d for d in status["deadlines"] if d["deadline"] == "self_evaluation")
    assert deadline["state"] == "overdue"
    assert deadline["regions"] == {"met": 1, "late": 0, "pending": 0, "overdue": 1}
    assert deadline["days_late"] == 11


def test_correct_a_date_and_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, filed: str
) -> None:
    with Campaign.open(filed) as campaign:
        campaign.plan_verification(rule="manual", regions=["110000"], date="2020-07-20")
        campaign.verify("110000", {"development_plan": "poor"}, date="2020-08-01")

    code, out, err = main(
        capsys,
        "--lang",
        "en",
        "campaign",
        "correct",
        filed,
        "self-eval",
        "--region",
        "120000",
        "--reason",
        "typed the day before",
        "--actor",
        "office",
        "--step-date",
        "2020-07-15",
        "--date",
        "2020-08-02",
    )
    assert (code, err) == (0, "")
    assert out == (
        "120000: self_evaluate: self_evaluated_on 2020-07-14 -> 2020-07-15; reason: typed the "
        "day before\n"
    )

    # Values from a submission: the sections the step recorded, each replaced whole.
    document = {
        "region": {"code": "110000"},
        "targets": {"manufacturing_pass_rate": 50.0},  # not what verify recorded: not read
        "verification": {"development_plan": "fair"},
        "evidence": {"development_plan": "plan adopted in 2019, not carried out"},
    }
    values = write_json(tmp_path / "fix.json", document)
    code, out, err = main(
        capsys,
        "--lang",
        "en",
        "campaign",
        "correct",
        filed,
        "verify",
        "--reason",
        "wrong column",
        "--actor",
        "working group",
        "--values",
        values,
        "--date",
        "2020-08-02",
    )
    assert (code, err) == (0, "")
    assert out == "110000: verify: evidence replaced, verification replaced; reason: wrong column\n"
    with Campaign.open(filed) as campaign:
        submission = campaign.submission("110000")
        assert submission["verification"] == {"development_plan": "fair"}
        assert submission["evidence"] == document["evidence"]
        assert submission["targets"] != document["targets"]

    def refused(*args: str, code: int = cli.EXIT_INVALID, lang: str = "en") -> str:
        done, out, err = main(capsys, "--lang", lang, "campaign", "correct", filed, *args)
        assert done == code and out == "" and len(err.splitlines()) == 1, err
        return err

    reason = ("--reason", "r", "--date", "2020-08-02")
    code, _, err = main(
        capsys,
        "--lang",
        "en",
        "campaign",
        "correct",
        filed,
        "verify",
        "--region",
        "110000",
        *reason,
    )
    assert code == cli.EXIT_USAGE and "the following arguments are required: --actor" in err
    assert "nothing to correct" in refused("verify", "--region", "110000", "--actor", "a", *reason)
    err = refused("spot-check", "--values", values, "--actor", "a", *reason, code=cli.EXIT_USAGE)
    assert "--values: spot_check records no values" in err
    err = refused("plan-verification", "--region", "110000", "--actor", "a", *reason)
    assert "a step of the whole campaign: give no --region" in err
    assert "needs --region" in refused("file-targets", "--actor", "a", *reason)
    no_section = write_json(tmp_path / "bare.json", {"region": {"code": "110000"}, "targets": {}})
    err = refused("verify", "--values", no_section, "--actor", "a", *reason)
    assert "no 'verification' or 'evidence' or 'incidents' section" in err
    err = refused("verify", "--region", "120000", "--values", values, "--actor", "a", *reason)
    assert "one submission is needed (none for 120000)" in err
    err = refused("assess", "--step-date", "2020-08-03", "--actor", "a", *reason, lang="zh")
    assert "本次考核处于 'verification' 阶段" in err
    err = refused("verify", "--region", "110000", "--actor", "a", *reason, lang="zh")
    assert "没有需要更正的内容" in err

    history = main(capsys, "--lang", "en", "campaign", "history", filed, "--region", "110000")[
        1
    ].splitlines()
    correction = history[-1].split("\t")
    assert correction[3:5] == ["working group", "correct"]
    assert correction[6] == "verify: evidence replaced, verification replaced; reason: wrong column"


def test_correct_a_campaign_wide_date(capsys: pytest.CaptureFixture[str], filed: str) -> None:
    assess_and_approve(filed)
    code, out, err = main(
        capsys,
        "--lang",
        "en",
        "campaign",
        "correct",
        filed,
        "approve",
        "--reason",
        "the minutes say the 11th",
        "--actor",
        "office",
        "--step-date",
        "2020-09-11",
        "--date",
        "2020-09-12",
    )
    assert (code, err) == (0, "")
    assert out == (
        "2019.qa: approve: approved_on 2020-09-10 -> 2020-09-11; reason: the minutes say the 11th\n"
    )
    status = json.loads(main(capsys, "--lang", "en", "campaign", "status", filed, "--json")[1])
    approval = next(d for d in status["deadlines"] if d["deadline"] == "approval")
    assert approval["done_on"] == "2020-09-11"


def test_check_passes_and_reports_a_difference(
    capsys: pytest.CaptureFixture[str], filed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assess_and_approve(filed)
    code, out, err = main(capsys, "--lang", "en", "campaign", "check", filed)
    assert (code, err) == (0, "")
    assert out.startswith(f"{filed}: 9 journal entries checked; the state ")
    assert out.endswith(" equals a replay of the whole journal\n")
    code, out, _ = main(capsys, "campaign", "check", filed)
    assert out.startswith(f"{filed}：已核对 9 条日志记录；")
    assert out.endswith("与从头重放整个日志的结果一致\n")

    # The state opened and the replay differ (how a file comes to that is the storage tests'
    # business): one line naming the difference, the invalid-data exit code.
    from qualityassess import _core

    monkeypatch.setattr(
        _core.campaign, "state_diff", lambda *_: [{"op": "replace", "path": "/approved_on"}]
    )
    code, out, err = main(capsys, "campaign", "check", filed)
    assert code == cli.EXIT_INVALID and out == ""
    assert (
        err
        == f"qualityassess: {filed}: 打开时得到的状态与重放日志的结果不同（replace /approved_on）\n"
    )
    code, out, err = main(capsys, "--lang", "en", "campaign", "check", filed)
    assert code == cli.EXIT_INVALID and out == ""
    assert err == (
        f"qualityassess: {filed}: the state opened differs from a replay of the journal "
        "(replace /approved_on)\n"
    )


def test_status_lists_every_deadline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    """Art. 6.1, 6.2, 6.5: before anything is filed every deadline is pending, then overdue."""
    code, out, _ = main(capsys, "campaign", "status", fresh, "--as-of", "2019-06-15", "--json")
    document = json.loads(out)
    assert set(document) == {"year", "phase", "as_of", "deadlines", "regions"}
    assert [(d["deadline"], d["state"]) for d in document["deadlines"]] == [
        ("targets", "pending"),
        ("self_evaluation", "pending"),
        ("report", "pending"),
        ("approval", "pending"),
        ("announcement", "pending"),
    ]
    code, out, _ = main(
        capsys, "--lang", "en", "campaign", "status", fresh, "--as-of", "2020-10-02"
    )
    lines = out.splitlines()
    assert lines[0] == f"{fresh}: 2019, phase filing, as of 2020-10-02"
    targets = next(line for line in lines if line.startswith("targets filed"))
    assert targets.split()[2:] == ["Art.", "6.1", "2019-06-30", "overdue", "460", "2", "overdue"]
    report = next(line for line in lines if line.startswith("assessment reported"))
    assert report.split()[-5:] == ["Art.", "6.5", "2020-09-30", "overdue", "2"]
    row = next(line for line in lines if line.startswith("110000"))
    assert row.split()[2:] == ["registered", "overdue", "overdue"]
    code, out, err = main(capsys, "campaign", "status", fresh, "--as-of", "2020-13-01")
    assert code == cli.EXIT_INVALID and "'2020-13-01' 不是日期（应为 YYYY-MM-DD）" in err  # zh


def test_a_late_step_warns_once(tmp_path: Path, two: list[dict[str, Any]]) -> None:
    """The step's warning is printed by the command, not a second time by the logger."""
    campaign = str(tmp_path / "2019.qa")
    Campaign.create(campaign, "cn-2013", 2019, [s["region"] for s in two]).close()
    data = write_json(tmp_path / "two.json", two)
    done = run("--lang", "en", "campaign", "file-targets", campaign, data, "--date", "2019-07-02")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"qualityassess: warning: {code} file_targets: targets dated 2019-07-02, 2 day(s) after "
        "it was due on 2019-06-30 (Art. 6.1)"
        for code in TWO
    ]


def test_no_warning_for_a_step_not_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fresh: str, two: list[dict[str, Any]]
) -> None:
    """A file of two filings, the second refused: neither is kept, and the first one's
    lateness is not reported either."""
    two[1]["targets"]["manufacturing_pass_rate"] = 101
    data = write_json(tmp_path / "two.json", two)
    code, out, err = main(capsys, "campaign", "file-targets", fresh, data, "--date", "2019-07-02")
    assert code == cli.EXIT_INVALID and out == ""
    assert len(err.splitlines()) == 1 and "manufacturing_pass_rate" in err
    assert "警告" not in err and "due on" not in err


def test_new_steps_without_a_date_are_dated_today_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, two: list[dict[str, Any]]
) -> None:
    today = datetime.date.today().isoformat()
    year = datetime.date.today().year - 1
    path = str(tmp_path / "recent.qa")
    with Campaign.create(path, "cn-2013", year, [s["region"] for s in two]) as campaign:
        campaign.file_targets("110000", two[0]["targets"], date=f"{year}-06-28")
    code, out, err = main(
        capsys,
        "--lang",
        "en",
        "campaign",
        "correct",
        path,
        "file_targets",
        "--region",
        "110000",
        "--reason",
        "typo",
        "--actor",
        "office",
        "--step-date",
        f"{year}-06-27",
    )
    assert code == 0 and out.startswith("110000: file_targets: targets_filed_on")
    assert err == (
        f"qualityassess: warning: no --date given: recording the step as taken today, {today}\n"
    )
    with Campaign.open(path) as campaign:
        assert campaign.history("110000")[-1]["date"] == today
