"""The rules of the measures through the public API, article by article."""

from __future__ import annotations

import pytest

import qualityassess as qa


def incident(date: str, scope: str = "regional", **more) -> dict:
    return {"id": "i-1", "date": date, "scope": scope, "summary": "invented", **more}


@pytest.mark.parametrize("date", ["2019-07-01", "2020-06-30"])
@pytest.mark.parametrize("scope", ["regional", "systemic"])
def test_art_5_veto_inside_the_assessment_year(make_submission, date: str, scope: str) -> None:
    result = qa.assess("cn-2013", make_submission(incidents=[incident(date, scope)]))
    assert result.total == 100.0  # the score stands ...
    assert result.grade_before_conditions == "A"
    assert result.grade == "D" and result.vetoed  # ... but the grade is D whatever the score
    (condition,) = result.conditions
    assert condition.id == "systemic_incident" and condition.veto
    assert condition.effect == qa.ConditionEffect("force_grade", grade="D")
    assert date in condition.reason


@pytest.mark.parametrize("date", ["2019-06-30", "2020-07-01"])
def test_art_5_no_veto_outside_the_assessment_year(make_submission, date: str) -> None:
    result = qa.assess("cn-2013", make_submission(incidents=[incident(date)]))
    assert result.grade == "A" and not result.vetoed
    reasons = {c["id"]: c["reason"] for c in result.to_dict()["conditions_not_applied"]}
    assert f"on {date} lies outside assessment year 2019" in reasons["systemic_incident"]


def test_art_5_local_incident_does_not_veto(make_submission) -> None:
    result = qa.assess("cn-2013", make_submission(incidents=[incident("2019-12-01", "local")]))
    assert result.grade == "A" and not result.vetoed
    reasons = {c["id"]: c["reason"] for c in result.to_dict()["conditions_not_applied"]}
    assert "scope local, not regional or systemic" in reasons["systemic_incident"]


def test_art_7_grade_d_obligations(make_submission) -> None:
    result = qa.assess("cn-2013", make_submission(incidents=[incident("2020-01-01")]))
    consequences = {c.id: c for c in result.consequences}
    assert set(consequences) == {
        "rectification_report",
        "awards_barred",
        "support_tightened",
        "interview",
        "cadre_management",
    }
    assert consequences["rectification_report"].due_months_after_announcement == 1
    assert consequences["rectification_report"].article == "Art. 7"


def test_art_7_grade_a_commendation_and_art_8_for_every_grade(make_submission) -> None:
    ids = [c.id for c in qa.assess("cn-2013", make_submission()).consequences]
    assert ids == ["commendation", "cadre_management"]


def test_art_9_overstatement_beyond_ten_percent(make_submission) -> None:
    # excellent (3.0) self-evaluated, verified good (2.4): overstated by 0.6 > 0.3 = 10% of 3.
    result = qa.assess("cn-2013", make_submission(verification={"development_plan": "good"}))
    (finding,) = result.findings
    assert finding.kind == "overstated" and finding.leaf == "development_plan"
    assert [c.id for c in result.conditions] == ["misreporting"]
    assert "criticism_notice" in [c.id for c in result.consequences]
    assert result.grade == "A"  # cn-2013 criticises, it does not change the score


def test_art_9_overstatement_at_exactly_ten_percent_is_tolerated(make_submission) -> None:
    # Target 95 met by a self-evaluated 96 (15 points); verified 94.5 scores 15 - 0.5 x 3 = 13.5:
    # 1.5 over is exactly 10% of 15, which is not "more than 10%".
    submission = make_submission(verification={"manufacturing_pass_rate": 94.5})
    result = qa.assess("cn-2013", submission)
    assert result.findings == []
    submission = make_submission(verification={"manufacturing_pass_rate": 94.49})
    assert [f.kind for f in qa.assess("cn-2013", submission).findings] == ["overstated"]


def test_art_9_concealed_incident(make_submission) -> None:
    hidden = incident("2019-10-01", "local", reported_in_self_evaluation=False)
    result = qa.assess("cn-2013", make_submission(incidents=[hidden]))
    (finding,) = result.findings
    assert finding.kind == "concealed" and finding.incident == "i-1"
    assert "criticism_notice" in [c.id for c in result.consequences]


def test_art_6_missing_target_and_missing_value_score_zero(make_submission) -> None:
    submission = make_submission()
    del submission["targets"]["manufacturing_pass_rate"]
    del submission["self_evaluation"]["quality_workforce"]
    result = qa.assess("cn-2013", submission)
    kinds = {(f.kind, f.leaf) for f in result.findings}
    assert kinds == {
        ("missing_target", "manufacturing_pass_rate"),
        ("missing_value", "quality_workforce"),
    }
    assert result.total == 100 - 15 - 3.5
