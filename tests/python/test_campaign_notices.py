"""The text notices of a campaign (Art. 6.5, 7, 8, 9) in every state after the assessment:
before approval, after approval, after the announcement; in Chinese and English."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from qualityassess._notices import render_notice
from qualityassess.campaign import Campaign
from qualityassess.sample import load_sample

KINDS = ("announcement", "criticism", "cadre")
LANGS = ("zh", "en")
STATES = ("assessed", "approved", "announced")

NO_EVIDENCE = "440000"  # 广东省: development_plan overstated, nothing recorded
WITH_EVIDENCE = "330000"  # 浙江省: development_plan overstated, with a verification record
CONCEALING = "530000"  # 云南省: a regional incident found on site, not self-reported
EVIDENCE = "invented: plan drafted but never adopted"
INCIDENT = {"id": "g1", "date": "2020-03-02", "scope": "regional"}

PRELIMINARY = {
    "zh": "【初步认定，尚未经国务院审定】",
    "en": "[PRELIMINARY DETERMINATION - NOT YET APPROVED BY THE STATE COUNCIL]",
}
APPROVED = {
    "zh": "【已经国务院审定，尚未公告】",
    "en": "[APPROVED BY THE STATE COUNCIL - NOT YET ANNOUNCED]",
}
NO_RECORD = {"zh": "（无核查记录）", "en": "(no verification record)"}
RECORD = {"zh": f"（核查记录：{EVIDENCE}）", "en": f"(verification record: {EVIDENCE})"}
CRITICISED = {"zh": "已通报批评", "en": "criticised)"}
FOUND = {"zh": "（存在瞒报、谎报情形）", "en": "(misreporting found)"}


def _file_and_self_evaluate(campaign: Campaign, sample: dict[str, Any]) -> None:
    for s in sample["submissions"]:
        campaign.file_targets(s["region"]["code"], s["targets"], date="2019-06-28")
    for s in sample["submissions"]:
        code, incidents = s["region"]["code"], s.get("incidents", [])
        campaign.self_evaluate(code, s["self_evaluation"], incidents, date="2020-07-14")


def _verify(campaign: Campaign) -> None:
    campaign.plan_verification(
        rule="manual", regions=[NO_EVIDENCE, WITH_EVIDENCE, CONCEALING], date="2020-07-20"
    )
    campaign.verify(NO_EVIDENCE, {"development_plan": "poor"}, date="2020-08-05")
    campaign.verify(
        WITH_EVIDENCE,
        {"development_plan": "poor"},
        evidence={"development_plan": EVIDENCE},
        date="2020-08-05",
    )
    campaign.verify(CONCEALING, {}, incidents=[INCIDENT], date="2020-08-05")


def _notices(campaign: Campaign) -> dict[str, Any]:
    texts = {(kind, lang): campaign.notice(kind, lang) for kind in KINDS for lang in LANGS}
    return {"announcement": campaign.announcement(), "texts": texts}


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One campaign over the 31 provinces, its notices taken after each step from the
    assessment on."""
    sample = copy.deepcopy(load_sample(2019))
    path = Path(tmp_path_factory.mktemp("notices")) / "2019.qa"
    regions = [s["region"] for s in sample["submissions"]]
    campaign = Campaign.create(path, "cn-2013", 2019, regions, date="2019-06-01")
    _file_and_self_evaluate(campaign, sample)
    _verify(campaign)
    campaign.assess(date="2020-08-25")
    taken = {"assessed": _notices(campaign)}
    campaign.approve(date="2020-09-15", actor="State Council")
    taken["approved"] = _notices(campaign)
    campaign.announce(date="2020-09-25")
    taken["announced"] = _notices(campaign)
    campaign.receive_rectification(CONCEALING, summary="invented", date="2020-10-20")
    taken["rectification"] = _notices(campaign)
    return taken


def _text(states: dict[str, dict[str, Any]], state: str, kind: str, lang: str) -> str:
    text: str = states[state]["texts"][(kind, lang)]
    return text


def _entry_lines(text: str, code: str) -> list[str]:
    """The lines of the criticism notice under region ``code``'s heading."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f"{code}）" in line or f"({code})" in line)
    entries = []
    for line in lines[start + 1 :]:
        if not line.startswith("  - "):
            break
        entries.append(line)
    return entries


def _cadre_line(text: str, code: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(code + " "))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("lang", LANGS)
def test_criticism_without_evidence_says_so_art_9(
    states: dict[str, dict[str, Any]], state: str, lang: str
) -> None:
    """Art. 9: a finding without evidence (an overstatement verified with nothing recorded, an
    incident found on site) is listed with an explicit "no verification record", in every
    state after the assessment; a finding with evidence shows it."""
    text = _text(states, state, "criticism", lang)
    (overstated,) = _entry_lines(text, NO_EVIDENCE)
    assert "development_plan" in overstated
    assert overstated.endswith(NO_RECORD[lang])
    (concealed,) = _entry_lines(text, CONCEALING)
    assert "g1" in concealed and "2020-03-02" in concealed
    assert concealed.endswith(NO_RECORD[lang])
    (recorded,) = _entry_lines(text, WITH_EVIDENCE)
    assert recorded.endswith(RECORD[lang])
    assert text.count(NO_RECORD[lang]) == 2


def test_the_core_leaves_evidence_out_when_empty_art_9(
    states: dict[str, dict[str, Any]],
) -> None:
    """Art. 9: the structured announcement omits "evidence" for a finding without it; that
    is the case the notice must handle."""
    criticised = {c["code"]: c for c in states["assessed"]["announcement"]["criticised"]}
    assert set(criticised) == {NO_EVIDENCE, WITH_EVIDENCE, CONCEALING}
    assert "evidence" not in criticised[NO_EVIDENCE]["findings"][0]
    assert [f["kind"] for f in criticised[CONCEALING]["findings"]] == ["concealed"]
    assert criticised[WITH_EVIDENCE]["findings"][0]["evidence"] == EVIDENCE


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_notice_is_marked_until_announced_art_6_5(
    states: dict[str, dict[str, Any]], kind: str, lang: str
) -> None:
    """Art. 6.5: the results are approved by the State Council, then announced. Before the
    approval every notice is marked a preliminary determination not yet approved; after it and
    before the announcement, approved but not yet announced; once announced, no mark."""
    before = _text(states, "assessed", kind, lang)
    assert before.splitlines()[0] == PRELIMINARY[lang]
    assert APPROVED[lang] not in before
    approved = _text(states, "approved", kind, lang)
    assert approved.splitlines()[0] == APPROVED[lang]
    assert PRELIMINARY[lang] not in approved
    for state in ("announced", "rectification"):
        final = _text(states, state, kind, lang)
        assert PRELIMINARY[lang] not in final and APPROVED[lang] not in final
        assert not final.startswith(("【", "["))


@pytest.mark.parametrize("lang", LANGS)
def test_announcement_wording_follows_the_state_art_6_5(
    states: dict[str, dict[str, Any]], lang: str
) -> None:
    """Art. 6.5: the announcement says "hereby announced" only once it is; before, it says
    whether it still awaits the approval or only the announcement."""
    announced = {"zh": "现予公告", "en": "hereby announced"}[lang]
    assert announced not in _text(states, "assessed", "announcement", lang)
    approved = _text(states, "approved", "announcement", lang)
    assert announced not in approved and "2020-09-15" in approved
    final = _text(states, "announced", "announcement", lang)
    assert announced in final and "2020-09-15" in final and "2020-09-25" in final


@pytest.mark.parametrize("lang", LANGS)
def test_cadre_sentence_is_true_in_each_state_art_8(
    states: dict[str, dict[str, Any]], lang: str
) -> None:
    """Art. 8: the results are a basis for evaluating the leadership once approved by the
    State Council; before approval the notice says they are not yet approved, after it when
    they were approved (and announced)."""
    before = _text(states, "assessed", "cadre", lang)
    not_yet = {"zh": "尚未经国务院审定；经国务院审定后", "en": "not yet approved"}[lang]
    assert not_yet in before and "2020-09-15" not in before
    was = {
        "zh": "已经国务院审定（2020-09-15）",
        "en": "approved by the State Council on 2020-09-15",
    }
    approved = _text(states, "approved", "cadre", lang)
    assert was[lang] in approved and not_yet not in approved and "2020-09-25" not in approved
    final = _text(states, "announced", "cadre", lang)
    assert was[lang] in final and "2020-09-25" in final and not_yet not in final


@pytest.mark.parametrize("lang", LANGS)
def test_cadre_says_criticised_only_once_announced_art_8_9(
    states: dict[str, dict[str, Any]], lang: str
) -> None:
    """Art. 8, 9: the criticism notice is published with the announcement, so the cadre notice
    labels misreporting regions "criticised" only then; before, "misreporting found"."""
    misreporting = (NO_EVIDENCE, WITH_EVIDENCE, CONCEALING)
    for state in ("assessed", "approved"):
        text = _text(states, state, "cadre", lang)
        assert CRITICISED[lang] not in text
        for code in misreporting:
            assert _cadre_line(text, code).endswith(FOUND[lang]), (state, code)
    for state in ("announced", "rectification"):
        text = _text(states, state, "cadre", lang)
        assert FOUND[lang] not in text
        for code in misreporting:
            assert CRITICISED[lang] in _cadre_line(text, code), (state, code)
    clean = _cadre_line(_text(states, "announced", "cadre", lang), "310000")
    assert CRITICISED[lang] not in clean and FOUND[lang] not in clean


def test_concealed_regional_incident_is_a_veto_in_the_notices_art_5_9(
    states: dict[str, dict[str, Any]],
) -> None:
    """Art. 5, 9: the regional incident found on site makes 云南省 D whatever its score, and
    every notice names it; the D obligations carry the due date once announced (Art. 7)."""
    line = _cadre_line(_text(states, "announced", "cadre", "zh"), CONCEALING)
    assert "云南省" in line and line.split()[4].startswith("D（一票否决）")
    zh = _text(states, "announced", "announcement", "zh")
    assert (
        "云南省（发生区域性、系统性产品质量安全事件，一票否决）（整改报告须于2020-10-25前报送）"
        in zh
    )
    assert "整改报告须于" not in _text(states, "approved", "announcement", "zh")


@pytest.mark.parametrize("state", (*STATES, "rectification"))
def test_every_region_named_once_in_every_state_art_6_5_8(
    states: dict[str, dict[str, Any]], state: str
) -> None:
    """Art. 6.5, 8: the announcement and the cadre notice name each of the 31 regions once,
    in both languages and every state."""
    names = [r["name"] for r in states[state]["announcement"]["regions"]]
    assert len(names) == 31
    for kind in ("announcement", "cadre"):
        for lang in LANGS:
            text = _text(states, state, kind, lang)
            assert all(text.count(name) == 1 for name in names), (kind, lang)


def _rank_key(announcement: dict[str, Any]) -> dict[str, tuple[int, float]]:
    order = [g["id"] for g in announcement["grades"]]
    return {r["code"]: (order.index(r["grade"]), -r["total"]) for r in announcement["regions"]}


@pytest.mark.parametrize("lang", LANGS)
def test_regions_in_grade_order_then_total_descending_art_6_5_8(
    states: dict[str, dict[str, Any]], lang: str
) -> None:
    """Art. 6.5, 8: regions are listed by grade, best first, and within a grade by total,
    highest first (the order the core gives; the notices keep it)."""
    announcement = states["announced"]["announcement"]
    key = _rank_key(announcement)
    codes = [r["code"] for r in announcement["regions"]]
    assert codes == sorted(codes, key=lambda code: key[code])
    text = _text(states, "announced", "cadre", lang)
    listed = re.findall(r"^(\d{6})  ", text, flags=re.MULTILINE)
    assert listed == codes
    names = [r["name"] for r in announcement["regions"]]
    zh = _text(states, "announced", "announcement", "zh")
    assert sorted(names, key=zh.index) == names


def _pared(announcement: dict[str, Any]) -> dict[str, Any]:
    """The announcement with every key a notice can do without left out."""
    pared = {k: v for k, v in announcement.items() if k not in ("approved_on", "announced_on")}
    pared["regions"] = [
        {k: v for k, v in r.items() if k not in ("name", "vetoed", "report_due")}
        for r in announcement["regions"]
    ]
    pared["criticised"] = [
        {"code": c["code"], "findings": [{"kind": f["kind"]} for f in c["findings"]]}
        for c in announcement["criticised"]
    ]
    return pared


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_notices_never_crash_on_absent_keys_art_6_5_8_9(
    states: dict[str, dict[str, Any]], kind: str, lang: str
) -> None:
    """Art. 6.5, 8, 9: optional keys absent (names, dates, details, evidence) still give a
    notice, marked preliminary, with codes in place of the names."""
    text = render_notice(kind, lang, _pared(states["announced"]["announcement"]))
    assert text.splitlines()[0] == PRELIMINARY[lang]
    assert "2019" in text and CONCEALING in text
    if kind == "criticism":
        assert text.count(NO_RECORD[lang]) == 3
    no_criticism = {**states["announced"]["announcement"], "criticised": []}
    clean = render_notice(kind, lang, no_criticism, 2019)
    assert FOUND[lang] not in clean and NO_RECORD[lang] not in clean


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_value_forges_a_line_in_a_notice_art_6_5(
    states: dict[str, dict[str, Any]], kind: str, lang: str
) -> None:
    """Art. 6.5: the published notice says what the assessment found, line by line. Names are
    refused with line breaks where they are read; the notice prints every value on one line
    all the same (docs/security.md, "Text in outputs")."""
    announcement = copy.deepcopy(states["announced"]["announcement"])
    clean = render_notice(kind, lang, announcement)
    forged = "伪造\n\u2028A 等：伪造省\u0085\u009b2J"
    for region in announcement["regions"]:
        region["name"] = forged
    for criticised in announcement["criticised"]:
        criticised["name"] = forged
    text = render_notice(kind, lang, announcement)
    assert len(text.splitlines()) == len(clean.splitlines())
    assert "伪造  A 等：伪造省  2J" in text
    assert not any(c in text for c in "\r\u0085\u2028\u009b")
