"""qa.diff (issue 7): every change between two schemes, as when a province adapts the national
scheme "to local conditions" for its prefectures and counties (Art. 10). Each derived scheme
here is cn-2013's canonical document edited and loaded again (a valid scheme), and each test
asserts the exact set of change records."""

from __future__ import annotations

import copy
import itertools
import json
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualityassess as qa
from qualityassess.diff import Change, SchemeDiff, diff

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CN2013 = qa.Scheme.builtin("cn-2013")

# Deterministic, as in test_properties.py: the same examples on every run.
DERANDOMIZED = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)


def _walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _walk(node.get("children", []))


def node(document: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in _walk(document["nodes"]) if n["id"] == node_id)


def adapted(edit: Callable[[dict[str, Any]], None], base: qa.Scheme = CN2013) -> qa.Scheme:
    """``base`` with ``edit`` applied to a copy of its canonical document, loaded again."""
    document = copy.deepcopy(base.to_dict())
    edit(document)
    return qa.Scheme.from_dict(document)


def body(scheme: qa.Scheme, node_id: str) -> dict[str, Any]:
    """A node of a scheme's canonical document without its children (an added/removed node's
    record)."""
    return {k: v for k, v in node(scheme.to_dict(), node_id).items() if k != "children"}


# ---- the edits a province makes, one at a time ----------------------------------------------


def reweight(document: dict[str, Any]) -> None:
    """Two leaves of 质量基础建设 re-weighted, their branch's 14 points kept."""
    node(document, "quality_workforce")["points"] = 5
    node(document, "port_inspection")["points"] = 2


REWEIGHT = {
    Change("nodes", "quality_workforce", "changed", "points", 3.5, 5, Decimal("1.5")),
    Change("nodes", "port_inspection", "changed", "points", 3.5, 2, Decimal("-1.5")),
}


def remove_leaf(document: dict[str, Any]) -> None:
    """An inland province has no port: 口岸检验检疫 goes, its 3.5 points to 质量人才."""
    children = node(document, "infrastructure")["children"]
    children[:] = [c for c in children if c["id"] != "port_inspection"]
    node(document, "quality_workforce")["points"] = 7


def add_leaf(document: dict[str, Any]) -> None:
    """A county point under 质量宏观管理 (3 points), taken from 制造业产品质量合格率."""
    node(document, "macro")["children"].append(
        {
            "id": "county_quality_share",
            "name": {"zh": "县域质量工作", "en": "County quality work"},
            "points": 3,
            "rule": {"type": "levels", "level_set": "standard"},
        }
    )
    for node_id, points in (("macro", 21), ("measures", 63)):
        node(document, node_id)["points"] = points
    for node_id, points in (("targets", 37), ("product", 27), ("manufacturing_pass_rate", 12)):
        node(document, node_id)["points"] = points


def level_fraction(document: dict[str, Any]) -> None:
    document["level_sets"][0]["levels"][1]["fraction"] = 0.75  # good: 0.8 -> 0.75


LEVEL_FRACTION = {
    Change("level_sets", "standard", "changed", "levels/good/fraction", 0.8, 0.75, Decimal("-0.05"))
}


def band_and_label(document: dict[str, Any]) -> None:
    document["grading"]["bands"][0]["min"] = 85
    document["grading"]["labels"]["A"]["zh"] = "优秀"


BAND_AND_LABEL = {
    Change("grading", "band:A", "changed", "min", 90, 85, Decimal(-5)),
    Change("grading", "label:A", "changed", "zh", "A级", "优秀"),
}

COUNTY_VETO = {
    "id": "county_key_points",
    "name": {"zh": "县级重点工作得分率低于60%", "en": "A key point below 60% in a county"},
    "trigger": {"type": "score_rate_below", "nodes": ["macro", "supervision"], "rate": 0.6},
    "effect": {"type": "cap_grade", "grade": "C"},
}


def add_condition(document: dict[str, Any]) -> None:
    document["conditions"].append(copy.deepcopy(COUNTY_VETO))


def consequence_text(document: dict[str, Any]) -> None:
    document["consequences"][0]["text"]["zh"] = "由省人民政府予以通报表扬。"


def rounding(document: dict[str, Any]) -> None:
    document["rounding"] = {"digits": 1, "mode": "half_even"}


ROUNDING = {
    Change("rounding", "digits", "changed", "", 2, 1, Decimal(-1)),
    Change("rounding", "mode", "changed", "", "half_up", "half_even"),
}


def expected_remove_leaf() -> set[Change]:
    return {
        Change("nodes", "port_inspection", "removed", "", body(CN2013, "port_inspection"), None),
        Change("nodes", "quality_workforce", "changed", "points", 3.5, 7, Decimal("3.5")),
    }


def expected_add_leaf(derived: qa.Scheme) -> set[Change]:
    changes = {
        Change(
            "nodes",
            "county_quality_share",
            "added",
            "",
            None,
            body(derived, "county_quality_share"),
        )
    }
    for node_id, before, after in (
        ("targets", 40, 37),
        ("product", 30, 27),
        ("manufacturing_pass_rate", 15, 12),
        ("measures", 60, 63),
        ("macro", 18, 21),
    ):
        changes.add(
            Change("nodes", node_id, "changed", "points", before, after, Decimal(after - before))
        )
    return changes


def expected_condition(derived: qa.Scheme) -> set[Change]:
    added = derived.to_dict()["conditions"][-1]
    assert added["id"] == "county_key_points"
    return {Change("conditions", "county_key_points", "added", "", None, added)}


CONSEQUENCE_TEXT = {
    Change(
        "consequences",
        "commendation",
        "changed",
        "text/zh",
        "由国家质量监督检验检疫总局予以通报表扬，有关部门在相关项目安排上优先予以考虑。",
        "由省人民政府予以通报表扬。",
    )
}


def test_art10_reweighting_two_leaves_is_two_point_changes() -> None:
    changes = diff(CN2013, adapted(reweight))
    assert set(changes) == REWEIGHT
    assert len(changes) == 2
    # The derived tree's order; deltas exact.
    assert [c.item for c in changes] == ["port_inspection", "quality_workforce"]
    assert "~ nodes/quality_workforce points: 3.5 → 5 (+1.5)" in changes.text("en")
    assert "~ nodes/port_inspection points：3.5 → 2（-1.5）" in changes.text("zh")


def test_art10_removing_a_leaf_and_rebalancing() -> None:
    changes = diff(CN2013, adapted(remove_leaf))
    assert set(changes) == expected_remove_leaf()
    # Where it stood in the base: after inspection_testing, before quality_workforce.
    assert [c.item for c in changes] == ["port_inspection", "quality_workforce"]
    assert "- nodes/port_inspection (3.5 points)" in changes.text("en")
    summary = changes.summary()["nodes"]
    assert (summary["points_added"], summary["points_removed"]) == (Decimal("3.5"), Decimal("3.5"))


def test_art10_adding_a_leaf_lists_it_and_every_reweighted_ancestor() -> None:
    derived = adapted(add_leaf)
    changes = diff(CN2013, derived)
    assert set(changes) == expected_add_leaf(derived)
    assert [c.item for c in changes] == [  # the derived tree's pre-order
        "targets",
        "product",
        "manufacturing_pass_rate",
        "measures",
        "macro",
        "county_quality_share",
    ]
    assert "+ nodes/county_quality_share (under measures/macro, 3 points)" in changes.text("en")
    assert "+ nodes/county_quality_share（位于 measures/macro，3 分）" in changes.text("zh")
    summary = changes.summary()["nodes"]
    assert summary["added"] == 1 and summary["changed"] == 5
    assert (summary["points_added"], summary["points_removed"]) == (Decimal(3), Decimal(3))


def test_removing_a_branch_lists_it_and_each_of_its_nodes_once() -> None:
    def edit(document: dict[str, Any]) -> None:
        measures = node(document, "measures")
        measures["children"] = [c for c in measures["children"] if c["id"] != "infrastructure"]
        node(document, "macro")["points"] = 32
        node(document, "development_plan")["points"] = 17

    changes = diff(CN2013, adapted(edit))
    gone = [
        "infrastructure",
        *(c["id"] for c in node(CN2013.to_dict(), "infrastructure")["children"]),
    ]
    assert set(changes) == {
        Change("nodes", "macro", "changed", "points", 18, 32, Decimal(14)),
        Change("nodes", "development_plan", "changed", "points", 3, 17, Decimal(14)),
        *(Change("nodes", n, "removed", "", body(CN2013, n), None) for n in gone),
    }
    # The removed subtree where it stood: last, root first, its leaves in order.
    assert [c.item for c in changes][-5:] == gone
    summary = changes.summary()["nodes"]
    assert (summary["points_added"], summary["points_removed"]) == (Decimal(14), Decimal(14))


def test_a_level_fraction_change_has_an_exact_delta() -> None:
    changes = diff(CN2013, adapted(level_fraction))
    assert set(changes) == LEVEL_FRACTION
    assert changes[0].delta == Decimal("-0.05")  # 0.75 - 0.8 in floats is -0.05000000000000004
    assert "~ level_sets/standard levels/good/fraction: 0.8 → 0.75 (-0.05)" in changes.text("en")


def test_art10_band_minimum_and_label() -> None:
    changes = diff(CN2013, adapted(band_and_label))
    assert set(changes) == BAND_AND_LABEL
    assert "~ grading/band:A min: 90 → 85 (-5)" in changes.text("en")


def test_art10_an_added_local_condition() -> None:
    derived = adapted(add_condition)
    changes = diff(CN2013, derived)
    assert set(changes) == expected_condition(derived)
    assert "+ conditions/county_key_points (A key point below 60% in a county)" in changes.text(
        "en"
    )
    assert "+ conditions/county_key_points（县级重点工作得分率低于60%）" in changes.text("zh")


def test_a_consequence_text() -> None:
    assert set(diff(CN2013, adapted(consequence_text))) == CONSEQUENCE_TEXT


def test_rounding() -> None:
    assert set(diff(CN2013, adapted(rounding))) == ROUNDING


def test_art10_all_edits_at_once_are_the_union_of_each_edit() -> None:
    """Every edit of a province's scheme at once: each record exactly once, nothing more."""
    edits = [
        reweight,
        remove_leaf,
        add_leaf,
        level_fraction,
        band_and_label,
        add_condition,
        consequence_text,
        rounding,
    ]

    def everything(document: dict[str, Any]) -> None:
        document["id"] = "hubei-2020"
        document["version"] = "2020.1"
        for edit in edits[1:]:  # reweight and remove_leaf both touch infrastructure
            edit(document)

    derived = adapted(everything)
    changes = diff(CN2013, derived)
    expected = (
        expected_remove_leaf()
        | expected_add_leaf(derived)
        | LEVEL_FRACTION
        | BAND_AND_LABEL
        | expected_condition(derived)
        | CONSEQUENCE_TEXT
        | ROUNDING
        | {
            Change("header", "id", "changed", "", "cn-2013", "hubei-2020"),
            Change("header", "version", "changed", "", "2013.1", "2020.1"),
        }
    )
    assert set(changes) == expected
    assert len(changes) == len(expected)  # no record twice
    # Grouped by section, in this order.
    assert [section for section, _ in itertools.groupby(c.section for c in changes)] == [
        "header",
        "nodes",
        "rounding",
        "level_sets",
        "grading",
        "conditions",
        "consequences",
    ]


def test_identical_schemes_have_no_differences(cn2013: qa.Scheme) -> None:
    changes = diff(cn2013, qa.Scheme.from_json(cn2013.to_json()))
    assert len(changes) == 0 and not changes and list(changes) == []
    assert changes.text("en") == "cn-2013 → cn-2013: no differences"
    assert changes.text("zh") == "cn-2013 → cn-2013: 无差异"
    frame = changes.to_frame()
    assert list(frame.columns) == ["section", "item", "kind", "field", "before", "after", "delta"]
    assert frame.empty
    assert changes.summary() == {}


def test_renaming_every_node_is_one_record_per_node() -> None:
    """Nothing is missed: a change to each node's name shows for every node, once."""

    def edit(document: dict[str, Any]) -> None:
        for n in _walk(document["nodes"]):
            n["name"]["en"] += " (county)"

    changes = diff(CN2013, adapted(edit))
    ids = [n["id"] for n in CN2013.nodes()]
    assert [c.item for c in changes] == ids  # pre-order
    assert {(c.kind, c.field) for c in changes} == {("changed", "name/en")}
    assert all(c.after == c.before + " (county)" for c in changes)


def test_moves_within_and_between_branches() -> None:
    def edit(document: dict[str, Any]) -> None:
        macro = node(document, "macro")["children"]
        macro.insert(0, macro.pop(3))  # quality_statistics first
        infrastructure = node(document, "infrastructure")
        port = infrastructure["children"].pop(2)
        infrastructure["points"] = 10.5
        supervision = node(document, "supervision")
        supervision["children"].append(port)
        supervision["points"] = 31.5
        document["conditions"].reverse()

    changes = diff(CN2013, adapted(edit))
    assert set(changes) == {
        Change("nodes", "quality_statistics", "moved", "position", 4, 1),
        Change("nodes", "supervision", "changed", "points", 28, 31.5, Decimal("3.5")),
        Change("nodes", "port_inspection", "moved", "parent", "infrastructure", "supervision"),
        Change("nodes", "infrastructure", "changed", "points", 14, 10.5, Decimal("-3.5")),
        Change("conditions", "misreporting", "moved", "position", 2, 1),
    }
    text = changes.text("en")
    assert "↷ nodes/port_inspection moved: measures/infrastructure → measures/supervision" in text
    assert "↷ nodes/quality_statistics place among siblings: 4 → 1" in text
    summary = changes.summary()["nodes"]  # a leaf moved with its points: none gained or lost
    assert (summary["points_added"], summary["points_removed"]) == (0, 0)


def test_rules_inside_items_checklists_deductions_and_tables() -> None:
    """Checklist items, deduction kinds and table rows, at any depth (the fire-safety example
    scheme has all three)."""
    fire = qa.Scheme.load(EXAMPLES / "schemes" / "fire-safety.json")

    def edit(document: dict[str, Any]) -> None:
        items = node(document, "responsibility")["rule"]["items"]
        items[0]["points"], items[1]["points"] = 6, 4
        items[3]["name"] = {"zh": "奖惩", "en": "Rewards"}
        kinds = node(document, "hazards")["rule"]["kinds"]
        kinds[1]["per_occurrence"] = 1.5
        table = node(document, "station_completion")["rule"]["table"]
        table[1]["fraction"] = 0.7
        table.append({"attainment": 0.5, "fraction": 0.2})

    changes = diff(fire, adapted(edit, fire))
    assert set(changes) == {
        Change(
            "nodes", "responsibility", "changed", "rule/items/meetings/points", 5, 6, Decimal(1)
        ),
        Change(
            "nodes", "responsibility", "changed", "rule/items/pledges/points", 5, 4, Decimal(-1)
        ),
        Change(
            "nodes",
            "responsibility",
            "changed",
            "rule/items/accountability/name/zh",
            "考核奖惩落实",
            "奖惩",
        ),
        Change(
            "nodes",
            "responsibility",
            "changed",
            "rule/items/accountability/name/en",
            "Rewards and penalties applied",
            "Rewards",
        ),
        Change(
            "nodes",
            "hazards",
            "changed",
            "rule/kinds/inspection_overdue/per_occurrence",
            2,
            1.5,
            Decimal("-0.5"),
        ),
        Change(
            "nodes",
            "station_completion",
            "changed",
            "rule/table/1/fraction",
            0.8,
            0.7,
            Decimal("-0.1"),
        ),
        Change(
            "nodes",
            "station_completion",
            "changed",
            "rule/table/3",
            None,
            {"attainment": 0.5, "fraction": 0.2},
        ),
    }


def test_grading_by_rank_instead_of_bands() -> None:
    def edit(document: dict[str, Any]) -> None:
        document["grading"]["method"] = "rank"
        del document["grading"]["bands"]
        document["grading"]["tiers"] = [
            {"grade": "A", "share": 0.2},
            {"grade": "B", "share": 0.5},
            {"grade": "C", "count": 3},
            {"grade": "D"},
        ]

    derived = adapted(edit)
    changes = diff(CN2013, derived)
    bands = {b["grade"]: b for b in CN2013.to_dict()["grading"]["bands"]}
    tiers = {t["grade"]: t for t in derived.to_dict()["grading"]["tiers"]}
    assert set(changes) == {
        Change("grading", "method", "changed", "", "bands", "rank"),
        *(Change("grading", f"band:{g}", "removed", "", bands[g], None) for g in "ABCD"),
        *(Change("grading", f"tier:{g}", "added", "", None, tiers[g]) for g in "ABCD"),
    }


def test_a_leaf_becoming_a_branch() -> None:
    def edit(document: dict[str, Any]) -> None:
        leaf = node(document, "brand_strategy")
        del leaf["rule"]
        leaf["children"] = [
            {"id": "brands", "name": "品牌", "points": 2, "rule": {"type": "boolean"}},
            {"id": "marks", "name": "地理标志", "points": 1, "rule": {"type": "boolean"}},
        ]

    derived = adapted(edit)
    changes = diff(CN2013, derived)
    rule = node(CN2013.to_dict(), "brand_strategy")["rule"]
    aggregate = node(derived.to_dict(), "brand_strategy").get("aggregate")
    expected = {
        Change("nodes", "brand_strategy", "changed", "rule", rule, None),
        Change("nodes", "brands", "added", "", None, body(derived, "brands")),
        Change("nodes", "marks", "added", "", None, body(derived, "marks")),
    }
    if aggregate is not None:  # the canonical form writes the default aggregate
        expected.add(Change("nodes", "brand_strategy", "changed", "aggregate", None, aggregate))
    assert set(changes) == expected


def test_the_derived_scheme_may_be_a_path_or_an_id(tmp_path: Path) -> None:
    path = tmp_path / "hubei.json"
    adapted(reweight).save(path)
    assert set(diff("cn-2013", path)) == REWEIGHT
    assert set(qa.diff("cn-2013", os.fspath(path))) == REWEIGHT


def test_qa_diff_is_the_function_even_after_the_module_is_imported() -> None:
    # This module imported qualityassess.diff first: a lazily resolved qa.diff would be the
    # module now.
    assert qa.diff is diff and callable(qa.diff)
    assert "diff" in qa.__all__ and "diff" in dir(qa)


# ---- the result object ------------------------------------------------------------------------


def test_a_diff_is_a_sequence_of_frozen_records() -> None:
    changes = diff(CN2013, adapted(reweight))
    assert isinstance(changes, SchemeDiff)
    assert changes[0] == next(iter(changes)) and list(changes[0:2]) == list(changes)
    assert changes[-1].item == "quality_workforce"
    with pytest.raises(AttributeError):
        changes[0].points = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        changes[0].after = 1  # type: ignore[misc]
    assert repr(changes) == "<SchemeDiff 'cn-2013' → 'cn-2013': 共 2 处差异>"  # (lang zh)
    with qa.option_context("lang", "en"):
        assert repr(changes) == "<SchemeDiff 'cn-2013' → 'cn-2013': 2 change(s)>"


def test_to_frame_and_to_dict() -> None:
    derived = adapted(lambda d: (reweight(d), add_condition(d)))
    changes = diff(CN2013, derived)
    frame = changes.to_frame()
    assert list(frame.columns) == ["section", "item", "kind", "field", "before", "after", "delta"]
    assert frame["delta"].dtype == "float64"
    row = frame[frame["item"] == "quality_workforce"].iloc[0]
    assert (row["kind"], row["field"], row["before"], row["after"], row["delta"]) == (
        "changed",
        "points",
        3.5,
        5,
        1.5,
    )
    assert pd.isna(frame[frame["item"] == "county_key_points"]["delta"].iloc[0])
    document = json.loads(changes.to_json())
    assert document == changes.to_dict()
    assert document["base"] == "cn-2013" and len(document["changes"]) == 3
    assert document["changes"][0]["delta"] == -1.5
    assert document["summary"]["nodes"] == {
        "added": 0,
        "removed": 0,
        "changed": 2,
        "moved": 0,
        "points_added": 1.5,
        "points_removed": 1.5,
    }
    assert document["summary"]["conditions"]["added"] == 1


def test_str_is_the_chinese_text() -> None:
    changes = diff(CN2013, adapted(reweight))
    assert str(changes) == changes.text("zh")
    assert str(changes).splitlines()[0] == (
        "cn-2013 → cn-2013: 共 2 处差异：nodes 2（增 1.5 分 / 减 1.5 分）"
    )
    with pytest.raises(qa.InputError, match="lang"):
        changes.text("fr")


HOSTILE = ["<script>alert('x')</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_hostile_names_and_ids_as_text() -> None:
    def edit(document: dict[str, Any]) -> None:
        node(document, "port_inspection")["name"] = {"zh": HOSTILE[0], "en": HOSTILE[1]}
        document["conditions"].append({**copy.deepcopy(COUNTY_VETO), "id": HOSTILE[0]})
        document["conditions"][-1]["name"] = HOSTILE[1]
        document["grading"]["labels"]["B"]["en"] = HOSTILE[2]

    changes = diff(CN2013, adapted(edit))
    for html in (changes._repr_html_(), changes.to_html("en")):
        parser = _Elements()
        parser.feed(html)
        parser.close()
        assert "script" not in parser.tags and "img" not in parser.tags
        assert not [name for name, _ in parser.attributes if name.startswith("on")]
        shown = "".join(parser.text)
        assert all(text in shown for text in HOSTILE)  # shown as text, not run or dropped
        assert "49" not in shown  # not evaluated as a template
    assert f"+ conditions/{HOSTILE[0]}" in changes.text("en")


# ---- mirror images ----------------------------------------------------------------------------


def _mirror(changes: SchemeDiff) -> set[Change]:
    return {change.mirror() for change in changes}


@pytest.mark.parametrize(
    "edit",
    [reweight, remove_leaf, add_leaf, level_fraction, band_and_label, add_condition, rounding],
)
def test_each_edit_backwards_is_the_mirror_image(edit: Callable[[dict[str, Any]], None]) -> None:
    derived = adapted(edit)
    forward, backward = diff(CN2013, derived), diff(derived, CN2013)
    assert forward and set(backward) == _mirror(forward)
    assert len(backward) == len(forward)


@st.composite
def reweighted(draw: st.DrawFn) -> dict[str, Any]:
    """cn-2013 with points moved between sibling leaves (sums kept, in quarter points) and
    siblings shuffled."""
    document = copy.deepcopy(CN2013.to_dict())
    for branch in _walk(document["nodes"]):
        children = branch.get("children", [])
        leaves = [c for c in children if "rule" in c]
        if len(leaves) < 2:
            continue
        for _ in range(draw(st.integers(0, 3))):
            giver, taker = draw(st.permutations(leaves))[:2]
            quarters = int(Decimal(str(giver["points"])) * 4) - 1
            if quarters < 1:
                continue
            amount = Decimal(draw(st.integers(1, quarters))) / 4
            giver["points"] = float(Decimal(str(giver["points"])) - amount)
            taker["points"] = float(Decimal(str(taker["points"])) + amount)
        if draw(st.booleans()):
            children[:] = draw(st.permutations(children))
    return document


@DERANDOMIZED
@given(document=reweighted())
def test_random_reweightings_mirror_and_account_for_every_point(document: dict[str, Any]) -> None:
    derived = qa.Scheme.from_dict(document)
    forward, backward = diff(CN2013, derived), diff(derived, CN2013)
    assert set(backward) == _mirror(forward) and len(backward) == len(forward)
    assert all(c.section == "nodes" and c.kind in ("changed", "moved") for c in forward)
    # Each leaf whose points differ: one record, its exact delta.
    old = {n["id"]: Decimal(str(n["points"])) for n in _walk(CN2013.to_dict()["nodes"])}
    new = {n["id"]: Decimal(str(n["points"])) for n in _walk(document["nodes"])}
    points = {c.item: c.delta for c in forward if c.field == "points"}
    assert points == {i: new[i] - old[i] for i in old if new[i] != old[i]}
    # Moves only among siblings; every record once.
    assert all(c.field == "position" for c in forward if c.kind == "moved")
    keys = [(c.section, c.item, c.kind, c.field) for c in forward]
    assert len(keys) == len(set(keys))
    if forward:
        summary = forward.summary()["nodes"]
        assert summary["points_added"] == summary["points_removed"]  # sums kept
        assert summary["points_added"] == sum(d for d in points.values() if d > 0)
    else:
        assert derived == CN2013
