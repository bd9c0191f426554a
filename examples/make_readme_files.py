"""Write the example files the README's "A CLI session" uses, so that every command there runs
as written from the repository root:

- ``examples/readme/broken.json``: the built-in cn-2013 scheme with one ``per_point: 0``
  (``qualityassess validate`` names it and exits 1);
- ``examples/readme/filled-2019.xlsx``: the Excel template of cn-2013 for 湖北省, filled
  in with examples/submissions/hubei-2019.json, with the typo 'superb' as its
  self-evaluation of the development plan (``qualityassess grade`` names the cell, exits 1);
- ``examples/readme/altered-2019.xlsx``: the same template filled in correctly, but with
  the scheme stored in its hidden ``_meta`` sheet edited (refused: the template was altered).

They live in a folder of their own (not examples/schemes, whose schemes are all valid). The
generated files are committed, so the README's commands work without running this.

    python examples/make_readme_files.py        # rewrites the three files
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

import qualityassess as qa

EXAMPLES = Path(__file__).resolve().parent
SUBMISSION = EXAMPLES / "submissions" / "hubei-2019.json"
README_FILES = EXAMPLES / "readme"
BROKEN = README_FILES / "broken.json"
FILLED = README_FILES / "filled-2019.xlsx"
ALTERED = README_FILES / "altered-2019.xlsx"
TYPO_PATH = "/self_evaluation/development_plan"  # the cell the README shows: 湖北省!E14


def write_broken_scheme(path: Path) -> None:
    document = qa.Scheme.builtin("cn-2013").to_dict()
    rule = document["nodes"][0]["children"][0]["children"][0]["rule"]
    assert "per_point" in rule, "cn-2013's first point no longer has per_point"
    rule["per_point"] = 0  # must be > 0
    document["id"] = "cn-2013-broken"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _meta_cell(workbook: Any, path: str) -> tuple[str, str]:
    """The region sheet and cell holding ``path``, from the template's hidden cell map."""
    for row in workbook["_meta"].iter_rows(values_only=True):
        if row[0] == "cell" and row[3] == path:  # cell, sheet, cell, path, kind, owner
            return str(row[1]), str(row[2])
    raise LookupError(f"{path} is not in the template's cell map")


def write_filled(path: Path, submission: dict[str, Any]) -> None:
    qa.excel.write_template("cn-2013", path, submissions=[submission])
    workbook = load_workbook(path)
    sheet, cell = _meta_cell(workbook, TYPO_PATH)
    workbook[sheet][cell] = "superb"
    workbook.save(path)


def write_altered(path: Path, submission: dict[str, Any]) -> None:
    qa.excel.write_template("cn-2013", path, submissions=[submission])
    workbook = load_workbook(path)
    meta = workbook["_meta"]
    assert meta["A4"].value == "scheme_json", "the stored scheme is no longer in _meta!B4"
    stored = json.loads(meta["B4"].value)
    stored["nodes"][0]["children"][0]["children"][0]["rule"]["per_point"] = 1  # 3 in cn-2013
    meta["B4"] = json.dumps(stored, ensure_ascii=False, separators=(",", ":"))
    workbook.save(path)


def main() -> None:
    submission = json.loads(SUBMISSION.read_text(encoding="utf-8"))
    README_FILES.mkdir(exist_ok=True)
    write_broken_scheme(BROKEN)
    write_filled(FILLED, submission)
    write_altered(ALTERED, submission)
    for path in (BROKEN, FILLED, ALTERED):
        print(f"written {path.relative_to(EXAMPLES.parent)}")


if __name__ == "__main__":
    main()
