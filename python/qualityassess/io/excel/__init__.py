"""Excel round trip with openpyxl: the workbook regions fill in, reading it back, and the
results as a formatted workbook.

    qa.excel.write_template(scheme, "2019.xlsx", regions=[("420000", "湖北省")], year=2019)
    submissions = qa.excel.read_submissions("2019.xlsx")      # every bad cell named at once
    qa.excel.write_results(qa.assess_many(scheme, submissions), "results.xlsx")

A template has an instruction sheet (Chinese and English), one sheet per region (named after
the region) listing the scheme's points with their maximum, cells for the filed targets, the
self-evaluation, the verified values (and last year's values where a rule compares with them),
the bonus and penalty items and the incidents, with dropdowns and range checks, and a hidden
metadata sheet (scheme, year, regions, and which cell holds which value) so that reading back
never guesses. Values read back are checked by the core; problems name sheet and cell
(``湖北省!E12: 'superb' is not a level of development_plan (...)``).

Examples
--------
>>> import pathlib, tempfile
>>> import qualityassess as qa
>>> from qualityassess.sample import load_sample
>>> hubei = next(s for s in load_sample()["submissions"] if s["region"]["code"] == "420000")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "2019.xlsx"
>>> _ = qa.excel.write_template("cn-2013", path, [("420000", "湖北省")], 2019, submissions=[hubei])
>>> result = qa.assess("cn-2013", qa.excel.read_submissions(path)[0])  # filled in, read back
>>> result.region_name, result.total, result.grade
('湖北省', 89.8, 'B')
"""

from __future__ import annotations

from ._shared import INSTRUCTIONS_SHEET as INSTRUCTIONS_SHEET
from ._shared import META_SHEET as META_SHEET
from ._shared import TEMPLATE_FORMAT as TEMPLATE_FORMAT
from ._shared import Region as Region
from .reader import _read_filled as _read_filled
from .reader import read_scheme, read_submissions
from .results import write_results
from .template import write_template

__all__ = ["read_scheme", "read_submissions", "write_results", "write_template"]
