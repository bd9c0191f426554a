"""The campaign file as the office's record of the year (docs/campaign.md, "Storage"): the
current state kept step by step that spares opening a replay, transactions for files of several
regions, the full check, corrections in the journal and an export that keeps when each step was
recorded."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from qualityassess import _core
from qualityassess.campaign import Campaign, CampaignFileError


def regions(sample: dict[str, Any]) -> list[dict[str, str]]:
    return [s["region"] for s in sample["submissions"]]


@pytest.fixture
def filed(tmp_path: Path, sample_2019: dict[str, Any]) -> Path:
    """The 31 provinces' targets and self-evaluations filed, then the verification plan."""
    sample = copy.deepcopy(sample_2019)
    path = tmp_path / "2019.qa"
    with Campaign.create(path, "cn-2013", 2019, regions(sample), date="2019-06-01") as campaign:
        with campaign.transaction():
            for s in sample["submissions"]:
                campaign.file_targets(s["region"]["code"], s["targets"], date="2019-06-28")
        for s in sample["submissions"]:
            code = s["region"]["code"]
            campaign.self_evaluate(
                code, s["self_evaluation"], s.get("incidents", []), date="2020-07-14"
            )
        campaign.plan_verification(rule="share", share=0.1, seed=7, date="2020-07-20")
    return path


def current_rows(path: Path) -> dict[str, tuple[int, int]]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT key, position, seq FROM current").fetchall()
    return {key: (position, seq) for key, position, seq in rows}


def test_opening_reads_the_current_state_and_equals_a_full_replay(filed: Path) -> None:
    """Art. 6: the year's record; the current state is derived, the journal the truth."""
    rows = current_rows(filed)
    plan_entry = 1 + 31 + 31 + 1
    assert len(rows) == 32  # the campaign and its 31 regions
    assert {seq for _, seq in rows.values()} == {plan_entry}  # the plan rewrote every row
    assert rows[""] == (0, plan_entry)
    with Campaign.open(filed) as campaign:
        assert campaign._opened_from_current
        assert [code for code, _ in sorted(rows.items(), key=lambda r: r[1][0])][1:] == (
            campaign.regions
        )
        assert campaign.check() == {
            "entries": plan_entry,
            "opened_from_current_state": True,
            "differences": 0,
        }
        journal = [entry["action"] for entry in campaign.export()["journal"]]
        replayed = _core.campaign.replay(journal)
        assert list(_core.campaign.state_diff(replayed, campaign._state)) == []


def test_a_region_step_rewrites_only_its_own_row(filed: Path) -> None:
    before = current_rows(filed)
    with Campaign.open(filed) as campaign:
        code = campaign.plan()["selected"][0]["region"]
        campaign.verify(code, {"development_plan": "fair"}, date="2020-08-05")
        entry = len(campaign.history())
    after = current_rows(filed)
    assert after[code] == (before[code][0], entry)
    assert {k: v for k, v in after.items() if k != code} == {
        k: v for k, v in before.items() if k != code
    }
    with Campaign.open(filed) as again:
        assert again._opened_from_current
        assert again.submission(code)["verification"] == {"development_plan": "fair"}
        assert again.check()["differences"] == 0


def test_an_altered_current_state_is_refused(filed: Path) -> None:
    """A current row edited by hand (its seal no longer fits) has the file refused whole."""
    with sqlite3.connect(filed) as db:
        db.execute(
            "UPDATE current SET state = replace(state, '2020-07-14', '2020-07-13') "
            "WHERE key = '110000'"
        )
    with pytest.raises(CampaignFileError, match="current state of 110000 was altered or damaged"):
        Campaign.open(filed)


def test_a_current_state_behind_the_journal_is_replayed_and_rewritten(
    filed: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A row sealed for an older entry (as a file edited by another program could hold) is
    not used: the journal is replayed, and the next step rewrites every row."""
    from qualityassess.campaign import _seal

    with sqlite3.connect(filed) as db:
        digest, state = db.execute(
            "SELECT j.digest, c.state FROM journal j, current c"
            " WHERE j.seq = 5 AND c.key = '120000'"
        ).fetchone()
        db.execute(
            "UPDATE current SET seq = 5, digest = ?, seal = ? WHERE key = '120000'",
            (digest, _seal("120000", 5, digest, state)),
        )
    with Campaign.open(filed) as campaign:
        assert not campaign._opened_from_current
        assert "current state ignored (120000 is older than entry 64)" in caplog.text
        assert campaign.check()["differences"] == 0
        code = campaign.plan()["selected"][0]["region"]
        campaign.verify(code, {"development_plan": "fair"}, date="2020-08-05")
    with Campaign.open(filed) as again:
        assert again._opened_from_current


def test_a_file_without_the_current_table_opens_and_gets_one(filed: Path) -> None:
    """Files written before this version (format 2 all the same) still open, by replaying."""
    with sqlite3.connect(filed) as db:
        db.execute("DROP TABLE current")
    with Campaign.open(filed) as campaign:
        assert campaign.phase == "verification"
        assert not campaign._opened_from_current
        code = campaign.plan()["selected"][0]["region"]
        campaign.verify(code, {"development_plan": "fair"}, date="2020-08-05")
    assert len(current_rows(filed)) == 32
    with Campaign.open(filed) as again:
        assert again._opened_from_current


def test_a_transaction_is_all_or_nothing(filed: Path) -> None:
    """A file of several regions' verifications: a bad one leaves the file and the state as
    they were, for every region."""
    with Campaign.open(filed) as campaign:
        selected = [p["region"] for p in campaign.plan()["selected"]]
        before = campaign.history()
        with pytest.raises(ValueError, match="'superb' is not a level"):
            with campaign.transaction():
                campaign.verify(selected[0], {"development_plan": "fair"}, date="2020-08-05")
                campaign.verify(selected[1], {"development_plan": "superb"}, date="2020-08-05")
        assert campaign.history() == before
        assert campaign.submission(selected[0]).get("verification", {}) == {}
        campaign.verify(selected[0], {"development_plan": "fair"}, date="2020-08-05")
    with Campaign.open(filed) as again:
        assert again.submission(selected[0])["verification"] == {"development_plan": "fair"}
        assert len(again.history()) == len(before) + 1


def test_an_exception_of_the_callers_rolls_back_too(filed: Path) -> None:
    with Campaign.open(filed) as campaign:
        code = campaign.plan()["selected"][0]["region"]
        seq = len(campaign.history())
        with pytest.raises(KeyError):
            with campaign.transaction():
                campaign.verify(code, {"development_plan": "fair"}, date="2020-08-05")
                raise KeyError("the clerk's script failed")
        assert len(campaign.history()) == seq
        assert campaign.status("2020-08-06")[campaign.regions.index(code)]["stage"] == "selected"


def test_a_refused_step_keeps_the_state_without_reopening(filed: Path) -> None:
    """A refusal leaves the state as it was (the core applies steps in place only once they
    are accepted), and the next step goes on from there."""
    with Campaign.open(filed) as campaign:
        code = campaign.plan()["selected"][0]["region"]
        with pytest.raises(ValueError, match="an empty verification is not recorded"):
            campaign.verify(code, {}, date="2020-08-05")
        campaign.verify(code, {"development_plan": "fair"}, date="2020-08-05")
        assert campaign.check()["differences"] == 0


def test_export_and_import_keep_when_each_step_was_recorded(filed: Path, tmp_path: Path) -> None:
    """Import replays every step again but never rewrites history: recorded_at is kept."""
    with Campaign.open(filed) as campaign:
        document = campaign.export()
        results = [r.to_dict() for r in campaign.results()]
    copy_path = tmp_path / "copy.qa"
    with Campaign.import_(copy_path, document) as imported:
        assert [e["recorded_at"] for e in imported.history()] == [
            e["recorded_at"] for e in document["journal"]
        ]
        assert [r.to_dict() for r in imported.results()] == results
    document["journal"][3]["recorded_at"] = "yesterday"
    with pytest.raises(CampaignFileError, match=r"/journal/3/recorded_at: 'yesterday'"):
        Campaign.import_(tmp_path / "bad.qa", document)
    assert not (tmp_path / "bad.qa").exists()


def test_a_correction_is_a_step_of_its_own(filed: Path) -> None:
    """A targets date typed wrong is corrected with who and why; the journal keeps both."""
    with Campaign.open(filed) as campaign:
        with pytest.raises(ValueError, match="reason"):
            campaign.correct(
                "file_targets",
                region="110000",
                step_date="2019-06-20",
                reason="",
                actor="x",
                date="2020-07-21",
            )
        with pytest.raises(ValueError, match="who made it"):
            campaign.correct(
                "file_targets",
                region="110000",
                step_date="2019-06-20",
                reason="typo",
                actor="",
                date="2020-07-21",
            )
        campaign.correct(
            "file_targets",
            region="110000",
            step_date="2019-06-20",
            reason="the filing's date was typed wrong",
            actor="secretariat",
            date="2020-07-21",
        )
        assert campaign.submission("110000")["filed"]["targets"] == "2019-06-20"
        last = campaign.history("110000")[-1]
        assert last["type"] == "correct" and last["actor"] == "secretariat"
        assert last["data"]["reason"] == "the filing's date was typed wrong"
        assert last["after"]["corrections"][0]["changes"] == {
            "targets_filed_on": {"from": "2019-06-28", "to": "2019-06-20"}
        }
        assert campaign.status("2020-07-21")[campaign.regions.index("110000")]["corrections"] == 1
        assert campaign.check()["differences"] == 0


def test_a_region_that_never_self_evaluates_does_not_block_the_year(
    tmp_path: Path, sample_2019: dict[str, Any]
) -> None:
    """Art. 6.2: recorded as not submitted after 15 July, the year goes on; the region's points
    are scored as missing and its result says why."""
    sample = copy.deepcopy(sample_2019)
    silent = "620000"
    with Campaign.create(
        tmp_path / "y.qa", "cn-2013", 2019, regions(sample), date="2019-06-01"
    ) as c:
        with c.transaction():
            for s in sample["submissions"]:
                c.file_targets(s["region"]["code"], s["targets"], date="2019-06-28")
            for s in sample["submissions"]:
                if s["region"]["code"] != silent:
                    c.self_evaluate(s["region"]["code"], s["self_evaluation"], date="2020-07-14")
        with pytest.raises(ValueError, match="no self-evaluation yet from 620000"):
            c.plan_verification(rule="all", date="2020-07-20")
        with pytest.raises(ValueError, match=r"due until 2020-07-15 \(Art. 6.2\)"):
            c.mark_not_submitted(silent, date="2020-07-15")
        c.mark_not_submitted(silent, reason="no report received", date="2020-07-16")
        c.plan_verification(rule="share", share=0.1, seed=1, date="2020-07-20")
        result = next(r for r in c.results() if r.region_code == silent)
        kinds = {f.kind for f in result.findings}
        assert "not_submitted" in kinds and "missing_value" in kinds
        row = c.status("2020-07-20")[c.regions.index(silent)]
        assert row["stage"] in ("selected", "not_selected")
        assert row["self_evaluation_not_submitted"] is True
        assert row["self_evaluation_state"] == "overdue"
