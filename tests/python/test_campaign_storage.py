"""The campaign file as the office's record of the year (docs/campaign.md, "Storage"): the
snapshot that spares opening a replay, transactions for files of several regions, the full
check, corrections in the journal and an export that keeps when each step was recorded."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from qualityassess import _core
from qualityassess.campaign import _SNAPSHOT_EVERY, Campaign, CampaignFileError


def regions(sample: dict[str, Any]) -> list[dict[str, str]]:
    return [s["region"] for s in sample["submissions"]]


@pytest.fixture
def filed(tmp_path: Path, sample_2019: dict[str, Any]) -> Path:
    """The 31 provinces' targets and self-evaluations filed, then the verification plan: more
    entries than _SNAPSHOT_EVERY, and a campaign-wide step, so the file has a snapshot."""
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


def snapshot_row(path: Path) -> Any:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT seq, digest, length(state), seal FROM snapshot").fetchall()


def test_opening_starts_from_the_snapshot_and_equals_a_full_replay(filed: Path) -> None:
    """Art. 6: the year's record; the snapshot is derived, the journal the truth."""
    rows = snapshot_row(filed)
    assert len(rows) == 1
    seq, _, size, _ = rows[0]
    assert seq == 1 + 31 + 31 + 1  # written after the plan, a campaign-wide step
    assert size > 1000
    with Campaign.open(filed) as campaign:
        assert campaign._snapshot_seq == seq
        report = campaign.check()
        assert report == {"entries": seq, "snapshot": seq, "differences": 0}
        journal = [entry["action"] for entry in campaign.export()["journal"]]
        replayed = _core.campaign_replay(journal)
        assert list(_core.campaign_state_diff(replayed, campaign._state)) == []


def test_a_snapshot_every_so_many_entries(filed: Path, sample_2019: dict[str, Any]) -> None:
    with Campaign.open(filed) as campaign:
        selected = {p["region"] for p in campaign.plan()["selected"]}
        code = next(c for c in campaign.regions if c in selected)
        before = campaign._snapshot_seq
        for day in range(_SNAPSHOT_EVERY - 1):
            campaign.verify(code, {"development_plan": "fair"}, date=f"2020-08-{1 + day % 28:02d}")
        assert campaign._snapshot_seq == before  # not yet
        campaign.verify(code, {"development_plan": "good"}, date="2020-08-29")
        assert campaign._snapshot_seq == before + _SNAPSHOT_EVERY
    with Campaign.open(filed) as again:
        assert again._snapshot_seq == before + _SNAPSHOT_EVERY
        assert again.check()["differences"] == 0


def test_an_altered_snapshot_is_refused(filed: Path) -> None:
    """A snapshot edited by hand (its seal no longer fits) has the file refused whole."""
    with sqlite3.connect(filed) as db:
        db.execute("UPDATE snapshot SET state = replace(state, '2020-07-14', '2020-07-13')")
    with pytest.raises(CampaignFileError, match="snapshot was altered or damaged"):
        Campaign.open(filed)


def test_a_snapshot_that_does_not_match_the_journal_is_ignored(
    filed: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A snapshot sealed for another journal is not used: the journal is replayed."""
    with sqlite3.connect(filed) as db:
        db.execute("UPDATE snapshot SET digest = ?, seal = ?", ("0" * 64, "x"))
    with pytest.raises(CampaignFileError, match="altered or damaged"):
        Campaign.open(filed)
    with sqlite3.connect(filed) as db:
        (seq, state) = db.execute("SELECT seq, state FROM snapshot").fetchone()
        from qualityassess.campaign import _seal

        db.execute("UPDATE snapshot SET seal = ?", (_seal(seq, "0" * 64, state),))
    with Campaign.open(filed) as campaign:
        assert campaign._snapshot_seq == 0
        assert campaign.check()["snapshot"] is None
    assert "snapshot ignored (it does not match the journal)" in caplog.text


def test_a_file_without_a_snapshot_table_opens(filed: Path) -> None:
    """Files written before snapshots existed (format 2 all the same) still open."""
    with sqlite3.connect(filed) as db:
        db.execute("DROP TABLE snapshot")
    with Campaign.open(filed) as campaign:
        assert campaign.phase == "verification"
        assert campaign._snapshot_seq == 0


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
        kinds = {f["kind"] for f in result.findings}
        assert "not_submitted" in kinds and "missing_value" in kinds
        row = c.status("2020-07-20")[c.regions.index(silent)]
        assert row["stage"] in ("selected", "not_selected")
        assert row["self_evaluation_not_submitted"] is True
        assert row["self_evaluation_state"] == "overdue"
