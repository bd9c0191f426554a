"""Reading a filled template back: the workbook's size and zip members checked before openpyxl
opens it, the ``_meta`` sheet checked against the scheme it stores and the sheets, and every
value read from the cell ``_meta`` names, each problem with its sheet and cell. (About 640
lines: the checks are one chain of trust, from the file to each cell, docs/security.md.)"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException

from ... import _core
from ..._errors import InputError, issues_of
from ..._files import PathLike
from ...calendar import assessment_calendar
from ...scheme import Scheme
from .._inputs import (
    MISSING,
    SchemeInputs,
    convert_adjustment_value,
    convert_leaf_value,
    is_blank,
    scheme_inputs,
)
from .._issues import check_located, input_error, pointer
from .._scheme_choice import choose_scheme, stored_scheme_problem
from ..frame import incident_document
from . import _wording as words
from ._shared import (
    INCIDENT_COLUMNS,
    LISTS_SHEET,
    META_SHEET,
    SCHEME_CHUNK,
    TEMPLATE_FORMAT,
    Region,
    _sheet_ref,
    _sheet_titles,
)
from ._validations import _Lists
from ._wording import Wording, located_error
from .template import _Map, _sheet_heading, _write_region_sheet

if TYPE_CHECKING:
    pass


# --- reading a filled template ------------------------------------------------------------
#
# A filled workbook comes back from the region it assesses, so nothing in it is trusted
# (docs/security.md, "Workbooks"). The assessor's scheme decides (_scheme_choice); the hidden
# _meta sheet was written by write_template, but the filler can edit it, so each of its rows
# must be the row write_template writes for that scheme and these regions, and each region
# sheet's visible heading must name the region _meta gives it. Everything is read in one
# streamed pass per sheet, bounded by the limits below, never by what the file declares.

_DOCUMENT_LIMITS = _core.document_limits()
MAX_WORKBOOK_BYTES = int(_DOCUMENT_LIMITS["max_bytes"])  # as for a JSON document: 32 MiB
# The zip members' declared sizes, summed: zipfile never inflates a member past its declared
# size, so this bounds what openpyxl can inflate (a zip bomb). A template of all ~2,850
# counties is about 100 MB inflated.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_REGION_SHEETS = 4_000  # more than China's ~2,850 counties
MAX_INCIDENT_ROWS = int(_DOCUMENT_LIMITS["max_incidents"])  # the core's limit, 10,000
MAX_SCHEME_CHUNKS = MAX_WORKBOOK_BYTES // SCHEME_CHUNK + 1
_META_COLUMNS = 6  # "cell", sheet, cell, path, kind, owner
_EXCEL_ROWS = 1_048_576


def _workbook_content(path: PathLike) -> bytes:
    """The file's bytes, after the checks that need no parsing: a regular file, its size, and
    its zip directory (member count and inflated size). OSError when it cannot be read."""
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    if status.st_size > MAX_WORKBOOK_BYTES:
        raise _too_large(path, status.st_size)
    with open(path, "rb") as handle:
        content = handle.read(MAX_WORKBOOK_BYTES + 1)
    if len(content) > MAX_WORKBOOK_BYTES:
        raise _too_large(path, None)
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (BadZipFile, ValueError, OSError, EOFError) as error:
        raise _not_a_workbook(path, error) from error
    inflated = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or inflated > MAX_INFLATED_BYTES:
        wording = words.zip_over_limits(len(members), inflated, MAX_ZIP_MEMBERS, MAX_INFLATED_BYTES)
        raise located_error(f"{path}: not read", [(str(path), wording)])
    return content


def _too_large(path: PathLike, size: int | None) -> InputError:
    """``size``: the file's, or None when it grew while read."""
    wording = words.too_large(MAX_WORKBOOK_BYTES, size)
    return located_error(f"{path}: not read", [(str(path), wording)])


def _not_a_workbook(path: PathLike, error: BaseException) -> InputError:
    wording = words.not_xlsx(error)
    return located_error(f"{path}: not an Excel workbook", [(str(path), wording)])


# What openpyxl raises on a damaged or hostile file: not a zip, missing parts, XML that does
# not parse (ParseError is a SyntaxError), entities refused by defusedxml (a ValueError), values
# of the wrong kind.
_UNREADABLE = (
    InvalidFileException,
    BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    EOFError,
)


def _load(content: bytes, path: PathLike, *, data_only: bool) -> Any:
    """openpyxl's read-only workbook: sheets are parsed as they are iterated, so memory follows
    the rows read, not the sheet's size."""
    try:
        with warnings.catch_warnings():  # unsupported extensions, odd styles: not our concern
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except _UNREADABLE as error:
        raise _not_a_workbook(path, error) from error


def _rows(
    workbook: Any, title: str, path: PathLike, last_row: int, last_column: int
) -> Iterator[tuple[Any, ...]]:
    """A sheet's cells, row by row from row 1, at most ``last_row`` rows of ``last_column``
    cells (openpyxl's cells, or None where empty). A sheet whose XML is damaged is bad input
    naming the sheet: read-only workbooks parse each sheet only now."""
    rows: Iterator[tuple[Any, ...]] | None = None
    while True:
        try:
            with warnings.catch_warnings():
                # e.g. "marked as a date but the serial value ... is outside the limits": the
                # cell is read as an error value, which the checks then refuse by its place.
                warnings.simplefilter("ignore", UserWarning)
                if rows is None:  # a chart sheet has no rows: bad input too
                    rows = workbook[title].iter_rows(
                        min_row=1, max_row=last_row, max_col=last_column, values_only=False
                    )
                row = next(rows)
        except StopIteration:
            return
        except _UNREADABLE as error:
            wording = words.sheet_unreadable(error)
            raise located_error(f"{path}: damaged workbook", [(title, wording)]) from error
        yield tuple(None if getattr(cell, "value", None) is None else cell for cell in row)


# --- the _meta sheet, row by row as write_template writes it


@dataclass
class _Meta:
    scheme_id: str
    version: str
    year: int
    scheme_json: str
    regions: list[tuple[str, Region]]  # (sheet title, region)
    region_row: int  # the row of _meta's first region
    incidents: dict[str, tuple[int, int]] = field(default_factory=dict)  # first, last row


class _MetaRows:
    """The rows of the _meta sheet in write_template's order, each taken once. Reading stops
    after the rows write_template writes, so a _meta declaring a million rows costs nothing."""

    def __init__(self, workbook: Any, path: PathLike) -> None:
        if META_SHEET not in workbook.sheetnames:
            heading = f"{path}: not a qualityassess template"
            raise located_error(heading, [(str(path), words.NO_META)])
        self._rows = _rows(workbook, META_SHEET, path, _EXCEL_ROWS, _META_COLUMNS)
        self._next: tuple[Any, ...] | None = None
        self.path = path
        self.number = 0  # the row last taken

    def key(self) -> Any:
        """The first cell of the next row (None at the end)."""
        if self._next is None:
            row = next(self._rows, None)
            self._next = (None,) * _META_COLUMNS if row is None else _values(row)
        return self._next[0]

    def take(self) -> tuple[Any, ...]:
        self.key()
        assert self._next is not None
        row, self._next = self._next, None
        self.number += 1
        return row

    def place(self, column: int = 1) -> str:
        return f"{META_SHEET}!{get_column_letter(column)}{self.number}"

    def damaged(self, column: int, wording: Wording) -> InputError:
        heading = f"{self.path}: damaged template"
        return located_error(heading, [(self.place(column), wording)])

    def altered(self, column: int | str, found: Any, expected: Any) -> InputError:
        """``column`` of the row last taken, or a place."""
        place = column if isinstance(column, str) else self.place(column)
        wording = words.altered(_shown(found), _shown(expected))
        return located_error(f"{self.path}: altered template", [(place, wording)])

    def expect(self, expected: Sequence[Any]) -> None:
        """The next row must be ``expected`` (and nothing after it)."""
        row = self.take()
        wanted = (*expected, *(None,) * (_META_COLUMNS - len(expected)))
        for column, (found, value) in enumerate(zip(row, wanted, strict=True), start=1):
            if found != value or type(found) is not type(value):
                raise self.altered(column, found, value)

    def text(self, row: Sequence[Any], column: int, *, optional: bool = False) -> str:
        value = row[column - 1]
        if optional and value is None:
            return ""
        if not isinstance(value, str) or not (optional or value):
            raise self.damaged(column, words.not_text(_shown(value)))
        return value

    def whole(self, row: Sequence[Any], column: int) -> int:
        value = row[column - 1]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if type(value) is not int:
            raise self.damaged(column, words.not_whole(_shown(value)))
        return value


def _values(row: Sequence[Any]) -> tuple[Any, ...]:
    values = tuple(None if cell is None else cell.value for cell in row)
    return values + (None,) * (_META_COLUMNS - len(values))


def _shown(value: Any) -> str:
    """A value in a message, at most 80 characters of it."""
    return _clipped(repr(value))


def _clipped(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _meta_header(rows: _MetaRows) -> _Meta:
    """The rows before the cell map: format, scheme, year, the stored scheme, the regions."""
    row = rows.take()
    if row[0] != "format" or row[1] != TEMPLATE_FORMAT:
        wording = words.unknown_format(_shown(row[1]))
        raise located_error(f"{rows.path}: unknown template format", [(rows.place(2), wording)])
    row = rows.take()
    if row[0] != "scheme":
        raise rows.damaged(1, words.key_expected("scheme", _shown(row[0])))
    scheme_id, version = rows.text(row, 2), rows.text(row, 3, optional=True)
    row = rows.take()
    if row[0] != "year":
        raise rows.damaged(1, words.key_expected("year", _shown(row[0])))
    year = rows.whole(row, 2)
    chunks: list[str] = []
    while rows.key() == "scheme_json":
        row = rows.take()
        if len(chunks) == MAX_SCHEME_CHUNKS:
            raise rows.damaged(1, words.too_many_scheme_parts(MAX_SCHEME_CHUNKS))
        chunks.append(rows.text(row, 2))
    regions: list[tuple[str, Region]] = []
    region_row = rows.number + 1
    while rows.key() == "region":
        row = rows.take()
        if len(regions) == MAX_REGION_SHEETS:
            raise rows.damaged(1, words.too_many_regions(MAX_REGION_SHEETS))
        title, code = rows.text(row, 2), rows.text(row, 3)
        regions.append((title, Region(code, rows.text(row, 4, optional=True))))
    return _Meta(scheme_id, version, year, "".join(chunks), regions, region_row)


@dataclass(frozen=True)
class _Layout:
    """Where write_template puts a scheme's values on a region sheet: the same on every sheet
    whatever the region and language, so computed once, by writing one sheet."""

    cells: tuple[tuple[str, str, str, str], ...]  # (cell, path, kind, owner), _meta's order
    incidents_first: int  # the first row of the incidents table
    last_column: int

    @property
    def last_row(self) -> int:
        return self.incidents_first - 1


def _layout(scheme: Scheme, inputs: SchemeInputs, year: int) -> _Layout:
    workbook = Workbook()
    lists, cell_map = _Lists(workbook.create_sheet(LISTS_SHEET)), _Map()
    region = Region("0", "")
    _write_region_sheet(
        workbook, "layout", region, scheme, inputs, year, lists, cell_map, None, 0, "zh"
    )
    cells = tuple((ref, path, kind, owner) for _, ref, path, kind, owner in cell_map.cells)
    columns = [coordinate_to_tuple(ref)[1] for ref, *_ in cells]
    return _Layout(cells, cell_map.incidents[0][1], max([len(INCIDENT_COLUMNS), *columns]))


def _meta_cells(rows: _MetaRows, meta: _Meta, layout: _Layout) -> None:
    """The rest of _meta, each row checked against write_template's: the cell map, the
    incident rows (their number, at most MAX_INCIDENT_ROWS, is the one thing that varies) and
    the incident columns; nothing may follow."""
    for title, _ in meta.regions:
        for entry in layout.cells:
            rows.expect(("cell", title, *entry))
    for title, _ in meta.regions:
        row = rows.take()
        if row[0] != "incidents" or row[1] != title:
            raise rows.altered(1, row[:2], ("incidents", title))
        first, last = rows.whole(row, 3), rows.whole(row, 4)
        if first != layout.incidents_first:
            raise rows.altered(3, first, layout.incidents_first)
        if not 0 <= last - first + 1 <= MAX_INCIDENT_ROWS:
            raise rows.damaged(4, words.incident_rows(last - first + 1, MAX_INCIDENT_ROWS))
        meta.incidents[title] = (first, last)
    for index, name in enumerate(INCIDENT_COLUMNS, start=1):
        rows.expect(("incident_column", name, get_column_letter(index)))
    if rows.key() is not None:
        rows.take()
        raise rows.damaged(1, words.EXTRA_META_ROW)


def _check_titles(rows: _MetaRows, meta: _Meta) -> None:
    """The sheet titles must be those write_template gives these regions."""
    expected = _sheet_titles([region for _, region in meta.regions])
    for index, ((title, _), wanted) in enumerate(zip(meta.regions, expected, strict=True)):
        if title != wanted:
            raise rows.altered(f"{META_SHEET}!B{meta.region_row + index}", title, wanted)


def _check_stored_scheme(meta: _Meta, scheme: Scheme, path: PathLike) -> None:
    stored = (meta.scheme_id, meta.version, meta.scheme_json)
    problem = stored_scheme_problem(*stored, scheme)
    if problem is not None:
        raise located_error(f"{path}: altered template", [(f"{META_SHEET}!B4", problem)])


def read_scheme(path: PathLike) -> Scheme:
    """The scheme document stored in a template, for inspection only (e.g. ``qa.diff`` with
    yours when a workbook is refused). Grading never uses it: :func:`read_submissions` grades
    with the assessor's scheme, or the built-in scheme the template names, and refuses a
    workbook whose stored scheme is not that one. Raises OSError when the file cannot be
    read, InputError or SchemeError when it is not a template."""
    workbook = _load(_workbook_content(path), path, data_only=True)
    try:
        return Scheme.from_json(_meta_header(_MetaRows(workbook, path)).scheme_json)
    finally:
        workbook.close()


# --- the region sheets


def _scaled_percent(value: Any, number_format: str) -> Any:
    """A number in a cell formatted as a percentage, as the person who typed it sees it.

    Typing 94.3% (or 94.3 into a cell formatted "0.0%") stores 0.943, and the clerk sees
    94.3%; the scheme's rates are percentages, so 94.3 is the value meant, and reading 0.943
    would score a pass rate of 94.3% as under 1%. The value is scaled exactly in decimal
    (0.943 * 100 is 94.29999999999998 in binary floating point; Decimal("0.943") * 100 is
    94.3). Only an unquoted, unescaped % scales: '0.0"%"' and '0.0\\%' just print the sign."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if "%" not in re.sub(r'"[^"]*"|\\.', "", number_format or ""):
        return value
    return float(Decimal(repr(value)) * 100)


class _Sheets:
    """The cells of a filled workbook's region sheets, read once each. A formula's value is the
    one Excel saved with it; a formula saved without one (written by a program, never opened in
    Excel) is reported rather than read as an empty cell."""

    def __init__(self, content: bytes, path: PathLike) -> None:
        self._content, self._path = content, path
        self.workbook = _load(content, path, data_only=False)  # formulas as written
        self._saved: Any = None  # the same workbook with formulas' saved values, when needed
        self.problems: list[tuple[str, Wording]] = []  # formulas without a saved value

    def values(self, title: str, last_row: int, last_column: int) -> dict[tuple[int, int], Any]:
        """The non-empty values of the sheet's first ``last_row`` rows and ``last_column``
        columns, by (row, column)."""
        found: dict[tuple[int, int], Any] = {}
        formulas: dict[tuple[int, int], Any] = {}
        for r, row in enumerate(_rows(self.workbook, title, self._path, last_row, last_column), 1):
            for c, cell in enumerate(row, start=1):
                if cell is None:
                    continue
                if cell.data_type == "f":
                    formulas[r, c] = cell
                else:
                    found[r, c] = _scaled_percent(cell.value, cell.number_format)
        if formulas:
            found.update(self._saved_values(title, formulas, last_row, last_column))
        return found

    def _saved_values(
        self,
        title: str,
        formulas: Mapping[tuple[int, int], Any],
        last_row: int,
        last_column: int,
    ) -> dict[tuple[int, int], Any]:
        if self._saved is None:
            self._saved = _load(self._content, self._path, data_only=True)
        saved: dict[tuple[int, int], Any] = {}
        for r, row in enumerate(_rows(self._saved, title, self._path, last_row, last_column), 1):
            for c, cell in enumerate(row, start=1):
                if (r, c) in formulas and cell is not None:
                    saved[r, c] = _scaled_percent(cell.value, formulas[r, c].number_format)
        for (r, c), formula in formulas.items():
            if (r, c) not in saved:
                place = f"{_sheet_ref(title)}!{get_column_letter(c)}{r}"
                self.problems.append((place, words.no_saved_value(_clipped(str(formula.value)))))
        return saved

    def close(self) -> None:
        self.workbook.close()
        if self._saved is not None:
            self._saved.close()


def _set(document: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    target = document
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


@dataclass
class _Reading:
    """What reading every region sheet needs: the template's metadata, the deciding scheme and
    where write_template put its values."""

    path: PathLike
    meta: _Meta
    scheme: Scheme
    inputs: SchemeInputs
    layout: _Layout


def _check_heading(
    reading: _Reading, title: str, region: Region, values: Mapping[tuple[int, int], Any]
) -> list[tuple[str, Wording]]:
    """A sheet's region is the one its own visible heading names (A1), for the year (A2) and
    scheme (A3) _meta gives: renaming sheets must not move a region's values to another."""
    headings = {
        lang: _sheet_heading(region, reading.scheme, reading.meta.year, lang)
        for lang in ("zh", "en")
    }
    problems = []
    for row, what in enumerate(words.HEADING_ROWS, start=1):
        found = values.get((row, 1))
        if found not in {heading[row - 1] for heading in headings.values()}:
            expected = _shown(headings["zh"][row - 1])
            wording = words.heading_differs(_shown(found), what, expected)
            problems.append((f"{_sheet_ref(title)}!A{row}", wording))
    return problems


def _read_region(
    reading: _Reading, title: str, region: Region, values: Mapping[tuple[int, int], Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    ref = _sheet_ref(title)
    document: dict[str, Any] = {
        "region": {"code": region.code, "name": region.name},
        "year": reading.meta.year,
        "scheme": reading.scheme.id,
    }
    locator = {"/region": f"{ref}!A1", "/year": f"{ref}!A2", "/scheme": f"{META_SHEET}!B2"}
    for cell, path, kind, owner in reading.layout.cells:
        parts = [_unescape(p) for p in path.strip("/").split("/")]
        raw = values.get(coordinate_to_tuple(cell))
        value: Any
        if kind == "adjustment":
            value = convert_adjustment_value(reading.inputs.adjustment(owner), raw)
        else:
            value = convert_leaf_value(reading.inputs.leaf(owner), raw, item=kind == "item")
        if value is MISSING:
            continue
        _set(document, parts, value)
        locator[path] = f"{ref}!{cell}"
    _read_incidents(reading, title, values, document, locator)
    return document, locator


def _read_incidents(
    reading: _Reading,
    title: str,
    values: Mapping[tuple[int, int], Any],
    document: dict[str, Any],
    locator: dict[str, str],
) -> None:
    ref = _sheet_ref(title)
    incidents: list[dict[str, Any]] = []
    code = document["region"]["code"]
    first, last = reading.meta.incidents[title]
    columns = [get_column_letter(c) for c in range(1, len(INCIDENT_COLUMNS) + 1)]
    for row in range(first, last + 1):
        row_values = {
            name: values.get((row, column)) for column, name in enumerate(INCIDENT_COLUMNS, start=1)
        }
        if all(is_blank(v) for v in row_values.values()):
            continue
        index = len(incidents)
        incidents.append(incident_document(row_values, reading.inputs, f"{code}-{index + 1}"))
        locator[pointer("incidents", index)] = f"{ref}!{columns[0]}{row}:{columns[-1]}{row}"
        for name, column in zip(INCIDENT_COLUMNS, columns, strict=True):
            locator[pointer("incidents", index, name)] = f"{ref}!{column}{row}"
    if incidents:
        document["incidents"] = incidents


def _reading(
    rows: _MetaRows, scheme: Scheme | str | PathLike | None, ask: str | Wording, path: PathLike
) -> _Reading:
    """The template's metadata checked against the scheme that decides."""
    meta = _meta_header(rows)
    given = None if scheme is None else Scheme.resolve(scheme)
    decided = choose_scheme(
        given, [meta.scheme_id], where=str(path), place=f"{META_SHEET}!B2", ask=ask
    )
    _check_stored_scheme(meta, decided, path)
    _check_titles(rows, meta)
    try:
        assessment_calendar(meta.year)  # the core checks the year (2000-2200)
    except InputError as error:
        # The core words the year's problem in both languages.
        wording = Wording(str(issues_of(error)[0][1]), str(issues_of(error, "zh")[0][1]))
        raise located_error(f"{path}: damaged template", [(f"{META_SHEET}!B3", wording)]) from error
    inputs = scheme_inputs(decided)
    layout = _layout(decided, inputs, meta.year)
    _meta_cells(rows, meta, layout)
    return _Reading(path, meta, decided, inputs, layout)


def _read_filled(
    path: PathLike,
    scheme: Scheme | str | PathLike | None = None,
    *,
    ask: str | Wording = "scheme=",
    on_regions: Callable[[int], None] | None = None,
    on_region: Callable[[], None] | None = None,
) -> tuple[Scheme, list[dict[str, Any]]]:
    """The scheme that decides and the submissions of a filled template (read_submissions).
    For a progress bar: ``on_regions(n)`` once ``_meta`` names the n region sheets, and
    ``on_region()`` as each is read (a read-only workbook parses a sheet only as it is read,
    so that is where the time goes)."""
    sheets = _Sheets(_workbook_content(path), path)
    try:
        reading = _reading(_MetaRows(sheets.workbook, path), scheme, ask, path)
        if on_regions is not None:
            on_regions(len(reading.meta.regions))
        documents, locators, fallbacks = [], [], []
        problems: list[tuple[str, Wording]] = []
        for title, region in reading.meta.regions:
            if title not in sheets.workbook.sheetnames:
                problems.append((title, words.sheet_missing(region.code)))
                continue
            last_row = max(reading.layout.last_row, reading.meta.incidents[title][1])
            values = sheets.values(title, last_row, reading.layout.last_column)
            problems.extend(_check_heading(reading, title, region, values))
            document, locator = _read_region(reading, title, region, values)
            documents.append(document)
            locators.append(locator)
            fallbacks.append(_sheet_ref(title))
            if on_region is not None:
                on_region()
    finally:
        sheets.close()
    problems.extend(sheets.problems)
    _check(reading.scheme, documents, locators, fallbacks, f"{path}: invalid workbook", problems)
    return reading.scheme, documents


def _check(
    scheme: Scheme,
    documents: Sequence[Mapping[str, Any]],
    locators: Sequence[Mapping[str, str]],
    fallbacks: Sequence[str],
    heading: str,
    problems: Sequence[tuple[str, Wording]],
) -> None:
    """``check_located`` with the reader's own ``problems`` (headings, missing sheets,
    formulas) first, in English in ``issues`` and in Chinese in ``issues_zh``: check_located
    takes them in English only, so its error's first issues_zh are replaced by the Chinese."""
    english = [(place, wording.en) for place, wording in problems]
    try:
        check_located(scheme, documents, locators, fallbacks, heading, english)
    except InputError as error:
        if not problems or error.issues[: len(english)] != english:
            raise
        chinese = [(place, wording.zh) for place, wording in problems]
        issues_zh = chinese + error.issues_zh[len(chinese) :]
        raise input_error(heading, error.issues, issues_zh) from None


def read_submissions(
    path: PathLike, scheme: Scheme | str | PathLike | None = None
) -> list[dict[str, Any]]:
    """The submissions in a filled template, one per region sheet, in sheet order, checked by
    the core.

    ``scheme``: the assessor's scheme (a Scheme, a built-in id or a file), which grades them;
    the template must name its id. Without it, the template must name a built-in scheme by
    id, which then grades them. Either way the scheme stored in the template must be that
    scheme exactly (id, version, SHA-256 of its canonical JSON), the hidden metadata must be
    what :func:`write_template` writes for it, and each sheet's heading must name its region;
    the file is refused otherwise (docs/security.md, "Which scheme decides").

    Raises :class:`qualityassess.InputError` listing every bad cell at once, each issue's path
    the cell (``湖北省!E12``), and OSError when the file cannot be read."""
    return _read_filled(path, scheme)[1]
