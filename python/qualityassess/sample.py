"""The bundled synthetic sample: the 31 provinces with their real names and codes and
invented inputs, shaped to reproduce the published 2019 grades."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load_sample", "load_sample_table", "sample_path"]


def sample_path(year: int = 2019, suffix: str = ".json") -> Path:
    """Path of the bundled sample for assessment year ``year`` (2019, or 2018 before it);
    ``suffix=".csv"`` for its table (2019 only) and ``"-incidents.csv"`` for its incidents."""
    name = f"sample-{year}{suffix}"
    packaged = resources.files("qualityassess").joinpath("data", name)
    if packaged.is_file():
        return Path(str(packaged))
    raise FileNotFoundError(f"no bundled sample {name} for assessment year {year}")


def load_sample(year: int = 2019) -> dict[str, Any]:
    """The sample document: ``about``, ``year``, ``scheme`` and ``submissions``."""
    document: dict[str, Any] = json.loads(sample_path(year).read_text(encoding="utf-8"))
    return document


def load_sample_table(year: int = 2019) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample as tables in the layout of ``qa.assess_frame``: one row per region, and the
    incidents (examples/make_sample_csv.py writes them from the JSON sample)."""
    import pandas as pd

    text_columns = {"region": str, "id": str}
    frame = pd.read_csv(sample_path(year, ".csv"), dtype=text_columns)
    incidents = pd.read_csv(sample_path(year, "-incidents.csv"), dtype=text_columns)
    return frame, incidents
