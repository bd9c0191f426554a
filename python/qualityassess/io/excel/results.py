"""The results as a formatted workbook: the ranking, each region's points and findings, and
the roll-ups to the level above."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..._files import PathLike, atomic_path
from ..._i18n import Lang, check_lang, effect_text, finding_kind, text, words
from ...assessment import Result
from ...display.html import article_text
from ...display.ranking import condition_names, grade_changed, grade_reason
from .._issues import input_error
from ..frame import ranked
from ..regions import rollup_table
from ._print import fit_row_height, print_setup, text_width
from ._shared import HEADER_FILL, HEADER_FONT, WRAP, _put

if TYPE_CHECKING:
    import pandas as pd


# --- results as a workbook ----------------------------------------------------------------


CODE_ALIGNMENT = Alignment(horizontal="left", indent=1)
# The widest a column grows for its values (a reason, a consequence); longer text wraps.
MAX_WIDTH = 60
RANK_ALIGNMENT = Alignment(horizontal="center")


def _shown_width(value: Any) -> int:
    """How wide a value shows in a cell: numbers with their 2 decimals, CJK text double."""
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return text_width(str(value))


def _table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    lang: str,
    *,
    codes: Sequence[int] = (1,),
    ranks: Sequence[int] = (),
    **printing: Any,
) -> None:
    """A table from A1 with a header row (frozen, and repeated on every printed page).
    ``codes``: the columns of region codes, written and formatted as text ("@") and set off
    from the column before; ``ranks``: columns of ranks, centred whole numbers (a rank right
    against a code read "1 440000" as one number); numbers show 2 decimals. Each column is as
    wide as its values, its heading wrapping over more lines rather than widening a column
    of numbers; ``printing``: options of :func:`print_setup`."""
    for column, header in enumerate(headers, start=1):
        cell = _put(sheet.cell(row=1, column=column), header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    widest = [0] * len(headers)
    numeric = [True] * len(headers)
    count = 0
    for r, values in enumerate(rows, start=2):
        count += 1
        for c, value in enumerate(values, start=1):
            if c in codes and value is not None:
                value = str(value)
            cell = _put(sheet.cell(row=r, column=c), value)
            if c in codes:
                cell.number_format, cell.alignment = "@", CODE_ALIGNMENT
            elif c in ranks:
                cell.number_format, cell.alignment = "0", RANK_ALIGNMENT
            elif isinstance(value, float):
                cell.number_format = "0.00"
            widest[c - 1] = max(widest[c - 1], _shown_width(value))
            numeric[c - 1] &= value is None or isinstance(value, (int, float))
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    for column, header in enumerate(headers, start=1):
        heading = min(text_width(header), 12 if numeric[column - 1] else 24)
        width = max(heading, widest[column - 1]) + 2  # the filter's arrow and the padding
        low = 6 if column in ranks else 10  # a code column keeps its set-off
        width = max(low, min(MAX_WIDTH, width))
        sheet.column_dimensions[get_column_letter(column)].width = width
        if widest[column - 1] + 2 > width:  # a longer text wraps in its cell, on screen and paper
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if isinstance(cell.value, str) and _shown_width(cell.value) + 2 > width:
                    cell.alignment = WRAP
    fit_row_height(sheet, 1, range(1, len(headers) + 1))
    print_setup(sheet, lang, title_rows="1:1", **printing)


def _rollup_rows(frame: pd.DataFrame) -> Iterator[list[Any]]:
    """A roll-up's rows as cell values: counts as integers, totals as numbers (None when no
    region under the parent is graded), region lists as text."""
    columns = list(frame.columns)
    grades = columns[columns.index("graded") + 1 : columns.index("mean_total")]
    for code, row in frame.iterrows():
        yield [
            str(code),
            str(row["name"]),
            int(row["expected"]),
            int(row["graded"]),
            *(int(row[grade]) for grade in grades),
            *(None if row[c] != row[c] else float(row[c]) for c in ("mean_total", "lowest_total")),
            row["lowest_region"] or "",
            " ".join(row["vetoed"]),
            " ".join(row["misreporting"]),
        ]


def write_results(
    results: Sequence[Result],
    path: PathLike,
    lang: Lang = "zh",
    *,
    rollups: Sequence[pd.DataFrame] = (),
) -> Path:
    """The results as a formatted workbook: ranking, points per node, conditions, findings
    and consequences, one sheet each, in Chinese (``"zh"``) or English, then one sheet per
    roll-up in ``rollups`` (frames of :func:`qualityassess.roll_up`, Art. 10). The file is
    replaced only once written completely."""
    lang = check_lang(lang)
    if not results:
        raise input_error(
            "nothing to write", [("results", "no results")], [("results", "没有考核结果")]
        )
    w = words(lang)
    scheme = results[0].scheme
    nodes = scheme.nodes()
    yes_no = {True: w["yes"], False: ""}
    # As in the report's ranking: listed by grade, a region can come below one with a lower
    # total; when a condition decided some grade, a last column names it (beside the grade
    # by score, which has its own column: the conditions' names alone).
    reasons = any(grade_changed(r) for r in results)
    names = condition_names(scheme, lang) if reasons else {}
    workbook = Workbook()
    ranking = workbook.active
    assert ranking is not None
    ranking.title = w["ranking"][:31]
    _table(
        ranking,
        [
            w["rank"],
            w["code"],
            w["region"],
            w["total"],
            w["grade"],
            w["grade_before"],
            w["vetoed"],
            w["findings"],
            *([w["grade_changed_by"]] if reasons else []),
        ],
        (
            [
                rank,
                r.region_code,
                r.region_name,
                r.total,
                r.grade,
                r.grade_before_conditions,
                yes_no[r.vetoed],
                r.finding_count,
                *([grade_reason(r, names, lang, change=False)] if reasons else []),
            ]
            for rank, r in ranked(results)
        ),
        lang,
        codes=(2,),
        ranks=(1,),
    )
    points = workbook.create_sheet(w["points"][:31])
    node_headers = [
        f"{n['number'] + ' ' if n['number'] else ''}{text(n['name'], lang)} ({n['points']:g})"
        for n in nodes
    ]
    _table(
        points,
        [w["code"], w["region"], w["total"], w["grade"], *node_headers],
        (
            [r.region_code, r.region_name, r.total, r.grade, *(r.nodes.get(n["id"]) for n in nodes)]
            for r in results
        ),
        lang,
        # Too wide for one page (a column per node): printed across pages, each with the
        # codes, names and headings, rather than shrunk to an unreadable size.
        landscape=True,
        fit_width=False,
        title_columns="A:B",
    )
    points.freeze_panes = "C2"  # the codes and names stay in view beside the node columns
    conditions = workbook.create_sheet(w["conditions"][:31])
    _table(
        conditions,
        [w["code"], w["region"], "id", w["effect"], w["reason"]],
        (
            [
                r.region_code,
                r.region_name,
                c.id,
                effect_text(c.effect, lang),
                c.reason_in(lang),
            ]
            for r in results
            for c in r.conditions
        ),
        lang,
    )
    findings = workbook.create_sheet(w["findings"][:31])
    _table(
        findings,
        [w["code"], w["region"], w["findings"], w["leaf"], w["note"]],
        (
            [
                r.region_code,
                r.region_name,
                finding_kind(f.kind, lang),
                f.leaf or f.incident or "",
                f.detail_in(lang),
            ]
            for r in results
            for f in r.findings
        ),
        lang,
    )
    consequences = workbook.create_sheet(w["consequences"][:31])
    _table(
        consequences,
        [w["code"], w["region"], w["grade"], w["article"], w["consequences"]],
        (
            [
                r.region_code,
                r.region_name,
                r.grade,
                article_text(c.article, lang),
                c.text_in(lang),
            ]
            for r in results
            for c in r.consequences
        ),
        lang,
    )
    for index, frame in enumerate(rollups, start=1):
        sheet = workbook.create_sheet(f"{w['rollups']} {index}"[:31])
        _table(sheet, rollup_table(frame, lang).headers, _rollup_rows(frame), lang)
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return Path(path)
