"""A result's findings, applied conditions and consequences are small typed objects (issue 14,
"the typed facade"), read from the Result JSON, which stays their one source: each object's
``to_dict()`` is its entry in the document, and the dicts of before 0.2 still answer ``[key]``
for one release, with a warning."""

from __future__ import annotations

from typing import Any

import pytest

import qualityassess as qa


def _with_everything(make_submission: Any) -> qa.Result:
    """A result with a finding of each of two kinds, a veto and a consequence with a due date."""
    submission = make_submission(
        verification={"development_plan": "good"},
        incidents=[{"id": "i-1", "date": "2019-10-01", "scope": "regional"}],
    )
    del submission["targets"]["manufacturing_pass_rate"]
    return qa.assess("cn-2013", submission)


def _veto(result: qa.Result) -> qa.AppliedCondition:
    return next(c for c in result.conditions if c.veto)


def test_the_objects_are_the_result_json_entries(make_submission: Any) -> None:
    result = _with_everything(make_submission)
    document = result.to_dict()
    assert {f.kind for f in result.findings} == {"overstated", "missing_target"}
    assert {c.id for c in result.conditions} == {"systemic_incident", "misreporting"}
    assert any(c.due_months_after_announcement for c in result.consequences)
    assert [f.to_dict() for f in result.findings] == document["findings"]
    assert [c.to_dict() for c in result.conditions] == document["conditions"]
    assert [c.to_dict() for c in result.consequences] == document["consequences"]
    not_applied = result.conditions_not_applied
    assert all(isinstance(c, qa.NotAppliedCondition) for c in not_applied)
    assert [c.to_dict() for c in not_applied] == document["conditions_not_applied"]


def test_late_filings_carry_their_step_and_days() -> None:
    finding = qa.Finding.from_dict(
        {"kind": "late_filing", "step": "targets", "days_late": 3, "detail": "d", "detail_zh": "z"}
    )
    assert (finding.step, finding.days_late, finding.leaf) == ("targets", 3, None)
    assert finding.to_dict()["days_late"] == 3 and "leaf" not in finding.to_dict()


def test_texts_follow_the_lang_option(make_submission: Any) -> None:
    condition = _veto(_with_everything(make_submission))
    with qa.option_context("lang", "en"):
        assert condition.reason_in() == condition.reason
    assert condition.reason_in() == condition.reason_zh != condition.reason
    with pytest.raises(qa.InputError, match="not a language"):
        condition.reason_in("fr")  # type: ignore[arg-type]


def test_the_objects_are_frozen_and_hashable(make_submission: Any) -> None:
    condition = _veto(_with_everything(make_submission))
    with pytest.raises(AttributeError):
        condition.id = "other"  # type: ignore[misc]
    assert len({condition, qa.AppliedCondition.from_dict(condition.to_dict())}) == 1


def test_dict_access_still_works_for_one_release_with_a_warning(make_submission: Any) -> None:
    result = _with_everything(make_submission)
    finding = next(f for f in result.findings if f.kind == "overstated")
    condition = _veto(result)
    with pytest.warns(DeprecationWarning, match=r"Finding\['kind'\] .* deprecated"):
        assert finding["kind"] == "overstated"
    with pytest.warns(DeprecationWarning, match="use the attribute"):
        assert finding.get("incident") is None
    with pytest.warns(DeprecationWarning):
        assert "leaf" in finding
    with pytest.warns(DeprecationWarning):
        assert condition["effect"] == {"type": "force_grade", "grade": "D"}
    with pytest.raises(TypeError, match="not iterable"):
        list(finding)  # type: ignore[call-overload]


def test_a_condition_not_applied_says_why_not_in_both_languages(make_submission: Any) -> None:
    submission = make_submission(incidents=[{"id": "i-1", "date": "2019-10-01", "scope": "local"}])
    result = qa.assess("cn-2013", submission)
    veto = next(c for c in result.conditions_not_applied if c.id == "systemic_incident")
    assert veto.reason_in("en") == "incident i-1 has scope local, not regional or systemic"
    assert veto.reason_in("zh") == veto.reason_zh and "i-1" in veto.reason_zh
    assert "systemic_incident" not in {c.id for c in result.conditions}
    assert qa.NotAppliedCondition.from_dict(veto.to_dict()) == veto
    with pytest.warns(DeprecationWarning, match=r"NotAppliedCondition\['reason'\]"):
        assert veto["reason"] == veto.reason
