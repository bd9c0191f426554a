"""The stored corpus of today's results (issue 13): inputs and the Result documents the engine
gives for them, so that a rewrite of the engine (one compiled plan instead of two rule
implementations) can be checked byte for byte against what it gave before.

    .venv/bin/python tests/python/make_result_corpus.py            # rewrite the corpus
    .venv/bin/python tests/python/make_result_corpus.py --compare  # what would change, not written

The corpus (``tests/data/result-corpus.jsonl.gz``, gzip'd JSON lines, written byte for byte the
same from the same engine: fixed seed, sorted keys, gzip time stamp 0) holds:

- the schemes, as canonical documents (``Scheme.to_json``): the built-in cn-2013, the example
  schemes under examples/schemes (fire safety, a sister assessment; the Example Province's
  prefecture scheme derived from cn-2013 and its county scheme derived from that), and three
  written here to reach rules none of those use (``CORNERS``: weighted_mean and min branches,
  proportional lower-is-better and table targets, last year's value, checklists by items
  missing, boolean and direct points, one-kind deductions, every adjustment input,
  ``may_exceed_max`` and ``total.min``, an exclusive band, every trigger and effect, half-even
  rounding to 1 digit; ``RANKED``: rank grading with ties, rounding up to whole points;
  cn-2013 rounded down to 3 digits);
- groups of submissions under one scheme and year, each with the Result document of every
  submission (``Result.to_json(indent=-1)``, the canonical one-line text): the bundled samples
  (2018, 2019), the example data (fire safety 2023, the Example Province's counties and, on
  them, its prefectures), and seeded random submissions that reach the corners — every input
  at its maximum with bonuses and penalties, every input at its worst, totals exactly on each
  band's edge and one rounding step either side, incidents of each scope on the first and last
  day of the assessment year and a day outside it, vetoes, concealed incidents, overstated
  self-evaluations, missing values and targets, late filings and submissions never sent, and
  cohorts graded by rank with tied totals.

A group's ``kind`` says how its results were made: ``assess`` (``qa.assess`` of each
submission; band grading), ``cohort`` (``qa.assess_many`` of the group; rank grading needs the
cohort) or ``level`` (``qa.assess_level`` of the group under a parent region, with the results of
the group named in ``lower`` for the points taken from the level below). ``frame`` says whether
the group can be written as a table in the ``assess_frame`` layout (no ``filed`` dates, no
``evidence``, no points from the level below); tests/python/test_result_corpus.py checks those
groups in the columnar batch too.

**When to regenerate.** Only when a change of a rule (or of a result's text) is intended. Run
``--compare`` first: it lists every result that would change, with a diff of its document; read
it, make sure each change is the one intended and nothing else moved, and say so in the commit.
A rewrite of the engine that is meant to give the same results must never regenerate the corpus:
it has to pass tests/python/test_result_corpus.py against the corpus as it is."""

from __future__ import annotations

import argparse
import copy
import difflib
import gzip
import io
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import qualityassess as qa
from qualityassess.sample import load_sample

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CORPUS = REPO / "tests" / "data" / "result-corpus.jsonl.gz"
FORMAT = "qualityassess-result-corpus/1"
SEED = 2013
GROUP_SIZE = 400  # random submissions per group (one table in the batch check)

# The measures' articles (what the corpus was made with before schemes declared their own legal
# basis): their findings read as they did. A scheme without one cites none (fire safety).
MEASURES_ARTICLES: dict[str, Any] = {
    "articles": {
        "filing": {"zh": "第六条", "en": "Art. 6"},
        "misreporting": {"zh": "第九条", "en": "Art. 9"},
    }
}

CORNERS: dict[str, Any] = {
    "id": "corpus-corners",
    "name": {"zh": "结果语料：规则边角", "en": "Result corpus: the corners of the rules"},
    "version": "corpus-1",
    "legal_basis": MEASURES_ARTICLES,
    "total": {"max": 100, "min": 10, "may_exceed_max": True},
    "rounding": {"digits": 1, "mode": "half_even"},
    "misreporting": {"overstatement_tolerance": 0.05},
    "level_sets": [
        {
            "id": "abc",
            "levels": [
                {"id": "a", "label": {"zh": "甲等", "en": "first"}, "fraction": 1},
                {"id": "b", "label": {"zh": "乙等", "en": "second"}, "fraction": 0.65},
                {"id": "c", "fraction": 0.3333},
                {"id": "z", "fraction": 0},
            ],
        }
    ],
    "nodes": [
        {
            "id": "quality",
            "name": "quality",
            "points": 40,
            "aggregate": "weighted_mean",
            "children": [
                {
                    "id": "defect_rate",
                    "name": "defect rate",
                    "points": 10,
                    "weight": 2,
                    "rule": {
                        "type": "target",
                        "method": "proportional",
                        "direction": "lower_is_better",
                        "target": 5,
                        "min_value": 0,
                        "max_value": 100,
                    },
                },
                {
                    "id": "coverage",
                    "name": "coverage",
                    "points": 10,
                    "rule": {
                        "type": "target",
                        "method": "table",
                        "min_value": 0,
                        "max_value": 100,
                        "table": [
                            {"attainment": 1, "fraction": 1},
                            {"attainment": 0.95, "fraction": 0.8},
                            {"attainment": 0.9, "fraction": 0.5},
                        ],
                    },
                },
                {
                    "id": "practice",
                    "name": "practice",
                    "points": 10,
                    "weight": 1.5,
                    "rule": {"type": "levels", "level_set": "abc"},
                },
            ],
        },
        {
            "id": "capacity",
            "name": "capacity",
            "points": 25,
            "aggregate": "min",
            "children": [
                {
                    "id": "duties",
                    "name": "duties",
                    "points": 10,
                    "rule": {
                        "type": "checklist",
                        "per_missing": 3,
                        "partly_fraction": 0.4,
                        "items": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
                    },
                },
                {"id": "office", "name": "office", "points": 15, "rule": {"type": "boolean"}},
            ],
        },
        {
            "id": "growth",
            "name": "growth",
            "points": 14.5,
            "rule": {
                "type": "target",
                "method": "deduction",
                "per_point": 1.5,
                "min_value": -50,
                "max_value": 50,
                "zero_if_worse_than_previous": True,
            },
        },
        {"id": "review", "name": "review", "points": 12, "rule": {"type": "direct"}},
        {
            "id": "lapses",
            "name": "lapses",
            "points": 8,
            "rule": {"type": "deduction", "kinds": [{"id": "lapse", "per_occurrence": 1.25}]},
        },
        {
            "id": "plan",
            "name": "plan",
            "points": 0.5,
            "rule": {
                "type": "checklist",
                "items": [{"id": "drafted", "points": 0.2}, {"id": "adopted", "points": 0.3}],
            },
        },
    ],
    "adjustments": [
        {"id": "bonus_direct", "name": "bonus", "kind": "bonus", "input": "direct", "cap": 6},
        {
            "id": "awards",
            "name": "awards",
            "kind": "bonus",
            "input": "count",
            "per_occurrence": 1.5,
            "cap": 4,
        },
        {
            "id": "late",
            "name": "late",
            "kind": "penalty",
            "input": "boolean",
            "points": 2.5,
            "cap": 2,
        },
        {
            "id": "warnings",
            "name": "warnings",
            "kind": "penalty",
            "input": "count",
            "per_occurrence": 3,
            "cap": 9,
        },
    ],
    "grading": {
        "method": "bands",
        "bands": [
            {"grade": "特", "min": 102},
            {"grade": "甲", "min": 90, "inclusive": False},
            {"grade": "乙", "min": 75},
            {"grade": "丙", "min": 60, "inclusive": False},
            {"grade": "丁"},
        ],
    },
    "incident_scopes": [{"id": "minor"}, {"id": "major", "name": {"zh": "重大", "en": "major"}}],
    "incident_severities": ["low", "high"],
    "conditions": [
        {
            "id": "cover_up",
            "article": "Art. 9",
            "name": "cover-up",
            "trigger": {"type": "finding", "kinds": ["overstated", "concealed"]},
            "effect": {"type": "force_grade", "grade": "丁"},
        },
        {
            "id": "gaps",
            "name": "gaps",
            "trigger": {
                "type": "finding",
                "kinds": ["missing_value", "missing_target", "missing_previous"],
                "min_count": 2,
            },
            "effect": {"type": "downgrade", "levels": 2},
        },
        {
            "id": "weak_capacity",
            "name": "weak capacity",
            "trigger": {"type": "score_rate_below", "nodes": ["capacity", "growth"], "rate": 0.5},
            "effect": {"type": "cap_grade", "grade": "乙"},
        },
        {
            "id": "major_veto",
            "name": "major incident",
            "veto": True,
            "trigger": {
                "type": "incident",
                "scopes": ["major"],
                "severities": ["high"],
                "within_year": True,
            },
            "effect": {"type": "zero_total"},
        },
        {
            "id": "repeated",
            "name": "repeated fatal incidents",
            "trigger": {"type": "incident", "min_count": 2, "within_year": False, "min_deaths": 1},
            "effect": {"type": "notice"},
        },
        {
            "id": "late_or_missing",
            "name": "late or missing",
            "trigger": {"type": "finding", "kinds": ["late_filing"]},
            "effect": {"type": "downgrade", "levels": 1},
        },
    ],
    "consequences": [
        {"id": "praise", "when": {"grades": ["特", "甲"]}, "text": "praise"},
        {
            "id": "interview",
            "article": "Art. 7",
            "when": {"conditions": ["major_veto", "cover_up"]},
            "due_months_after_announcement": 2,
            "text": {"zh": "约谈", "en": "interview"},
        },
        {"id": "recorded", "when": {"always": True}, "text": "recorded"},
    ],
}

RANKED: dict[str, Any] = {
    "id": "corpus-ranked",
    "legal_basis": MEASURES_ARTICLES,
    "name": {"zh": "结果语料：按名次定等", "en": "Result corpus: graded by rank"},
    "version": "corpus-1",
    "rounding": {"digits": 0, "mode": "up"},
    "nodes": [
        {
            "id": "rate",
            "name": "rate",
            "points": 50,
            "rule": {
                "type": "target",
                "method": "deduction",
                "per_point": 2.5,
                "min_value": 0,
                "max_value": 100,
            },
        },
        {
            "id": "work",
            "name": "work",
            "points": 30,
            "rule": {
                "type": "levels",
                "levels": [
                    {"id": "good", "label": {"zh": "好", "en": "good"}, "fraction": 1},
                    {"id": "fair", "fraction": 0.55},
                    {"id": "poor", "fraction": 0.1},
                ],
            },
        },
        {"id": "assessor", "name": "assessor", "points": 20, "rule": {"type": "direct"}},
    ],
    "adjustments": [
        {
            "id": "warnings",
            "name": "warnings",
            "kind": "penalty",
            "input": "count",
            "per_occurrence": 2,
            "cap": 6,
        }
    ],
    "grading": {
        "method": "rank",
        "tiers": [
            {"grade": "A", "count": 3},
            {"grade": "B", "share": 0.4},
            {"grade": "C", "share": 0.3},
            {"grade": "D"},
        ],
    },
    "conditions": [
        {
            "id": "veto",
            "name": "veto",
            "veto": True,
            "trigger": {"type": "incident", "within_year": True},
            "effect": {"type": "force_grade", "grade": "D"},
        },
        {
            "id": "overstated",
            "name": "overstated",
            "trigger": {"type": "finding", "kinds": ["overstated"]},
            "effect": {"type": "downgrade", "levels": 1},
        },
    ],
}


def cn2013_rounded_down() -> dict[str, Any]:
    """cn-2013 with its rounding down to 3 digits and other deduction rates."""
    document = qa.Scheme.builtin("cn-2013").to_dict()
    document["id"] = "corpus-cn-2013-down"
    document["version"] = "corpus-1"
    document["rounding"] = {"digits": 3, "mode": "down"}
    for group in document["nodes"][0]["children"]:
        for child in group["children"]:
            child["rule"]["per_point"] = 2.75
    return document


# ---- the inputs --------------------------------------------------------------------------------


def walk(nodes: list[dict[str, Any]], parents: tuple[str, ...] = ()) -> Iterator[tuple]:
    for node in nodes:
        yield node, parents
        yield from walk(node.get("children", []), (*parents, node.get("aggregate", "sum")))


class Shape:
    """What a scheme takes: its leaves with their rules, adjustments, scopes, severities."""

    def __init__(self, scheme: qa.Scheme) -> None:
        self.scheme = scheme
        self.document = scheme.to_dict()
        level_sets = {s["id"]: s["levels"] for s in self.document.get("level_sets", [])}
        self.leaves: dict[str, dict[str, Any]] = {}
        self.summed: list[str] = []  # leaves whose points reach the total by sums only
        for node, parents in walk(self.document["nodes"]):
            if "rule" not in node:
                continue
            if node.get("from_lower_level"):
                continue
            rule = dict(node["rule"])
            if rule["type"] == "levels":
                rule["levels"] = level_sets[rule["level_set"]]
            self.leaves[node["id"]] = {"points": Decimal(str(node["points"])), "rule": rule}
            if all(a == "sum" for a in parents):
                self.summed.append(node["id"])
        self.adjustments = {a["id"]: a for a in self.document.get("adjustments", [])}
        self.scopes = [s["id"] for s in self.document.get("incident_scopes", [])] or [
            "local",
            "regional",
        ]
        self.severities = self.document.get("incident_severities", [])
        self.digits = self.document["rounding"]["digits"]
        grading = self.document["grading"]
        self.edges = [Decimal(str(b["min"])) for b in grading.get("bands", []) if "min" in b]


def number(rng: random.Random, low: float, high: float) -> float:
    """A number in [low, high] with 0 to 4 decimals."""
    digits = rng.choice([0, 1, 1, 2, 2, 3, 4])
    value = round(rng.uniform(low, high), digits)
    return float(min(max(value, low), high))


def target_value(
    rng: random.Random, rule: dict[str, Any], target: float | None, best: bool
) -> float:
    low = float(rule.get("min_value", -1000 if rule.get("method") != "proportional" else 0))
    high = float(rule.get("max_value", 1000))
    lower_better = rule.get("direction") == "lower_is_better"
    if target is None:
        return number(rng, low, high)
    if best:
        return target
    pick = rng.random()
    if pick < 0.15:
        value = target  # exactly met
    elif pick < 0.25:
        value = target + (0.0001 if lower_better else -0.0001)  # just short
    elif pick < 0.3:
        value = rng.choice([low, high])
    elif pick < 0.65:
        value = target + rng.choice([-1, 1]) * number(rng, 0, 2)
    else:
        value = target + rng.choice([-1, 1]) * number(rng, 0, 12)
    return float(min(max(round(value, 4), low), high))


def leaf_value(rng: random.Random, leaf: dict[str, Any], target: float | None, mode: str) -> Any:
    """A value for the leaf: mode 'best', 'worst' or 'random'."""
    rule, points = leaf["rule"], float(leaf["points"])
    kind = rule["type"]
    if kind == "target":
        if mode == "worst":
            lower_better = rule.get("direction") == "lower_is_better"
            bound = rule.get("max_value" if lower_better else "min_value")
            return float(bound) if bound is not None else target
        return target_value(rng, rule, target, mode == "best")
    if kind == "levels":
        levels = rule["levels"]
        if mode != "random":
            ordered = sorted(levels, key=lambda lv: lv["fraction"])
            level = ordered[-1] if mode == "best" else ordered[0]
        else:  # the better levels more often, as in real submissions
            ordered = sorted(levels, key=lambda lv: -lv["fraction"])
            level = rng.choices(ordered, weights=[len(ordered) - i for i in range(len(ordered))])[0]
        names = [level["id"]] + [level.get("label", {}).get(k) for k in ("zh", "en")]
        return rng.choice([n for n in names if n])
    if kind == "checklist":
        items = [item["id"] for item in rule["items"]]
        if mode == "best":
            return {item: rng.choice(["met", True]) for item in items}
        if mode == "worst":
            return {} if rng.random() < 0.5 else {item: "not_met" for item in items}
        states = ["met", "partly_met", "not_met", True, False]
        return {item: rng.choice(states) for item in items if rng.random() < 0.85}
    if kind == "deduction":
        kinds = [k["id"] for k in rule["kinds"]]
        if mode == "best":
            counts = dict.fromkeys(kinds, 0)
        elif mode == "worst":
            counts = {k: rng.choice([10**6, 10**9]) for k in kinds}
        else:
            counts = {
                k: rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 40]) for k in kinds if rng.random() < 0.9
            }
        if len(kinds) == 1 and kinds[0] in counts and rng.random() < 0.5:
            return counts[kinds[0]]  # a bare count when the rule has one kind
        return counts
    if kind == "direct":
        if mode != "random":
            return points if mode == "best" else 0
        return rng.choice([0.0, points, number(rng, 0, points)])
    if kind == "boolean":
        return mode == "best" if mode != "random" else rng.random() < 0.6
    raise AssertionError(kind)


def incident(
    rng: random.Random, shape: Shape, year: int, index: int, harmful: bool | None = None
) -> dict[str, Any]:
    dates = [
        f"{year}-07-01",  # the first day of the assessment year
        f"{year + 1}-06-30",  # the last
        f"{year}-06-30",  # the day before
        f"{year + 1}-07-01",  # the day after
        f"{year}-{rng.randint(8, 12):02d}-{rng.randint(1, 28):02d}",
        f"{year + 1}-{rng.randint(1, 5):02d}-{rng.randint(1, 28):02d}",
    ]
    out: dict[str, Any] = {
        "id": f"i{index}",
        "date": rng.choice(dates[:2] if harmful else dates),
        "scope": rng.choice(shape.scopes if harmful is None else shape.scopes[-1:]),
    }
    if shape.severities and rng.random() < 0.7:
        out["severity"] = shape.severities[-1] if harmful else rng.choice(shape.severities)
    if rng.random() < 0.4 or harmful:
        out["deaths"] = rng.choice([0, 1, 2, 3, 9, 10, 30])
    if rng.random() < 0.5:
        out["reported_in_self_evaluation"] = rng.random() < 0.7
    if rng.random() < 0.3:
        out["summary"] = rng.choice(["", "synthetic", "合成事件"])
    return out


def submission(
    rng: random.Random, shape: Shape, code: str, year: int, profile: str
) -> dict[str, Any]:
    """One submission. Profiles: random, best (every input at its maximum, with bonuses and
    penalties), worst, missing (many values and targets left out), veto (a harmful incident on
    the first or last day of the year), overstated (verified values below the self-evaluated)."""
    mode = {"best": "best", "worst": "worst"}.get(profile, "random")
    document: dict[str, Any] = {
        "region": {"code": code, "name": rng.choice(["", f"region {code}", f"地区{code}"])},
        "year": year,
    }
    if rng.random() < 0.3:
        document["scheme"] = shape.scheme.id
    sections: dict[str, dict[str, Any]] = {}
    leave_out = {"missing": 0.35, "random": 0.05}.get(profile, 0.0)
    for leaf_id, leaf in shape.leaves.items():
        rule = leaf["rule"]
        target = rule.get("target")
        if rule["type"] == "target" and target is None:
            if rng.random() >= leave_out:
                low = float(rule.get("min_value", 0))
                high = float(rule.get("max_value", 100))
                if rule.get("method") == "proportional":
                    low = max(low, 0.01)
                target = number(rng, max(low, (low + high) / 2), high)
                sections.setdefault("targets", {})[leaf_id] = target
            elif rng.random() < 0.3:
                sections.setdefault("targets", {})[leaf_id] = None
        own = leaf_value(rng, leaf, target, mode)
        if rng.random() < leave_out:
            if rng.random() < 0.3:
                sections.setdefault("self_evaluation", {})[leaf_id] = None
        else:
            sections.setdefault("self_evaluation", {})[leaf_id] = own
        verify = {"overstated": 0.6, "best": 0.0}.get(profile, 0.25)
        if rng.random() < verify:
            checked = (
                leaf_value(rng, leaf, target, "worst" if rng.random() < 0.3 else "random")
                if profile == "overstated"
                else (own if rng.random() < 0.3 else leaf_value(rng, leaf, target, "random"))
            )
            sections.setdefault("verification", {})[leaf_id] = checked
        if rule.get("zero_if_worse_than_previous") and rng.random() < 0.8:
            previous = own if rng.random() < 0.2 and isinstance(own, float) else None
            if previous is None:
                previous = target_value(rng, rule, target, False)
            sections.setdefault("previous", {})[leaf_id] = previous
    for adjustment in shape.adjustments.values():
        if profile != "best" and rng.random() < 0.4:
            continue
        given = adjustment.get("input", "direct")
        cap = float(adjustment["cap"])
        if given == "direct":
            value: Any = rng.choice([0.0, cap, number(rng, 0, cap * 1.5)])
        elif given == "count":
            value = rng.choice([0, 1, 2, 3, 7])
        else:
            value = rng.random() < 0.5
        sections.setdefault("adjustments", {})[adjustment["id"]] = value
    document.update(sections)
    count = {"veto": 1, "best": 0, "worst": 2}.get(profile, rng.choice([0] * 7 + [1, 1, 2, 3]))
    incidents = [incident(rng, shape, year, i) for i in range(count)]
    if profile == "veto":
        incidents.append(incident(rng, shape, year, count, harmful=True))
    if incidents or rng.random() < 0.2:
        document["incidents"] = incidents
    return document


def total_of(scheme: qa.Scheme, document: dict[str, Any]) -> Decimal:
    return Decimal(repr(qa.assess(scheme, document).total))


def on_edge(
    rng: random.Random, shape: Shape, document: dict[str, Any], goal: Decimal
) -> dict[str, Any] | None:
    """The document with one input changed so that the total is exactly ``goal``, or None: a
    direct leaf, a direct bonus, or a deduction target leaf summed straight into the total."""
    scheme = shape.scheme
    result = qa.assess(scheme, document)
    if result.vetoed:
        return None
    gap = goal - Decimal(repr(result.total))
    candidates = [leaf for leaf in shape.summed if shape.leaves[leaf]["rule"]["type"] == "direct"]
    candidates += [
        leaf
        for leaf in shape.summed
        if shape.leaves[leaf]["rule"]["type"] == "target"
        and shape.leaves[leaf]["rule"].get("method") == "deduction"
    ]
    rng.shuffle(candidates)
    for adjustment in shape.adjustments.values():
        if adjustment["kind"] == "bonus" and adjustment.get("input", "direct") == "direct":
            candidates.append(adjustment["id"])
    for item in candidates:
        for attempt in _edge_attempts(shape, document, result, item, gap):
            if total_of(scheme, attempt) == goal:
                return attempt
    return None


def _edge_attempts(
    shape: Shape, document: dict[str, Any], result: qa.Result, item: str, gap: Decimal
) -> Iterator[dict[str, Any]]:
    if item in shape.adjustments:
        applied = Decimal(repr(result.to_dict()["adjustments"].get(item, {}).get("points", 0)))
        amount = applied + gap
        if 0 <= amount <= Decimal(str(shape.adjustments[item]["cap"])):
            attempt = copy.deepcopy(document)
            attempt.setdefault("adjustments", {})[item] = float(amount)
            yield attempt
        return
    leaf = shape.leaves[item]
    rule, full = leaf["rule"], leaf["points"]
    wanted = Decimal(repr(result.nodes[item])) + gap
    if not 0 <= wanted <= full:
        return
    attempt = copy.deepcopy(document)
    attempt.get("verification", {}).pop(item, None)
    attempt.get("previous", {}).pop(item, None)
    if rule["type"] == "direct":
        attempt.setdefault("self_evaluation", {})[item] = float(wanted)
        yield attempt
        return
    target = rule.get("target")
    if target is None:
        target = attempt.get("targets", {}).get(item)
        if target is None:
            target = 90.0
            attempt.setdefault("targets", {})[item] = target
    short = (full - wanted) / Decimal(str(rule["per_point"]))
    sign = -1 if rule.get("direction") == "lower_is_better" else 1
    base = Decimal(str(target)) - sign * short
    for step in (0, 1, -1, 2, -2, 3, -3):
        value = (base + Decimal(step) / 10_000).quantize(Decimal("0.0001"))
        low, high = rule.get("min_value"), rule.get("max_value")
        if (low is not None and value < Decimal(str(low))) or (
            high is not None and value > Decimal(str(high))
        ):
            continue
        again = copy.deepcopy(attempt)
        again.setdefault("self_evaluation", {})[item] = float(value)
        yield again


def random_group(
    rng: random.Random, shape: Shape, year: int, n: int, prefix: str
) -> list[dict[str, Any]]:
    """``n`` submissions with distinct codes: mostly random, then each corner profile, and
    totals on every band edge and one rounding step either side."""
    profiles = ["random"] * 10 + ["best", "worst", "missing", "veto", "overstated", "edge", "edge"]
    step = Decimal(1).scaleb(-shape.digits)
    out = []
    for index in range(n):
        code = f"{prefix}{index:04d}"
        profile = rng.choice(profiles)
        if profile != "edge" or not shape.edges:
            out.append(submission(rng, shape, code, year, profile))
            continue
        goal = rng.choice(shape.edges) + rng.choice([0, 0, -step, step])
        for _ in range(20):
            start = submission(rng, shape, code, year, rng.choice(["random", "best", "best"]))
            start.pop("incidents", None)
            found = on_edge(rng, shape, start, goal)
            if found is not None:
                out.append(found)
                break
        else:
            out.append(submission(rng, shape, code, year, "random"))
    return out


def filings(rng: random.Random, documents: list[dict[str, Any]], year: int) -> None:
    """Filing dates (before, on and after the due dates of assessment_calendar(year)) and steps
    never submitted, with evidence."""
    for document in documents:
        filed: dict[str, Any] = {}
        if rng.random() < 0.7:
            filed["targets"] = rng.choice(
                [f"{year}-06-30", f"{year}-07-01", f"{year}-05-20", f"{year}-08-15"]
            )
        if rng.random() < 0.7:
            filed["self_evaluation"] = rng.choice(
                [f"{year + 1}-07-15", f"{year + 1}-07-16", f"{year + 1}-06-01", f"{year + 1}-09-01"]
            )
        if rng.random() < 0.2:
            missing = [s for s in ("targets", "self_evaluation") if s not in filed]
            if missing:
                filed["not_submitted"] = missing
        document["filed"] = filed
        own = document.get("self_evaluation", {})
        if own and rng.random() < 0.5:
            document["evidence"] = {rng.choice(sorted(own)): "found on site: 现场核查记录"}


def ranked_cohort(
    rng: random.Random, shape: Shape, year: int, size: int, prefix: str
) -> list[dict[str, Any]]:
    """A cohort for rank grading, with regions tied on their inputs."""
    documents = []
    for index in range(size):
        code = f"{prefix}{index:02d}"
        if documents and rng.random() < 0.35:
            twin = copy.deepcopy(rng.choice(documents))
            twin["region"] = {"code": code, "name": f"twin {code}"}
            documents.append(twin)
            continue
        profile = rng.choice(["random"] * 8 + ["best", "best", "worst", "veto", "overstated"])
        documents.append(submission(rng, shape, code, year, profile))
    return documents


# ---- the corpus --------------------------------------------------------------------------------


def build() -> list[dict[str, Any]]:
    """Every line of the corpus: the header, the schemes, then the groups with their results."""
    rng = random.Random(SEED)
    schemes = {
        "cn-2013": qa.Scheme.builtin("cn-2013"),
        "fire-safety": qa.Scheme.load(EXAMPLES / "schemes" / "fire-safety.json"),
        "shili-prefecture-2019": qa.Scheme.load(
            EXAMPLES / "schemes" / "shili-prefecture-2019.json"
        ),
        "shili-county-2019": qa.Scheme.load(EXAMPLES / "schemes" / "shili-county-2019.json"),
        "corpus-corners": qa.Scheme.from_dict(CORNERS),
        "corpus-ranked": qa.Scheme.from_dict(RANKED),
        "corpus-cn-2013-down": qa.Scheme.from_dict(cn2013_rounded_down()),
    }
    groups: list[dict[str, Any]] = []

    def add(name: str, source: str, key: str, documents: list[dict[str, Any]], **extra: Any):
        years = {d["year"] for d in documents}
        assert len(years) == 1, name
        codes = [d["region"]["code"] for d in documents]
        assert len(codes) == len(set(codes)), name
        kind = extra.pop("kind", "assess")
        scheme = schemes[key]
        if kind == "assess":
            results = [qa.assess(scheme, d) for d in documents]
        elif kind == "cohort":
            results = list(qa.assess_many(scheme, documents))
        else:
            lower = extra.get("lower")
            lower_results = None
            if lower is not None:
                lower_results = next(g for g in groups if g["group"] == lower)["_results"]
            results = list(
                qa.assess_level(
                    scheme,
                    documents,
                    qa.Regions.from_records(extra["regions"]),
                    level=extra["level"],
                    under=extra["under"],
                    lower=lower_results,
                )
            )
            assert [r.region_code for r in results] == codes, name
        frame = kind != "level" and not any(("filed" in d or "evidence" in d) for d in documents)
        groups.append(
            {
                "group": name,
                "source": source,
                "kind": kind,
                "scheme": key,
                "year": years.pop(),
                "frame": frame,
                **extra,
                "submissions": documents,
                "results": [r.to_json(indent=-1) for r in results],
                "_results": results,
            }
        )

    # The bundled samples and the example data.
    for year in (2019, 2018):
        sample = load_sample(year)
        add(f"sample-{year}", "qualityassess.sample", "cn-2013", sample["submissions"])
    fire = json.loads((EXAMPLES / "data" / "fire-safety-2023.json").read_text(encoding="utf-8"))
    add("fire-safety-2023", "examples/data", "fire-safety", fire["submissions"])
    hubei = json.loads((EXAMPLES / "submissions" / "hubei-2019.json").read_text(encoding="utf-8"))
    add("hubei-2019", "examples/submissions", "cn-2013", [hubei])
    shili = EXAMPLES / "data" / "shili"
    regions = qa.Regions.load(shili / "regions.json").to_records()
    counties = json.loads((shili / "counties-2019.json").read_text(encoding="utf-8"))
    prefectures = json.loads((shili / "prefectures-2019.json").read_text(encoding="utf-8"))
    add("shili-counties-2019", "examples/data/shili", "shili-county-2019", counties["submissions"])
    add(
        "shili-prefectures-2019",
        "examples/data/shili",
        "shili-prefecture-2019",
        prefectures["submissions"],
        kind="level",
        regions=regions,
        level="prefecture",
        under="990000",
        lower="shili-counties-2019",
    )

    # Seeded random submissions reaching the corners.
    plan = [
        ("cn-2013", 2019, 1600, "42"),
        ("cn-2013", 2020, 400, "43"),
        ("fire-safety", 2023, 600, "99"),
        ("shili-county-2019", 2019, 400, "98"),
        ("corpus-corners", 2021, 800, "70"),
        ("corpus-cn-2013-down", 2019, 300, "71"),
    ]
    for key, year, n, prefix in plan:
        shape = Shape(schemes[key])
        documents = random_group(rng, shape, year, n, prefix)
        for start in range(0, n, GROUP_SIZE):
            chunk = documents[start : start + GROUP_SIZE]
            add(f"random-{key}-{year}-{start // GROUP_SIZE}", "random", key, chunk)
    for key, year, prefix in (("cn-2013", 2019, "44"), ("corpus-corners", 2021, "72")):
        shape = Shape(schemes[key])
        documents = random_group(rng, shape, year, 120, prefix)
        filings(rng, documents, year)
        add(f"filed-{key}-{year}", "random", key, documents)
    shape = Shape(schemes["corpus-ranked"])
    for cohort in range(60):
        size = rng.choice([1, 2, 3, 4, 5, 8, 10, 13, 20])
        documents = ranked_cohort(rng, shape, 2022, size, f"8{cohort:03d}")
        add(f"ranked-{cohort:02d}", "random", "corpus-ranked", documents, kind="cohort")
    shape = Shape(schemes["shili-prefecture-2019"])
    codes = [r["code"] for r in regions if r.get("level") == "prefecture"]
    for index in range(25):
        documents = [
            submission(rng, shape, code, 2019, rng.choice(["random", "random", "best", "veto"]))
            for code in codes
        ]
        for document in documents:
            document["region"]["name"] = next(
                r["name"] for r in regions if r["code"] == document["region"]["code"]
            )
        add(
            f"random-shili-prefectures-{index:02d}",
            "random",
            "shili-prefecture-2019",
            documents,
            kind="level",
            regions=regions,
            level="prefecture",
            under="990000",
            lower="shili-counties-2019",
        )

    header = {
        "format": FORMAT,
        "seed": SEED,
        "engine_version": qa.__version__,
        "generator": "tests/python/make_result_corpus.py",
        "counts": dict(Counter(g["source"] for g in groups for _ in g["submissions"])),
    }
    lines: list[dict[str, Any]] = [header]
    for key, scheme in schemes.items():
        lines.append({"scheme": key, "document": scheme.to_json(indent=-1)})
    for group in groups:
        group.pop("_results")
        lines.append(group)
    return lines


def dump(lines: list[dict[str, Any]]) -> bytes:
    """Gzip'd JSON lines, the same bytes for the same lines (no time stamp, no file name)."""
    text = "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()


def load(path: Path = CORPUS) -> tuple[dict[str, Any], dict[str, str], list[dict[str, Any]]]:
    """The corpus: its header, the schemes' canonical documents by key, and the groups."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = [json.loads(line) for line in stream]
    header, rest = lines[0], lines[1:]
    if header.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    schemes = {line["scheme"]: line["document"] for line in rest if "document" in line}
    groups = [line for line in rest if "group" in line]
    return header, schemes, groups


def compare(old: Path, lines: list[dict[str, Any]]) -> int:
    """Print what differs between the stored corpus and ``lines``; the number of differences."""
    _, old_schemes, old_groups = load(old)
    new_schemes = {line["scheme"]: line["document"] for line in lines[1:] if "document" in line}
    new_groups = {line["group"]: line for line in lines[1:] if "group" in line}
    changes = 0
    for key in sorted(old_schemes.keys() | new_schemes.keys()):
        if old_schemes.get(key) != new_schemes.get(key):
            changes += 1
            print(f"scheme {key}: changed")
    for group in old_groups:
        new = new_groups.pop(group["group"], None)
        if new is None:
            changes += 1
            print(f"group {group['group']}: gone")
            continue
        if new["submissions"] != group["submissions"]:
            changes += 1
            print(f"group {group['group']}: other inputs")
            continue
        for document, before, after in zip(
            group["submissions"], group["results"], new["results"], strict=True
        ):
            if before != after:
                changes += 1
                pretty = [json.dumps(json.loads(t), ensure_ascii=False, indent=1, sort_keys=True)
                          for t in (before, after)]  # fmt: skip
                print(f"group {group['group']}, region {document['region']['code']}:")
                sys.stdout.writelines(
                    difflib.unified_diff(
                        pretty[0].splitlines(keepends=True),
                        pretty[1].splitlines(keepends=True),
                        "stored",
                        "now",
                    )
                )
    for name in new_groups:
        changes += 1
        print(f"group {name}: new")
    print(f"{changes} difference(s)")
    return changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--compare", action="store_true", help="list the differences, write nothing"
    )
    parser.add_argument("--out", type=Path, default=CORPUS)
    args = parser.parse_args()
    lines = build()
    if args.compare:
        sys.exit(1 if compare(args.out, lines) else 0)
    data = dump(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    header = lines[0]
    print(f"wrote {args.out} ({len(data):,} bytes): {header['counts']}")


if __name__ == "__main__":
    main()
