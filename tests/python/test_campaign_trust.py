"""Issue 12, the campaign file's contracts: wrongly shaped step data and file-system errors are
one-line errors (never tracebacks), standard output that cannot be written is exit 3, two
processes creating one campaign cannot both succeed, a rewritten journal's columns are checked
against its actions, and an office's key seals the journal against a tail cut off (the threat
model: docs/security.md, "Campaign files")."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
import qualityassess.campaign as campaign_module
from _cli_helpers import main, write_json
from qualityassess.campaign import Campaign, CampaignFileError, _digest, _seal

REGIONS = [{"code": "110000", "name": "北京市"}, {"code": "120000", "name": "天津市"}]
TARGETS = {"manufacturing_pass_rate": 92.0}
VALUES = {"manufacturing_pass_rate": 93.0, "development_plan": "good"}
KEY = b"an office key of 32 bytes, kept!"
OTHER_KEY = b"another key of at least 16 bytes"


def make_year(path: Path, key: bytes | None = None) -> Path:
    """Two regions' targets and self-evaluations: entries 1 (create) to 5."""
    keyed: dict[str, Any] = {} if key is None else {"key": key}  # runs on versions without keys
    with Campaign.create(path, "cn-2013", 2019, REGIONS, date="2019-06-01", **keyed) as c:
        for region in REGIONS:
            c.file_targets(region["code"], TARGETS, date="2019-06-20", actor="office")
        for region in REGIONS:
            c.self_evaluate(region["code"], VALUES, date="2020-07-10", actor="office")
    return path


@pytest.fixture
def year(tmp_path: Path) -> Path:
    return make_year(tmp_path / "2019.qa")


@pytest.fixture
def keyed(tmp_path: Path) -> Path:
    return make_year(tmp_path / "keyed.qa", KEY)


@pytest.fixture
def filed(tmp_path: Path) -> Path:
    """Targets filed, nothing more: the next step is a self-evaluation."""
    path = tmp_path / "filed.qa"
    with Campaign.create(path, "cn-2013", 2019, REGIONS, date="2019-06-01") as c:
        for region in REGIONS:
            c.file_targets(region["code"], TARGETS, date="2019-06-20")
    return path


# ---- 1. wrongly shaped step data: InputError naming the JSON path -----------------------------

API_CASES: list[tuple[str, Callable[[Any], Any], str]] = [  # Any: wrong types on purpose
    ("targets a list", lambda c: c.file_targets("110000", [1, 2], date="2019-06-22"), "targets"),
    ("targets a number", lambda c: c.file_targets("110000", 5, date="2019-06-22"), "targets"),
    ("region a list", lambda c: c.file_targets(["110000"], TARGETS, date="2019-06-22"), "/region"),
    (
        "values a list",
        lambda c: c.self_evaluate("110000", [1], date="2020-07-10"),
        "values",
    ),
    (
        "incidents an object",
        lambda c: c.self_evaluate("110000", VALUES, {"id": "x"}, date="2020-07-10"),
        "incidents",
    ),
    (
        "incidents a string",
        lambda c: c.self_evaluate("110000", VALUES, "a fire", date="2020-07-10"),
        "incidents",
    ),
    (
        "an incident a number",
        lambda c: c.self_evaluate("110000", VALUES, [1], date="2020-07-10"),
        "incidents",
    ),
    (
        "corrected targets a list",
        lambda c: c.correct(
            "file_targets",
            region="110000",
            reason="typo",
            actor="a",
            targets=[1],
            date="2019-07-01",
        ),
        "targets",
    ),
]


@pytest.mark.parametrize("case", API_CASES, ids=[case[0] for case in API_CASES])
def test_wrongly_shaped_step_data_is_an_input_error_naming_its_path(
    filed: Path, case: tuple[str, Callable[[Any], Any], str]
) -> None:
    _, step, path = case
    with Campaign.open(filed) as campaign:
        before = campaign.history()
        with pytest.raises(qa.InputError, match=path):
            step(campaign)
        assert campaign.history() == before


def test_evidence_and_previous_totals_of_the_wrong_shape_are_input_errors(year: Path) -> None:
    with Campaign.open(year) as campaign:
        with pytest.raises(qa.InputError, match="previous_totals"):
            campaign.plan_verification(previous_totals=[1], date="2020-07-20")  # type: ignore[arg-type]
        campaign.plan_verification(rule="all", date="2020-07-20")
        for evidence in (5, ["found"], "found"):
            with pytest.raises(qa.InputError, match="evidence"):
                campaign.verify("110000", VALUES, evidence=evidence, date="2020-08-01")  # type: ignore[arg-type]


@pytest.mark.parametrize("regions", [5, {"110000": "北京市"}, [{"code": {"a": 1}}]])
def test_a_region_list_of_the_wrong_shape_is_an_input_error(tmp_path: Path, regions: Any) -> None:
    with pytest.raises(qa.InputError, match="regions"):
        Campaign.create(tmp_path / "x.qa", "cn-2013", 2019, regions)
    assert not (tmp_path / "x.qa").exists()


CLI_CASES = [
    ("targets a list", "file-targets", {"targets": [1, 2]}, "/targets: must be an object"),
    ("region a number", "file-targets", {"region": 5, "targets": TARGETS}, "/region"),
    (
        "region code an object",
        "file-targets",
        {"region": {"code": {"a": 1}}, "targets": TARGETS},
        "/region",
    ),
    ("filed a string", "file-targets", {"targets": TARGETS, "filed": "2019-06-20"}, "/filed"),
    (
        "a filing date a number",
        "file-targets",
        {"targets": TARGETS, "filed": {"targets": 20190620}},
        "/filed/targets",
    ),
    (
        "incidents an object",
        "self-eval",
        {"self_evaluation": VALUES, "incidents": {"id": "x"}},
        "/incidents: must be an array",
    ),
    (
        "an incident a number",
        "self-eval",
        {"self_evaluation": VALUES, "incidents": [1]},
        "/incidents/0",
    ),
    ("evidence a number", "verify", {"verification": VALUES, "evidence": 5}, "/evidence"),
    ("self-evaluation a list", "self-eval", {"self_evaluation": [1]}, "/self_evaluation"),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=[case[0] for case in CLI_CASES])
def test_wrongly_shaped_submissions_are_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], filed: Path, tmp_path: Path, case: tuple[Any, ...]
) -> None:
    _, verb, document, path = case
    submission = {"region": {"code": "110000"}, **document}
    data = write_json(tmp_path / "s.json", submission)
    code, _, err = main(
        capsys, "--lang", "en", "campaign", verb, str(filed), data, "--date", "2019-06-22"
    )
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert path in err and "s.json: submission 1 of 1" in err


# ---- 1. the file system: one line, exit 3 ----------------------------------------------------


def test_a_missing_folder_is_one_line_exit_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    regions = write_json(tmp_path / "regions.json", REGIONS)
    target = tmp_path / "no-such-folder" / "2019.qa"
    code, _, err = main(
        capsys,
        "campaign",
        "init",
        str(target),
        "--year",
        "2019",
        "--cohort",
        regions,
        "--date",
        "2019-06-01",
    )
    assert code == 3
    assert err.count("\n") == 1 and "no such folder" in err and str(target) in err
    with pytest.raises(FileNotFoundError):
        Campaign.create(target, "cn-2013", 2019, REGIONS)


@pytest.fixture
def read_only_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every campaign file opened as SQLite opens a read-only file (mode=ro: what a file
    without write permission gives, also when the tests run as root)."""

    def connect(path: Path) -> sqlite3.Connection:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None)

    monkeypatch.setattr(campaign_module, "_connect", connect)


def test_a_read_only_file_reads_and_refuses_steps_with_exit_3(
    capsys: pytest.CaptureFixture[str], filed: Path, tmp_path: Path, read_only_sqlite: None
) -> None:
    code, out, err = main(capsys, "--lang", "en", "campaign", "status", str(filed))
    assert code == 0, err
    assert "110000" in out
    data = write_json(tmp_path / "s.json", {"region": {"code": "110000"}, "targets": TARGETS})
    code, _, err = main(
        capsys, "campaign", "file-targets", str(filed), data, "--date", "2019-06-22"
    )
    assert code == 3
    assert err.count("\n") == 1 and "read-only" in err and str(filed) in err
    with Campaign.open(filed) as campaign:
        with pytest.raises(PermissionError, match="read-only"):
            campaign.file_targets("110000", TARGETS, date="2019-06-22")
        assert len(campaign.history()) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files and folders")
def test_read_only_file_and_folder_really(
    capsys: pytest.CaptureFixture[str], filed: Path, tmp_path: Path
) -> None:
    regions = write_json(tmp_path / "regions.json", REGIONS)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    filed.chmod(0o444)
    try:
        code, _, err = main(
            capsys,
            "campaign",
            "init",
            str(folder / "x.qa"),
            "--year",
            "2019",
            "--cohort",
            regions,
            "--date",
            "2019-06-01",
        )
        assert code == 3 and err.count("\n") == 1, err
        data = write_json(tmp_path / "s.json", {"region": {"code": "110000"}, "targets": TARGETS})
        code, _, err = main(
            capsys, "campaign", "file-targets", str(filed), data, "--date", "2019-06-22"
        )
        assert code == 3 and err.count("\n") == 1 and "read-only" in err, err
    finally:
        folder.chmod(0o755)
        filed.chmod(0o644)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every campaign file full: SQLite may not grow it by a page (max_page_count), so the
    next write that needs a page fails with SQLITE_FULL, as on a full disk."""
    connect = campaign_module._connect

    def full(path: Path) -> sqlite3.Connection:
        connection = connect(path)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={max(pages, 1)}")
        return connection

    monkeypatch.setattr(campaign_module, "_connect", full)


def test_a_full_disk_is_an_os_error_and_keeps_the_file(
    capsys: pytest.CaptureFixture[str], filed: Path, tmp_path: Path, full_disk: None
) -> None:
    with Campaign.open(filed) as campaign:
        with pytest.raises(OSError, match="no space left") as raised:
            # 60 KB of actor: the entry needs pages of its own
            campaign.file_targets("110000", TARGETS, date="2019-06-22", actor="x" * 60_000)
        assert raised.value.filename == str(filed)
        assert len(campaign.history()) == 3
    with pytest.raises(OSError, match="no space left"):
        Campaign.create(tmp_path / "new.qa", "cn-2013", 2019, REGIONS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filed.qa"]  # no staging file left
    regions = write_json(tmp_path / "regions.json", REGIONS)
    code, _, err = main(
        capsys,
        "campaign",
        "init",
        str(tmp_path / "new.qa"),
        "--year",
        "2019",
        "--cohort",
        regions,
        "--date",
        "2019-06-01",
    )
    assert code == 3 and err.count("\n") == 1 and "no space left" in err


def test_an_unknown_scheme_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    regions = write_json(tmp_path / "regions.json", REGIONS)
    init = ("campaign", "init", str(tmp_path / "x.qa"), "--year", "2019", "--cohort", regions)
    code, _, err = main(capsys, *init, "--scheme", "cn-2031", "--date", "2019-06-01")
    assert code == 3 and err.count("\n") == 1 and "既不是内置方案" in err  # --lang zh, the default
    broken = write_json(tmp_path / "broken.json", {"id": "x"})
    code, _, err = main(capsys, *init, "--scheme", broken, "--date", "2019-06-01")
    assert code == 1 and err.count("\n") == 1 and "考核方案有误" in err  # --lang zh, the default
    assert not (tmp_path / "x.qa").exists()


# ---- 1. standard output that cannot be written -------------------------------------------------


@pytest.fixture(scope="module")
def stage_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A campaign file at each point of the year a verb needs, and the data files."""
    folder = tmp_path_factory.mktemp("verbs")
    files: dict[str, Path] = {}
    path = folder / "year.qa"
    c = Campaign.create(path, "cn-2013", 2019, REGIONS, date="2019-06-01")

    def keep(name: str) -> None:
        files[name] = folder / f"{name}.qa"
        with sqlite3.connect(files[name]) as copy:  # with what the WAL holds
            c._db.backup(copy)
        copy.close()

    keep("created")
    for region in REGIONS:
        c.file_targets(region["code"], TARGETS, date="2019-06-20")
    keep("filed")
    incident = {"id": "x-1", "date": "2020-03-02", "scope": "regional", "summary": "a fire"}
    c.self_evaluate("110000", VALUES, [incident], date="2020-07-10")
    c.self_evaluate("120000", VALUES, date="2020-07-10")
    keep("evaluated")
    c.plan_verification(rule="manual", regions=["110000"], date="2020-07-20")
    keep("planned")
    c.verify("110000", VALUES, date="2020-08-01")
    keep("verified")
    c.assess(date="2020-08-25")
    keep("assessed")
    c.approve(date="2020-09-15")
    keep("approved")
    c.announce(date="2020-09-25")
    keep("announced")
    c.close()
    files["regions"] = Path(write_json(folder / "regions.json", REGIONS))
    one = {
        "region": {"code": "110000"},
        "year": 2019,
        "targets": TARGETS,
        "self_evaluation": VALUES,
    }
    files["submission"] = Path(write_json(folder / "one.json", {**one, "verification": VALUES}))
    files["submissions"] = Path(write_json(folder / "all.json", [{**one, "verification": VALUES}]))
    files["export"] = folder / "export.json"
    files["export"].write_text(json.dumps(Campaign.open(path).export()), encoding="utf-8")
    return files


VERBS: list[tuple[str, Callable[[dict[str, Path], Path], list[str]]]] = [
    ("--help", lambda f, t: ["--help"]),
    ("schemes", lambda f, t: ["schemes"]),
    ("validate", lambda f, t: ["validate", str(Path("cpp/schemes/cn-2013.json").resolve())]),
    ("diff", lambda f, t: ["diff", "cn-2013", "cn-2013"]),
    ("assess", lambda f, t: ["assess", str(f["submission"])]),
    ("demo", lambda f, t: ["demo", "--out", str(t / "demo.json")]),
    ("grade", lambda f, t: ["grade", str(f["submissions"]), "--out", str(t / "r.html")]),
    ("campaign --help", lambda f, t: ["campaign", "--help"]),
    (
        "campaign init",
        lambda f, t: [
            "campaign",
            "init",
            str(t / "n.qa"),
            "--year",
            "2019",
            "--cohort",
            str(f["regions"]),
            "--date",
            "2019-06-01",
        ],
    ),
    (
        "campaign file-targets",
        lambda f, t: [
            "campaign",
            "file-targets",
            str(f["created"]),
            str(f["submission"]),
            "--date",
            "2019-06-20",
        ],
    ),
    (
        "campaign self-eval",
        lambda f, t: [
            "campaign",
            "self-eval",
            str(f["filed"]),
            str(f["submission"]),
            "--date",
            "2020-07-10",
        ],
    ),
    (
        "campaign not-submitted",
        lambda f, t: [
            "campaign",
            "not-submitted",
            str(f["filed"]),
            "110000",
            "--date",
            "2020-07-20",
        ],
    ),
    (
        "campaign plan-verification",
        lambda f, t: [
            "campaign",
            "plan-verification",
            str(f["evaluated"]),
            "--rule",
            "all",
            "--date",
            "2020-07-20",
        ],
    ),
    (
        "campaign spot-check",
        lambda f, t: [
            "campaign",
            "spot-check",
            str(f["planned"]),
            "120000",
            "--reason",
            "r",
            "--date",
            "2020-07-21",
        ],
    ),
    (
        "campaign verify",
        lambda f, t: [
            "campaign",
            "verify",
            str(f["planned"]),
            str(f["submission"]),
            "--date",
            "2020-08-01",
        ],
    ),
    (
        "campaign assess",
        lambda f, t: ["campaign", "assess", str(f["verified"]), "--date", "2020-08-25"],
    ),
    (
        "campaign approve",
        lambda f, t: ["campaign", "approve", str(f["assessed"]), "--date", "2020-09-15"],
    ),
    (
        "campaign announce",
        lambda f, t: ["campaign", "announce", str(f["approved"]), "--date", "2020-09-25"],
    ),
    ("campaign notice", lambda f, t: ["campaign", "notice", str(f["announced"])]),
    (
        "campaign rectification",
        lambda f, t: [
            "campaign",
            "rectification",
            str(f["announced"]),
            "110000",
            "--date",
            "2020-10-20",
        ],
    ),
    (
        "campaign interview",
        lambda f, t: [
            "campaign",
            "interview",
            str(f["announced"]),
            "110000",
            "--date",
            "2021-02-01",
        ],
    ),
    (
        "campaign correct",
        lambda f, t: [
            "campaign",
            "correct",
            str(f["filed"]),
            "file-targets",
            "--region",
            "110000",
            "--step-date",
            "2019-06-19",
            "--reason",
            "r",
            "--actor",
            "a",
            "--date",
            "2019-07-01",
        ],
    ),
    ("campaign status", lambda f, t: ["campaign", "status", str(f["announced"])]),
    ("campaign history", lambda f, t: ["campaign", "history", str(f["announced"])]),
    (
        "campaign export",
        lambda f, t: ["campaign", "export", str(f["announced"]), "--out", str(t / "e.json")],
    ),
    ("campaign results", lambda f, t: ["campaign", "results", str(f["announced"])]),
    ("campaign explain", lambda f, t: ["campaign", "explain", str(f["announced"]), "110000"]),
    (
        "campaign report",
        lambda f, t: ["campaign", "report", str(f["announced"]), "--out", str(t / "r.html")],
    ),
    ("campaign check", lambda f, t: ["campaign", "check", str(f["announced"])]),
    ("campaign import", lambda f, t: ["campaign", "import", str(f["export"]), str(t / "i.qa")]),
]


def _command(args: list[str], tmp_path: Path, files: dict[str, Path]) -> list[str]:
    """The verb run on copies of the stage files, so that every run starts from the same file."""
    copies = []
    for arg in args:
        if arg.endswith(".qa") and Path(arg).exists():
            copy = tmp_path / Path(arg).name
            copy.write_bytes(Path(arg).read_bytes())
            arg = str(copy)
        copies.append(arg)
    return [sys.executable, "-m", "qualityassess", "--lang", "en", *copies]


def _buffered_env() -> dict[str, str]:
    """Standard output buffered, as it is for users (PYTHONUNBUFFERED would hide the error
    until... never: every write would fail at once instead of at exit)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("verb", VERBS, ids=[verb[0] for verb in VERBS])
def test_stdout_to_a_full_device_is_one_line_exit_3(
    stage_files: dict[str, Path], tmp_path: Path, verb: tuple[str, Any]
) -> None:
    # Each command succeeds but for its output (exit 3 is a file error; a refusal would be 1).
    command = _command(verb[1](stage_files, tmp_path), tmp_path, stage_files)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            command, stdout=full, stderr=subprocess.PIPE, text=True, env=_buffered_env()
        )
    assert done.returncode == 3, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("qualityassess: ")]
    assert lines == ["qualityassess: standard output: No space left on device"], done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_reader_that_went_away_ends_the_command_quietly(
    stage_files: dict[str, Path], tmp_path: Path
) -> None:
    command = _command(["campaign", "history", str(stage_files["announced"])], tmp_path, {})
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_buffered_env()
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `| head -0`: the reader is gone before the first line
    with process.stderr:
        err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert err == b""


# ---- 2. two processes creating one campaign ----------------------------------------------------


def _create_after(barrier: Any, path: str, results: Any) -> None:
    barrier.wait()
    try:
        Campaign.create(path, "cn-2013", 2019, REGIONS, date="2019-06-01").close()
        results.put("created")
    except FileExistsError as error:
        results.put(f"exists: {error.strerror}")
    except Exception as error:  # anything else is a finding: reported, not a hang
        results.put(f"failed: {error!r}")


def test_two_processes_creating_one_campaign_exactly_one_succeeds(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for attempt in range(5):
        path = str(tmp_path / f"{attempt}.qa")
        barrier, results = context.Barrier(2), context.Queue()
        workers = [
            context.Process(target=_create_after, args=(barrier, path, results)) for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        outcomes = sorted(results.get(timeout=60) for _ in workers)
        for worker in workers:
            worker.join(timeout=60)
        assert outcomes[0] == "created" and outcomes[1].startswith("exists: a file is there")
        with Campaign.open(path) as created:
            assert created.regions == ["110000", "120000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.qa" for i in range(5)]


def test_init_never_replaces_a_file(capsys: pytest.CaptureFixture[str], year: Path) -> None:
    regions = write_json(year.parent / "regions.json", REGIONS)
    before = year.read_bytes()
    code, _, err = main(
        capsys,
        "campaign",
        "init",
        str(year),
        "--year",
        "2019",
        "--cohort",
        regions,
        "--date",
        "2019-06-01",
    )
    assert (
        code == 3
        and err
        == f"qualityassess: {year}: a file is there already: a campaign file is never replaced\n"
    )
    assert year.read_bytes() == before


# ---- 3. the journal's columns, and the keyed seal ------------------------------------------------


def _rewrite(path: Path, change: Callable[[sqlite3.Connection], object]) -> None:
    """Change the journal, then recompute every digest, the head and the current rows' seals
    as someone without a key can: a consistent forgery."""
    with sqlite3.connect(path) as db:
        change(db)
        previous, digests = campaign_module._GENESIS, {}
        rows = db.execute(
            f"SELECT {campaign_module._ROW_COLUMNS}, digest FROM journal ORDER BY seq"
        ).fetchall()
        for *row, old in rows:
            digest = _digest(previous, row)
            db.execute("UPDATE journal SET digest = ? WHERE seq = ?", (digest, row[0]))
            digests[old], previous = digest, digest
        db.execute(
            "UPDATE campaign SET value = ? WHERE key = 'head'", (f"{rows[-1][0]} {previous}",)
        )
        current = db.execute("SELECT key, seq, digest, state FROM current").fetchall()
        for key, seq, digest, state in current:
            new = digests.get(digest, digest)
            db.execute(
                "UPDATE current SET digest = ?, seal = ? WHERE key = ?",
                (new, _seal(key, seq, new, state), key),
            )


@pytest.mark.parametrize(
    ("column", "value"),
    [("type", "self_evaluate"), ("actor", "someone else"), ("region", "120000")],
)
def test_a_column_rewritten_against_its_action_is_refused(
    year: Path, column: str, value: str
) -> None:
    def change(db: sqlite3.Connection) -> None:
        db.execute(f"UPDATE journal SET {column} = ? WHERE seq = 2", (value,))

    _rewrite(year, change)
    with Campaign.open(year) as campaign:  # read from the current rows: the journal not parsed
        for read in (campaign.history, campaign.check, campaign.export):
            with pytest.raises(CampaignFileError, match=f"journal entry 2: its {column} column"):
                read()
    with sqlite3.connect(year) as db:
        db.execute("DROP TABLE current")  # opened by replaying the journal
    with pytest.raises(CampaignFileError, match=f"journal entry 2: its {column} column"):
        Campaign.open(year)


def _drop_tail(path: Path, keep: int) -> None:
    """Delete the entries after ``keep`` and copy entry ``keep``'s digest into the head."""
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM journal WHERE seq > ?", (keep,))
        (digest,) = db.execute("SELECT digest FROM journal WHERE seq = ?", (keep,)).fetchone()
        db.execute("UPDATE campaign SET value = ? WHERE key = 'head'", (f"{keep} {digest}",))


def test_a_dropped_tail_opens_without_a_key_but_is_refused_with_it(keyed: Path, year: Path) -> None:
    _drop_tail(year, 3)
    with Campaign.open(year) as campaign:  # the documented limit: nothing in the file tells
        assert len(campaign.history()) == 3
    _drop_tail(keyed, 3)
    with pytest.raises(CampaignFileError, match="keyed seal does not verify at entry 3"):
        Campaign.open(keyed, key=KEY)


def test_a_removed_seal_is_refused_with_the_key(keyed: Path) -> None:
    _drop_tail(keyed, 3)
    with sqlite3.connect(keyed) as db:
        db.execute("DROP TABLE head_mac")
        db.execute("DROP TABLE current_mac")
    with pytest.raises(CampaignFileError, match="not sealed with a key"):
        Campaign.open(keyed, key=KEY)


def test_a_rewritten_chain_is_refused_with_the_key(keyed: Path) -> None:
    _rewrite(keyed, lambda db: db.execute("UPDATE journal SET actor = 'x' WHERE seq = 5"))
    with pytest.raises(CampaignFileError, match="keyed seal does not verify"):
        Campaign.open(keyed, key=KEY)


def test_a_current_row_resealed_without_the_key_is_refused_with_it(keyed: Path) -> None:
    with sqlite3.connect(keyed) as db:
        key, seq, digest, state = db.execute(
            "SELECT key, seq, digest, state FROM current WHERE key = '110000'"
        ).fetchone()
        forged = state.replace(b'"development_plan":"good"', b'"development_plan":"excellent"')
        assert forged != state
        db.execute(
            "UPDATE current SET state = ?, seal = ? WHERE key = ?",
            (forged, _seal(key, seq, digest, forged), key),
        )
    with Campaign.open(keyed) as campaign:  # without the key: the limit the key lifts
        assert campaign.submission("110000")["self_evaluation"]["development_plan"] == "excellent"
    with pytest.raises(CampaignFileError, match="current state of 110000 was altered"):
        Campaign.open(keyed, key=KEY)


def test_a_keyed_file_works_with_its_key(keyed: Path) -> None:
    with Campaign.open(keyed, key=KEY) as campaign:
        assert campaign.sealed_with_key
        campaign.plan_verification(rule="all", date="2020-07-20")
        assert campaign.check()["entries"] == 6
    with Campaign.open(keyed, key=KEY.decode()) as campaign:  # text keys are UTF-8
        assert len(campaign.history()) == 6


def test_another_key_or_no_key(keyed: Path, year: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(CampaignFileError, match="sealed with another key"):
        Campaign.open(keyed, key=OTHER_KEY)
    with pytest.raises(CampaignFileError, match="not sealed with a key"):
        Campaign.open(year, key=KEY)  # a keyless file: its seal may have been removed
    with pytest.raises(qa.InputError, match="at least 16 bytes"):
        Campaign.open(keyed, key=b"short")
    # Without the key: read with a warning, never written (the seal would fall behind), and
    # never passed by check.
    with Campaign.open(keyed) as campaign:
        assert "opened without it" in caplog.text
        assert len(campaign.history()) == 5
        with pytest.raises(CampaignFileError, match="give the key to record a step"):
            campaign.plan_verification(rule="all", date="2020-07-20")
        with pytest.raises(CampaignFileError, match="check it with its key"):
            campaign.check()
    with Campaign.open(keyed, key=KEY) as campaign:
        assert len(campaign.history()) == 5


def test_export_and_import_with_a_key_seals_a_keyless_year(year: Path, tmp_path: Path) -> None:
    with Campaign.open(year) as campaign:
        document = campaign.export()
    sealed = tmp_path / "sealed.qa"
    Campaign.import_(sealed, document, key=KEY).close()
    with Campaign.open(sealed, key=KEY) as campaign:
        assert campaign.sealed_with_key and len(campaign.history()) == 5


def test_the_key_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "office.key"
    key_file.write_bytes(KEY + b"\n")  # a line break at the end is not part of the key
    regions = write_json(tmp_path / "regions.json", REGIONS)
    path = str(tmp_path / "k.qa")
    code, _, err = main(
        capsys,
        "campaign",
        "init",
        path,
        "--year",
        "2019",
        "--cohort",
        regions,
        "--date",
        "2019-06-01",
        "--key-file",
        str(key_file),
    )
    assert code == 0, err
    with Campaign.open(path, key=KEY) as campaign:
        assert campaign.sealed_with_key
    code, out, err = main(capsys, "--lang", "en", "campaign", "check", path)
    assert code == 1 and "check it with its key" in err
    monkeypatch.setenv("QA_CAMPAIGN_KEY_FILE", str(key_file))
    code, out, err = main(capsys, "--lang", "en", "campaign", "check", path)
    assert code == 0 and "keyed seal verifies" in out, err
    other = tmp_path / "other.key"
    other.write_bytes(OTHER_KEY)
    code, out, err = main(capsys, "campaign", "status", path, "--key-file", str(other))
    assert code == 1 and err.count("\n") == 1 and "由另一把密钥加盖印鉴" in err
    code, out, err = main(
        capsys, "--lang", "en", "campaign", "status", path, "--key-file", str(other)
    )
    assert code == 1 and err.count("\n") == 1 and "sealed with another key" in err


@pytest.fixture(autouse=True)
def _no_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("QA_CAMPAIGN_KEY_FILE", raising=False)
    yield
