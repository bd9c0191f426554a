"""The bundled synthetic sample: the 31 provinces with their real names and codes and
invented inputs, shaped to reproduce the published 2019 grades."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["load_sample", "sample_path"]


def sample_path(year: int = 2019) -> Path:
    """Path of the bundled sample for assessment year ``year`` (2019, or 2018 before it)."""
    name = f"sample-{year}.json"
    packaged = resources.files("qualityassess").joinpath("data", name)
    if packaged.is_file():
        return Path(str(packaged))
    raise FileNotFoundError(f"no bundled sample for assessment year {year}")


def load_sample(year: int = 2019) -> dict[str, Any]:
    """The sample document: ``about``, ``year``, ``scheme`` and ``submissions``."""
    document: dict[str, Any] = json.loads(sample_path(year).read_text(encoding="utf-8"))
    return document
