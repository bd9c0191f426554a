from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def cn2013() -> qa.Scheme:
    return qa.Scheme.builtin("cn-2013")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def _full_submission(cn2013: qa.Scheme) -> dict[str, Any]:
    """Hubei, assessment year 2019, every target met and every measure excellent: 100 points."""
    rates = ["manufacturing_pass_rate", "agri_monitoring_pass_rate", "construction_acceptance_rate"]
    self_evaluation: dict[str, Any] = {
        leaf: "excellent" for leaf in cn2013.leaf_ids if leaf not in rates
    }
    self_evaluation.update({leaf: 96.0 for leaf in rates})
    return {
        "region": {"code": "420000", "name": "湖北省"},
        "year": 2019,
        "scheme": "cn-2013",
        "targets": {leaf: 95.0 for leaf in rates},
        "self_evaluation": self_evaluation,
    }


@pytest.fixture
def make_submission(cn2013: qa.Scheme) -> Callable[..., dict[str, Any]]:
    """A fresh full-marks submission, with top-level sections replaced or updated by keyword."""
    base = _full_submission(cn2013)

    def make(**changes: Any) -> dict[str, Any]:
        document = copy.deepcopy(base)
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(document.get(key), dict):
                document[key].update(value)
            else:
                document[key] = value
        return document

    return make


@pytest.fixture(scope="session")
def sample_2019() -> dict[str, Any]:
    return json.loads((EXAMPLES / "data" / "sample-2019.json").read_text(encoding="utf-8"))


def _direct_scheme(bands: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A one-point scheme whose total is whatever the assessor enters (a `direct` leaf)."""
    return {
        "id": "direct-100",
        "name": {"en": "Direct points"},
        "nodes": [{"id": "score", "name": "score", "points": 100, "rule": {"type": "direct"}}],
        "grading": {
            "method": "bands",
            "bands": bands
            or [
                {"grade": "A", "min": 90},
                {"grade": "B", "min": 80},
                {"grade": "C", "min": 60},
                {"grade": "D"},
            ],
        },
    }


@pytest.fixture
def direct_scheme() -> Callable[..., dict[str, Any]]:
    return _direct_scheme
