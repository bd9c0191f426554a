"""Writes the fuzz targets' seed corpora (fuzz/corpus/<target>/) from the project's real
documents: the built-in and example schemes (the sister schemes of examples/schemes/ too), the
example and sample submissions and one for each sister scheme, one small scheme per construct
of the scheme language (a calendar-year period, a legal basis, unranked rank tiers, "nothing
filed" deductions, vetoes by counts and deaths without scopes, a derived scheme changing them,
gates over informational points alone and beside scored points, derived values of every op)
with submissions for those that take values, a campaign journal run through every step, and a
few small broken documents.

    .venv/bin/python fuzz/make_corpus.py [FOLDER]

FOLDER defaults to fuzz/corpus. The files are committed; run this again when the documents
change (tests/python/test_fuzz_corpus.py fails until then). Inputs that once made a target fail
are kept apart, in fuzz/regressions/<target>/, and never rewritten here."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import qualityassess as qa

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SCHEMES = ROOT / "examples" / "schemes"
# The sister schemes of the example library (issue 16); fuzz_submission binds to each of them
# that fuzz/fuzz_submission.cpp loads.
SISTERS = [
    "work-safety",
    "food-safety",
    "air-quality-key-regions",
    "air-quality-other-regions",
    "food-safety-demonstration-city",
    "farmland-protection",
]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_out = CORPUS


def _write(target: str, name: str, text: str) -> None:
    folder = _out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


DIRECT: dict[str, Any] = {
    "id": "direct-100",
    "name": {"en": "Direct points"},
    "nodes": [{"id": "score", "name": "score", "points": 100, "rule": {"type": "direct"}}],
    "grading": {
        "method": "bands",
        "bands": [
            {"grade": "A", "min": 90},
            {"grade": "B", "min": 80},
            {"grade": "C", "min": 60},
            {"grade": "D"},
        ],
    },
}

WORK = {"id": "work", "name": "Work", "points": 100, "rule": {"type": "direct"}}
PASS_FAIL = {"bands": [{"grade": "pass", "min": 60}, {"grade": "fail"}]}

# Derived values (issue 16), every op, over informational `value` figures: scored targets of
# each method, and a derived figure that scores nothing.
FIGURE = {"type": "value", "min_value": 0, "max_value": 1000000}
DERIVED: dict[str, Any] = {
    "id": "derived-values",
    "name": {"zh": "计算得出的值", "en": "Derived values"},
    "nodes": [
        {"id": "last", "name": "Last year", "informational": True, "rule": FIGURE},
        {"id": "now", "name": "This year", "informational": True, "rule": FIGURE},
        {"id": "cases", "name": "Cases", "informational": True, "rule": FIGURE},
        {"id": "people", "name": "People", "informational": True, "rule": FIGURE},
        {
            "id": "reduction",
            "name": "Reduction",
            "points": 30,
            "rule": {"type": "target", "method": "proportional", "unit": "%"},
            "derived": {"op": "percent_reduction", "of": ["last", "now"]},
        },
        {
            "id": "change",
            "name": "Change",
            "points": 10,
            "rule": {
                "type": "target",
                "per_point": 2,
                "target": -5,
                "direction": "lower_is_better",
            },
            "derived": {"op": "percent_change", "of": ["last", "now"]},
        },
        {
            "id": "fall",
            "name": "Not risen",
            "points": 10,
            "rule": {
                "type": "target",
                "method": "table",
                "target": 1,
                "table": [{"attainment": 0, "fraction": 1}],
            },
            "derived": {"op": "difference", "of": ["last", "now"]},
        },
        {
            "id": "ratio",
            "name": "Ratio",
            "points": 10,
            "rule": {"type": "target", "method": "proportional", "target": 1.05},
            "derived": {"op": "ratio", "of": ["last", "now"]},
        },
        {
            "id": "share",
            "name": "Share",
            "points": 20,
            "rule": {"type": "target", "per_point": 1, "target": 80, "unit": "%"},
            "derived": {"op": "share", "of": ["cases", "people"]},
        },
        {
            "id": "rate",
            "name": "Per 10,000",
            "points": 20,
            "rule": {"type": "target", "per_point": 4, "target": 2, "direction": "lower_is_better"},
            "derived": {"op": "per_n", "of": ["cases", "people"], "n": 10000},
        },
        {
            "id": "per_capita",
            "name": "Per person",
            "informational": True,
            "rule": {"type": "value"},
            "derived": {"op": "ratio", "of": ["cases", "people"]},
        },
    ],
    "grading": PASS_FAIL,
}

# One small scheme per construct the sister schemes brought into the language (issue 16),
# as in the cookbook of docs/scheme-language.md. Each must load: schemes() checks it.
CONSTRUCTS: dict[str, dict[str, Any]] = {
    "period-calendar-year": {
        "id": "calendar-year",
        "name": "A calendar-year scheme",
        "period": {
            "start": "01-01",
            "targets_due": {"month_day": "03-31", "year": "Y"},
            "self_evaluation_due": {"month_day": "01-15", "year": "Y+1"},
            "report_due": {"month_day": "03-31", "year": "Y+1"},
            "rectification_due": {"months_after_announcement": 1},
        },
        "nodes": [WORK],
        "grading": PASS_FAIL,
        "conditions": [
            {
                "id": "accident",
                "name": "An accident in the year",
                "veto": True,
                "trigger": {"type": "incident", "within_year": True},
                "effect": {"type": "force_grade", "grade": "fail"},
            }
        ],
    },
    "legal-basis": {
        "id": "own-basis",
        "name": "Its own legal basis",
        "legal_basis": {
            "title": {"zh": "《某省安全生产考核办法》", "en": "A province's work-safety measures"},
            "articles": {"misreporting": {"zh": "第二十四条", "en": "Art. 24"}},
        },
        "nodes": [WORK],
        "grading": PASS_FAIL,
    },
    "rank-unranked-tiers": {
        "id": "rank-tiers",
        "name": "Rank tiers",
        "nodes": [WORK],
        "grading": {
            "method": "rank",
            "tiers": [
                {"grade": "A", "count": 2},
                {"grade": "B"},
                {"grade": "C", "ranked": False},
                {"grade": "D", "ranked": False},
            ],
        },
        "conditions": [
            {
                "id": "falsification",
                "name": "Falsification",
                "trigger": {"type": "finding", "kinds": ["overstated", "concealed"]},
                "effect": {"type": "downgrade", "levels": 1},
            }
        ],
    },
    "deduction-nothing-to-deduct": {
        "id": "not-filed",
        "name": "Nothing filed, nothing to deduct",
        "nodes": [
            {
                "id": "hazards",
                "name": "Hazards",
                "points": 20,
                "rule": {
                    "type": "deduction",
                    "not_filed": "nothing_to_deduct",
                    "kinds": [{"id": "unresolved", "per_occurrence": 4}],
                },
            },
            dict(WORK, points=80),
        ],
        "grading": PASS_FAIL,
    },
    "incident-counts-no-scopes": {
        "id": "veto-by-count",
        "name": "Veto by a count of incidents",
        "nodes": [WORK],
        "grading": PASS_FAIL,
        "incident_severities": ["general", "larger", "major"],
        "conditions": [
            {
                "id": "two_major",
                "name": "Two or more major accidents",
                "veto": True,
                "trigger": {"type": "incident", "severities": ["major"], "min_count": 2},
                "effect": {"type": "force_grade", "grade": "fail"},
            },
            {
                "id": "ten_deaths",
                "name": "An accident with 10 or more deaths",
                "veto": True,
                "trigger": {"type": "incident", "min_deaths": 10, "min_count": 1},
                "effect": {"type": "force_grade", "grade": "fail"},
            },
        ],
    },
    # A derived scheme (Art. 10) changing the new constructs of a built-in base: its own period
    # and legal basis, no incident scopes (and so not the condition that named them).
    "derived-calendar-year": {
        "extends": "cn-2013",
        "id": "cn-2013-calendar-year",
        "name": {"zh": "示例省质量工作考核（自然年）", "en": "Example province, calendar year"},
        "period": {
            "start": "01-01",
            "self_evaluation_due": {"month_day": "01-15", "year": "Y+1"},
            "report_due": {"month_day": "03-31", "year": "Y+1"},
        },
        "legal_basis": {"title": {"zh": "《示例省质量工作考核办法》", "en": "Example measures"}},
        "incident_scopes": [],
        "conditions": {"remove": ["systemic_incident"]},
    },
    # A pass/fail gate over informational points only (total max 0): every rule that gives a
    # rate without points, and a recorded figure the gate cannot test.
    "gate-informational-only": {
        "id": "gate-only",
        "name": {"zh": "合格／不合格（不计分）", "en": "Pass/fail without points"},
        "total": {"max": 0},
        "nodes": [
            {"id": "plan", "name": "Plan", "informational": True, "rule": {"type": "boolean"}},
            {
                "id": "area",
                "name": "Area kept",
                "informational": True,
                "rule": {"type": "target", "method": "proportional", "min_value": 0},
            },
            {
                "id": "built",
                "name": "Built",
                "informational": True,
                "rule": {
                    "type": "target",
                    "method": "table",
                    "target": 20,
                    "table": [
                        {"attainment": 1, "fraction": 1},
                        {"attainment": 0.9, "fraction": 0.9},
                    ],
                },
            },
            {
                "id": "quality",
                "name": "Quality",
                "informational": True,
                "rule": {
                    "type": "levels",
                    "levels": [
                        {"id": "up", "fraction": 1},
                        {"id": "stable", "fraction": 0.6},
                        {"id": "down", "fraction": 0},
                    ],
                },
            },
            {
                "id": "population",
                "name": "Population",
                "informational": True,
                "rule": {"type": "value", "min_value": 0, "unit": "万人"},
            },
        ],
        "grading": {
            "method": "gate",
            "pass": "合格",
            "fail": "不合格",
            "requires": {
                "all_of": [
                    {"node": "plan"},
                    {"node": "area"},
                    {"any_of": [{"node": "built"}, {"node": "built", "rate": 0.9}]},
                    {"node": "quality", "rate": 0.6},
                ]
            },
        },
    },
    # A gate beside scored points: nested any_of/all_of and a total requirement, with a
    # condition applying after the gate.
    "gate-beside-points": {
        "id": "gate-and-points",
        "name": "Sixty points and the plan, or ninety",
        "nodes": [
            {
                "id": "work",
                "name": "Work",
                "points": 100,
                "children": [
                    {"id": "a", "name": "A", "points": 40, "rule": {"type": "direct"}},
                    {"id": "b", "name": "B", "points": 60, "rule": {"type": "direct"}},
                ],
            },
            {"id": "plan", "name": "Plan", "informational": True, "rule": {"type": "boolean"}},
        ],
        "grading": {
            "method": "gate",
            "pass": "达标",
            "fail": "不达标",
            "requires": {
                "any_of": [
                    {"total": 90},
                    {
                        "all_of": [
                            {"total": 60},
                            {"node": "plan"},
                            {"any_of": [{"node": "a", "rate": 0.5}, {"node": "b", "rate": 0.75}]},
                        ]
                    },
                ]
            },
        },
        "conditions": [
            {
                "id": "accident",
                "name": "An accident",
                "veto": True,
                "trigger": {"type": "incident"},
                "effect": {"type": "force_grade", "grade": "不达标"},
            }
        ],
    },
    "derived-values": DERIVED,
}

# Incidents without a scope (the sister schemes have none), counted by severity and deaths.
ACCIDENTS = [
    {"id": "a-1", "date": "2023-03-01", "severity": "major", "deaths": 12},
    {"id": "a-2", "date": "2023-12-31", "severity": "major", "deaths": 10},
    {"id": "a-3", "date": "2023-06-01", "severity": "larger", "deaths": 3},
]

# One submission per sister scheme (submissions() checks that each assesses).
SISTER_SUBMISSIONS: dict[str, dict[str, Any]] = {
    "work-safety": {
        "region": {"code": "990101", "name": "示例市（虚构）"},
        "year": 2023,
        "targets": {"deaths_control": 20},
        "self_evaluation": {
            "responsibility": {"leadership": "met", "departments": "met", "enterprises": "met"},
            "rule_of_law": "excellent",
            "institutions": {"agencies": "met", "grassroots": "met", "funding": "met"},
            "foundations": "excellent",
            "deaths_control": 18,
            "larger_accidents": {"larger": 1},
        },
        "verification": {"rule_of_law": "good"},
        "adjustments": {"provincial_commendation": 1},
        "incidents": ACCIDENTS,
    },
    "food-safety": {
        "region": {"code": "620100"},
        "year": 2023,
        "self_evaluation": {"basic_work": 27, "key_tasks": 36, "safety_status": 25},
        "adjustments": {"bonus": 8},
        "incidents": [{"id": "m", "date": "2023-05-01", "severity": "major"}],
    },
    "air-quality-key-regions": {
        "region": {"code": "130000"},
        "year": 2015,
        "targets": {"reduction": 10},
        "self_evaluation": {
            "concentration_base": 58,
            "concentration_last": 55,
            "concentration": 53,
            "industrial_structure": 12,
            "cleaner_production": 6,
            "coal_and_fuel": 10,
            "small_boilers": 10,
            "industrial_pollution": 15,
            "urban_dust": 8,
            "vehicles": 12,
            "building_energy": 5,
            "funding": 6,
            "management": 1,
        },
    },
    "air-quality-other-regions": {
        "region": {"code": "460000"},
        "year": 2015,
        "targets": {"reduction": 5},
        "self_evaluation": {
            "concentration_base": 30,
            "concentration_last": 28,
            "concentration": 29,
        },
    },
    "food-safety-demonstration-city": {
        "region": {"code": "990101", "name": "示例市（虚构）"},
        "year": 2023,
        "self_evaluation": {
            "responsibility": {"plan": "met", "party_government": "met", "funding": "met"},
            "source_control": 20,
            "process_supervision": 25,
            "capacity": 9,
            "co_governance": 10,
            "public_satisfaction": 85,
            "public_awareness": 90,
        },
        "adjustments": {"innovation": 2},
        "incidents": [{"id": "i", "date": "2023-01-01", "severity": "general"}],
    },
    "farmland-protection": {
        "region": {"code": "990101", "name": "示例市（虚构）"},
        "year": 2023,
        "targets": {
            "cultivated_land": 580,
            "permanent_basic_farmland": 490,
            "high_standard_farmland": 20,
        },
        "self_evaluation": {
            "cultivated_land": 580,
            "permanent_basic_farmland": 489.9999,
            "compensation_balance": True,
            "farmland_replacement": True,
            "illegal_occupation_share": 14.9999,
            "high_standard_farmland": 18,
            "high_standard_carried_over": True,
            "quality": "stable",
        },
        "incidents": [{"id": "c", "date": "2023-04-01", "severity": "general"}],
    },
}

# Submissions for the construct seeds that need values (submissions() checks each assesses).
CONSTRUCT_SUBMISSIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "gate-informational-only": (
        "gate-informational-only",
        {
            "region": {"code": "110000"},
            "year": 2023,
            "targets": {"area": 580},
            "self_evaluation": {
                "plan": True,
                "area": 579.9999,
                "built": 18,
                "quality": "stable",
                "population": 12.5,
            },
        },
    ),
    "gate-beside-points": (
        "gate-beside-points",
        {
            "region": {"code": "110000"},
            "year": 2023,
            "self_evaluation": {"a": 20, "b": 40, "plan": True},
        },
    ),
    # 58 -> 53: a reduction of 8.6207 %, a change of -8.6207 %, 3 cases of 20,000 people.
    "derived-values": (
        "derived-values",
        {
            "region": {"code": "110000"},
            "year": 2023,
            "targets": {"reduction": 10},
            "self_evaluation": {"last": 58, "now": 53, "cases": 3, "people": 20000},
            "verification": {"now": 57},
        },
    ),
    # Division by zero and a missing operand: missing values, not errors.
    "derived-values-zero": (
        "derived-values",
        {
            "region": {"code": "110000"},
            "year": 2023,
            "targets": {"reduction": 10},
            "self_evaluation": {"last": 0, "now": 53, "cases": 3},
        },
    ),
}

BROKEN = {
    "empty-object.json": "{}",
    "empty.json": "",
    "truncated.json": '{"id": "x", "nodes": [',
    "duplicate-key.json": '{"id": "a", "id": "b"}',
    "overflow.json": '{"year": 1e999}',
    "nested.json": "[" * 70 + "]" * 70,
    "bad-utf8.json": '{"id": "\xff"}',
    "nul.json": '{"id": "a\\u0000b"}',
    "surrogate.json": '{"id": "\\ud800"}',
}


def schemes() -> None:
    cn2013 = qa.Scheme.builtin("cn-2013")
    _write("fuzz_scheme", "cn-2013.json", _compact(cn2013.to_dict()))
    fire = qa.Scheme.load(ROOT / "examples" / "schemes" / "fire-safety.json")
    _write("fuzz_scheme", "fire-safety.json", _compact(fire.to_dict()))
    _write("fuzz_scheme", "direct.json", _compact(DIRECT))
    rank = json.loads(_compact(DIRECT))
    rank["grading"] = {"method": "rank", "tiers": [{"grade": "A", "top": 1}, {"grade": "B"}]}
    _write("fuzz_scheme", "rank.json", _compact(rank))
    bad = json.loads(_compact(DIRECT))
    bad["nodes"][0]["rule"] = {"type": "target", "per_point": 0}
    _write("fuzz_scheme", "bad-per-point.json", _compact(bad))
    for name, text in BROKEN.items():
        _write("fuzz_scheme", name, text)
    derived_schemes()
    for name in SISTERS:
        # Canonical, so a derived one is written complete (its file base would not resolve).
        sister = qa.Scheme.load(SCHEMES / f"{name}.json")
        _write("fuzz_scheme", f"{name}.json", _compact(sister.to_dict()))
    for name, document in CONSTRUCTS.items():
        qa.Scheme.from_dict(document)  # each seed is a scheme the reader accepts
        _write("fuzz_scheme", f"{name}.json", _compact(document))


def derived_schemes() -> None:
    """Derived schemes (Art. 10). The fuzz target reads text without a file, so only bases
    that are built in resolve: the county scheme is rewritten to extend cn-2013."""
    folder = ROOT / "examples" / "schemes"
    prefecture = json.loads((folder / "shili-prefecture-2019.json").read_text("utf-8"))
    _write("fuzz_scheme", "derived-prefecture.json", _compact(prefecture))
    county = json.loads((folder / "shili-county-2019.json").read_text("utf-8"))
    county["extends"] = "cn-2013"
    county["nodes"] = {
        "remove": ["port_inspection"],
        "modify": {"quality_workforce": {"points": 7}},
        "add": [{"under": "macro", "after": "development_plan", "node": DIRECT["nodes"][0]}],
    }
    _write("fuzz_scheme", "derived-county.json", _compact(county))
    _write("fuzz_scheme", "derived-file-base.json", _compact(dict(county, extends="base.json")))


def submissions() -> None:
    hubei = json.loads((ROOT / "examples" / "submissions" / "hubei-2019.json").read_text("utf-8"))
    _write("fuzz_submission", "hubei-2019.json", _compact(hubei))
    sample = json.loads((ROOT / "examples" / "data" / "sample-2019.json").read_text("utf-8"))
    for submission in sample["submissions"][::6]:
        _write(
            "fuzz_submission",
            f"sample-2019-{submission['region']['code']}.json",
            _compact(submission),
        )
    fire = json.loads((ROOT / "examples" / "data" / "fire-safety-2023.json").read_text("utf-8"))
    for submission in fire["submissions"][:3]:
        _write(
            "fuzz_submission",
            f"fire-2023-{submission['region']['code']}.json",
            _compact(submission),
        )
    vetoed = dict(hubei, incidents=[{"id": "i-1", "date": "2020-03-02", "scope": "regional"}])
    _write("fuzz_submission", "vetoed.json", _compact(vetoed))
    bad_level = dict(hubei, self_evaluation={"development_plan": "superb"})
    _write("fuzz_submission", "bad-level.json", _compact(bad_level))
    for name, submission in SISTER_SUBMISSIONS.items():
        sister = qa.Scheme.load(SCHEMES / f"{name}.json")
        qa.assess_many(sister, [submission])  # each seed is graded by its scheme
        _write("fuzz_submission", f"{name}.json", _compact(submission))
    counts = qa.Scheme.from_dict(CONSTRUCTS["incident-counts-no-scopes"])
    no_scope = {
        "region": {"code": "110000"},
        "year": 2023,
        "self_evaluation": {"work": 95},
        "incidents": ACCIDENTS,
    }
    qa.assess(counts, no_scope)
    _write("fuzz_submission", "incidents-without-scope.json", _compact(no_scope))
    for name, (scheme_name, submission) in CONSTRUCT_SUBMISSIONS.items():
        qa.assess(qa.Scheme.from_dict(CONSTRUCTS[scheme_name]), submission)
        _write("fuzz_submission", f"{name}.json", _compact(submission))
    # A derived value filed by the region is refused (it is computed, never filed).
    filed = json.loads(_compact(CONSTRUCT_SUBMISSIONS["derived-values"][1]))
    filed["self_evaluation"]["reduction"] = 8.6207
    _write("fuzz_submission", "derived-value-filed.json", _compact(filed))
    for name, text in BROKEN.items():
        _write("fuzz_submission", name, text)


def office_year(regions: list[tuple[str, str]], hubei: dict[str, Any]) -> list[dict[str, Any]]:
    """A year with the steps an office needs beyond the plain ones: a region recorded as not
    submitting, a spot check, corrections, repeated interviews and a late report."""
    with tempfile.TemporaryDirectory() as folder:
        c = qa.Campaign.create(Path(folder) / "o.qa", "cn-2013", 2019, regions, date="2019-06-01")
        for code, _ in regions:
            c.file_targets(code, hubei["targets"], date="2019-07-03")
        c.correct(
            "file_targets",
            region="110000",
            step_date="2019-06-28",
            reason="typo",
            actor="office",
            date="2019-07-04",
        )
        c.self_evaluate("110000", hubei["self_evaluation"], date="2020-07-14")
        c.self_evaluate("420000", {"development_plan": "excellent"}, date="2020-07-20")
        c.mark_not_submitted("540000", reason="nothing received", date="2020-07-16")
        c.plan_verification(rule="manual", regions=["110000"], points=1, seed=3, date="2020-07-21")
        c.spot_check("420000", reason="complaints", points=["development_plan"], date="2020-07-25")
        c.verify("110000", {"development_plan": "fair"}, date="2020-08-01")
        c.verify(
            "420000",
            {"development_plan": "none"},
            incidents=[{"id": "g1", "date": "2020-03-02", "scope": "regional"}],
            date="2020-08-02",
        )
        c.assess(date="2020-08-20")
        c.approve(date="2020-10-08")
        c.announce(date="2020-10-09")
        c.interview("540000", reason="no report", date="2020-11-10")
        c.interview("540000", reason="still none", date="2020-12-10")
        c.receive_rectification("540000", summary="late", date="2020-12-20")
        actions = [entry["action"] for entry in c.export()["journal"]]
        c.close()
    return actions[1:]


def campaign() -> None:
    """Every step of a year on the fuzz target's default campaign (cn-2013, three regions)."""
    regions = [("110000", "北京市"), ("420000", "湖北省"), ("540000", "西藏自治区")]
    hubei = json.loads((ROOT / "examples" / "submissions" / "hubei-2019.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.qa"
        c = qa.Campaign.create(path, "cn-2013", 2019, regions, date="2019-06-01")
        for code, _ in regions:
            c.file_targets(code, hubei["targets"], date="2019-06-28")
        for code, _ in regions:
            incidents = (
                [{"id": "x-1", "date": "2020-01-05", "scope": "regional"}]
                if code == "540000"
                else []
            )
            c.self_evaluate(code, hubei["self_evaluation"], incidents, date="2020-07-14")
        c.plan_verification(rule="share", share=0.5, points=2, seed=7, date="2020-07-20")
        for code in [entry["region"] for entry in c.plan()["selected"]]:
            c.verify(
                code,
                {"development_plan": "fair"},
                evidence={"development_plan": "plan not adopted"},
                date="2020-08-01",
            )
        c.assess(date="2020-08-20")
        c.approve(date="2020-09-01")
        c.announce(date="2020-09-25")
        c.receive_rectification("540000", summary="measures", date="2020-10-20")
        c.interview("540000", reason="short", insufficient=True, date="2020-11-02")
        actions = [entry["action"] for entry in c.export()["journal"]]
        c.close()
    steps = actions[1:]
    _write("fuzz_campaign", "year.json", _compact(steps))
    _write("fuzz_campaign", "office-year.json", _compact(office_year(regions, hubei)))
    _write("fuzz_campaign", "filing.json", _compact(steps[:6]))
    _write("fuzz_campaign", "out-of-order.json", _compact([steps[-3], steps[0], steps[0]]))
    create = {
        "type": "create",
        "date": "2019-06-01",
        "actor": "",
        "data": {"scheme": DIRECT, "year": 2019, "regions": [{"code": "1"}, {"code": "2"}]},
    }
    direct_steps = [
        create,
        {"type": "file_targets", "region": "1", "date": "2019-06-02", "data": {"targets": {}}},
        {
            "type": "self_evaluate",
            "region": "1",
            "date": "2020-07-01",
            "data": {"values": {"score": 95}, "incidents": []},
        },
        {"type": "plan_verification", "date": "2020-07-02", "data": {"rule": "all"}},
        {"type": "assess", "date": "2020-08-01", "data": {}},
    ]
    _write("fuzz_campaign", "create-direct.json", _compact(direct_steps))
    _write("fuzz_campaign", "not-an-array.json", '{"type": "assess"}')
    _write("fuzz_campaign", "empty.json", "[]")


def main(out: Path = CORPUS) -> None:
    """Writes the corpora into `out` (fuzz/corpus), replacing what is there."""
    global _out
    _out = out
    if out.exists():
        shutil.rmtree(out)
    schemes()
    submissions()
    campaign()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
