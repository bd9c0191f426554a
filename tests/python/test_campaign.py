"""A whole assessment year (Art. 3, 6, 7, 8, 9) run as a campaign over the 31 provinces of the
bundled sample, and the rules of its steps."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from qualityassess.campaign import Campaign, CampaignFileError

LATE = {"110000": "2019-07-03", "120000": "2019-07-10"}  # two late target filings (Art. 6.1)
VETOED = "620000"  # 甘肃省: a regional incident inside the year (Art. 5)
ANNOUNCED = "2020-09-25"


def region_list(sample: dict[str, Any]) -> list[dict[str, str]]:
    return [s["region"] for s in sample["submissions"]]


def file_and_self_evaluate(campaign: Campaign, sample: dict[str, Any]) -> None:
    for s in sample["submissions"]:
        code = s["region"]["code"]
        campaign.file_targets(
            code, s["targets"], date=LATE.get(code, "2019-06-28"), actor=f"{code} office"
        )
    for s in sample["submissions"]:
        code = s["region"]["code"]
        incidents = list(s.get("incidents", []))
        if code == VETOED:
            incidents.append(
                {
                    "id": "gs-1",
                    "date": "2020-03-02",
                    "scope": "regional",
                    "summary": "invented: county-wide",
                }
            )
        campaign.self_evaluate(
            code, s["self_evaluation"], incidents, date="2020-07-14", actor=f"{code} office"
        )


@pytest.fixture
def year(tmp_path: Path, sample_2019: dict[str, Any]) -> dict[str, Any]:
    """The 2019 year run to its announcement, with one region overstating a point."""
    sample = copy.deepcopy(sample_2019)
    campaign = Campaign.create(
        tmp_path / "2019.qa",
        "cn-2013",
        2019,
        region_list(sample),
        date="2019-06-01",
        actor="secretariat",
    )
    file_and_self_evaluate(campaign, sample)
    plan = campaign.plan_verification(
        rule="risk", share=0.3, points=3, seed=2020, date="2020-07-20"
    )
    by_code = {s["region"]["code"]: s for s in sample["submissions"]}
    overstating = plan["selected"][0]["region"]
    for selected in plan["selected"]:
        code = selected["region"]
        values = {leaf: by_code[code]["self_evaluation"][leaf] for leaf in selected["points"]}
        evidence = {}
        if code == overstating:
            values["development_plan"] = "poor"  # self-evaluated higher: exposed on site
            evidence["development_plan"] = "invented: plan drafted but never adopted"
        campaign.verify(code, values, evidence=evidence, date="2020-08-05", actor="working group")
    results = campaign.assess(date="2020-08-25", actor="working group")
    campaign.approve(date="2020-09-15", actor="State Council")
    campaign.announce(date=ANNOUNCED, actor="administration")
    return {"campaign": campaign, "results": results, "plan": plan, "overstating": overstating}


def test_a_whole_year_for_the_31_provinces(
    year: dict[str, Any], sample_2019: dict[str, Any]
) -> None:
    campaign: Campaign = year["campaign"]
    grades = {r.region_code: r.grade for r in campaign.results()}
    expected = dict(sample_2019["expected_grades"])
    expected[VETOED] = "D"  # Art. 5: the veto, whatever the score
    if year["overstating"] != VETOED:
        expected[year["overstating"]] = grades[
            year["overstating"]
        ]  # may drop with the verified value
    assert grades == expected
    assert campaign.phase == "announced"

    vetoed = [r for r in campaign.results() if r.vetoed]
    assert [r.region_code for r in vetoed] == [VETOED]
    assert vetoed[0].grade_before_conditions == "C"


def test_the_plan_is_seeded_and_documented(
    year: dict[str, Any], tmp_path: Path, sample_2019
) -> None:
    plan = year["plan"]
    assert plan["settings"]["rule"] == "risk" and plan["settings"]["seed"] == 2020
    assert len(plan["selected"]) == 10  # ceil(0.3 x 31)
    assert all(len(p["points"]) == 3 for p in plan["selected"])
    # The same inputs and seed give the same plan; another seed another plan.
    again = Campaign.create(
        tmp_path / "again.qa", "cn-2013", 2019, region_list(sample_2019), date="2019-06-01"
    )
    file_and_self_evaluate(again, copy.deepcopy(sample_2019))
    assert (
        again.plan_verification(rule="risk", share=0.3, points=3, seed=2020, date="2020-07-20")
        == plan
    )
    other = Campaign.create(
        tmp_path / "other.qa", "cn-2013", 2019, region_list(sample_2019), date="2019-06-01"
    )
    file_and_self_evaluate(other, copy.deepcopy(sample_2019))
    assert (
        other.plan_verification(rule="risk", share=0.3, points=3, seed=1, date="2020-07-20") != plan
    )


def test_misreporting_list_art_9(year: dict[str, Any]) -> None:
    campaign: Campaign = year["campaign"]
    (entry,) = campaign.misreporting()
    assert entry["region"] == year["overstating"] and entry["kind"] == "overstated"
    assert entry["leaf"] == "development_plan"
    assert entry["evidence"] == "invented: plan drafted but never adopted"
    criticism = campaign.notice("criticism", "zh")
    assert "通报批评" in criticism and "plan drafted but never adopted" in criticism


def test_late_filings_are_accepted_and_recorded(year: dict[str, Any]) -> None:
    results = {r.region_code: r for r in year["campaign"].results()}
    late = {
        code: [f.days_late for f in r.findings if f.kind == "late_filing"]
        for code, r in results.items()
        if any(f.kind == "late_filing" for f in r.findings)
    }
    assert late == {"110000": [3], "120000": [10]}


def test_grade_d_due_date_overdue_and_interview_art_7(year: dict[str, Any]) -> None:
    campaign: Campaign = year["campaign"]
    announcement = campaign.announcement()
    d_entry = next(r for r in announcement["regions"] if r["code"] == VETOED)
    assert d_entry["report_due"] == "2020-10-25"  # one calendar month after 2020-09-25

    on_time = {s["region"]: s for s in campaign.status(as_of="2020-10-25")}
    assert on_time[VETOED]["rectification_due"] == "2020-10-25"
    assert not on_time[VETOED]["rectification_overdue"]
    with pytest.raises(qa.InputError, match="not overdue until after 2020-10-25"):
        campaign.interview(VETOED, date="2020-10-25")

    late = {s["region"]: s for s in campaign.status(as_of="2020-11-02")}
    assert late[VETOED]["rectification_overdue"] and late[VETOED]["days_overdue"] == 8
    campaign.interview(
        VETOED, reason="no rectification report", date="2020-11-03", actor="joint meeting"
    )
    after = {s["region"]: s for s in campaign.status(as_of="2020-11-03")}[VETOED]
    assert after["stage"] == "interviewed"
    assert after["rectification_overdue"]  # only the report itself settles it


def test_only_grade_d_owes_a_rectification_report(year: dict[str, Any]) -> None:
    with pytest.raises(qa.InputError, match="only a region graded D"):
        year["campaign"].receive_rectification("310000", date="2020-10-01")


def test_rectification_received_then_interview_only_if_insufficient(year: dict[str, Any]) -> None:
    campaign: Campaign = year["campaign"]
    campaign.receive_rectification(VETOED, summary="invented report", date="2020-10-20")
    with pytest.raises(qa.InputError, match="marked insufficient"):
        campaign.interview(VETOED, date="2020-11-10")
    campaign.interview(VETOED, insufficient=True, date="2020-11-10")


def test_announcement_names_every_region_once_in_both_languages(
    year: dict[str, Any], sample_2019
) -> None:
    campaign: Campaign = year["campaign"]
    for lang in ("zh", "en"):
        text = campaign.notice("announcement", lang)
        for region in region_list(sample_2019):
            assert text.count(region["name"]) == 1, (lang, region["name"])
        assert ANNOUNCED in text
    zh, en = campaign.notice("announcement", "zh"), campaign.notice("announcement", "en")
    assert "A级（4个）" in zh and "通报表扬" in zh and "整改报告须于2020-10-25前报送" in zh
    assert (
        "Grade A (4)" in en and "commended" in en and "rectification report due by 2020-10-25" in en
    )
    cadre = campaign.notice("cadre", "zh")
    assert "干部主管部门和纪检监察机关" in cadre and cadre.count("\n620000") == 1


def test_wrong_order_steps_are_refused_and_change_nothing(tmp_path: Path, sample_2019) -> None:
    campaign = Campaign.create(
        tmp_path / "c.qa", "cn-2013", 2019, region_list(sample_2019)[:2], date="2019-06-01"
    )
    first = sample_2019["submissions"][0]
    code = first["region"]["code"]
    with pytest.raises(qa.InputError, match="stage 'registered'; this step needs 'targets_filed'"):
        campaign.self_evaluate(code, first["self_evaluation"], date="2020-07-01")
    with pytest.raises(qa.InputError, match="phase 'filing'; this step needs 'assessed'"):
        campaign.approve(date="2020-09-01")
    with pytest.raises(qa.InputError, match="no self-evaluation yet from"):
        campaign.plan_verification(date="2020-07-20")
    with pytest.raises(qa.InputError, match="'999999' is not a region of this campaign"):
        campaign.file_targets("999999", {}, date="2019-06-01")
    with pytest.raises(
        qa.InputError, match="/self_evaluation/brand_strategy: 'superb' is not a level"
    ):
        campaign.file_targets(code, first["targets"], date="2019-06-20")
        campaign.self_evaluate(code, {"brand_strategy": "superb"}, date="2020-07-01")
    assert len(campaign.history()) == 2  # create + the one accepted filing
    assert campaign.submission(code)["targets"] == first["targets"]


def test_a_late_step_warns_in_english_and_chinese(tmp_path: Path, sample_2019) -> None:
    """Art. 6.1: targets filed after 30 June are recorded, with a warning in both languages."""
    campaign = Campaign.create(
        tmp_path / "c.qa", "cn-2013", 2019, region_list(sample_2019)[:1], date="2019-06-01"
    )
    first = sample_2019["submissions"][0]
    code = first["region"]["code"]
    campaign.file_targets(code, first["targets"], date="2019-07-03")
    assert campaign.last_warnings == [
        f"{code} file_targets: targets dated 2019-07-03, 3 day(s) after it was due on "
        "2019-06-30 (Art. 6.1)"
    ]
    assert campaign.last_warnings_zh == [
        f"{code} file_targets: 质量目标备案日期为 2019-07-03，"
        "比截止日期 2019-06-30 晚 3 天（第六条）"
    ]


def test_reopening_gives_the_identical_state_and_results(year: dict[str, Any]) -> None:
    campaign: Campaign = year["campaign"]
    reopened = Campaign.open(campaign.path)
    assert reopened.phase == campaign.phase and reopened.regions == campaign.regions
    assert [r.to_dict() for r in reopened.results()] == [r.to_dict() for r in campaign.results()]
    assert reopened.history() == campaign.history()


def test_history_shows_who_when_what_before_and_after(year: dict[str, Any]) -> None:
    history = year["campaign"].history("110000")
    filing = next(h for h in history if h["type"] == "file_targets")
    assert filing["actor"] == "110000 office" and filing["date"] == "2019-07-03"
    assert filing["before"]["stage"] == "registered" and filing["after"]["stage"] == "targets_filed"
    assert filing["after"]["targets"] == filing["data"]["targets"]
    assert {h["region"] for h in history} <= {"110000", None}
    assert [h["seq"] for h in history] == sorted(h["seq"] for h in history)


def test_export_and_import_round_trip(year: dict[str, Any], tmp_path: Path) -> None:
    campaign: Campaign = year["campaign"]
    path = tmp_path / "export.json"
    campaign.export_json(path)
    imported = Campaign.import_(tmp_path / "imported.qa", path.read_text(encoding="utf-8"))
    assert [r.to_dict() for r in imported.results()] == [r.to_dict() for r in campaign.results()]
    assert imported.phase == "announced"


def test_a_tampered_file_is_refused(year: dict[str, Any], tmp_path: Path) -> None:
    campaign: Campaign = year["campaign"]
    campaign.close()
    with sqlite3.connect(campaign.path) as db:
        row = db.execute(
            "SELECT action FROM journal WHERE type = 'self_evaluate' LIMIT 1"
        ).fetchone()
        action = json.loads(row[0])
        action["data"]["values"]["brand_strategy"] = "excellent"
        db.execute("UPDATE journal SET action = ? WHERE action = ?", (json.dumps(action), row[0]))
    with pytest.raises(CampaignFileError, match="altered after it was written"):
        Campaign.open(campaign.path)


def test_a_file_from_another_version_or_program_is_refused(tmp_path: Path, sample_2019) -> None:
    path = tmp_path / "c.qa"
    Campaign.create(path, "cn-2013", 2019, region_list(sample_2019)[:1]).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(CampaignFileError, match="format 99; this version reads format 2"):
        Campaign.open(path)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).close()
    with pytest.raises(CampaignFileError, match="not a qualityassess campaign file"):
        Campaign.open(other)
    text = tmp_path / "text.qa"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(CampaignFileError, match="not a campaign file"):
        Campaign.open(text)
    assert issubclass(CampaignFileError, qa.InputError)


def test_create_refuses_bad_input_and_existing_files(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError, match="duplicate region '420000'"):
        Campaign.create(tmp_path / "a.qa", "cn-2013", 2019, ["420000", "420000"])
    with pytest.raises(qa.InputError, match=r"outside 2000\.\.2200"):
        Campaign.create(tmp_path / "b.qa", "cn-2013", 1999, ["420000"])
    assert not (tmp_path / "a.qa").exists() and not (tmp_path / "b.qa").exists()
    Campaign.create(tmp_path / "c.qa", "cn-2013", 2019, ["420000"]).close()
    with pytest.raises(FileExistsError):
        Campaign.create(tmp_path / "c.qa", "cn-2013", 2019, ["420000"])


# ---- damaged and altered files (issue 6): refused whole, with a clear error -----------------


@pytest.fixture
def small_year(tmp_path: Path, sample_2019: dict[str, Any]) -> Path:
    """Three regions through filing, self-evaluation and the verification plan: 8 entries."""
    sample = copy.deepcopy(sample_2019)
    sample["submissions"] = sample["submissions"][:3]
    campaign = Campaign.create(tmp_path / "small.qa", "cn-2013", 2019, region_list(sample))
    file_and_self_evaluate(campaign, sample)
    campaign.plan_verification(rule="all", date="2020-07-20")
    path = campaign.path
    campaign.close()
    return path


def _entries(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM journal").fetchone()[0])


def test_an_intact_file_opens(small_year: Path) -> None:
    assert _entries(small_year) == 8
    with Campaign.open(small_year) as campaign:
        assert campaign.phase == "verification" and len(campaign.history()) == 8


def test_a_truncated_sqlite_file_is_refused(small_year: Path) -> None:
    data = small_year.read_bytes()
    for size in (len(data) // 2, len(data) - 1024, 100):
        small_year.write_bytes(data[:size])
        with pytest.raises(
            CampaignFileError, match=r"damaged|not a campaign file|cannot read|altered"
        ):
            Campaign.open(small_year)


def test_a_row_deleted_in_the_middle_is_refused(small_year: Path) -> None:
    with sqlite3.connect(small_year) as db:
        db.execute("DELETE FROM journal WHERE seq = 4")
    with pytest.raises(CampaignFileError, match="journal entry 5: entries are missing before it"):
        Campaign.open(small_year)


def test_rows_removed_at_the_end_are_refused(small_year: Path) -> None:
    with sqlite3.connect(small_year) as db:
        db.execute("DELETE FROM journal WHERE seq >= 7")
    with pytest.raises(CampaignFileError, match="ends at entry 6, but 8 were written"):
        Campaign.open(small_year)


def test_a_removed_head_is_refused(small_year: Path) -> None:
    with sqlite3.connect(small_year) as db:
        db.execute("DELETE FROM campaign WHERE key = 'head'")
    with pytest.raises(CampaignFileError, match="head is missing"):
        Campaign.open(small_year)


@pytest.mark.parametrize("column", ["digest", "before", "after", "actor", "region", "recorded_at"])
def test_any_column_of_a_later_row_altered_is_refused(small_year: Path, column: str) -> None:
    with sqlite3.connect(small_year) as db:
        old = db.execute(f"SELECT {column} FROM journal WHERE seq = 6").fetchone()[0]
        new = (old or "x")[:-1] + ("0" if (old or "x")[-1:] != "0" else "1")
        db.execute(f"UPDATE journal SET {column} = ? WHERE seq = 6", (new,))
    with pytest.raises(CampaignFileError, match="journal entry 6: altered after it was written"):
        Campaign.open(small_year)


def test_a_column_of_the_wrong_type_is_refused(small_year: Path) -> None:
    with sqlite3.connect(small_year) as db:
        db.execute("UPDATE journal SET action = X'7b7d' WHERE seq = 3")  # a BLOB
    with pytest.raises(
        CampaignFileError, match="journal entry 3: a column holds a value of the wrong type"
    ):
        Campaign.open(small_year)


def test_a_rewritten_chain_with_a_hostile_action_is_refused_on_replay(small_year: Path) -> None:
    """Someone who recomputes the digests (they are not a signature) still cannot get a step
    past the core: the replay checks every action again, strictly."""
    from qualityassess import campaign as module

    with sqlite3.connect(small_year) as db:
        rows = db.execute(
            "SELECT seq, recorded_at, actor, type, region, action, before, after"
            " FROM journal ORDER BY seq"
        ).fetchall()
        rows[3] = (*rows[3][:5], rows[3][5].replace('{"', '{"type":"x","', 1), *rows[3][6:])
        previous = "0" * 64
        for row in rows:
            previous = module._digest(previous, row)
            db.execute(
                "UPDATE journal SET action = ?, digest = ? WHERE seq = ?",
                (row[5], previous, row[0]),
            )
        db.execute(
            "UPDATE campaign SET value = ? WHERE key = 'head'", (f"{rows[-1][0]} {previous}",)
        )
    with pytest.raises(
        CampaignFileError, match=r"journal entry 4: refused on replay: .*duplicate key 'type'"
    ):
        Campaign.open(small_year)


def test_steps_written_by_another_process_are_checked_too(small_year: Path) -> None:
    with Campaign.open(small_year) as reader:
        with Campaign.open(small_year) as writer:
            writer.verify(writer.regions[0], {"development_plan": "fair"}, date="2020-08-01")
        with sqlite3.connect(small_year) as db:
            db.execute("UPDATE journal SET actor = 'someone else' WHERE seq = 9")
        with pytest.raises(CampaignFileError, match="journal entry 9: altered"):
            reader.refresh()
