"""Bad input gets a clear error naming the place at fault, never a crash (issue 2, item 7)."""

from __future__ import annotations

import math
import pickle

import pytest

import qualityassess as qa
from qualityassess import _core


def test_both_errors_are_value_errors() -> None:
    assert issubclass(qa.SchemeError, ValueError)
    assert issubclass(qa.InputError, ValueError)


def test_the_errors_are_python_classes_and_the_core_raises_them() -> None:
    # Defined in _errors.py (documented and typed there), registered with the core at import:
    # the compiled module has no classes of its own for them.
    assert qa.InputError.__module__ == qa.SchemeError.__module__ == "qualityassess._errors"
    assert not hasattr(_core, "InputError") and not hasattr(_core, "SchemeError")
    with pytest.raises(ValueError) as input_error:
        _core.parse_json("[1,,]")
    assert type(input_error.value) is qa.InputError
    with pytest.raises(ValueError) as scheme_error:
        _core.parse_json("[1,,]", "scheme")
    assert type(scheme_error.value) is qa.SchemeError
    for error in (input_error.value, scheme_error.value):
        assert len(error.issues) == 1 and "not valid JSON" in error.issues[0][1]
        # The same problem, at the same place, in Chinese (issues_zh).
        assert [path for path, _ in error.issues_zh] == [path for path, _ in error.issues]
        assert error.issues_zh[0][1].startswith("不是有效的 JSON：")


def test_an_error_built_by_hand_has_its_issues() -> None:
    alone = qa.InputError("bad year")
    assert str(alone) == "bad year"
    assert alone.issues == alone.issues_zh == [("", "bad year")]
    listed = qa.SchemeError("invalid scheme", [("/id", "is required")], [("/id", "必填")])
    assert (listed.issues, listed.issues_zh) == ([("/id", "is required")], [("/id", "必填")])
    assert qa.InputError("x", [("/a", "b")]).issues_zh == [("/a", "b")]


def test_the_core_refuses_classes_that_are_not_value_errors() -> None:
    with pytest.raises(TypeError, match="subclass of ValueError"):
        _core._set_exception_types(KeyError, qa.SchemeError)
    with pytest.raises(TypeError):  # not a class at all
        _core._set_exception_types(qa.InputError, "SchemeError")  # type: ignore[arg-type]
    with pytest.raises(qa.InputError):  # still the registered classes
        _core.parse_json("[")


@pytest.mark.parametrize("kind", ["submission", "scheme"])
def test_an_error_of_the_core_pickles_with_its_issues(kind: str) -> None:
    # A Dask worker's error reaches the client pickled (tests/python/test_dask.py).
    with pytest.raises(ValueError) as caught:
        _core.parse_json('{"a": 1, "a": 2}', kind)
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is type(caught.value)
    assert (str(again), again.issues, again.issues_zh) == (
        str(caught.value),
        caught.value.issues,
        caught.value.issues_zh,
    )
    assert again.issues and again.issues[0][0] == "/a"


def test_malformed_scheme_json_names_the_position() -> None:
    with pytest.raises(qa.SchemeError, match=r"not valid JSON.*line 1") as caught:
        qa.Scheme.from_json('{"id": "x",,}')
    assert caught.value.issues[0][0] == ""


def test_every_scheme_problem_is_reported_at_once_with_its_path(direct_scheme) -> None:
    document = direct_scheme()
    document["nodes"][0]["points"] = 0
    document["nodes"].append({"id": "extra", "name": "x", "points": 5, "rule": {"type": "magic"}})
    document["grading"]["bands"][0]["grade"] = "B"
    document["colour"] = "red"
    with pytest.raises(qa.SchemeError) as caught:
        qa.Scheme.from_dict(document)
    paths = dict(caught.value.issues)
    assert paths["/nodes/0/points"] == "must be > 0, not 0"
    assert "'magic' is not a rule type" in paths["/nodes/1/rule/type"]
    assert paths["/grading/bands/1/grade"] == "duplicate grade 'B'"
    assert paths["/colour"] == "unknown key 'colour'"
    assert "/nodes/1/rule/type" in str(caught.value)


def test_per_point_must_be_positive_with_design_path(cn2013: qa.Scheme) -> None:
    document = cn2013.to_dict()
    document["nodes"][1]["children"][0]["children"][0]["rule"] = {"type": "target", "per_point": 1}
    document["nodes"][0]["children"][0]["children"][0]["rule"]["per_point"] = 0
    with pytest.raises(qa.SchemeError) as caught:
        qa.Scheme.from_dict(document)
    paths = dict(caught.value.issues)
    assert paths["/nodes/0/children/0/children/0/rule/per_point"] == "must be > 0, not 0"


def test_children_must_add_up(cn2013: qa.Scheme) -> None:
    document = cn2013.to_dict()
    document["nodes"][1]["children"][0]["children"][0]["points"] = 4
    with pytest.raises(qa.SchemeError) as caught:
        qa.Scheme.from_dict(document)
    messages = dict(caught.value.issues)
    assert (
        "children's points add up to 19, but 'macro' has 18"
        == messages["/nodes/1/children/0/children"]
    )
    assert len(caught.value.issues) == 1  # the parents' own points still add up to 100


def test_unknown_point_id(make_submission) -> None:
    with pytest.raises(
        qa.InputError, match=r"/self_evaluation/brand_stratgy: 'brand_stratgy' is not a point"
    ):
        qa.assess("cn-2013", make_submission(self_evaluation={"brand_stratgy": "good"}))


@pytest.mark.parametrize("rate", [100.5, -1])
def test_rates_outside_0_100_are_errors(make_submission, rate: float) -> None:
    submission = make_submission(self_evaluation={"manufacturing_pass_rate": rate})
    with pytest.raises(
        qa.InputError, match=r"/self_evaluation/manufacturing_pass_rate: must be in \[0, 100\]"
    ):
        qa.assess("cn-2013", submission)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_nan_and_infinity_name_their_place(make_submission, value: float) -> None:
    submission = make_submission(targets={"agri_monitoring_pass_rate": value})
    with pytest.raises(
        qa.InputError, match=r"/targets/agri_monitoring_pass_rate: is (NaN|infinite)"
    ):
        qa.assess("cn-2013", submission)


def test_unknown_level_lists_the_levels(make_submission) -> None:
    with pytest.raises(qa.InputError) as caught:
        qa.assess("cn-2013", make_submission(verification={"development_plan": "superb"}))
    assert caught.value.issues == [
        (
            "/verification/development_plan",
            "'superb' is not a level of development_plan (excellent, good, fair, poor, none)",
        )
    ]
    assert "420000 湖北省" in str(caught.value)


def test_levels_by_chinese_label_are_accepted(make_submission) -> None:
    result = qa.assess("cn-2013", make_submission(self_evaluation={"development_plan": "良好"}))
    assert result.to_dict()["leaves"]["development_plan"]["points"] == 2.4


@pytest.mark.parametrize("date", ["2019-02-29", "2019-13-01", "2020-6-1", "yesterday"])
def test_impossible_dates(make_submission, date: str) -> None:
    incident = {"id": "i-1", "date": date, "scope": "regional"}
    with pytest.raises(qa.InputError, match=r"/incidents/0/date: '.*' is not a date"):
        qa.assess("cn-2013", make_submission(incidents=[incident]))


def test_unknown_incident_scope(make_submission) -> None:
    incident = {"id": "i-1", "date": "2019-09-01", "scope": "national"}
    with pytest.raises(
        qa.InputError, match=r"/incidents/0/scope: 'national' is not an incident scope"
    ):
        qa.assess("cn-2013", make_submission(incidents=[incident]))


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"year": "2019"}, "/year", "must be a whole number, not a string"),
        ({"year": 1999}, "/year", "must be between 2000 and 2200, not 1999"),
        ({"region": {"name": "湖北省"}}, "/region/code", "is required"),
        ({"targets": [1, 2]}, "/targets", "must be an object, not an array"),
        ({"incidents": {"id": "x"}}, "/incidents", "must be an array, not an object"),
        (
            {"self_evaluation": {"brand_strategy": 3}},
            "/self_evaluation/brand_strategy",
            "must be a level (a string), not a number",
        ),
        ({"self_evaluaton": {}}, "/self_evaluaton", "unknown key 'self_evaluaton'"),
    ],
)
def test_wrong_types_name_their_path(make_submission, change, path: str, message: str) -> None:
    document = make_submission()
    document.update(change)
    with pytest.raises(qa.InputError) as caught:
        qa.assess("cn-2013", document)
    assert (path, message) in caught.value.issues


def test_more_than_four_decimals_is_refused_not_rounded(make_submission) -> None:
    submission = make_submission(self_evaluation={"manufacturing_pass_rate": 92.123456})
    with pytest.raises(qa.InputError, match="more than 4 decimal places"):
        qa.assess("cn-2013", submission)


def test_non_string_keys_and_unsupported_types(make_submission) -> None:
    with pytest.raises(qa.InputError, match="not a string"):
        qa.assess("cn-2013", make_submission(targets={1: 95.0}))
    with pytest.raises(qa.InputError, match="/meta: cannot use a value of type object"):
        qa.assess("cn-2013", make_submission(meta=object()))


def test_every_region_at_fault_is_named_in_a_batch(make_submission) -> None:
    good = make_submission()
    bad_level = make_submission(
        region={"code": "110000", "name": "北京市"}, self_evaluation={"brand_strategy": "?"}
    )
    bad_rate = make_submission(
        region={"code": "120000", "name": "天津市"}, targets={"manufacturing_pass_rate": 101}
    )
    with pytest.raises(qa.InputError) as caught:
        qa.assess_many("cn-2013", [good, bad_level, bad_rate])
    paths = [path for path, _ in caught.value.issues]
    assert paths == [
        "110000 北京市 /self_evaluation/brand_strategy",
        "120000 天津市 /targets/manufacturing_pass_rate",
    ]


def test_submission_for_another_scheme_is_refused(make_submission, direct_scheme) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    with pytest.raises(qa.InputError, match="is for scheme 'cn-2013'"):
        qa.assess(scheme, make_submission())


def test_direct_points_above_the_maximum(direct_scheme) -> None:
    scheme = qa.Scheme.from_dict(direct_scheme())
    with pytest.raises(
        qa.InputError, match=r"/self_evaluation/score: must be in \[0, 100\], not 100.5"
    ):
        qa.assess(
            scheme, {"region": {"code": "1"}, "year": 2019, "self_evaluation": {"score": 100.5}}
        )


def test_unknown_builtin_scheme() -> None:
    with pytest.raises(qa.InputError, match="no built-in scheme 'cn-2099'"):
        qa.Scheme.builtin("cn-2099")


def test_scheme_texts_must_not_be_empty(direct_scheme) -> None:
    document = direct_scheme()
    document["nodes"][0]["name"] = ""
    with pytest.raises(qa.SchemeError, match="/nodes/0/name: must not be empty"):
        qa.Scheme.from_dict(document)


def test_inline_levels_cannot_shadow_a_declared_level_set(direct_scheme) -> None:
    document = direct_scheme()
    document["level_sets"] = [{"id": "score#levels", "levels": [{"id": "x", "fraction": 1}]}]
    document["nodes"][0]["rule"] = {"type": "levels", "levels": [{"id": "y", "fraction": 1}]}
    with pytest.raises(qa.SchemeError, match="/nodes/0/rule/levels: a level set 'score#levels'"):
        qa.Scheme.from_dict(document)


def test_finding_trigger_needs_kinds(direct_scheme) -> None:
    document = direct_scheme()
    document["conditions"] = [
        {
            "id": "c",
            "name": "c",
            "trigger": {"type": "finding", "kinds": []},
            "effect": {"type": "notice"},
        }
    ]
    with pytest.raises(
        qa.SchemeError, match="/conditions/0/trigger/kinds: needs at least one kind"
    ):
        qa.Scheme.from_dict(document)
