"""Derived schemes through the Python facade (Art. 10: a province adapts the national measures
"to local conditions"): loading chains of files, error paths into the derived document, and the
property that deriving is the same as editing the complete document by hand."""

from __future__ import annotations

import copy
import json
import os
import pickle
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualityassess as qa
from qualityassess.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PREFECTURE = EXAMPLES / "schemes" / "shili-prefecture-2019.json"
COUNTY = EXAMPLES / "schemes" / "shili-county-2019.json"
HUBEI = json.loads((EXAMPLES / "submissions" / "hubei-2019.json").read_text(encoding="utf-8"))

settings.register_profile("derivation", derandomize=True, max_examples=40, deadline=None)


def derived(**changes: Any) -> dict[str, Any]:
    return {"extends": "cn-2013", "id": "province-2019", "name": {"zh": "省"}, **changes}


def test_example_chain_loads_with_its_lineage() -> None:
    county = qa.Scheme.load(COUNTY)
    assert county.derived_from == ("shili-prefecture-2019", "2019")
    assert qa.Scheme.load(PREFECTURE).derived_from == ("cn-2013", qa.Scheme.builtin().version)
    assert qa.Scheme.builtin().derived_from is None
    # Loaded, a derived scheme is complete: it pickles and reloads from its own JSON.
    assert pickle.loads(pickle.dumps(county)) == county
    assert qa.Scheme.from_json(county.to_json()) == county


def test_from_json_finds_file_bases_only_with_a_folder() -> None:
    document = derived(extends="shili-prefecture-2019.json", id="county-x")
    with pytest.raises(qa.SchemeError) as no_folder:
        qa.Scheme.from_dict(document)
    assert no_folder.value.issues[0][0] == "/extends"
    scheme = qa.Scheme.from_dict(document, folder=EXAMPLES / "schemes")
    assert scheme.derived_from == ("shili-prefecture-2019", "2019")


def test_errors_name_their_place_in_the_derived_document(tmp_path: Path) -> None:
    broken = derived(nodes={"remove": ["port_inspection"], "modify": {"macro": {"points": -1}}})
    with pytest.raises(qa.SchemeError) as error:
        qa.Scheme.from_dict(broken)
    places = dict(error.value.issues)
    assert "must be > 0" in places["/nodes/modify/macro/points"]
    assert "inherited from 'cn-2013'" in places["/nodes/modify/infrastructure"]

    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    assert main(["validate", str(path)]) == 1


def test_validate_reports_the_derived_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "county.json"
    path.write_text(
        json.dumps(
            derived(
                extends=os.path.relpath(PREFECTURE, tmp_path), nodes={"remove": ["county_results"]}
            )
        ),
        encoding="utf-8",
    )
    assert main(["--lang", "en", "validate", str(path)]) == 1
    assert f"{path}: /nodes/modify/measures: children's points add up to 56.5" in (
        capsys.readouterr().err
    )


# ---- what "extends" may open (docs/security.md, "Scheme files") ---------------------------


def test_an_absolute_base_path_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A scheme file from elsewhere naming /etc/... must not read it, nor quote it."""
    secret = tmp_path / "secret" / "passwd.json"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash", encoding="utf-8")
    folder = tmp_path / "schemes"
    folder.mkdir()
    with pytest.raises(qa.SchemeError) as error:
        qa.Scheme.from_dict(derived(extends=str(secret)), folder=folder)
    assert error.value.issues == [
        (
            "/extends",
            f"'{secret}' is an absolute path: name the base file relative to this scheme's folder",
        )
    ]
    # The same file named relatively is read, but its text is not quoted back.
    with pytest.raises(qa.SchemeError) as error:
        qa.Scheme.from_dict(derived(extends="../secret/passwd.json"), folder=folder)
    assert "root" not in str(error.value)
    assert "not a valid JSON document" in str(error.value)


def test_a_base_that_is_not_a_json_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(qa.SchemeError, match=r"is not a \.json file"):
        qa.Scheme.from_dict(derived(extends="../etc/passwd"), folder=tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_base_is_refused_instead_of_waiting_forever(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "base.json")
    (tmp_path / "derived.json").write_text(
        json.dumps(derived(extends="base.json")), encoding="utf-8"
    )
    # In a child process: the old reader blocked on the FIFO for ever.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "qualityassess",
            "--lang",
            "en",
            "validate",
            str(tmp_path / "derived.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "'base.json' is not a regular file" in run.stderr


# ---- deriving == editing the complete document by hand ----------------------------------


def _find(nodes: list[dict[str, Any]], node_id: str) -> dict[str, Any]:
    for node in nodes:
        if node["id"] == node_id:
            return node
        if "children" in node:
            try:
                return _find(node["children"], node_id)
            except KeyError:
                pass
    raise KeyError(node_id)


SIBLINGS = [
    (
        "macro",
        ["development_plan", "coordination_mechanism", "brand_strategy", "quality_investment"],
    ),
    ("supervision", ["supervision_capacity", "anti_counterfeiting", "risk_management"]),
    ("infrastructure", ["standards_metrology_certification", "inspection_testing"]),
]


@settings(settings.get_profile("derivation"))
@given(
    branch=st.sampled_from(SIBLINGS),
    moved=st.integers(min_value=1, max_value=20).map(lambda n: Decimal(n) / 10),
    pair=st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda p: p[0] != p[1]),
)
def test_a_reweighting_by_derivation_equals_the_hand_edit(
    branch: tuple[str, list[str]], moved: Decimal, pair: tuple[int, int]
) -> None:
    """Art. 10: moving points between two sibling points in a derived scheme gives the scheme a
    hand edit of cn-2013 gives, the same grades, and a diff of exactly those two points."""
    _, leaves = branch
    giver, taker = leaves[pair[0] % len(leaves)], leaves[pair[1] % len(leaves)]
    if giver == taker:
        return
    base = qa.Scheme.builtin().to_dict()
    points = {leaf: Decimal(str(_find(base["nodes"], leaf)["points"])) for leaf in (giver, taker)}
    if points[giver] <= moved:
        return
    new_points = {giver: points[giver] - moved, taker: points[taker] + moved}
    changes = {leaf: {"points": float(value)} for leaf, value in new_points.items()}
    by_derivation = qa.Scheme.from_dict(derived(nodes={"modify": changes}))

    by_hand = copy.deepcopy(base)
    by_hand.update(id="province-2019", name={"zh": "省"})
    by_hand.pop("version", None)
    by_hand.pop("description", None)
    by_hand["derived_from"] = {"id": "cn-2013", "version": base["version"]}
    for leaf, value in new_points.items():
        _find(by_hand["nodes"], leaf)["points"] = float(value)

    submission = {**HUBEI, "scheme": "province-2019"}
    hand_scheme = qa.Scheme.from_dict(by_hand)
    assert by_derivation == hand_scheme
    assert qa.assess(by_derivation, submission).total == qa.assess(hand_scheme, submission).total

    node_changes = [c for c in qa.diff("cn-2013", by_derivation) if c.section == "nodes"]
    assert sorted((c.item, c.field, Decimal(str(c.delta))) for c in node_changes) == sorted(
        [(giver, "points", -moved), (taker, "points", moved)]
    )


def test_diff_of_the_sample_schemes_lists_every_change() -> None:
    """Art. 10 on the sample: what the county scheme changes from the prefecture scheme."""
    changes = qa.diff(PREFECTURE, COUNTY)
    nodes = sorted(
        (c.kind, c.item, c.field, c.before, c.after) for c in changes if c.section == "nodes"
    )
    assert nodes[:2] == [
        ("changed", "infrastructure", "points", 10.5, 14),
        ("changed", "quality_workforce", "points", 3.5, 7),
    ]
    assert nodes[2][:3] == ("removed", "county_results", "") and nodes[2][4] is None
    assert nodes[2][3]["points"] == 3.5 and len(nodes) == 3
    grading = {(c.item, c.field): (c.before, c.after) for c in changes if c.section == "grading"}
    assert grading[("band:A", "min")] == (90, 85)
    assert grading[("band:B", "min")] == (80, 75)
    assert grading[("label:A", "zh")] == ("A级", "优秀")
    assert {c.section for c in changes} == {"header", "nodes", "grading"}
    assert "county_results" in changes.text("en")
