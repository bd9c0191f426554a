"""A scheme's own legal basis (issue 16; docs/scheme-language.md, "Legal basis"): findings cite
the articles the scheme declares — cn-2013 the measures' Art. 6 (filing) and Art. 9
(misreporting) — and a scheme that declares none cites none, instead of the quality measures';
so do a campaign's warnings, refusals and deadlines (cn-2013: Art. 6.1, 6.2, 6.5, 7)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from qualityassess.campaign import Campaign
from qualityassess.sample import load_sample

WORK_SAFETY_ARTICLES = {
    "title": {"zh": "某省安全生产考核办法", "en": "A province's work-safety measures"},
    "articles": {
        "filing": {"zh": "第十二条", "en": "Art. 12"},
        "misreporting": {"zh": "第二十条", "en": "Art. 20"},
    },
}


def overstated(scheme: qa.Scheme) -> qa.Result:
    """Self-evaluated 95, verified 50: overstated by 45 points, more than 10% of 100."""
    return qa.assess(
        scheme,
        {
            "region": {"code": "110000"},
            "year": 2019,
            "self_evaluation": {"score": 95},
            "verification": {"score": 50},
            "filed": {"targets": "2019-07-02"},
        },
    )


def findings(result: qa.Result) -> dict[str, tuple[str, str]]:
    return {
        f["kind"]: (f["detail_zh"], f["detail"]) for f in json.loads(result.to_json())["findings"]
    }


def test_cn2013_cites_the_measures_articles_6_and_9() -> None:
    scheme = qa.Scheme.builtin("cn-2013")
    assert json.loads(scheme.to_json())["legal_basis"]["articles"] == {
        "filing": {"zh": "第六条", "en": "Art. 6"},
        "misreporting": {"zh": "第九条", "en": "Art. 9"},
        # the campaign's deadlines (Art. 6.1, 6.2, 6.5, 7), as its texts have always cited them
        "targets": {"zh": "第六条", "en": "Art. 6.1"},
        "self_evaluation": {"zh": "第六条", "en": "Art. 6.2"},
        "targets_not_submitted": {"zh": "第六条第一款", "en": "Art. 6.1"},
        "self_evaluation_not_submitted": {"zh": "第六条第二款", "en": "Art. 6.2"},
        "report": {"zh": "第六条", "en": "Art. 6.5"},
        "rectification": {"zh": "第七条", "en": "Art. 7"},
    }
    document = load_sample()["submissions"][16]
    document = {
        **document,
        "targets": {},
        "verification": {"development_plan": "none"},
        "filed": {"targets": "2019-07-02"},
    }
    found = findings(qa.assess(scheme, document))
    assert found["missing_target"][0].endswith("该项得 0 分（第六条）")
    assert found["missing_target"][1].endswith(": 0 points (Art. 6)")
    assert found["late_filing"][1].endswith("(Art. 6)")
    assert found["overstated"][0].endswith("（第九条）")
    assert found["overstated"][1].endswith("of its maximum (Art. 9)")


def test_a_scheme_without_a_legal_basis_cites_no_article(
    direct_scheme: Callable[..., dict[str, Any]],
) -> None:
    found = findings(overstated(qa.Scheme.from_dict(direct_scheme())))
    assert found["overstated"][1].endswith("more than 10% of its maximum")
    assert found["overstated"][0].endswith("超过该项满分的 10%")
    assert found["late_filing"][1].endswith("day(s) after 2019-06-30")
    assert "Art." not in json.dumps(found) and "条" not in json.dumps(found, ensure_ascii=False)


def test_a_scheme_cites_its_own_articles(direct_scheme: Callable[..., dict[str, Any]]) -> None:
    document = {**direct_scheme(), "legal_basis": WORK_SAFETY_ARTICLES}
    scheme = qa.Scheme.from_dict(document)
    found = findings(overstated(scheme))
    assert found["overstated"] == (
        "score (score) 自评 95.00 分，核查 50.00 分，高报 45.00 分，超过该项满分的 10%（第二十条）",
        "score (score) self-evaluated at 95.00 points, verified at 50.00: overstated by 45.00, "
        "more than 10% of its maximum (Art. 20)",
    )
    assert found["late_filing"][0].endswith("晚于 2019-06-30 2 天（第十二条）")
    # Written back as given, and read again the same.
    written = json.loads(scheme.to_json())["legal_basis"]
    assert written == WORK_SAFETY_ARTICLES
    assert qa.Scheme.from_json(scheme.to_json()).to_json() == scheme.to_json()


def test_a_derived_scheme_inherits_and_may_change_its_base_articles() -> None:
    inherited = qa.Scheme.from_dict({"extends": "cn-2013", "id": "province", "name": "省级"})
    assert (
        json.loads(inherited.to_json())["legal_basis"]
        == json.loads(qa.Scheme.builtin("cn-2013").to_json())["legal_basis"]
    )
    changed = qa.Scheme.from_dict(
        {
            "extends": "cn-2013",
            "id": "province",
            "name": "省级",
            "legal_basis": {"articles": WORK_SAFETY_ARTICLES["articles"]},
        }
    )
    basis = json.loads(changed.to_json())["legal_basis"]
    assert basis["articles"] == WORK_SAFETY_ARTICLES["articles"]
    assert basis["title"]["en"].startswith("Quality Work Assessment Measures")


@pytest.mark.parametrize(
    ("legal_basis", "path", "message"),
    [
        ({}, "/legal_basis", "needs a title or an article"),
        ({"articles": {"veto": "第五条"}}, "/legal_basis/articles/veto", "unknown key 'veto'"),
        ({"title": 47}, "/legal_basis/title", "must be an object, not a number"),
        ({"titel": "x"}, "/legal_basis/titel", "unknown key 'titel'"),
        (
            {"articles": {"report": 5}},
            "/legal_basis/articles/report",
            "must be an object, not a number",
        ),
        (
            {"articles": {"rectification": {"de": "Art. 7"}}},
            "/legal_basis/articles/rectification/de",
            "unknown key 'de'",
        ),
    ],
)
def test_a_bad_legal_basis_is_named_at_its_path(
    direct_scheme: Callable[..., dict[str, Any]],
    legal_basis: dict[str, Any],
    path: str,
    message: str,
) -> None:
    with pytest.raises(qa.SchemeError) as error:
        qa.Scheme.from_dict({**direct_scheme(), "legal_basis": legal_basis})
    assert (path, message) in error.value.issues


# ---- the campaign's deadlines (docs/scheme-language.md, "Legal basis") ----------------------


def late_campaign(tmp_path: Path, document: dict[str, Any]) -> Campaign:
    """A one-region campaign of ``document``: its targets recorded as not submitted, its
    self-evaluation filed a day late."""
    campaign = Campaign.create(
        tmp_path / "year.qa",
        qa.Scheme.from_dict(document),
        2019,
        [{"code": "110000", "name": "北京市"}],
        date="2019-06-01",
    )
    campaign.mark_not_submitted("110000", "targets", date="2019-07-01")
    campaign.self_evaluate("110000", {"score": 95}, date="2020-07-16")
    return campaign


def test_a_campaign_of_a_scheme_without_a_legal_basis_cites_no_article(
    tmp_path: Path, direct_scheme: Callable[..., dict[str, Any]]
) -> None:
    document = direct_scheme()
    with Campaign.create(
        tmp_path / "early.qa",
        qa.Scheme.from_dict(document),
        2019,
        [{"code": "110000", "name": "北京市"}],
        date="2019-06-01",
    ) as campaign:
        with pytest.raises(ValueError) as refused:
            campaign.mark_not_submitted("110000", "targets", date="2019-06-30")
        assert str(refused.value).endswith("targets are due until 2019-06-30")
    with late_campaign(tmp_path, document) as campaign:
        assert campaign.last_warnings == [
            "110000 self_evaluate: self-evaluation dated 2020-07-16, 1 day(s) after it was due "
            "on 2020-07-15"
        ]
        assert campaign.last_warnings_zh == [
            "110000 self_evaluate: 自评报告日期为 2020-07-16，比截止日期 2020-07-15 晚 1 天"
        ]
        assert {d["article"] for d in campaign.deadlines(as_of="2020-08-01")} == {""}


def test_a_campaign_cites_the_schemes_own_articles(
    tmp_path: Path, direct_scheme: Callable[..., dict[str, Any]]
) -> None:
    basis = copy.deepcopy(WORK_SAFETY_ARTICLES)
    basis["articles"]["self_evaluation"] = {"zh": "第十三条", "en": "Art. 13"}
    basis["articles"]["report"] = {"zh": "第十五条", "en": "Art. 15"}
    document = {**direct_scheme(), "legal_basis": basis}
    with late_campaign(tmp_path, document) as campaign:
        assert campaign.last_warnings[0].endswith("due on 2020-07-15 (Art. 13)")
        assert campaign.last_warnings_zh[0].endswith("晚 1 天（第十三条）")
        articles = {d["deadline"]: d["article"] for d in campaign.deadlines(as_of="2020-08-01")}
        # targets cite `filing` (no `targets` given); the report its own; no rectification yet
        assert articles == {
            "targets": "Art. 12",
            "self_evaluation": "Art. 13",
            "report": "Art. 15",
            "approval": "Art. 15",
            "announcement": "Art. 15",
        }
    # Written back as declared: the scheme's canonical document holds only what it gave.
    assert json.loads(campaign.scheme.to_json())["legal_basis"] == basis
