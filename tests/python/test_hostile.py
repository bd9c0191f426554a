"""Hostile documents (issue 6, docs/security.md): whatever a file from a region holds, it is
refused with SchemeError or InputError naming its place, in bounded time and memory, through
every way in: Scheme.from_json (text) and Scheme.from_dict, qa.assess (text and dict), the CLI's
files and the campaign's steps."""

from __future__ import annotations

import functools
import json
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from qualityassess import _core
from qualityassess.cli import main

LIMITS = _core.document_limits()
HUBEI = json.loads(
    (
        Path(__file__).resolve().parents[2] / "examples" / "submissions" / "hubei-2019.json"
    ).read_text(encoding="utf-8")
)


@contextmanager
def bounded(seconds: float = 10.0, megabytes: int = 1500) -> Iterator[None]:
    """The block must finish within `seconds` and raise the peak memory by less than
    `megabytes` (the process's high-water mark: a coarse guard against unbounded growth)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    yield
    assert time.monotonic() - start < seconds
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert grown < megabytes


def deep_list(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def deep_dict(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def issues(error: pytest.ExceptionInfo[ValueError]) -> dict[str, str]:
    return dict(error.value.issues)


def submission(**changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(HUBEI)), **changes}


# ---- each hostile document, through each way in ------------------------------------------

DEEP_TEXT = "[" * 100_000 + "]" * 100_000


@functools.cache
def _incidents(count: int) -> list[dict[str, str]]:
    return [{"id": str(i), "date": "2020-01-01", "scope": "local"} for i in range(count)]


# (name, submission as text or dict, the path the error names, a part of its message)
HOSTILE_SUBMISSIONS: list[tuple[str, Callable[[], Any], str, str]] = [
    ("deep text", lambda: DEEP_TEXT, "/0/0/0", "nested more than 64 levels"),
    ("deep dict", lambda: submission(meta=deep_dict(100_000)), "/meta/a/a", "nested more than"),
    ("deep list", lambda: submission(meta=deep_list(100_000)), "/meta/0/0", "nested more than"),
    ("1e999", lambda: '{"region": {"code": "1"}, "year": 1e999}', "/year", "number overflow"),
    ("-1e999", lambda: '{"year": -1e999}', "/year", "not valid JSON"),
    ("NaN text", lambda: '{"year": NaN}', "/year", "not valid JSON"),
    ("Infinity text", lambda: '{"year": Infinity}', "/year", "not valid JSON"),
    (
        "NaN value",
        lambda: submission(targets={"manufacturing_pass_rate": float("nan")}),
        "/targets/manufacturing_pass_rate",
        "is NaN",
    ),
    (
        "infinite value",
        lambda: submission(self_evaluation={"manufacturing_pass_rate": float("-inf")}),
        "/self_evaluation/manufacturing_pass_rate",
        "is infinite",
    ),
    ("surrogate escape", lambda: '{"region": {"code": "\\ud800"}}', "/region/code", "surrogate"),
    ("surrogate str", lambda: submission(region={"code": "\ud800"}), "/region/code", "surrogate"),
    ("surrogate text", lambda: '{"region": {"code": "\ud800"}}', "", "unpaired surrogate"),
    ("NUL escape", lambda: '{"region": {"code": "4\\u00002"}}', "/region/code", "U+0000"),
    ("NUL in str", lambda: submission(region={"code": "4\x002"}), "/region/code", "U+0000"),
    ("raw NUL", lambda: '{"year": 2019}\x00{"year": 2020}', "", "NUL byte"),
    (
        "control char",
        lambda: submission(region={"code": "1", "name": "\x1b[31m"}),
        "/region/name",
        "U+001B",
    ),
    (
        "duplicate key",
        lambda: (
            '{"region": {"code": "1"}, "year": 2019, "self_evaluation": '
            '{"development_plan": "poor", "development_plan": "excellent"}}'
        ),
        "/self_evaluation/development_plan",
        "duplicate key",
    ),
    ("duplicate top key", lambda: '{"year": 2019, "year": 2020}', "/year", "duplicate key"),
    (
        "10 MB string",
        lambda: submission(region={"code": "1", "name": "x" * 10_000_000}),
        "/region/name",
        "at most 65536",
    ),
    (
        "10 MB string text",
        lambda: json.dumps(submission(region={"code": "1", "name": "x" * 10_000_000})),
        "/region/name",
        "at most 65536",
    ),
    ("10 MB key", lambda: submission(meta={"k" * 10_000_000: 1}), "/meta/kkkk", "key a text of"),
    (
        "a million incidents",
        lambda: submission(incidents=_incidents(10**6)),
        "/incidents",
        "more than",
    ),
    (
        "a million incidents text",
        lambda: json.dumps(submission(incidents=_incidents(10**6))),
        "",
        "at most 33554432 are read",
    ),
    (
        "10001 incidents",
        lambda: submission(incidents=_incidents(10001)),
        "/incidents",
        "at most 10000",
    ),
    ("40 MB text", lambda: '["' + " " * (40 << 20) + '"]', "", "at most 33554432"),
]


@pytest.mark.parametrize(
    ("make", "path", "message"),
    [
        pytest.param(make, path, message, id=name)
        for name, make, path, message in HOSTILE_SUBMISSIONS
    ],
)
def test_hostile_submissions_are_refused(
    cn2013: qa.Scheme, make: Callable[[], Any], path: str, message: str
) -> None:
    document = make()
    with bounded(), pytest.raises(qa.InputError) as caught:
        qa.assess(cn2013, document)
    found = issues(caught)
    assert any(p.startswith(path) and message in m for p, m in found.items()), found
    str(caught.value).encode("utf-8")  # the message is valid text


@pytest.mark.parametrize(
    ("make", "path", "message"),
    [
        pytest.param(make, path, message, id=name)
        for name, make, path, message in HOSTILE_SUBMISSIONS
        if name != "10001 incidents"  # a submission's limit
    ],
)
def test_hostile_schemes_are_refused(make: Callable[[], Any], path: str, message: str) -> None:
    document = make()
    read = qa.Scheme.from_json if isinstance(document, str) else qa.Scheme.from_dict
    with bounded(), pytest.raises(qa.SchemeError) as caught:
        read(document)
    assert any(p.startswith(path) and message in m for p, m in issues(caught).items())


def test_the_limits_themselves_are_accepted(cn2013: qa.Scheme) -> None:
    """Just inside every limit is fine: the limits refuse abuse, not big honest documents."""
    inside = submission(
        region={"code": "420000", "name": "x" * LIMITS["max_string_bytes"]},
        meta=deep_list(LIMITS["max_depth"] - 2),
        incidents=_incidents(LIMITS["max_incidents"]),
    )
    assert qa.assess(cn2013, inside).region_name == "x" * LIMITS["max_string_bytes"]
    assert qa.assess(cn2013, json.dumps(inside)).grade


def test_duplicate_keys_in_a_scheme_name_their_path(cn2013: qa.Scheme) -> None:
    text = cn2013.to_json(indent=-1).replace('"points":40}', '"points":40,"points":45}', 1)
    with pytest.raises(qa.SchemeError) as caught:
        qa.Scheme.from_json(text)
    assert list(issues(caught)) == ["/nodes/0/points"]


WRONG = [None, True, 7, -1.5, "text", [], {}]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


WRONG_IN_A_SUBMISSION = [
    (key, wrong) for key in HUBEI for wrong in WRONG if _json_type(wrong) != _json_type(HUBEI[key])
]


@pytest.mark.parametrize(("key", "wrong"), WRONG_IN_A_SUBMISSION, ids=repr)
def test_wrong_types_everywhere_in_a_submission(cn2013: qa.Scheme, key: str, wrong: Any) -> None:
    with pytest.raises(qa.InputError) as caught:
        qa.assess(cn2013, submission(**{key: wrong}))
    expected = {
        "region": "an object",
        "year": "a whole number",
        "scheme": "a string",
        "targets": "an object",
        "self_evaluation": "an object",
        "verification": "an object",
        "incidents": "an array",
    }[key]
    found = {
        "null": "null",
        "boolean": "a boolean",
        "number": "a number",
        "string": "a string",
        "array": "an array",
        "object": "an object",
    }[_json_type(wrong)]
    assert issues(caught) == {f"/{key}": f"must be {expected}, not {found}"}


def test_wrong_types_cover_every_section() -> None:
    assert sorted({key for key, _ in WRONG_IN_A_SUBMISSION}) == sorted(HUBEI)
    # 7 sections × 7 values, less the one of the section's own type (two numbers for year)
    assert len(WRONG_IN_A_SUBMISSION) == 7 * 7 - 7 - 1


# Values of the right JSON type in the wrong place: each is decided, literally. Hubei is 89.8
# (B): manufacturing 94.3 ≥ 94.1 → 15, agri 96.4 ≥ 96.1 → 15, construction 98.5 vs 99.3 → 10 −
# 0.8 × 2 = 8.4; measures 15 + 22.4 + 14 = 51.4.
RIGHT_TYPE_WRONG_VALUE: list[tuple[str, Any, Any]] = [
    ("region", {}, ("/region/code", "is required")),
    ("year", 7, ("/year", "must be between 2000 and 2200, not 7")),
    ("scheme", "text", ("/scheme", "the submission is for scheme 'text'")),
    ("targets", {}, (51.4, "D")),  # no targets filed: the three target points score 0
    ("self_evaluation", {}, (5.6, "D")),  # only the two verified points: 2 × good 2.8
    ("verification", {}, (89.8, "B")),  # the verified values equal the self-evaluated ones
    ("incidents", [], (89.8, "B")),  # Hubei's one incident is local: no veto either way
]


@pytest.mark.parametrize(("key", "value", "outcome"), RIGHT_TYPE_WRONG_VALUE, ids=repr)
def test_right_type_wrong_value_in_a_submission(
    cn2013: qa.Scheme, key: str, value: Any, outcome: Any
) -> None:
    if isinstance(outcome[0], str):
        with pytest.raises(qa.InputError) as caught:
            qa.assess(cn2013, submission(**{key: value}))
        assert outcome[1] in issues(caught)[outcome[0]]
    else:
        result = qa.assess(cn2013, submission(**{key: value}))
        assert (result.total, result.grade) == outcome


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaf_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaf_paths(child, (*path, index))
    else:
        yield path


def test_wrong_types_at_every_place_of_a_scheme(cn2013: qa.Scheme) -> None:
    """Every value of a JSON type the place does not take is refused, with an issue at that
    place (or inside it)."""
    base = cn2013.to_dict()
    places = list(_leaf_paths(base))
    refused = 0
    for place in places[:: max(1, len(places) // 150)]:
        pointer = "/" + "/".join(str(part) for part in place)
        for wrong in WRONG:
            document = json.loads(json.dumps(base))
            target = document
            for part in place[:-1]:
                target = target[part]
            if _json_type(wrong) == _json_type(target[place[-1]]):
                continue  # the right type: not what this test is about
            target[place[-1]] = wrong
            with pytest.raises(qa.SchemeError) as caught:
                qa.Scheme.from_dict(document)
            at_place = [p for p in issues(caught) if p == pointer or p.startswith(pointer + "/")]
            assert at_place, (pointer, wrong, issues(caught))
            refused += 1
    assert refused > 700  # about 150 places × 6 wrong types each


def test_other_python_objects_are_refused_with_their_path(cn2013: qa.Scheme) -> None:
    import numpy as np

    with pytest.raises(qa.InputError) as caught:
        qa.assess(cn2013, submission(meta={"a": object(), "b": np.zeros(3), 1: 2}))
    found = issues(caught)
    assert "cannot use a value of type object" in found["/meta/a"]
    assert "cannot use a value of type ndarray" in found["/meta/b"]
    assert "not a string" in found["/meta"]


# ---- the CLI --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (DEEP_TEXT.encode(), "nested more than 64 levels"),
        (b'{"region": {"code": "1", "code": "2"}, "year": 2019}', "/region/code: duplicate key"),
        (b'{"year": NaN}', "not valid JSON"),
        (b'{"year": 1e999}', "number overflow"),
        (b'{"region": {"code": "\\ud800"}}', "surrogate"),
        (b'{"region": {"code": "\xff"}}', "not UTF-8 text"),
        (b'{"year": 2019}\x00{"year": 2020}', "NUL byte"),
        (b"[" + b'"x",' * 100_001 + b'"x"]', "more than 100000 elements"),
    ],
    ids=["deep", "duplicate", "nan", "overflow", "surrogate", "utf8", "nul", "many"],
)
@pytest.mark.parametrize("verb", ["validate", "assess", "grade"])
def test_cli_refuses_hostile_files_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: str, content: bytes, message: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    out = ["--out", str(tmp_path / "r.html")] if verb == "grade" else []
    args = ["--lang", "en", verb, str(path), *out]
    with bounded():
        assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_refuses_a_file_over_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(LIMITS["max_bytes"] + 1)  # sparse: nothing is written
    with bounded(megabytes=200):
        assert main(["assess", str(path)]) == 1
    assert "超过 33554432 字节，未读取" in capsys.readouterr().err  # zh: the default
    with bounded(megabytes=200):
        assert main(["--lang", "en", "assess", str(path)]) == 1
    assert "larger than 33554432 bytes" in capsys.readouterr().err


def test_cli_campaign_init_refuses_a_malformed_region_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for index, content in enumerate(
        ['{"submissions": [1, 2]}', '{"submissions": {"a": 1}}', '{"regions": 5}', "[[1]]", "[{}]"]
    ):
        path = tmp_path / f"regions-{index}.json"
        path.write_text(content, encoding="utf-8")
        code = main(
            [
                "campaign",
                "init",
                str(tmp_path / f"c{index}.qa"),
                "--year",
                "2019",
                "--cohort",
                str(path),
            ]
        )
        assert code == 1, content
        assert "Traceback" not in capsys.readouterr().err


# ---- campaign steps ---------------------------------------------------------------------------


@pytest.fixture
def campaign(tmp_path: Path) -> Iterator[qa.Campaign]:
    c = qa.Campaign.create(
        tmp_path / "c.qa", "cn-2013", 2019, [("420000", "湖北省")], date="2019-06-01"
    )
    c.file_targets("420000", HUBEI["targets"], date="2019-06-20")
    yield c
    c.close()


@pytest.mark.parametrize(
    ("values", "incidents", "path"),
    [
        ({"development_plan": deep_dict(100_000)}, 0, "/data/values/development_plan/a"),
        ({"manufacturing_pass_rate": float("nan")}, 0, "/data/values/manufacturing_pass_rate"),
        ({"development_plan": "x" * 10_000_000}, 0, "/data/values/development_plan"),
        ({"development_plan": "good\x00"}, 0, "/data/values/development_plan"),
        ({"\ud800": 1}, 0, "/data/values"),
        ({}, 10**6, "/data/incidents"),
        ({}, 10001, "420000 /incidents"),
    ],
    ids=["deep", "nan", "10MB", "nul", "surrogate", "million", "10001"],
)
def test_campaign_steps_refuse_hostile_data_and_change_nothing(
    campaign: qa.Campaign, values: dict[str, Any], incidents: int, path: str
) -> None:
    before = campaign.history()
    with bounded(), pytest.raises(qa.InputError) as caught:
        campaign.self_evaluate("420000", values, _incidents(incidents), date="2020-07-10")
    assert any(p.startswith(path) for p in issues(caught)), issues(caught)
    assert campaign.history() == before
    reopened = qa.Campaign.open(campaign.path)
    assert reopened.history() == before
    reopened.close()


def test_campaign_import_refuses_hostile_exports(campaign: qa.Campaign, tmp_path: Path) -> None:
    good = campaign.export()
    hostile: list[Any] = [
        "[" * 100_000,
        json.dumps(good).replace('"format"', '"format": "x", "format"', 1),
        "[]",
        {"format": good["format"]},
        {"format": good["format"], "journal": "x"},
        {"format": good["format"], "journal": [1]},
        {"format": good["format"], "journal": [{"action": 5}]},
        {"format": good["format"], "journal": [{"action": {"type": "assess"}}]},
        {"format": good["format"], "journal": [{"action": deep_dict(100_000)}]},
    ]
    for index, document in enumerate(hostile):
        with bounded(), pytest.raises(qa.InputError):
            qa.Campaign.import_(tmp_path / f"imported-{index}.qa", document)
        assert not (tmp_path / f"imported-{index}.qa").exists()


# ---- workbooks ------------------------------------------------------------------------------

_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([c]), b"&%s;" % bytes([c - 1]) * 10) for c in range(98, 106)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData>'
    b"</worksheet>"
)


def _workbook_variants(tmp_path: Path) -> dict[str, Path]:
    import zipfile

    from qualityassess import excel

    good = excel.write_template(
        "cn-2013", tmp_path / "good.xlsx", regions=[("420000", "湖北省")], year=2019
    )
    source = zipfile.ZipFile(good)
    mutations: dict[str, Callable[[str, bytes], bytes | None]] = {
        "broken-xml": lambda n, d: b"<not xml" if n.endswith("sheet1.xml") else d,
        "entity-bomb": lambda n, d: _BOMB if n.endswith("sheet1.xml") else d,
        "broken-workbook": lambda n, d: b"<workbook/>" if n.endswith("workbook.xml") else d,
    }
    paths = {}
    for name, mutate in mutations.items():
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(path, "w") as out:
            for member in source.namelist():
                data = mutate(member, source.read(member))
                if data is not None:
                    out.writestr(member, data)
        paths[name] = path
    paths["not-a-zip"] = tmp_path / "not-a-zip.xlsx"
    paths["not-a-zip"].write_bytes(b"PK\x03\x04garbage")
    return paths


def test_damaged_and_hostile_workbooks_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    from qualityassess import excel

    assert openpyxl.DEFUSEDXML  # entity declarations are refused while parsing
    for name, path in _workbook_variants(tmp_path).items():
        with bounded(megabytes=300):
            code = main(["grade", str(path), "--out", str(tmp_path / f"{name}.html")])
        err = capsys.readouterr().err
        assert code == 1, name
        assert "Traceback" not in err, name
        with pytest.raises(qa.InputError):
            excel.read_submissions(path)
