"""The JSON Schemas shipped in the package (qualityassess/schemas) describe the documents the
core reads and writes: the built-in and example schemes, submissions and results validate, and
broken documents are rejected by the schema and by the reader alike."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator

import qualityassess as qa

REPO = Path(__file__).resolve().parents[2]
SCHEMA_NAMES = ["scheme", "submission", "result"]
EXAMPLE_SCHEMES = sorted((REPO / "examples" / "schemes").glob("*.json"))


def load_schema(name: str) -> dict[str, Any]:
    """A schema as installed with the package (importlib.resources), not from the source tree."""
    resource = resources.files("qualityassess").joinpath("schemas", f"{name}.schema.json")
    document: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return document


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def pointer(error: jsonschema.ValidationError) -> str:
    return "".join(f"/{part}" for part in error.absolute_path)


def error_pointers(name: str, document: Any) -> list[str]:
    return [pointer(error) for error in validator(name).iter_errors(document)]


def assert_valid(name: str, document: Any) -> None:
    problems = [
        f"{pointer(error) or '/'}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="module")
def cn2013_document() -> dict[str, Any]:
    return qa.Scheme.builtin("cn-2013").to_dict()


# ---- the schema files -------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_file_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_scheme_schema_says_what_it_cannot_check() -> None:
    description = load_schema("scheme")["description"]
    for words in ("cannot express", "unique ids", "adding up", "references"):
        assert words in description


def test_scheme_schema_lists_the_language_of_the_reader() -> None:
    defs = load_schema("scheme")["$defs"]
    assert defs["rule"]["properties"]["type"]["enum"] == [
        "target",
        "levels",
        "checklist",
        "deduction",
        "direct",
        "boolean",
        "value",
    ]
    assert defs["trigger"]["properties"]["type"]["enum"] == [
        "incident",
        "score_rate_below",
        "finding",
        "not_met",
    ]
    assert defs["effect"]["properties"]["type"]["enum"] == [
        "zero_total",
        "downgrade",
        "cap_grade",
        "force_grade",
        "notice",
    ]
    assert defs["node"]["properties"]["aggregate"]["enum"] == ["sum", "min", "weighted_mean"]
    assert defs["grading"]["properties"]["method"]["enum"] == ["bands", "rank", "gate"]


# ---- schemes that must validate ---------------------------------------------------------


def test_builtin_cn2013_validates(cn2013_document: dict[str, Any]) -> None:
    assert cn2013_document["id"] == "cn-2013"
    assert_valid("scheme", cn2013_document)


def test_raw_cn2013_file_validates() -> None:
    path = REPO / "cpp" / "schemes" / "cn-2013.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert_valid("scheme", document)
    # The raw file carries keys the canonical form drops (e.g. "unit"): both forms must pass.
    assert qa.Scheme.from_dict(document) == qa.Scheme.builtin("cn-2013")


@pytest.mark.parametrize("path", EXAMPLE_SCHEMES, ids=[p.name for p in EXAMPLE_SCHEMES])
def test_example_scheme_validates(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert_valid("scheme", document)
    scheme = qa.Scheme.load(path)  # the reader agrees
    assert_valid("scheme", scheme.to_dict())


EVERY_FEATURE: dict[str, Any] = {
    "$schema": "scheme.schema.json",
    "comment": "every key the reader accepts, once",
    "format": "qualityassess-scheme/1",
    "id": "every-feature",
    "name": "Every feature",
    "version": "1",
    "description": {"en": "A scheme that uses every part of the language."},
    "total": {"max": 100, "min": 0, "may_exceed_max": True},
    "rounding": {"digits": 1, "mode": "half_even"},
    "misreporting": {"overstatement_tolerance": 0.2},
    "level_sets": [
        {
            "id": "yes_no",
            "levels": [
                {"id": "yes", "label": {"zh": "是", "en": "yes"}, "fraction": 1},
                {"id": "no", "fraction": 0, "comment": "allowed everywhere"},
            ],
        }
    ],
    "nodes": [
        {
            "id": "a",
            "name": {"zh": "甲", "en": "A"},
            "number": "1",
            "points": 60,
            "aggregate": "sum",
            "children": [
                {
                    "id": "rate",
                    "name": "rate",
                    "points": 10,
                    "rule": {"type": "target", "per_point": 2, "unit": "%", "max_value": 100},
                },
                {
                    "id": "ratio",
                    "name": "ratio",
                    "points": 10,
                    "rule": {
                        "type": "target",
                        "method": "proportional",
                        "direction": "lower_is_better",
                        "target": 5,
                    },
                },
                {
                    "id": "stepped",
                    "name": "stepped",
                    "points": 10,
                    "rule": {
                        "type": "target",
                        "method": "table",
                        "table": [
                            {"attainment": 1, "fraction": 1},
                            {"attainment": 0.9, "fraction": 0.5},
                        ],
                        "zero_if_worse_than_previous": True,
                    },
                },
                {
                    "id": "plan",
                    "name": "plan",
                    "points": 5,
                    "rule": {"type": "levels", "level_set": "yes_no"},
                },
                {
                    "id": "inline",
                    "name": "inline",
                    "points": 5,
                    "rule": {
                        "type": "levels",
                        "levels": [{"id": "hi", "fraction": 1}, {"id": "lo", "fraction": 0.25}],
                    },
                },
                {
                    "id": "items",
                    "name": "items",
                    "points": 10,
                    "rule": {
                        "type": "checklist",
                        "partly_fraction": 0.4,
                        "items": [{"id": "x", "points": 4}, {"id": "y", "points": 6}],
                    },
                },
                {
                    "id": "items_missing",
                    "name": "items missing",
                    "points": 10,
                    "rule": {"type": "checklist", "per_missing": 2, "items": [{"id": "x"}]},
                },
            ],
        },
        {
            "id": "b",
            "name": "B",
            "points": 40,
            "aggregate": "weighted_mean",
            "children": [
                {
                    "id": "faults",
                    "name": "faults",
                    "points": 10,
                    "weight": 2,
                    "rule": {"type": "deduction", "kinds": [{"id": "k", "per_occurrence": 1.5}]},
                },
                {"id": "assessor", "name": "assessor", "points": 10, "rule": {"type": "direct"}},
                {
                    "id": "lower",
                    "name": "lower",
                    "points": 10,
                    "aggregate": "min",
                    "children": [
                        {"id": "flag", "name": "flag", "points": 5, "rule": {"type": "boolean"}},
                        {"id": "other", "name": "other", "points": 5, "rule": {"type": "direct"}},
                    ],
                },
            ],
        },
    ],
    "adjustments": [
        {"id": "bonus_direct", "name": "bonus", "kind": "bonus", "cap": 5},
        {
            "id": "bonus_count",
            "name": "bonus",
            "kind": "bonus",
            "input": "count",
            "per_occurrence": 1,
            "cap": 3,
        },
        {
            "id": "penalty_flag",
            "name": "penalty",
            "kind": "penalty",
            "input": "boolean",
            "points": 2,
            "cap": 2,
        },
    ],
    "grading": {
        "method": "bands",
        "bands": [
            {"grade": "优秀", "min": 90},
            {"grade": "良好", "min": 75, "inclusive": False},
            {"grade": "合格", "min": 60},
            {"grade": "不合格"},
        ],
        "labels": {"优秀": {"zh": "优秀", "en": "excellent"}},
    },
    "incident_scopes": [{"id": "local"}, {"id": "regional", "name": "regional"}],
    "incident_severities": ["major", "minor"],
    "conditions": [
        {
            "id": "veto",
            "name": "veto",
            "article": "Art. 5",
            "veto": True,
            "trigger": {
                "type": "incident",
                "scopes": ["regional"],
                "severities": ["major"],
                "min_deaths": 1,
                "within_year": True,
                "min_count": 1,
            },
            "effect": {"type": "force_grade", "grade": "不合格"},
        },
        {
            "id": "floor",
            "name": "floor",
            "trigger": {"type": "score_rate_below", "nodes": ["a", "b"], "rate": 0.6},
            "effect": {"type": "cap_grade", "grade": "合格"},
        },
        {
            "id": "overstated",
            "name": "overstated",
            "trigger": {"type": "finding", "kinds": ["overstated"], "min_count": 1},
            "effect": {"type": "downgrade", "levels": 1},
        },
        {
            "id": "concealed",
            "name": "concealed",
            "trigger": {"type": "finding", "kinds": ["concealed"]},
            "effect": {"type": "zero_total"},
        },
        {
            "id": "missing",
            "name": "missing",
            "trigger": {"type": "finding", "kinds": ["missing_value"]},
            "effect": {"type": "notice"},
        },
    ],
    "consequences": [
        {"id": "always", "text": "always", "when": {"always": True}},
        {
            "id": "failed",
            "text": {"zh": "整改", "en": "rectify"},
            "article": "Art. 7",
            "due_months_after_announcement": 1,
            "when": {"grades": ["不合格"]},
        },
        {"id": "noted", "text": "noted", "when": {"conditions": ["missing"]}},
    ],
}


def test_a_scheme_using_every_feature_validates() -> None:
    assert_valid("scheme", EVERY_FEATURE)
    scheme = qa.Scheme.from_dict(EVERY_FEATURE)  # the reader accepts it too
    canonical = scheme.to_dict()
    assert_valid("scheme", canonical)
    assert {node["rule"] for node in scheme.nodes() if node["is_leaf"]} == {
        "target",
        "levels",
        "checklist",
        "deduction",
        "direct",
        "boolean",
    }


def test_rank_grading_validates() -> None:
    document = rank_scheme()
    assert_valid("scheme", document)
    assert_valid("scheme", qa.Scheme.from_dict(document).to_dict())


def rank_scheme() -> dict[str, Any]:
    return {
        "id": "ranked",
        "name": "ranked",
        "nodes": [{"id": "score", "name": "score", "points": 100, "rule": {"type": "direct"}}],
        "grading": {
            "method": "rank",
            "tiers": [{"grade": "A", "count": 2}, {"grade": "B", "share": 0.5}, {"grade": "C"}],
        },
    }


# ---- schemes that must be rejected ------------------------------------------------------

LEAF = "/nodes/0/children/0/children/0"  # manufacturing_pass_rate in cn-2013


def _leaf(document: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = document["nodes"][0]["children"][0]["children"][0]
    return node


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets the member at JSON pointer `path` to `value`."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.strip("/").split("/")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.strip("/").split("/")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        del target[last]

    return change


# (change, the path the reader reports, the path the schema reports: the same or a parent)
BROKEN_SCHEMES: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "unknown rule type": (
        _set(f"{LEAF}/rule/type", "formula"),
        f"{LEAF}/rule/type",
        f"{LEAF}/rule/type",
    ),
    "negative points": (_set(f"{LEAF}/points", -15), f"{LEAF}/points", f"{LEAF}/points"),
    "unknown key (typo)": (
        _set(f"{LEAF}/rule/per_pont", 3),
        f"{LEAF}/rule/per_pont",
        f"{LEAF}/rule",
    ),
    "unknown top-level key": (_set("/weights", {}), "/weights", ""),
    "per_point missing": (
        _drop(f"{LEAF}/rule/per_point"),
        f"{LEAF}/rule/per_point",
        f"{LEAF}/rule",
    ),
    "per_point zero": (
        _set(f"{LEAF}/rule/per_point", 0),
        f"{LEAF}/rule/per_point",
        f"{LEAF}/rule/per_point",
    ),
    "leaf with children": (_set(f"{LEAF}/children", []), LEAF, LEAF),
    "bad node id": (_set(f"{LEAF}/id", "1st"), f"{LEAF}/id", f"{LEAF}/id"),
    "name missing": (_drop("/name"), "/name", ""),
    "grading missing": (_drop("/grading"), "/grading", ""),
    "rounding digits 5": (_set("/rounding/digits", 5), "/rounding/digits", "/rounding/digits"),
    "fraction above 1": (
        _set("/level_sets/0/levels/0/fraction", 1.5),
        "/level_sets/0/levels/0/fraction",
        "/level_sets/0/levels/0/fraction",
    ),
    "unknown effect": (
        _set("/conditions/0/effect/type", "expel"),
        "/conditions/0/effect/type",
        "/conditions/0/effect/type",
    ),
    "force_grade without grade": (
        _drop("/conditions/0/effect/grade"),
        "/conditions/0/effect/grade",
        "/conditions/0/effect",
    ),
    "unknown trigger type": (
        _set("/conditions/0/trigger/type", "rumour"),
        "/conditions/0/trigger/type",
        "/conditions/0/trigger/type",
    ),
    "unknown finding kind": (
        _set("/conditions/1/trigger/kinds", ["lying"]),
        "/conditions/1/trigger/kinds/0",
        "/conditions/1/trigger/kinds/0",
    ),
    "consequence when two ways": (
        _set("/consequences/0/when", {"always": True, "grades": ["A"]}),
        "/consequences/0/when",
        "/consequences/0/when",
    ),
    "consequence due 0 months": (
        _set("/consequences/1/due_months_after_announcement", 0),
        "/consequences/1/due_months_after_announcement",
        "/consequences/1/due_months_after_announcement",
    ),
    "wrong format": (_set("/format", "qualityassess-scheme/2"), "/format", "/format"),
    # docs/scheme-language.md: a node called "total" showed as the region's total in frames.
    "node id naming a result column": (_set("/nodes/0/id", "total"), "/nodes/0/id", "/nodes/0/id"),
    # docs/security.md, "Text in outputs": a name is printed on one line.
    "name with a line break": (
        _set("/nodes/0/name", "目标\n伪造"),
        "/nodes/0/name",
        "/nodes/0/name",
    ),
    "name with a tab": (_set("/name/zh", "质量\t工作"), "/name/zh", "/name"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_SCHEMES))
def test_broken_scheme_is_rejected_by_schema_and_reader(
    case: str, cn2013_document: dict[str, Any]
) -> None:
    change, reader_path, schema_path = BROKEN_SCHEMES[case]
    document = copy.deepcopy(cn2013_document)
    change(document)

    pointers = error_pointers("scheme", document)
    assert pointers, f"the schema accepted a scheme with {case}"
    assert schema_path in pointers

    with pytest.raises(qa.SchemeError) as caught:
        qa.Scheme.from_dict(document)
    assert reader_path in [path for path, _ in caught.value.issues]


def test_cross_reference_errors_pass_the_schema_but_not_the_reader(
    cn2013_document: dict[str, Any],
) -> None:
    """What the schema's description says it cannot check is left to the reader."""
    document = copy.deepcopy(cn2013_document)
    _leaf(document)["points"] = 16  # children no longer add up to 30
    document["nodes"][1]["children"][0]["children"][1]["id"] = "development_plan"  # duplicate
    document["conditions"][0]["effect"]["grade"] = "E"  # no such grade
    assert_valid("scheme", document)
    with pytest.raises(qa.SchemeError) as caught:
        qa.Scheme.from_dict(document)
    paths = [path for path, _ in caught.value.issues]
    assert "/nodes/0/children/0/children" in paths
    assert "/nodes/1/children/0/children/1/id" in paths
    assert "/conditions/0/effect/grade" in paths


def test_comment_and_dollar_schema_are_allowed_in_every_object(
    cn2013_document: dict[str, Any],
) -> None:
    document = copy.deepcopy(cn2013_document)
    document["$schema"] = "scheme.schema.json"
    _leaf(document)["comment"] = "note"
    _leaf(document)["rule"]["comment"] = {"any": "value"}
    document["grading"]["bands"][0]["$schema"] = 1
    document["conditions"][0]["trigger"]["comment"] = "note"
    assert_valid("scheme", document)
    qa.Scheme.from_dict(document)


# ---- submissions ------------------------------------------------------------------------


def hubei_submission() -> dict[str, Any]:
    return {
        "region": {"code": "420000", "name": "湖北省"},
        "year": 2019,
        "scheme": "cn-2013",
        "targets": {"manufacturing_pass_rate": 93.0},
        "self_evaluation": {"manufacturing_pass_rate": 92.3, "development_plan": "good"},
        "verification": {"development_plan": "fair"},
        "incidents": [
            {
                "id": "i-1",
                "date": "2020-03-02",
                "scope": "regional",
                "reported_in_self_evaluation": False,
                "summary": "...",
            }
        ],
        "meta": {"source": "test"},
    }


def test_submission_validates_and_is_read() -> None:
    document = hubei_submission()
    assert_valid("submission", document)
    assert qa.Submission.from_dict(document).region_code == "420000"


def test_every_leaf_value_shape_validates() -> None:
    document = {
        "region": {"code": "1", "name": ""},
        "year": 2019,
        "targets": {"rate": 95, "stepped": None},
        "self_evaluation": {
            "rate": 94.5,
            "ratio": 4,
            "stepped": 90,
            "plan": "是",
            "inline": "hi",
            "items": {"x": "met", "y": True},
            "items_missing": {"x": "partly_met"},
            "faults": 2,
            "assessor": 7.5,
            "flag": True,
            "other": 3,
        },
        "verification": {"faults": {"k": 3}, "items": {"y": "not_met"}},
        "previous": {"stepped": 95},
        "adjustments": {"bonus_direct": 2.5, "bonus_count": 5, "penalty_flag": True},
        "incidents": [
            {
                "id": "i-1",
                "date": "2020-01-01",
                "scope": "regional",
                "severity": "major",
                "deaths": 2,
                "meta": {"any": ["thing"]},
            }
        ],
    }
    assert_valid("submission", document)
    result = qa.assess(qa.Scheme.from_dict(EVERY_FEATURE), document)
    assert_valid("result", result.to_dict())
    assert result.vetoed


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (_set("/year", 1999), "/year"),
        (_set("/region/code", ""), "/region/code"),
        (_drop("/region"), ""),
        (_set("/self_evalution", {}), ""),
        (_set("/incidents/0/date", "2020-02-30"), "/incidents/0/date"),
        (_set("/incidents/0/when", "2020"), "/incidents/0"),
        (_set("/incidents/0/deaths", -1), "/incidents/0/deaths"),
    ],
)
def test_broken_submission_is_rejected_by_schema_and_reader(
    change: Callable[[dict[str, Any]], None], path: str
) -> None:
    document = hubei_submission()
    change(document)
    assert path in error_pointers("submission", document)
    with pytest.raises(qa.InputError):
        qa.Submission.from_dict(document)


# ---- results ----------------------------------------------------------------------------


def test_result_of_assess_validates() -> None:
    result = qa.assess(qa.Scheme.builtin("cn-2013"), hubei_submission())
    document = result.to_dict()
    assert_valid("result", document)
    # The optional parts were exercised, not just an empty result.
    assert result.vetoed and result.grade == "D"
    assert {c["id"] for c in document["conditions"]} == {"systemic_incident", "misreporting"}
    assert {f["kind"] for f in document["findings"]} >= {"missing_value", "overstated", "concealed"}
    assert "self_points" in document["leaves"]["development_plan"]
    assert any("due_months_after_announcement" in c for c in document["consequences"])
    assert "rank" not in document
    assert json.loads(result.to_json()) == document


def test_filing_findings_with_evidence_validate() -> None:
    """late_filing and not_submitted findings carry step and days_late, and a verified finding
    its evidence (Art. 6, Art. 9): the schema lists them."""
    document = hubei_submission()
    document["filed"] = {"targets": "2019-07-03", "not_submitted": ["self_evaluation"]}
    document["evidence"] = {"development_plan": "no plan was found at the visit"}
    result = qa.assess(qa.Scheme.builtin("cn-2013"), document).to_dict()
    assert_valid("result", result)
    by_kind = {f["kind"]: f for f in result["findings"]}
    assert by_kind["late_filing"]["step"] == "targets" and by_kind["late_filing"]["days_late"] == 3
    assert by_kind["not_submitted"]["step"] == "self_evaluation"
    assert any("evidence" in f for f in result["findings"])


def test_results_under_rank_grading_validate() -> None:
    scheme = qa.Scheme.from_dict(rank_scheme())
    submissions = [
        {"region": {"code": str(n)}, "year": 2019, "self_evaluation": {"score": points}}
        for n, points in enumerate([90, 80, 80, 70, 60, 50])
    ]
    results = qa.assess_many(scheme, submissions)
    assert [r.rank for r in results] == [1, 2, 2, 4, 5, 6]
    for result in results:
        assert_valid("result", result.to_dict())


def test_result_schema_rejects_a_tampered_result() -> None:
    document = qa.assess("cn-2013", hubei_submission()).to_dict()
    document["vetoed"] = "yes"
    document["leaves"]["development_plan"]["source"] = "guessed"
    del document["grade"]
    pointers = error_pointers("result", document)
    assert "/vetoed" in pointers
    assert "/leaves/development_plan/source" in pointers
    assert "" in pointers
