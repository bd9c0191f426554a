"""Write the bundled 2019 sample as CSV in the table layout of ``qa.assess_frame``
(examples/data/sample-2019.csv and sample-2019-incidents.csv).

One row per region: ``region``, ``name``, ``year``, then per assessment point
``<point>.target`` (points that take a filed target), ``<point>.self`` and ``<point>.verified``
(empty: not verified). Incidents go to the long table with ``region``, ``id``, ``date``,
``scope``, ``reported_in_self_evaluation`` and ``summary``. The values are the JSON sample's,
so ``qa.assess_frame`` on the CSV grades exactly as ``qa.assess_many`` on the JSON.

    python examples/make_sample_csv.py        # rewrites the two CSV files
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

import qualityassess as qa

DATA = Path(__file__).resolve().parent / "data"
SUFFIXES = (("targets", "target"), ("self_evaluation", "self"), ("verification", "verified"))


def columns(scheme: qa.Scheme) -> list[str]:
    names = ["region", "name", "year"]
    rules = {node["id"]: node["rule"] for node in scheme.nodes() if node["is_leaf"]}
    for leaf in scheme.leaf_ids:
        # cn-2013's target rules take the target each region files.
        takes_target = rules[leaf] == "target"
        names += [
            f"{leaf}.{suffix}"
            for section, suffix in SUFFIXES
            if takes_target or section != "targets"
        ]
    return names


def table_row(submission: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "region": submission["region"]["code"],
        "name": submission["region"]["name"],
        "year": submission["year"],
    }
    for section, suffix in SUFFIXES:
        for leaf, value in submission.get(section, {}).items():
            row[f"{leaf}.{suffix}"] = value
    return row


def incident_rows(submission: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"region": submission["region"]["code"], **incident}
        for incident in submission.get("incidents", [])
    ]


def main() -> None:
    sample = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    scheme = qa.Scheme.builtin(sample["scheme"])
    submissions = sample["submissions"]
    frame = pd.DataFrame([table_row(s) for s in submissions], columns=columns(scheme))
    incidents = pd.DataFrame(
        [row for s in submissions for row in incident_rows(s)],
        columns=["region", "id", "date", "scope", "reported_in_self_evaluation", "summary"],
    )
    frame.to_csv(DATA / "sample-2019.csv", index=False, lineterminator="\n")
    incidents.to_csv(DATA / "sample-2019-incidents.csv", index=False, lineterminator="\n")
    print(f"wrote {DATA / 'sample-2019.csv'} ({len(frame)} regions)")
    print(f"wrote {DATA / 'sample-2019-incidents.csv'} ({len(incidents)} incidents)")


if __name__ == "__main__":
    main()
