"""One name per meaning on the command line (issue 14, part 2; docs/contracts.md, "One
vocabulary"). Every renamed option works under its new name and prints nothing more; its old
spelling still does the same for one release, with one warning on stderr, in ``--lang``,
naming the new spelling. ``--help`` shows only the new names."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import qualityassess as qa
from _cli_helpers import main, write_json
from qualityassess import cli
from qualityassess.cli._vocabulary import warn_deprecated

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLE = str(EXAMPLES / "data" / "sample-2019.json")
SHILI = EXAMPLES / "data" / "shili"
COUNTY_SCHEME = str(EXAMPLES / "schemes" / "shili-county-2019.json")
PREFECTURE_SCHEME = str(EXAMPLES / "schemes" / "shili-prefecture-2019.json")

REGIONS = [{"code": "110000", "name": "北京市"}, {"code": "120000", "name": "天津市"}]
TARGETS = {"manufacturing_pass_rate": 92.0}
VALUES = {"manufacturing_pass_rate": 93.0, "development_plan": "good"}


def warning(verb: str, old: str, new: str) -> str:
    return f"qualityassess: warning: {old} in `{verb}` is deprecated; use {new}\n"


def deprecations(err: str) -> list[str]:
    """The deprecation warnings among the lines on stderr, in either language."""
    lines = err.splitlines(keepends=True)
    return [line for line in lines if "is deprecated; use" in line or "已弃用，请改用" in line]


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A two-region year self-evaluated (before the plan), and the same year announced with
    120000 graded D (its rectification report due 2020-10-25)."""
    folder = tmp_path_factory.mktemp("years")
    path = folder / "year.qa"
    with qa.Campaign.create(path, "cn-2013", 2019, REGIONS, date="2019-06-01") as campaign:
        for region in REGIONS:
            campaign.file_targets(region["code"], TARGETS, date="2019-06-20")
            campaign.self_evaluate(region["code"], VALUES, date="2020-07-10")
    shutil.copy(path, folder / "evaluated.qa")
    with qa.Campaign.open(path) as campaign:
        campaign.plan_verification(rule="all", date="2020-07-20")
        campaign.verify("110000", VALUES, date="2020-08-01")
        campaign.verify("120000", {"development_plan": "none"}, date="2020-08-01")
        results = campaign.assess(date="2020-08-25")
        campaign.approve(date="2020-09-15")
        campaign.announce(date="2020-09-25")
    assert {r.region_code: r.grade for r in results}["120000"] == "D"
    shutil.copy(path, folder / "announced.qa")
    return {"evaluated": folder / "evaluated.qa", "announced": folder / "announced.qa"}


def copy_of(years: dict[str, Path], state: str, to: Path) -> str:
    return str(shutil.copy(years[state], to))


def history(path: str) -> list[list[str]]:
    """The journal without the time each entry was recorded (two files differ only there)."""
    with qa.Campaign.open(path) as campaign:
        entries = campaign.history()
    return [[str(e[k]) for k in ("type", "region", "date", "data")] for e in entries]


# ---- grade ----------------------------------------------------------------------------------


def test_grade_hierarchy_and_its_old_name_regions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    counties = ["--lang", "en", "grade", str(SHILI / "counties-2019.json")]
    level = ["--scheme", COUNTY_SCHEME, "--under", "990100"]
    code, new, err = main(
        capsys, *counties, *level, "--hierarchy", str(SHILI / "regions.csv"),
        "--out", str(tmp_path / "new.html"),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "990101" in new and "county → prefecture roll-up" in new
    code, old, err = main(
        capsys, *counties, *level, "--regions", str(SHILI / "regions.csv"),
        "--out", str(tmp_path / "old.html"),
    )  # fmt: skip
    assert code == 0
    assert err == warning("grade", "--regions FILE", "--hierarchy FILE")
    assert old.replace("old.html", "new.html") == new


def test_grade_writes_each_out_by_its_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = main(
        capsys, "--lang", "en", "grade", SAMPLE, "--out", "r.html", "--out", "r.xlsx",
        "--out", "r.json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "report written to r.html" in out
    assert "results workbook written to r.xlsx" in out
    assert "results written to r.json" in out
    assert "Ranking" in Path("r.html").read_text(encoding="utf-8")
    assert openpyxl.load_workbook("r.xlsx").sheetnames[0] == "Ranking"
    written = json.loads(Path("r.json").read_text(encoding="utf-8"))
    expected = qa.assess_many("cn-2013", json.loads(Path(SAMPLE).read_text("utf-8"))["submissions"])
    assert written["results"] == [r.to_dict() for r in expected]
    assert not Path("qualityassess-report.html").exists()  # --out given: only what it names


def test_grade_out_of_a_workbook_alone_writes_no_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = main(capsys, "--lang", "en", "grade", SAMPLE, "--out", "only.xlsx")
    assert (code, err) == (0, "")
    assert "report written" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["only.xlsx"]


def test_grade_old_xlsx_and_json_still_write_beside_the_default_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = main(
        capsys, "--lang", "en", "grade", SAMPLE, "--xlsx", "old.xlsx", "--json", "old.txt"
    )
    assert code == 0
    assert deprecations(err) == [
        warning("grade", "--xlsx PATH", "--out PATH.xlsx"),
        warning("grade", "--json PATH", "--out PATH.json"),
    ]
    assert "report written to qualityassess-report.html" in out
    assert openpyxl.load_workbook("old.xlsx").sheetnames[0] == "Ranking"
    # The old --json wrote JSON whatever the file's name.
    assert json.loads(Path("old.txt").read_text(encoding="utf-8"))["scheme"] == "cn-2013"


@pytest.mark.parametrize(
    ("outs", "says"),
    [
        (["r.csv"], "--out r.csv: .csv is not a format grade writes: the report (.html), the "
         "results workbook (.xlsx) or every region's Result JSON (.json)"),
        (["a.html", "b.htm"], "--out b.htm: a second report (--out a.html writes it); give one"),
        (["a.json", "b.json"], "--out b.json: a second results JSON (--out a.json writes it)"),
    ],
)  # fmt: skip
def test_grade_out_that_cannot_be_written_is_refused_before_grading(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    outs: list[str],
    says: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    arguments = [word for out in outs for word in ("--out", out)]
    code, out, err = main(capsys, "--lang", "en", "grade", SAMPLE, *arguments)
    assert code == cli.EXIT_USAGE and out == ""
    assert err.startswith(f"qualityassess: {says}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_the_warning_is_in_the_language_of_the_command_wherever_lang_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    grade = ["grade", SAMPLE, "--xlsx", str(tmp_path / "r.xlsx"), "--out", str(tmp_path / "r")]
    code, _, err = main(capsys, *grade)  # zh, the default
    assert code == 0
    assert deprecations(err) == [
        "qualityassess: 警告：`grade` 的 --xlsx PATH 已弃用，请改用 --out PATH.xlsx\n"
    ]
    # --lang after the old spelling still decides: the warning is printed once all is parsed.
    code, _, err = main(capsys, *grade, "--lang", "en")
    assert code == 0
    assert deprecations(err) == [warning("grade", "--xlsx PATH", "--out PATH.xlsx")]


# ---- campaign -------------------------------------------------------------------------------


def test_campaign_init_cohort_and_its_old_name_regions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cohort = write_json(tmp_path / "cohort.json", REGIONS)
    made = {}
    for option in ("--cohort", "--regions"):
        path = str(tmp_path / f"{option[2:]}.qa")
        code, out, err = main(
            capsys, "--lang", "en", "campaign", "init", path, "--year", "2019", option, cohort,
            "--date", "2019-06-01",
        )  # fmt: skip
        assert code == 0 and out == f"{path}: campaign for 2019 with 2 regions\n"
        made[option] = (err, history(path))
    assert made["--cohort"][0] == ""
    assert made["--regions"][0] == warning("campaign init", "--regions FILE", "--cohort FILE")
    assert made["--cohort"][1] == made["--regions"][1]


def test_campaign_init_without_a_cohort_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "init", str(tmp_path / "x.qa"), "--year", "2019"
    )
    assert code == cli.EXIT_USAGE and "required: --cohort" in err
    assert not (tmp_path / "x.qa").exists()


def test_plan_verification_region_repeated_and_its_old_comma_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, years: dict[str, Path]
) -> None:
    done = {}
    for name, regions in (
        ("new", ["--region", "110000", "--region", "120000"]),
        ("old", ["--regions", "110000,120000"]),
    ):
        path = copy_of(years, "evaluated", tmp_path / f"{name}.qa")
        code, out, err = main(
            capsys, "--lang", "en", "campaign", "plan-verification", path, "--rule", "manual",
            *regions, "--date", "2020-07-20",
        )  # fmt: skip
        assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == [
            "110000",
            "120000",
        ]
        done[name] = (err, history(path))
    assert done["new"][0] == ""
    assert done["old"][0] == warning(
        "campaign plan-verification", "--regions A,B", "--region A --region B"
    )
    assert done["new"][1] == done["old"][1]


def test_spot_check_point_repeated_and_its_old_comma_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, years: dict[str, Path]
) -> None:
    done = {}
    for name, points in (
        ("new", ["--point", "development_plan", "--point", "brand_strategy"]),
        ("old", ["--points", "development_plan, brand_strategy"]),
    ):
        path = copy_of(years, "evaluated", tmp_path / f"{name}.qa")
        code, _, _ = main(
            capsys, "campaign", "plan-verification", path, "--rule", "manual", "--region",
            "110000", "--date", "2020-07-20",
        )  # fmt: skip
        assert code == 0
        code, out, err = main(
            capsys, "--lang", "en", "campaign", "spot-check", path, "120000", "--reason",
            "complaints", *points, "--date", "2020-07-25",
        )  # fmt: skip
        assert (code, out) == (0, "120000: selected for verification by a spot check (Art. 6.3)\n")
        done[name] = (err, history(path))
    assert done["new"][0] == ""
    assert done["old"][0] == warning("campaign spot-check", "--points A,B", "--point A --point B")
    assert done["new"][1] == done["old"][1]
    assert "'points': ['development_plan', 'brand_strategy']" in done["new"][1][-1][3]


def _prefecture_year(path: Path) -> str:
    """The synthetic province's prefectures filed and self-evaluated, none drawn for
    verification: ready for the assessment, which takes the county results (Art. 10)."""
    document = json.loads((SHILI / "prefectures-2019.json").read_text(encoding="utf-8"))
    data = {s["region"]["code"]: s for s in document["submissions"]}
    regions = [(code, s["region"]["name"]) for code, s in data.items()]
    with qa.Campaign.create(path, PREFECTURE_SCHEME, 2019, regions, date="2019-06-01") as year:
        for code, submission in data.items():
            year.file_targets(code, submission.get("targets", {}), date="2019-06-28")
            year.self_evaluate(code, submission["self_evaluation"], date="2020-07-14")
        year.plan_verification(rule="manual", regions=[], date="2020-07-20")
    return str(path)


def test_campaign_assess_hierarchy_and_its_old_name_regions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lower = ["--lower", str(SHILI / "counties-2019.json"), "--lower-scheme", COUNTY_SCHEME]
    done = {}
    for option in ("--hierarchy", "--regions"):
        path = _prefecture_year(tmp_path / f"{option[2:]}.qa")
        code, out, err = main(
            capsys, "--lang", "en", "campaign", "assess", path, *lower, option,
            str(SHILI / "regions.json"), "--date", "2020-08-25",
        )  # fmt: skip
        assert code == 0 and "990100" in out
        done[option] = (out, err, history(path))
    assert done["--hierarchy"][1] == ""
    assert done["--regions"][1] == warning("campaign assess", "--regions FILE", "--hierarchy FILE")
    assert done["--hierarchy"][0] == done["--regions"][0]
    assert done["--hierarchy"][2] == done["--regions"][2]


def test_campaign_assess_hierarchy_goes_with_lower(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _prefecture_year(tmp_path / "x.qa")
    code, _, err = main(
        capsys, "--lang", "en", "campaign", "assess", path,
        "--hierarchy", str(SHILI / "regions.json"), "--date", "2020-08-25",
    )  # fmt: skip
    assert code == cli.EXIT_USAGE and err == "qualityassess: --lower and --hierarchy go together\n"


@pytest.mark.parametrize(
    ("verb", "says"),
    [
        ("rectification", "120000: rectification report received\n"),
        ("interview", "120000: interview recorded\n"),
    ],
)
def test_rectification_and_interview_take_region_as_the_other_steps_do(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    years: dict[str, Path],
    verb: str,
    says: str,
) -> None:
    """REGION after the file, as in not-submitted, spot-check and explain; the old --region
    CODE still works."""
    done = {}
    for name, region in (("new", ["120000"]), ("old", ["--region", "120000"])):
        path = copy_of(years, "announced", tmp_path / f"{name}.qa")
        code, out, err = main(
            capsys, "--lang", "en", "campaign", verb, path, *region, "--date", "2020-11-03"
        )
        assert (code, out) == (0, says)
        done[name] = (deprecations(err), history(path))
    assert done["new"][0] == []
    assert done["old"][0] == [warning(f"campaign {verb}", "FILE --region CODE", "FILE CODE")]
    assert done["new"][1] == done["old"][1]


@pytest.mark.parametrize(
    ("region", "says"),
    [
        ([], "campaign interview: the region code is missing: campaign interview FILE REGION"),
        (
            ["120000", "--region", "120000"],
            "campaign interview: the region code is given twice (REGION and --region)",
        ),
    ],
)
def test_interview_needs_its_region_once(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    years: dict[str, Path],
    region: list[str],
    says: str,
) -> None:
    path = copy_of(years, "announced", tmp_path / "year.qa")
    before = history(path)
    code, out, err = main(
        capsys, "--lang", "en", "campaign", "interview", path, *region, "--date", "2020-11-03"
    )
    assert code == cli.EXIT_USAGE and out == ""
    assert err.splitlines()[-1].startswith(f"qualityassess: {says}")
    assert history(path) == before


def test_campaign_export_out_and_its_old_positional(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, years: dict[str, Path]
) -> None:
    path = str(years["announced"])
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    code, out, err = main(capsys, "--lang", "en", "campaign", "export", path, "--out", str(new))
    assert (code, out, err) == (0, f"written to {new}\n", "")
    code, out, err = main(capsys, "--lang", "en", "campaign", "export", path, str(old))
    assert (code, out) == (0, f"written to {old}\n")
    assert err == warning("campaign export", "FILE OUT.json", "FILE --out OUT.json")
    assert json.loads(new.read_text("utf-8")) == json.loads(old.read_text("utf-8"))


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ([], "campaign export: the file to write is missing: campaign export FILE --out OUT.json"),
        (
            ["a.json", "--out", "b.json"],
            "campaign export: the file to write is given twice (--out and OUT.json)",
        ),
    ],
)
def test_campaign_export_needs_its_file_once(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    years: dict[str, Path],
    given: list[str],
    says: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = main(
        capsys, "--lang", "en", "campaign", "export", str(years["announced"]), *given
    )
    assert code == cli.EXIT_USAGE and out == ""
    assert err.splitlines()[-1].startswith(f"qualityassess: {says}")
    assert list(tmp_path.iterdir()) == []


def test_campaign_results_out_of_a_json_file_is_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, years: dict[str, Path]
) -> None:
    path = str(years["announced"])
    by_suffix, by_flag, text = tmp_path / "r.json", tmp_path / "flag.out", tmp_path / "r.txt"
    assert main(capsys, "campaign", "results", path, "--out", str(by_suffix))[0] == 0
    assert main(capsys, "campaign", "results", path, "--json", "--out", str(by_flag))[0] == 0
    assert main(capsys, "campaign", "results", path, "--out", str(text))[0] == 0
    document: dict[str, Any] = json.loads(by_suffix.read_text(encoding="utf-8"))
    assert document == json.loads(by_flag.read_text(encoding="utf-8"))
    assert document["phase"] == "announced" and len(document["results"]) == 2
    assert text.read_text(encoding="utf-8").startswith("名次")  # the ranking table


# ---- --help ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "new", "old"),
    [
        (["grade"], "--hierarchy FILE", "--regions"),
        (["grade"], "--out PATH", "--xlsx"),
        (["grade"], "--out PATH", "--json"),
        (["campaign", "init"], "--cohort FILE", "--regions"),
        (["campaign", "plan-verification"], "--region CODE", "--regions"),
        (["campaign", "spot-check"], "--point ID", "--points"),
        (["campaign", "assess"], "--hierarchy FILE", "--regions"),
        (["campaign", "rectification"], "REGION", "--region"),
        (["campaign", "interview"], "REGION", "--region"),
        (["campaign", "export"], "--out OUT.json", "out_positional"),
    ],
)
def test_help_shows_the_new_name_only(
    capsys: pytest.CaptureFixture[str], verb: list[str], new: str, old: str
) -> None:
    code, out, _ = main(capsys, *verb, "--help")
    assert code == 0
    assert new in out
    assert old not in out


# ---- the documentation teaches the new names ------------------------------------------------

REPO = Path(__file__).resolve().parents[2]


def documented_commands() -> list[tuple[str, list[str]]]:
    """Each ``$ qualityassess ...`` line of the README and docs/ (continued lines joined), as
    the arguments after ``qualityassess``, without ``; echo $?`` and ``> file``."""
    commands = []
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8").replace("\\\n", " ")
        for line in text.splitlines():
            if not line.startswith("$ ") or "qualityassess " not in line:
                continue
            command = line[line.index("qualityassess ") + len("qualityassess ") :]
            words = shlex.split(command.replace("; echo $?", ""), comments=True)
            if ">" in words:
                words = words[: words.index(">")]
            commands.append((f"{path.name}: {line}", words))
    return commands


COMMANDS = documented_commands()


def test_the_documented_commands_are_found() -> None:
    assert len(COMMANDS) >= 30
    assert {where.split(":")[0] for where, _ in COMMANDS} >= {"README.md", "campaign.md"}


@pytest.mark.parametrize(("where", "words"), COMMANDS, ids=[w for w, _ in COMMANDS])
def test_a_documented_command_uses_no_old_spelling(
    capsys: pytest.CaptureFixture[str], where: str, words: list[str]
) -> None:
    args = cli._parser().parse_args(words)  # a usage error exits 2 here, naming the option
    warn_deprecated(args)
    assert capsys.readouterr().err == "", where
