"""A submission dict is read by the core in place (issue 13: the single assessment's cost).

``qa.assess(scheme, dict)`` binds the dict's value sections member by member instead of first
copying the whole document into JSON maps (cpp/bindings/submission_dict.hpp). It must give
exactly what the general way gives, ``qa.assess(scheme, qa.Submission.from_dict(dict))``: the
same Result document, and for a bad document the same error, with the same problems in the same
order and words, whatever the problem and wherever it is."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qualityassess as qa
from qualityassess.sample import load_sample
from test_properties import submissions

CN2013 = qa.Scheme.builtin("cn-2013")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIRE = qa.Scheme.load(EXAMPLES / "schemes" / "fire-safety.json")


def both_ways(scheme: qa.Scheme, document: Any) -> tuple[qa.Result, qa.Result]:
    in_place = qa.assess(scheme, document)
    general = qa.assess(scheme, qa.Submission.from_dict(document))
    return in_place, general


def error_both_ways(scheme: qa.Scheme, document: Any) -> tuple[str, str]:
    """The error of each way; both must fail."""
    messages = []
    for assess in (
        lambda: qa.assess(scheme, document),
        lambda: qa.assess(scheme, qa.Submission.from_dict(document)),
    ):
        with pytest.raises(qa.InputError) as error:
            assess()
        messages.append(str(error.value))
    return messages[0], messages[1]


def test_the_31_sample_provinces_give_the_same_result_documents() -> None:
    for document in load_sample()["submissions"]:
        in_place, general = both_ways(CN2013, document)
        assert in_place.to_json() == general.to_json()


@given(submissions())
def test_random_submissions_give_the_same_result_documents(document: dict[str, Any]) -> None:
    document = copy.deepcopy(document)
    document["verification"] = {
        leaf: value for leaf, value in list(document["self_evaluation"].items())[::3]
    }
    in_place, general = both_ways(CN2013, document)
    assert in_place.to_json() == general.to_json()
    assert in_place.explain("en") == general.explain("en")


def test_checklists_deductions_and_adjustments_are_read_the_same() -> None:
    """The fire-safety example has checklists, deduction counts and a bonus."""
    data = json.loads((EXAMPLES / "data" / "fire-safety-2023.json").read_text(encoding="utf-8"))
    for document in data["submissions"]:
        in_place, general = both_ways(FIRE, document)
        assert in_place.to_json() == general.to_json()


def test_other_mappings_and_json_text_take_the_general_way() -> None:
    document = load_sample()["submissions"][0]
    expected = qa.assess(CN2013, qa.Submission.from_dict(document)).to_json()
    assert qa.assess(CN2013, OrderedDict(document)).to_json() == expected
    assert qa.assess(CN2013, json.dumps(document)).to_json() == expected


def hubei() -> dict[str, Any]:
    return json.loads((EXAMPLES / "submissions" / "hubei-2019.json").read_text(encoding="utf-8"))


def changed(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = hubei()
    edit(document)
    return document


def nested(depth: int) -> Any:
    value: Any = "good"
    for _ in range(depth):
        value = {"x": value}
    return value


BAD = {
    "a typo'd point": lambda d: d["self_evaluation"].update(developement_plan="good"),
    "a level that is not one": lambda d: d["self_evaluation"].update(development_plan="superb"),
    "a rate out of range": lambda d: d["targets"].update(manufacturing_pass_rate=120),
    "NaN": lambda d: d["self_evaluation"].update(manufacturing_pass_rate=math.nan),
    "a key that is not text": lambda d: d["verification"].update({1: "good"}),
    "a control character in a value": lambda d: d["verification"].update(
        product_supervision="go\x00od"
    ),
    "a control character in a key": lambda d: d["verification"].update({"brand\x01": "good"}),
    # Keys and str values the in-place reader leaves unchecked because only the scheme's own ids
    # and levels pass it (submission_dict.cpp): anything else must still be refused, in the
    # same words.
    "a control character in a target's key": lambda d: d["targets"].update(
        {"manufacturing_pass_rate\x01": 90}
    ),
    "a control character in a level written as its label": lambda d: d["self_evaluation"].update(
        development_plan="优\x01秀"
    ),
    "a NUL after a level": lambda d: d["self_evaluation"].update(development_plan="good\x00"),
    "a line break in an adjustment's key": lambda d: d.update(adjustments={"bonus\n": 1}),
    "an unpaired surrogate as a point's key": lambda d: d["self_evaluation"].update(
        {"\ud800": "good"}
    ),
    "a control character in an unknown top-level key": lambda d: d.update({"comment\x01": "x"}),
    "a control character in an unknown key of an incident": lambda d: d["incidents"][0].update(
        {"scope\x0b": "local"}
    ),
    "nesting too deep": lambda d: d["self_evaluation"].update(brand_strategy=nested(70)),
    "a section that is a list": lambda d: d.update(targets=[94.1]),
    "a section that is None": lambda d: d.update(verification=None),
    "an unknown section": lambda d: d.update(selfevaluation={}),
    "another scheme": lambda d: d.update(scheme="fire-safety"),
    "an incident dated 13th month": lambda d: d["incidents"][0].update(date="2019-13-01"),
    "full-width digits in the code": lambda d: d["region"].update(code="４２００００"),
    "a value of an unknown type": lambda d: d["targets"].update(manufacturing_pass_rate=object()),
    "problems in several sections at once": lambda d: (
        d["targets"].update(zzz=1, aaa=2),
        d["self_evaluation"].update(development_plan="superb", brand_strategy=3),
        d["verification"].update(nonsense="good"),
    ),
    "a structural problem beside value problems": lambda d: (
        d["targets"].update(zzz=1),
        d["incidents"][0].update(date="2019-02-30"),
    ),
    # The rest of the document, read in place by the core's own reader (py_view.hpp).
    "a control character in a comment": lambda d: d.update(comment="note\x07"),
    "a comment that is not text": lambda d: d.update(comment={"x": "\x07"}),
    "a control character in the region name": lambda d: d["region"].update(name="湖\x01北"),
    "a year too large for any integer": lambda d: d.update(year=10**30),
    "a year that is true": lambda d: d.update(year=True),
    "a year with a fraction": lambda d: d.update(year=2019.5),
    "an unpaired surrogate in an incident summary": lambda d: d["incidents"][0].update(
        summary="\ud800"
    ),
    "a key that is not text in the region": lambda d: d["region"].update({1: "x"}),
    "a control character in a meta key": lambda d: d.update(meta={"a\x02": 1}),
    "evidence that is not text": lambda d: d.update(evidence={"development_plan": 3}),
    "evidence for a point that is not one": lambda d: d.update(evidence={"nope": "seen"}),
    "an incident id given twice": lambda d: d["incidents"].append(dict(d["incidents"][0])),
    "a step never submitted that is not a step": lambda d: d.update(
        filed={"not_submitted": ["targets", 3, "self-evaluation"]}
    ),
    "an unknown key in an incident": lambda d: d["incidents"][0].update(scoep="local"),
    "a region that is a list": lambda d: d.update(region=["420000"]),
    "incidents that are a dict": lambda d: d.update(incidents={"0": d["incidents"][0]}),
    "a filing date that is not one": lambda d: d.update(filed={"targets": "2019-06-31"}),
}

# Documents that are fine but hold what the in-place reader leaves to the general way (a date,
# a NumPy scalar, a subclass) or reads itself in a less common shape: the same Result either way.
UNUSUAL = {
    "an incident date that is a datetime.date": lambda d: d["incidents"][0].update(
        date=dt.date(2020, 4, 18)
    ),
    "a meta holding a date and a NumPy number": lambda d: d.update(
        meta={"received": dt.date(2019, 7, 10), "pages": np.int64(12)}
    ),
    "a plain meta": lambda d: d.update(meta={"clerk": "王", "pages": [1, 2.5, None, True]}),
    "a year that is a NumPy integer": lambda d: d.update(year=np.int64(2019)),
    "a year written as a float": lambda d: d.update(year=2019.0),
    "a region that is an OrderedDict": lambda d: d.update(region=OrderedDict(d["region"])),
    "incidents in a tuple": lambda d: d.update(incidents=tuple(d["incidents"])),
    "a comment and a $schema": lambda d: d.update(comment="checked by 王", **{"$schema": "x"}),
    "filing dates and evidence": lambda d: d.update(
        filed={"targets": "2019-07-02", "self_evaluation": "2019-07-15"},
        evidence={"product_supervision": "spot check of 3 firms"},
    ),
    "a step never submitted": lambda d: d.update(filed={"not_submitted": ["self_evaluation"]}),
    "an incident with every field": lambda d: d["incidents"][0].update(
        severity="major", deaths=0, evidence="found by inspection", meta={"n": 1}
    ),
}


@pytest.mark.parametrize("problem", list(BAD))
def test_a_bad_document_gives_the_same_error_either_way(problem: str) -> None:
    in_place, general = error_both_ways(CN2013, changed(BAD[problem]))
    assert in_place == general


@pytest.mark.parametrize("shape", list(UNUSUAL))
def test_an_unusual_but_valid_document_gives_the_same_result_either_way(shape: str) -> None:
    in_place, general = both_ways(CN2013, changed(UNUSUAL[shape]))
    assert in_place.to_json() == general.to_json()


def test_the_error_lists_problems_in_document_order_not_dict_order() -> None:
    """The general way reads members in key order; so does the error of the in-place way."""
    in_place, _ = error_both_ways(CN2013, changed(BAD["problems in several sections at once"]))
    assert in_place.index("/targets/aaa") < in_place.index("/targets/zzz")
    assert in_place.index("/targets/zzz") < in_place.index("/self_evaluation/brand_strategy")
    assert in_place.index("/self_evaluation/brand_strategy") < in_place.index(
        "/self_evaluation/development_plan"
    )


def test_a_rank_graded_scheme_still_refuses_one_region_alone(
    direct_scheme: Callable[..., dict[str, Any]],
) -> None:
    document = direct_scheme()
    document["grading"] = {"method": "rank", "tiers": [{"grade": "A", "count": 1}, {"grade": "B"}]}
    scheme = qa.Scheme.from_dict(document)
    filing = {"region": {"code": "110000"}, "year": 2019, "self_evaluation": {"score": 80}}
    in_place, general = error_both_ways(scheme, filing)
    assert in_place == general
    assert "grades by rank" in in_place


# ---- assess_many: a list of dicts is bound in place too ----------------------------------------


def many_both_ways(scheme: qa.Scheme, documents: list[Any]) -> tuple[list[Any], list[Any]]:
    in_place = qa.assess_many(scheme, documents)
    general = qa.assess_many(scheme, [qa.Submission.from_dict(d) for d in documents])
    return [r.to_json() for r in in_place], [r.to_json() for r in general]


def many_errors_both_ways(scheme: qa.Scheme, documents: list[Any]) -> tuple[Any, Any]:
    """Each way's error as (message, issues, issues_zh); both must fail."""
    errors = []
    for documents_given in (documents, None):
        with pytest.raises(qa.InputError) as error:
            if documents_given is None:
                qa.assess_many(scheme, [qa.Submission.from_dict(d) for d in documents])
            else:
                qa.assess_many(scheme, documents_given)
        errors.append((str(error.value), error.value.issues, error.value.issues_zh))
    return errors[0], errors[1]


def test_assess_many_of_the_31_provinces_gives_the_same_result_documents() -> None:
    in_place, general = many_both_ways(CN2013, load_sample()["submissions"])
    assert in_place == general
    assert len(in_place) == 31


def test_assess_many_ranks_a_cohort_of_dicts_as_of_submissions(
    direct_scheme: Callable[..., dict[str, Any]],
) -> None:
    document = direct_scheme()
    document["grading"] = {"method": "rank", "tiers": [{"grade": "A", "count": 1}, {"grade": "B"}]}
    scheme = qa.Scheme.from_dict(document)
    filings = [
        {"region": {"code": code}, "year": 2019, "self_evaluation": {"score": score}}
        for code, score in (("110000", 80), ("120000", 90), ("130000", 70))
    ]
    in_place, general = many_both_ways(scheme, filings)
    assert in_place == general
    assert [json.loads(r)["grade"] for r in in_place] == ["B", "A", "B"]


def test_assess_many_refuses_a_region_given_twice_in_the_same_words_either_way() -> None:
    documents = copy.deepcopy(load_sample()["submissions"][:3])
    documents.append(copy.deepcopy(documents[1]))
    in_place, general = many_errors_both_ways(CN2013, documents)
    assert in_place == general
    code = documents[1]["region"]["code"]
    assert in_place[1] == [
        (
            "/submissions/3/region/code",
            f"region {code} is given again for 2019 (first at /submissions/1): "
            "each region is assessed once a year",
        )
    ]
    assert in_place[2][0][1].startswith(f"地区 {code} 的 2019 年度材料重复")


@pytest.mark.parametrize("problem", ["a level that is not one", "an incident dated 13th month"])
def test_assess_many_with_one_bad_dict_gives_the_same_error_either_way(problem: str) -> None:
    """One bad document among good ones: the whole list is read the general way, so the error
    names the same problems as before the dicts were bound in place."""
    documents = copy.deepcopy(load_sample()["submissions"][:3])
    documents[2] = changed(BAD[problem])
    in_place, general = many_errors_both_ways(CN2013, documents)
    assert in_place == general


# Any value at any place of the rest of the document (region, year, filing dates, evidence,
# incidents, meta, comments): the in-place reader and the general way agree on the Result, or on
# the error word for word.
ANY_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(
        ["", "420000", "2019-07-20", "2020-02-30", "targets", "good", "湖北", "a\x07b"]
    )
    | st.text(max_size=8)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.tuples(children)
        | st.dictionaries(
            st.sampled_from(["x", "id", "date", "code", "comment"]), children, max_size=3
        )
    ),
    max_leaves=6,
)
PLACES: list[tuple[str, ...]] = [
    ("region",),
    ("region", "code"),
    ("region", "name"),
    ("region", "extra"),
    ("year",),
    ("scheme",),
    ("filed",),
    ("filed", "targets"),
    ("filed", "not_submitted"),
    ("evidence",),
    ("evidence", "product_supervision"),
    ("incidents",),
    ("incidents", 0),
    ("incidents", 0, "date"),
    ("incidents", 0, "scope"),
    ("incidents", 0, "deaths"),
    ("incidents", 0, "reported_in_self_evaluation"),
    ("incidents", 0, "summary"),
    ("incidents", 0, "meta"),
    ("meta",),
    ("comment",),
    ("$schema",),
]


def put(document: dict[str, Any], place: tuple[str | int, ...], value: Any) -> None:
    target: Any = document
    for step in place[:-1]:
        if isinstance(step, str) and step not in target:
            target[step] = {}
        target = target[step]
    target[place[-1]] = value


@given(st.lists(st.tuples(st.sampled_from(PLACES), ANY_VALUE), min_size=1, max_size=3))
def test_any_value_anywhere_in_the_rest_gives_the_same_outcome_either_way(
    edits: list[tuple[tuple[str | int, ...], Any]],
) -> None:
    document = hubei()
    for place, value in edits:
        try:
            put(document, place, value)
        except (TypeError, KeyError, IndexError):
            return  # the place no longer exists under an earlier edit
    outcomes = []
    for assess in (
        lambda: qa.assess(CN2013, document),
        lambda: qa.assess(CN2013, qa.Submission.from_dict(document)),
    ):
        try:
            outcomes.append(assess().to_json())
        except qa.InputError as error:
            outcomes.append(f"InputError: {error}")
    assert outcomes[0] == outcomes[1]
