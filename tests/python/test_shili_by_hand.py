"""The Example Province (示例省, examples/data/shili/) graded by hand (issue 18).

Every total and grade below is worked out from the schemes' rules on paper, not taken from the
engine: the arithmetic is in the comments, and a disagreement with the engine is a bug in one
of them (never "fix" a number here by copying what qa.assess returns). The data files'
`expected_grades` (written by examples/make_shili_sample.py from qa.assess_many) are checked
against these hand-worked grades, not the other way round.

The rules, from examples/schemes/shili-county-2019.json (extends shili-prefecture-2019.json,
which extends cn-2013):

- Art. 4/5 targets (40 points): manufacturing_pass_rate 15 and agri_monitoring_pass_rate 15
  (deduction, 3 points per percentage point short of the region's filed target),
  construction_acceptance_rate 10 (2 per point short); met or beaten: full points; never
  below 0 (docs/scheme-language.md, "deduction").
- Art. 4/5 measures (60 points), level leaves scored points x fraction of the level:
  excellent 1, good 0.8, fair 0.6, poor 0.3, none 0. macro: development_plan 3,
  coordination_mechanism 3, brand_strategy 3, quality_statistics 3, quality_investment 4,
  industry_access 2 (18); supervision: 8 leaves of 3.5 (28); infrastructure (Art. 10
  adaptation): standards_metrology_certification 3.5, inspection_testing 3.5,
  quality_workforce 7 for counties (14) or 3.5 for prefectures (10.5), whose remaining 3.5 is
  county_results.
- Each leaf rounded once to 2 decimals half up; sums exact (docs/scheme-language.md, "Numbers
  and rounding"). A verified value (Art. 6.3) replaces the self-evaluated one; "v" marks it.
- Bands: counties A >= 85, B >= 75, C >= 60, else D (the county scheme, Art. 10);
  prefectures A >= 90, B >= 80, C >= 60, else D (cn-2013, Art. 5).
- Conditions: Art. 5 veto, a regional or systemic incident within the year forces D;
  Art. 10 (the province's own), an incident with deaths within the year caps the grade at B;
  Art. 9 misreporting, a leaf whose self-evaluation scores more than 10% of the leaf's points
  above its verified value is overstated (a notice, no grade effect).
- Prefecture point county_results (3.5): proportional to the share of the prefecture's
  counties graded A or B against a target of 80%, at most full points (Art. 10).

Notation in the comments: "3x0.8" is a leaf of 3 points at level good.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import qualityassess as qa

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DATA = EXAMPLES / "data" / "shili"
PROVINCE = "990000"


class Hand(NamedTuple):
    """One region worked by hand: node totals, total, grade by the bands, final grade."""

    targets: float
    measures: float
    total: float
    grade_by_bands: str
    grade: str
    conditions: list[str]


# fmt: off
COUNTIES = {
    # 990101 望川区
    # manufacturing 94.9 >= target 94.6: 15
    # agri 97.8 vs 97.9: 15 - 3 x 0.1 = 14.7
    # construction 98.2 vs 98.9: 10 - 2 x 0.7 = 8.6
    # targets = 15 + 14.7 + 8.6 = 38.3
    # macro: 3x1 + 3x1 + 3x0.8 + 3x1 + 4x1 + 2x0.8 = 17
    # supervision: 3.5 x (0.8 + 0.8 + 0.8 + 1 + 1 + 0.8 + 1 + 1) = 3.5 x 7.2 = 25.2
    # infrastructure: 3.5x1 + 3.5x1 + 7x0.8 = 12.6
    # total = 38.3 + 54.8 = 93.1
    # grade by the bands: A
    "990101": Hand(38.3, 54.8, 93.1, "A", "A", []),
    # 990102 柳汀区
    # manufacturing 89.1 vs 90.3: 15 - 3 x 1.2 = 11.4
    # agri 97.8 >= target 97.5: 15
    # construction 97.3 >= target 97.0: 10
    # targets = 11.4 + 15 + 10 = 36.4
    # macro: 3x0.8 + 3x0.8 + 3x1 + 3x1 + 4x0.8 + 2x0.8 = 15.6
    # supervision: 3.5 x (0.8 + 1 + 0.8 + 1 + 1 + 0.8 + 1 + 1) = 3.5 x 7.4 = 25.9
    # infrastructure: 3.5x0.8 + 3.5x1 + 7x0.8 = 11.9
    # total = 36.4 + 53.4 = 89.8
    # grade by the bands: A
    "990102": Hand(36.4, 53.4, 89.8, "A", "A", []),
    # 990103 青梧县
    # manufacturing 90.4 vs 90.8: 15 - 3 x 0.4 = 13.8
    # agri 95.8 vs 96.0: 15 - 3 x 0.2 = 14.4
    # construction 99.7 >= target 99.4: 10
    # targets = 13.8 + 14.4 + 10 = 38.2
    # macro: 3x1 + 3x0.8 + 3x0.8 + 3x1 + 4x0.8 + 2x1 = 16
    # supervision: 3.5 x (1 + 0.8 + 0.8 + 0.6 + 1 + 1 + 0.8 + 1v) = 3.5 x 7 = 24.5
    # infrastructure: 3.5x1v + 3.5x0.8 + 7x1 = 13.3
    # total = 38.2 + 53.8 = 92
    # grade by the bands: A
    "990103": Hand(38.2, 53.8, 92, "A", "A", []),
    # 990104 桐溪县
    # manufacturing 89.9 vs 90.4: 15 - 3 x 0.5 = 13.5
    # agri 96.8 vs 97.7: 15 - 3 x 0.9 = 12.3
    # construction 97.3 >= target 97.1: 10
    # targets = 13.5 + 12.3 + 10 = 35.8
    # macro: 3x1 + 3x1 + 3x1 + 3x1 + 4x1 + 2x1 = 18
    # supervision: 3.5 x (1 + 1 + 0.6 + 0.8 + 0.8 + 0.8 + 0.8 + 1) = 3.5 x 6.8 = 23.8
    # infrastructure: 3.5x1 + 3.5x1 + 7x0.8 = 12.6
    # total = 35.8 + 54.4 = 90.2
    # grade by the bands: A
    # Art. 10 (the province's condition fatal_incident): a local incident with 1 death on
    # 2019-10-20, inside the year 2019-07-01..2020-06-30 (Art. 3): A capped at B.
    "990104": Hand(35.8, 54.4, 90.2, "A", "B", ["fatal_incident"]),
    # 990105 云岙市
    # manufacturing 89.6 vs 90.4: 15 - 3 x 0.8 = 12.6
    # agri 95.3 >= target 95.2: 15
    # construction 98.7 vs 99.4: 10 - 2 x 0.7 = 8.6
    # targets = 12.6 + 15 + 8.6 = 36.2
    # macro: 3x1 + 3x0.8 + 3x0.8 + 3x0.8 + 4x0.8 + 2x0.8 = 15
    # supervision: 3.5 x (0.8 + 0.8 + 0.8 + 0.8 + 0.6 + 0.8 + 0.8 + 0.8) = 3.5 x 6.2 = 21.7
    # infrastructure: 3.5x0.8 + 3.5x0.8 + 7x0.8 = 11.2
    # total = 36.2 + 47.9 = 84.1
    # grade by the bands: B
    "990105": Hand(36.2, 47.9, 84.1, "B", "B", []),
    # 990201 岭前区
    # manufacturing 91.3 >= target 91.0: 15
    # agri 95.4 >= target 95.4: 15
    # construction 97.3 vs 97.7: 10 - 2 x 0.4 = 9.2
    # targets = 15 + 15 + 9.2 = 39.2
    # macro: 3x1 + 3x1 + 3x1 + 3x1 + 4x1v + 2x1 = 18
    # supervision: 3.5 x (1 + 0.8 + 1 + 1 + 1 + 1 + 1 + 0.8) = 3.5 x 7.6 = 26.6
    # infrastructure: 3.5x1 + 3.5x1 + 7x1 = 14
    # total = 39.2 + 58.6 = 97.8
    # grade by the bands: A
    # Its local incident (2020-04-17, no deaths) is neither regional nor fatal: no condition.
    "990201": Hand(39.2, 58.6, 97.8, "A", "A", []),
    # 990202 松陌县
    # manufacturing 93.5 vs 94.2: 15 - 3 x 0.7 = 12.9
    # agri 95.4 vs 95.9: 15 - 3 x 0.5 = 13.5
    # construction 97.5 >= target 97.2: 10
    # targets = 12.9 + 13.5 + 10 = 36.4
    # macro: 3x1 + 3x0.8 + 3x0.8 + 3x1 + 4x0.6 + 2x0.8 = 14.8
    # supervision: 3.5 x (0.8 + 0.6 + 0.8 + 0.8 + 0.8 + 0.6 + 0.8 + 0.6) = 3.5 x 5.8 = 20.3
    # infrastructure: 3.5x0.8 + 3.5x0.8 + 7x0.8 = 11.2
    # total = 36.4 + 46.3 = 82.7
    # grade by the bands: B
    "990202": Hand(36.4, 46.3, 82.7, "B", "B", []),
    # 990203 枫坳县
    # manufacturing 91.4 vs 92.2: 15 - 3 x 0.8 = 12.6
    # agri 95.4 vs 96.5: 15 - 3 x 1.1 = 11.7
    # construction 97.3 vs 98.1: 10 - 2 x 0.8 = 8.4
    # targets = 12.6 + 11.7 + 8.4 = 32.7
    # macro: 3x0.6 + 3x0.8 + 3x0.8 + 3x0.8 + 4x0.6 + 2x0.8 = 13
    # supervision: 3.5 x (0.8 + 0.8 + 0.8 + 0.8 + 0.8 + 0.8 + 0.6 + 1) = 3.5 x 6.4 = 22.4
    # infrastructure: 3.5x0.8 + 3.5x0.8 + 7x0.6 = 9.8
    # total = 32.7 + 45.2 = 77.9
    # grade by the bands: B
    "990203": Hand(32.7, 45.2, 77.9, "B", "B", []),
    # 990204 鹤岑县
    # manufacturing 92.1 vs 92.9: 15 - 3 x 0.8 = 12.6
    # agri 95.4 vs 96.4: 15 - 3 x 1 = 12
    # construction 98.2 vs 99.0: 10 - 2 x 0.8 = 8.4
    # targets = 12.6 + 12 + 8.4 = 33
    # macro: 3x0.6v + 3x0.6 + 3x0.6 + 3x0.8 + 4x0.6 + 2x0.8 = 11.8
    # supervision: 3.5 x (0.8 + 0.8 + 0.6 + 0.6 + 0.8 + 0.6 + 0.6 + 0.6) = 3.5 x 5.4 = 18.9
    # infrastructure: 3.5x0.6 + 3.5x0.6 + 7x0.6 = 8.4
    # total = 33 + 39.1 = 72.1
    # grade by the bands: C
    "990204": Hand(33, 39.1, 72.1, "C", "C", []),
    # 990301 湖汀区
    # manufacturing 89.7 vs 90.6: 15 - 3 x 0.9 = 12.3
    # agri 96.4 vs 96.9: 15 - 3 x 0.5 = 13.5
    # construction 97.5 vs 98.0: 10 - 2 x 0.5 = 9
    # targets = 12.3 + 13.5 + 9 = 34.8
    # macro: 3x1 + 3x0.8 + 3x1 + 3x1 + 4x0.8 + 2x1 = 16.6
    # supervision: 3.5 x (0.8 + 0.8 + 1 + 0.8 + 1 + 1v + 1 + 0.8) = 3.5 x 7.2 = 25.2
    # infrastructure: 3.5x0.8 + 3.5x0.8v + 7x1 = 12.6
    # total = 34.8 + 54.4 = 89.2
    # grade by the bands: A
    "990301": Hand(34.8, 54.4, 89.2, "A", "A", []),
    # 990302 莲渚县
    # manufacturing 91.8 >= target 91.8: 15
    # agri 95.4 vs 96.2: 15 - 3 x 0.8 = 12.6
    # construction 96.8 vs 98.5: 10 - 2 x 1.7 = 6.6
    # targets = 15 + 12.6 + 6.6 = 34.2
    # macro: 3x0.8 + 3x0.6 + 3x0.8 + 3x0.6 + 4x0.8 + 2x0.8v = 13.2
    # supervision: 3.5 x (0.8 + 0.8 + 0.8 + 0.8 + 0.8v + 0.8 + 0.8 + 0.8) = 3.5 x 6.4 = 22.4
    # infrastructure: 3.5x0.6 + 3.5x0.8 + 7x0.6 = 9.1
    # total = 34.2 + 44.7 = 78.9
    # grade by the bands: B
    "990302": Hand(34.2, 44.7, 78.9, "B", "B", []),
    # 990303 渔湾县
    # manufacturing 91.3 >= target 91.0: 15
    # agri 96.9 >= target 96.6: 15
    # construction 98.1 vs 98.8: 10 - 2 x 0.7 = 8.6
    # targets = 15 + 15 + 8.6 = 38.6
    # macro: 3x0.8 + 3x0.8v + 3x0.8v + 3x0.8 + 4x1 + 2x0.8 = 15.2
    # supervision: 3.5 x (0.6 + 0.8 + 0.8 + 0.6 + 0.8 + 0.8 + 0.6 + 0.8) = 3.5 x 5.8 = 20.3
    # infrastructure: 3.5x0.8 + 3.5x0.6 + 7x0.8 = 10.5
    # total = 38.6 + 46 = 84.6
    # grade by the bands: B
    "990303": Hand(38.6, 46, 84.6, "B", "B", []),
    # 990304 芦荻县
    # manufacturing 90.6 vs 91.9: 15 - 3 x 1.3 = 11.1
    # agri 95.3 vs 96.1: 15 - 3 x 0.8 = 12.6
    # construction 98.0 vs 98.3: 10 - 2 x 0.3 = 9.4
    # targets = 11.1 + 12.6 + 9.4 = 33.1
    # macro: 3x0.8 + 3x0.6 + 3x0.6 + 3x0.6 + 4x0.8 + 2x0.6 = 12.2
    # supervision: 3.5 x (0.6 + 0.6 + 0.6 + 0.6 + 0.8 + 0.6 + 0.6 + 0.6) = 3.5 x 5 = 17.5
    # infrastructure: 3.5x0.6 + 3.5x0.3 + 7x0.6 = 7.35
    # total = 33.1 + 37.05 = 70.15
    # grade by the bands: C
    "990304": Hand(33.1, 37.05, 70.15, "C", "C", []),
    # 990305 澜浦市
    # manufacturing 91.4 vs 92.5: 15 - 3 x 1.1 = 11.7
    # agri 95.3 vs 96.1: 15 - 3 x 0.8 = 12.6
    # construction 98.2 vs 99.4: 10 - 2 x 1.2 = 7.6
    # targets = 11.7 + 12.6 + 7.6 = 31.9
    # macro: 3x0.6 + 3x0.8 + 3x0.8 + 3x0.8 + 4x0.8 + 2x0.8 = 13.8
    # supervision: 3.5 x (0.8 + 0.6 + 0.8 + 0.8 + 0.8 + 0.8 + 1 + 0.8) = 3.5 x 6.4 = 22.4
    # infrastructure: 3.5x0.8 + 3.5x0.8 + 7x0.6 = 9.8
    # total = 31.9 + 46 = 77.9
    # grade by the bands: B
    # Art. 5 veto (systemic_incident): a regional incident on 2020-02-06, inside the year
    # (Art. 3): the B its total earns is forced to D.
    "990305": Hand(31.9, 46, 77.9, "B", "D", ["systemic_incident"]),
    # 990401 塬上区
    # manufacturing 90.1 vs 90.3: 15 - 3 x 0.2 = 14.4
    # agri 95.5 vs 95.9: 15 - 3 x 0.4 = 13.8
    # construction 97.1 vs 98.1: 10 - 2 x 1 = 8
    # targets = 14.4 + 13.8 + 8 = 36.2
    # macro: 3x0.8 + 3x0.8 + 3x0.8 + 3x0.8 + 4x0.8 + 2x0.8 = 14.4
    # supervision: 3.5 x (0.8 + 0.6 + 0.8 + 0.8 + 0.8 + 0.8 + 0.8 + 0.8) = 3.5 x 6.2 = 21.7
    # infrastructure: 3.5x0.8v + 3.5x0.6 + 7x0.8 = 10.5
    # total = 36.2 + 46.6 = 82.8
    # grade by the bands: B
    # Its local incident (2019-11-25, no deaths) is neither regional nor fatal: no condition.
    "990401": Hand(36.2, 46.6, 82.8, "B", "B", []),
    # 990402 黄塬县
    # manufacturing 92.5 (verified) vs 94.9: 15 - 3 x 2.4 = 7.8
    # agri 95.2 vs 96.5: 15 - 3 x 1.3 = 11.1
    # construction 97.2 >= target 97.1: 10
    # targets = 7.8 + 11.1 + 10 = 28.9
    # macro: 3x0.6v + 3x0.8 + 3x0.3v + 3x0.6v + 4x0.6 + 2x0.6 = 10.5
    # supervision: 3.5 x (0.3v + 0.8 + 0.6 + 0.8 + 1 + 1 + 0.8 + 0.3v) = 3.5 x 5.6 = 19.6
    # infrastructure: 3.5x1 + 3.5x0.8 + 7x0.3v = 8.4
    # total = 28.9 + 38.5 = 67.4
    # grade by the bands: C
    # Art. 9: the verified values are graded (Art. 6.3), and each of the 7 verified leaves
    # is overstated (self points - verified points > 10% of the leaf's points):
    # manufacturing 13.8 - 7.8 = 6 > 1.5; development_plan 3 - 1.8 = 1.2 > 0.3;
    # brand_strategy 2.4 - 0.9 = 1.5 > 0.3; quality_statistics 3 - 1.8 = 1.2 > 0.3;
    # supervision_capacity and service_supervision 2.8 - 1.05 = 1.75 > 0.35;
    # quality_workforce 5.6 - 2.1 = 3.5 > 0.7: condition misreporting (notice only).
    # As filed (self-evaluation only) the total would be 84.3, B (see the test below).
    "990402": Hand(28.9, 38.5, 67.4, "C", "C", ["misreporting"]),
    # 990403 风垭县
    # manufacturing 91.2 vs 92.3: 15 - 3 x 1.1 = 11.7
    # agri 96.1 vs 96.6: 15 - 3 x 0.5 = 13.5
    # construction 95.9 vs 97.1: 10 - 2 x 1.2 = 7.6
    # targets = 11.7 + 13.5 + 7.6 = 32.8
    # macro: 3x0.6 + 3x0.6 + 3x0.6 + 3x0.6 + 4x0.6 + 2x0.6 = 10.8
    # supervision: 3.5 x (0.8 + 0.6 + 0.6 + 0.6 + 0.6 + 0.6 + 0.6 + 0.6) = 3.5 x 5 = 17.5
    # infrastructure: 3.5x0.6 + 3.5x0.8v + 7x0.6 = 9.1
    # total = 32.8 + 37.4 = 70.2
    # grade by the bands: C
    "990403": Hand(32.8, 37.4, 70.2, "C", "C", []),
    # 990404 沙梁县
    # manufacturing 89.4 vs 91.1: 15 - 3 x 1.7 = 9.9
    # agri 96.2 vs 97.7: 15 - 3 x 1.5 = 10.5
    # construction 96.4 vs 98.2: 10 - 2 x 1.8 = 6.4
    # targets = 9.9 + 10.5 + 6.4 = 26.8
    # macro: 3x0.3 + 3x0.3 + 3x0.3 + 3x0.3 + 4x0.3 + 2x0.3 = 5.4
    # supervision: 3.5 x (0.3 + 0.3 + 0.3 + 0.3 + 0.3 + 0.3 + 0 + 0.3) = 3.5 x 2.1 = 7.35
    # infrastructure: 3.5x0 + 3.5x0.3 + 7x0 = 1.05
    # total = 26.8 + 13.8 = 40.6
    # grade by the bands: D
    "990404": Hand(26.8, 13.8, 40.6, "D", "D", []),
}

PREFECTURES = {
    # 990100 东川市
    # manufacturing 91.0 vs 91.3: 15 - 3 x 0.3 = 14.1
    # agri 95.8 vs 96.2: 15 - 3 x 0.4 = 13.8
    # construction 98.7 vs 99.1: 10 - 2 x 0.4 = 9.2
    # targets = 14.1 + 13.8 + 9.2 = 37.1
    # macro: 3x0.8 + 3x1 + 3x1 + 3x1 + 4x0.8v + 2x1v = 16.6
    # supervision: 3.5 x (1 + 0.8 + 0.8 + 0.8 + 1 + 1 + 1 + 1) = 3.5 x 7.4 = 25.9
    # infrastructure: 3.5x0.8 + 3.5x0.8 + 3.5x1 = 9.1
    # county_results: 5 of 5 counties A or B = 100% >= 80: 3.5 x 1 = 3.5
    # measures = 51.6 + 3.5 = 55.1; total = 37.1 + 55.1 = 92.2
    # grade by the bands: A
    # Its counties decide the grade: without county points, 88.7 would be B.
    "990100": Hand(37.1, 55.1, 92.2, "A", "A", []),
    # 990200 西岭市
    # manufacturing 91.8 vs 92.1: 15 - 3 x 0.3 = 14.1
    # agri 97.1 >= target 96.8: 15
    # construction 96.0 vs 97.4: 10 - 2 x 1.4 = 7.2
    # targets = 14.1 + 15 + 7.2 = 36.3
    # macro: 3x1 + 3x1 + 3x0.6 + 3x0.8 + 4x0.8 + 2x0.8 = 15
    # supervision: 3.5 x (0.8 + 1 + 0.6 + 1 + 0.8 + 1 + 0.8 + 1) = 3.5 x 7 = 24.5
    # infrastructure: 3.5x1 + 3.5x1 + 3.5x1 = 10.5
    # county_results: 3 of 4 = 75%: 3.5 x 75/80 = 3.28125 -> 3.28
    # measures = 50 + 3.28 = 53.28; total = 36.3 + 53.28 = 89.58
    # grade by the bands: B
    "990200": Hand(36.3, 53.28, 89.58, "B", "B", []),
    # 990300 南湖市
    # manufacturing 90.5 >= target 90.2: 15
    # agri 97.9 >= target 97.6: 15
    # construction 97.2 vs 98.0: 10 - 2 x 0.8 = 8.4
    # targets = 15 + 15 + 8.4 = 38.4
    # macro: 3x0.8 + 3x0.8 + 3x0.8 + 3x0.8 + 4x1 + 2x0.8 = 15.2
    # supervision: 3.5 x (0.8 + 0.8 + 0.8 + 0.8 + 0.8v + 0.8 + 0.8 + 1) = 3.5 x 6.6 = 23.1
    # infrastructure: 3.5x0.8 + 3.5x1 + 3.5x0.8 = 9.1
    # county_results: 3 of 5 = 60%: 3.5 x 60/80 = 2.625 -> 2.63 (half up)
    # measures = 47.4 + 2.63 = 50.03; total = 38.4 + 50.03 = 88.43
    # grade by the bands: B
    "990300": Hand(38.4, 50.03, 88.43, "B", "B", []),
    # 990400 北原市
    # manufacturing 90.5 vs 90.9: 15 - 3 x 0.4 = 13.8
    # agri 95.9 >= target 95.6: 15
    # construction 98.0 vs 98.2: 10 - 2 x 0.2 = 9.6
    # targets = 13.8 + 15 + 9.6 = 38.4
    # macro: 3x0.6 + 3x0.8 + 3x0.6 + 3x0.6 + 4x0.8 + 2x0.8 = 12.6
    # supervision: 3.5 x (0.8 + 0.6 + 0.6 + 0.6 + 0.8 + 0.6 + 0.6 + 0.8) = 3.5 x 5.4 = 18.9
    # infrastructure: 3.5x0.8 + 3.5x0.6 + 3.5x0.8 = 7.7
    # county_results: 1 of 4 = 25%: 3.5 x 25/80 = 1.09375 -> 1.09
    # measures = 39.2 + 1.09 = 40.29; total = 38.4 + 40.29 = 78.69
    # grade by the bands: C
    # Its counties decide the grade: with full county points, 77.6 + 3.5 = 81.1 would be B.
    "990400": Hand(38.4, 40.29, 78.69, "C", "C", []),
}

# fmt: on


def read_json(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def counties() -> dict[str, Any]:
    return read_json("counties-2019.json")


@pytest.fixture(scope="module")
def prefectures() -> dict[str, Any]:
    return read_json("prefectures-2019.json")


@pytest.fixture(scope="module")
def county_scheme() -> qa.Scheme:
    return qa.Scheme.load(EXAMPLES / "schemes" / "shili-county-2019.json")


@pytest.fixture(scope="module")
def prefecture_scheme() -> qa.Scheme:
    return qa.Scheme.load(EXAMPLES / "schemes" / "shili-prefecture-2019.json")


def worked(result: qa.Result) -> Hand:
    return Hand(
        result.nodes["targets"],
        result.nodes["measures"],
        result.total,
        result.grade_before_conditions,
        result.grade,
        [condition.id for condition in result.conditions],
    )


def test_the_hand_worked_mix_covers_every_grade_and_condition() -> None:
    """The counties reach A, B, C and D by score and every condition fires at least once."""
    by_bands = sorted({hand.grade_by_bands for hand in COUNTIES.values()})
    fired = sorted({c for hand in COUNTIES.values() for c in hand.conditions})
    assert by_bands == ["A", "B", "C", "D"]
    assert fired == ["fatal_incident", "misreporting", "systemic_incident"]
    assert sorted({hand.grade for hand in PREFECTURES.values()}) == ["A", "B", "C"]


def test_data_files_expect_the_hand_worked_grades(
    counties: dict[str, Any], prefectures: dict[str, Any]
) -> None:
    """The files' expected_grades (written from the engine) are the grades worked by hand."""
    assert counties["expected_grades"] == {code: h.grade for code, h in COUNTIES.items()}
    assert prefectures["expected_grades"] == {code: h.grade for code, h in PREFECTURES.items()}


def test_counties_by_assess_many_match_the_hand(
    county_scheme: qa.Scheme, counties: dict[str, Any]
) -> None:
    results = qa.assess_many(county_scheme, counties["submissions"])
    assert {r.region_code: worked(r) for r in results} == COUNTIES


def test_counties_by_assess_match_the_hand(
    county_scheme: qa.Scheme, counties: dict[str, Any]
) -> None:
    for submission in counties["submissions"]:
        result = qa.assess(county_scheme, submission)
        assert worked(result) == COUNTIES[result.region_code], result.region_code


def test_vetoed_and_capped_counties(county_scheme: qa.Scheme, counties: dict[str, Any]) -> None:
    """Art. 5: 澜浦市 vetoed (D, vetoed); Art. 10: 桐溪县 capped at B, not vetoed."""
    results = {r.region_code: r for r in qa.assess_many(county_scheme, counties["submissions"])}
    assert [code for code, r in results.items() if r.vetoed] == ["990305"]
    assert results["990104"].conditions[0].effect == qa.ConditionEffect("cap_grade", grade="B")


def test_overstating_county_as_filed_and_as_verified(
    county_scheme: qa.Scheme, counties: dict[str, Any]
) -> None:
    """Art. 9 / Art. 6.3: 黄塬县 as filed, its self-evaluation alone:
    manufacturing 94.5 vs 94.9: 15 - 3 x 0.4 = 13.8; agri 95.2 vs 96.5: 15 - 3 x 1.3 = 11.1;
    construction 97.2 >= 97.1: 10; targets 34.9.
    macro 3x1 + 3x0.8 + 3x0.8 + 3x1 + 4x0.6 + 2x0.6 = 14.4;
    supervision 3.5 x (0.8 + 0.8 + 0.6 + 0.8 + 1 + 1 + 0.8 + 0.8) = 3.5 x 6.6 = 23.1;
    infrastructure 3.5x1 + 3.5x0.8 + 7x0.8 = 11.9; measures 49.4.
    Total 34.9 + 49.4 = 84.3: B (75 <= 84.3 < 85), no finding. Verified: 67.4, C, 7 overstated
    leaves (the comment of COUNTIES["990402"])."""
    submission = next(s for s in counties["submissions"] if s["region"]["code"] == "990402")
    as_filed = copy.deepcopy(submission)
    del as_filed["verification"]
    filed = qa.assess(county_scheme, as_filed)
    assert worked(filed) == Hand(34.9, 49.4, 84.3, "B", "B", [])
    verified = qa.assess(county_scheme, submission)
    assert sorted(f.leaf for f in verified.findings) == [
        "brand_strategy",
        "development_plan",
        "manufacturing_pass_rate",
        "quality_statistics",
        "quality_workforce",
        "service_supervision",
        "supervision_capacity",
    ]
    assert {f.kind for f in verified.findings} == {"overstated"}
    assert "criticism_notice" in [c.id for c in verified.consequences]


def test_prefectures_by_assess_level_match_the_hand(
    county_scheme: qa.Scheme,
    prefecture_scheme: qa.Scheme,
    counties: dict[str, Any],
    prefectures: dict[str, Any],
) -> None:
    """Art. 10: county_results filled from the county grades worked above."""
    regions = qa.Regions.load(DATA / "regions.json")
    lower = qa.assess_many(county_scheme, counties["submissions"])
    results = qa.assess_level(
        prefecture_scheme,
        prefectures["submissions"],
        regions,
        level="prefecture",
        under=PROVINCE,
        lower=lower,
    )
    got = {r.region_code: worked(r) for r in getattr(results, "results", results)}
    assert got == PREFECTURES
    points = {
        r.region_code: r.nodes["county_results"] for r in getattr(results, "results", results)
    }
    assert points == {"990100": 3.5, "990200": 3.28, "990300": 2.63, "990400": 1.09}
