"""Python objects converted to documents (issue 13): the converter makes the JSON path of a value
only when it reports a problem there, and reads exact dicts, lists, tuples, strs, ints and floats
with the C API. The paths, the messages and the handling of subclasses stay what they were."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from qualityassess import _core

HUBEI = json.loads(
    (
        Path(__file__).resolve().parents[2] / "examples" / "submissions" / "hubei-2019.json"
    ).read_text(encoding="utf-8")
)
NAN = "is NaN; leave the value out (or use None) when it is missing"


def issues_of(document: Any) -> list[tuple[str, str]]:
    with pytest.raises(qa.InputError) as error:
        _core.Submission.from_document(document)
    return list(error.value.issues)


class CollidingKey(str):
    """A str equal to no other in a dict, with the same UTF-8 as another key."""

    def __hash__(self) -> int:
        return 12345

    def __eq__(self, other: object) -> bool:
        return self is other


class LongList(list):  # type: ignore[type-arg]
    def __len__(self) -> int:
        return 200_000


class OwnIteration(list):  # type: ignore[type-arg]
    def __iter__(self) -> Any:
        return iter([float("nan"), 1, {"x": float("inf")}])


class Scalar:
    """Looks like a NumPy scalar: item() gives the next one, `depth` times, then a NaN."""

    dtype = "x"

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def item(self) -> Any:
        return Scalar(self.depth - 1) if self.depth else [float("nan")]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"a~/": {"b": [*range(12), {"c/": 2**63, "d": -(2**63) - 1, "e": 2**63 - 1}]}},
            [
                ("/a~0~1/b/12/c~1", "integer 9223372036854775808 is out of range"),
                ("/a~0~1/b/12/d", "integer -9223372036854775809 is out of range"),
            ],
        ),
        ({"x": (1, (2, (float("nan"),)))}, [("/x/1/1/0", NAN)]),
        (
            {"x": {1: 2, "y": {None: 3}}},
            [
                ("/x", "has a key 1 that is not a string"),
                ("/x/y", "has a key None that is not a string"),
            ],
        ),
        (
            {"x": {"\ud800": 1, "ok": "\udfff"}},
            [
                ("/x", "has a key that is not valid Unicode text (it has an unpaired surrogate)"),
                ("/x/ok", "is not valid Unicode text (it has an unpaired surrogate)"),
            ],
        ),
        ("\ud800", [("", "the text is not valid Unicode text (it has an unpaired surrogate)")]),
        ([float("nan")], [("/0", NAN)]),
        ({"k": LongList([1])}, [("/k", "has more than 100000 elements")]),
        ({"k": OwnIteration([1])}, [("/k/0", NAN), ("/k/2/x", "is infinite")]),
        ({"k": {str(i): i for i in range(100_001)}}, [("/k", "has more than 100000 members")]),
        ({"a/b": {"c~d": Scalar(3)}}, [("/a~1b/c~0d/0", NAN)]),
        # item() adds a level without adding a step to the path.
        (Scalar(70), [("", "nested more than 64 levels deep")]),
        ({"a/b": {"c~d": Scalar(70)}}, [("/a~1b/c~0d", "nested more than 64 levels deep")]),
        ({"k": {CollidingKey("a"): 1, "a": float("nan")}}, [("/k/a", NAN)]),
        ({"k": {1, 2}}, [("/k", "cannot use a value of type set")]),
    ],
)
def test_problems_are_named_at_their_path(document: Any, expected: list[tuple[str, str]]) -> None:
    assert issues_of(document) == expected


def test_the_last_of_two_keys_with_the_same_text_wins() -> None:
    document = {
        "region": {"code": "1", CollidingKey("name"): "first", "name": "last"},
        "year": 2019,
    }
    assert _core.Submission.from_document(document).region_name == "last"


def test_a_converted_dict_reads_as_its_json_text() -> None:
    document = dict(HUBEI, meta={"nested": [1, 2.5, None, True, {"when": "x"}]})
    document["evidence"] = {"development_plan": "seen"}
    from_dict = _core.Submission.from_document(document).to_document()
    assert from_dict == _core.Submission.from_document(json.dumps(document)).to_document()
    assert from_dict["meta"] == document["meta"]
    assert from_dict["self_evaluation"] == HUBEI["self_evaluation"]


def test_dates_and_subclasses_convert_as_before() -> None:
    class Year(int):
        pass

    class Rate(float):
        pass

    document = dict(
        HUBEI, year=Year(2019), meta={"on": datetime.datetime(2020, 1, 2, 3, 4), "r": Rate(1.5)}
    )
    converted = _core.Submission.from_document(document).to_document()
    assert converted["year"] == 2019
    assert converted["meta"] == {"on": "2020-01-02", "r": 1.5}
