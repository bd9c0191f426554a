"""Today's results, kept (issue 13): every submission of the stored corpus
(tests/data/result-corpus.jsonl.gz, written by tests/python/make_result_corpus.py, which says
what it holds and when it may be regenerated) gives, by every path that assesses it, the Result
document stored for it, byte for byte.

- ``qa.assess`` of each submission (band grading), ``qa.assess_many`` of each group, and
  ``qa.assess_level`` for the groups graded under a parent: the Result JSON text
  (``to_json(indent=-1)``) equals the stored text;
- the columnar batch (``qualityassess.batch.assess_columns``, what ``qa.assess_frame`` runs)
  on each group written as a table: the same totals, grades, vetoes, ranks and node points,
  exactly (floats compared with ``==``).

A rewrite of the engine must pass these against the corpus as it is; the corpus is regenerated
only for an intended change of a rule, with the differences reviewed (``--compare``)."""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

import qualityassess as qa
from make_result_corpus import CORPUS, load
from qualityassess.batch import assess_columns

HEADER, SCHEME_TEXTS, GROUPS = load(CORPUS)
BY_NAME = {group["group"]: group for group in GROUPS}
SECTIONS = {
    "targets": "target",
    "self_evaluation": "self",
    "verification": "verified",
    "previous": "previous",
}
INCIDENT_FIELDS = [
    "id",
    "date",
    "scope",
    "severity",
    "deaths",
    "reported_in_self_evaluation",
    "summary",
]


@cache
def scheme(key: str) -> qa.Scheme:
    return qa.Scheme.from_json(SCHEME_TEXTS[key])


def names(kind: str | None = None, frame: bool | None = None) -> list[str]:
    return [
        g["group"]
        for g in GROUPS
        if (kind is None or g["kind"] == kind) and (frame is None or g["frame"] == frame)
    ]


def results_now(group: dict[str, Any]) -> list[qa.Result]:
    """The group assessed now, as its kind says (``assess_many`` for band and rank grading)."""
    documents = group["submissions"]
    if group["kind"] != "level":
        return list(qa.assess_many(scheme(group["scheme"]), documents))
    lower = results_now(BY_NAME[group["lower"]]) if group.get("lower") else None
    return list(
        qa.assess_level(
            scheme(group["scheme"]),
            documents,
            qa.Regions.from_records(group["regions"]),
            level=group["level"],
            under=group["under"],
            lower=lower,
        )
    )


def first_differences(stored: list[str], now: list[str], group: dict[str, Any]) -> str:
    lines = []
    for document, before, after in zip(group["submissions"], stored, now, strict=True):
        if before != after:
            lines.append(
                f"region {document['region']['code']}:\n  stored {before}\n  now    {after}"
            )
    return f"{len(lines)} of {len(stored)} differ; first:\n" + "\n".join(lines[:2])


# ---- the corpus is what it says it is --------------------------------------------------------


def test_the_corpus_holds_the_samples_examples_and_thousands_of_random_submissions() -> None:
    counts = HEADER["counts"]
    assert counts["qualityassess.sample"] == 62  # the 31 provinces in 2018 and 2019
    assert counts["examples/data/shili"] == 22 and counts["examples/data"] >= 4
    assert counts["random"] >= 4000
    assert sum(len(g["submissions"]) for g in GROUPS) == sum(counts.values())
    assert all(len(g["submissions"]) == len(g["results"]) for g in GROUPS)
    assert {g["kind"] for g in GROUPS} == {"assess", "cohort", "level"}
    assert set(SCHEME_TEXTS) >= {"cn-2013", "fire-safety", "shili-county-2019"}
    documents = [json.loads(text) for g in GROUPS for text in g["results"]]
    grades = {(d["scheme"], d["grade"]) for d in documents}
    for scheme_id in ("cn-2013", "shili-county-2019", "corpus-ranked"):
        assert {g for s, g in grades if s == scheme_id} == {"A", "B", "C", "D"}
    assert any(d["vetoed"] for d in documents) and any("rank" in d for d in documents)
    assert any(d["total"] > d["max_total"] for d in documents)  # may_exceed_max
    totals = {(d["scheme"], d["total"]) for d in documents}
    for edge in (90, 89.99, 80, 79.99, 60, 59.99):
        assert ("cn-2013", edge) in totals


@pytest.mark.parametrize("key", ["cn-2013", "fire-safety", "shili-prefecture-2019"])
def test_the_stored_schemes_are_the_shipped_ones(key: str, repo: Any) -> None:
    """Results of a scheme whose document changed are not today's results of that scheme:
    a changed example or built-in scheme means the corpus has to be regenerated (and
    reviewed)."""
    shipped = {
        "cn-2013": lambda: qa.Scheme.builtin("cn-2013"),
        "fire-safety": lambda: qa.Scheme.load(repo / "examples/schemes/fire-safety.json"),
        "shili-prefecture-2019": lambda: qa.Scheme.load(
            repo / "examples/schemes/shili-prefecture-2019.json"
        ),
    }[key]()
    assert shipped.to_json(indent=-1) == SCHEME_TEXTS[key]


# ---- the per-submission and cohort paths -----------------------------------------------------


@pytest.mark.parametrize("name", names("assess"))
def test_assess_gives_the_stored_result_documents(name: str) -> None:
    group = BY_NAME[name]
    resolved = scheme(group["scheme"])
    now = [qa.assess(resolved, d).to_json(indent=-1) for d in group["submissions"]]
    assert now == group["results"], first_differences(group["results"], now, group)


@pytest.mark.parametrize("name", [g["group"] for g in GROUPS])
def test_assess_many_and_assess_level_give_the_stored_result_documents(name: str) -> None:
    group = BY_NAME[name]
    now = [result.to_json(indent=-1) for result in results_now(group)]
    assert now == group["results"], first_differences(group["results"], now, group)


# ---- the columnar batch -----------------------------------------------------------------------


def leaf_rules(resolved: qa.Scheme) -> dict[str, str]:
    return {node["id"]: node["rule"] for node in resolved.nodes() if node["is_leaf"]}


def adjustment_inputs(resolved: qa.Scheme) -> dict[str, str]:
    return {a["id"]: a.get("input", "direct") for a in resolved.to_dict().get("adjustments", [])}


def as_column(values: list[Any], numeric: bool) -> Any:
    if numeric:
        return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


def as_tables(group: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The group's submissions in the assess_frame layout: one row per region, the incidents
    as a long table. Numbers of target and direct points in float columns (NaN: not given),
    everything else as the Python values of the submission (None: not given)."""
    resolved = scheme(group["scheme"])
    documents = group["submissions"]
    rules = leaf_rules(resolved)
    inputs = adjustment_inputs(resolved)
    columns: dict[str, Any] = {
        "region": as_column([d["region"]["code"] for d in documents], numeric=False),
        "name": as_column([d["region"].get("name", "") for d in documents], numeric=False),
    }
    if any("scheme" in d for d in documents):
        columns["scheme"] = as_column([d.get("scheme") for d in documents], numeric=False)
    for section, suffix in SECTIONS.items():
        given = sorted({leaf for d in documents for leaf in d.get(section, {})})
        for leaf in given:
            values = [d.get(section, {}).get(leaf) for d in documents]
            numeric = section in ("targets", "previous") or rules[leaf] in ("target", "direct")
            columns[f"{leaf}.{suffix}"] = as_column(values, numeric)
    for item in sorted({a for d in documents for a in d.get("adjustments", {})}):
        values = [d.get("adjustments", {}).get(item) for d in documents]
        columns[f"{item}.value"] = as_column(values, inputs[item] == "direct")
    frame = pd.DataFrame(columns, index=pd.RangeIndex(10, 10 + 3 * len(documents), 3))
    rows = [
        {"region": d["region"]["code"], **{f: i.get(f) for f in INCIDENT_FIELDS}}
        for d in documents
        for i in d.get("incidents", [])
    ]
    incidents = pd.DataFrame(
        {c: as_column([r[c] for r in rows], numeric=False) for c in ["region", *INCIDENT_FIELDS]}
    )
    return frame, incidents


@pytest.mark.parametrize("name", names(frame=True))
def test_the_columnar_batch_gives_the_stored_totals_grades_and_points(name: str) -> None:
    group = BY_NAME[name]
    resolved = scheme(group["scheme"])
    frame, incidents = as_tables(group)
    out = assess_columns(resolved, frame, incidents=incidents, year=group["year"])
    stored = [json.loads(text) for text in group["results"]]
    node_ids = [node["id"] for node in resolved.nodes()]
    expected = pd.DataFrame(
        {
            "total": [d["total"] for d in stored],
            "grade": [d["grade"] for d in stored],
            "vetoed": [d["vetoed"] for d in stored],
            **({"rank": [d["rank"] for d in stored]} if "rank" in stored[0] else {}),
            **{n: [d["nodes"][n] for d in stored] for n in node_ids},
        }
    )
    assert out.index.tolist() == [d["region"]["code"] for d in stored]
    out = out.reset_index(drop=True)[expected.columns]  # (by position: codes may repeat)
    out["grade"] = out["grade"].astype(str)
    differ = out.ne(expected.astype(out.dtypes.to_dict())).any(axis=1)
    if differ.any():
        first = differ[differ].index[0]
        wrong = out.columns[out.loc[first].ne(expected.loc[first])].tolist()
        raise AssertionError(
            f"{int(differ.sum())} of {len(out)} rows differ; row {first} "
            f"({frame['region'].iloc[first]}): "
            + ", ".join(f"{c}: {out.loc[first, c]!r} != {expected.loc[first, c]!r}" for c in wrong)
        )


def test_the_batch_comparison_sees_a_changed_point() -> None:
    """The comparison above is not vacuous: one point changed in a stored result is seen."""
    group = next(g for g in GROUPS if g["frame"] and g["source"] == "random")
    resolved = scheme(group["scheme"])
    frame, incidents = as_tables(group)
    out = assess_columns(resolved, frame, incidents=incidents, year=group["year"])
    leaf = resolved.leaf_ids[0]
    stored = [json.loads(text)["nodes"][leaf] for text in group["results"]]
    assert out[leaf].tolist() == stored
    stored[5] += 0.01
    assert out[leaf].tolist() != stored
