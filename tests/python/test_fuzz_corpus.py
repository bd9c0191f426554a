"""The libFuzzer targets' seed corpora (fuzz/corpus/<target>/) are what fuzz/make_corpus.py
writes today, file for file and byte for byte: a change of a document or of the scheme language
that the corpus does not follow fails here (run ``.venv/bin/python fuzz/make_corpus.py``).
They hold the sister schemes of the example library and a seed for each construct of the
language they brought (issue 16): a calendar-year period, a legal basis, unranked rank tiers,
"nothing filed" deductions, incidents without scopes counted by ``min_count`` and
``min_deaths``, a derived scheme changing them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"
SISTERS = [
    "work-safety",
    "food-safety",
    "air-quality-key-regions",
    "air-quality-other-regions",
    "food-safety-demonstration-city",
    "farmland-protection",
]


def make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "fuzz" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def seed(target: str, name: str) -> Any:
    return json.loads((CORPUS / target / name).read_text("utf-8"))


def test_corpus_is_what_the_generator_writes(tmp_path: Path) -> None:
    make_corpus().main(tmp_path / "corpus")
    written, committed = files(tmp_path / "corpus"), files(CORPUS)
    assert sorted(written) == sorted(committed), "run fuzz/make_corpus.py"
    stale = [name for name in written if written[name] != committed[name]]
    assert not stale, f"run fuzz/make_corpus.py: {stale} differ"


@pytest.mark.parametrize("name", SISTERS)
def test_each_sister_scheme_has_a_scheme_and_a_submission_seed(name: str) -> None:
    assert "extends" not in seed("fuzz_scheme", f"{name}.json")  # canonical: the reader alone
    assert seed("fuzz_submission", f"{name}.json")["region"]["code"]
    assert f'"{name}"' in (ROOT / "fuzz" / "fuzz_submission.cpp").read_text("utf-8")


def test_seeds_exercise_the_new_constructs() -> None:
    period = seed("fuzz_scheme", "period-calendar-year.json")["period"]
    assert period["start"] == "01-01"
    assert seed("fuzz_scheme", "legal-basis.json")["legal_basis"]["articles"]
    tiers = seed("fuzz_scheme", "rank-unranked-tiers.json")["grading"]["tiers"]
    assert [tier.get("ranked", True) for tier in tiers] == [True, True, False, False]
    rule = seed("fuzz_scheme", "deduction-nothing-to-deduct.json")["nodes"][0]["rule"]
    assert rule["not_filed"] == "nothing_to_deduct"
    counts = seed("fuzz_scheme", "incident-counts-no-scopes.json")
    assert "incident_scopes" not in counts
    triggers = [condition["trigger"] for condition in counts["conditions"]]
    assert {"min_count", "min_deaths"} <= {key for trigger in triggers for key in trigger}
    derived = seed("fuzz_scheme", "derived-calendar-year.json")
    assert derived["extends"] == "cn-2013" and {"period", "legal_basis"} <= set(derived)
    incidents = seed("fuzz_submission", "incidents-without-scope.json")["incidents"]
    assert incidents and all("scope" not in incident for incident in incidents)
