"""Writes the fuzz targets' seed corpora (fuzz/corpus/<target>/) from the project's real
documents: the built-in and example schemes, the example and sample submissions, a campaign
journal run through every step, and a few small broken documents.

    .venv/bin/python fuzz/make_corpus.py

The files are committed; run this again when the documents change. Inputs that once made a
target fail are kept apart, in fuzz/regressions/<target>/, and never rewritten here."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import qualityassess as qa

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write(target: str, name: str, text: str) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


DIRECT = {
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


def main() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    schemes()
    submissions()
    campaign()


if __name__ == "__main__":
    main()
