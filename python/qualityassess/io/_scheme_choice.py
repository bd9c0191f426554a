"""Which scheme grades a data file or a filled workbook: the one place that decides
(docs/security.md, "Which scheme decides").

The assessor chooses the rules, never the file being graded. A data file or a workbook comes
from the region being assessed; what it says about its scheme is a claim to check:

- a scheme the assessor gives (``--scheme``, ``scheme=``) decides, and the id the data names
  must be its id;
- without one, the id the data names must be a built-in scheme's, which then decides. The id is
  never a path: a file the data names is not opened (it could lower the bands, or be a FIFO that
  never ends);
- a scheme document stored in a workbook must be the deciding scheme itself, compared by id,
  version and a SHA-256 digest of the canonical JSON (:func:`scheme_digest`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from .. import _core
from .._errors import InputError, SchemeError
from ..scheme import Scheme, builtin_schemes
from ._table_problems import Wording

__all__ = ["SchemeChoiceError", "choose_scheme", "scheme_digest", "stored_scheme_problem"]


class SchemeChoiceError(InputError):
    """No scheme may grade the data: the data names another scheme than the one given, or a
    scheme that is not built in while none is given. Its text is one line, in English; its one
    problem is in ``issues`` and, in Chinese, in ``issues_zh`` (the command line shows its
    ``--lang``)."""


def _refuse(where: str, place: str, wording: Wording) -> SchemeChoiceError:
    return SchemeChoiceError(
        f"{where}: {place}: {wording.en}", [(place, wording.en)], [(place, wording.zh)]
    )


def _named_id(named: Iterable[object], where: str, place: str) -> str | None:
    """The one scheme id the data names (None: it names none)."""
    ids: list[str] = []
    for value in named:
        if value is None:
            continue
        if not isinstance(value, str) or not value:
            raise _refuse(
                where,
                place,
                Wording(
                    f"the scheme must be named by its id (text), not {value!r}",
                    f"考核方案应以其编号（文字）指明，而不是 {value!r}",
                ),
            )
        if value not in ids:
            ids.append(value)
    if len(ids) > 1:
        raise _refuse(
            where,
            place,
            Wording(
                f"the data names two schemes, {ids[0]!r} and {ids[1]!r}",
                f"数据指明了两个考核方案：{ids[0]!r} 和 {ids[1]!r}",
            ),
        )
    return ids[0] if ids else None


def choose_scheme(
    given: Scheme | None,
    named: Iterable[object],
    *,
    where: str,
    place: str = "scheme",
    ask: str | Wording = "--scheme",
    default: str | None = None,
) -> Scheme:
    """The scheme that grades the data at ``where``.

    ``given``: the assessor's scheme, or None. ``named``: what the data says its scheme is (the
    values of its ``"scheme"`` fields; None where absent). ``place`` names where the data says
    it in messages, ``ask`` how the user gives a scheme (``--scheme``, ``scheme=``; a wording
    when it is words, in English and Chinese), and ``default`` is the built-in id used when
    neither the assessor nor the data names one. Raises :class:`SchemeChoiceError`."""
    how = Wording(ask, ask) if isinstance(ask, str) else ask
    named_id = _named_id(named, where, place)
    if given is not None:
        if named_id is not None and named_id != given.id:
            raise _refuse(
                where,
                place,
                Wording(
                    f"the data is for scheme {named_id!r}, but the scheme given ({how.en}) is "
                    f"{given.id!r}",
                    f"数据所属的考核方案是 {named_id!r}，但给定的方案（{how.zh}）是 {given.id!r}",
                ),
            )
        return given
    chosen = named_id or default
    if chosen is None:
        raise _refuse(
            where,
            place,
            Wording(
                f"the data names no scheme: give it with {how.en}",
                f"数据未指明考核方案：请用 {how.zh} 指定",
            ),
        )
    if chosen not in builtin_schemes():
        builtin = builtin_schemes()
        raise _refuse(
            where,
            place,
            Wording(
                f"the data is for scheme {chosen!r}, which is not built in "
                f"({', '.join(builtin)}): give {how.en} with its file",
                f"数据所属的考核方案 {chosen!r} 不是内置方案（{'、'.join(builtin)}）："
                f"请用 {how.zh} 给出该方案的文件",
            ),
        )
    return Scheme.builtin(chosen)


def scheme_digest(document: str) -> str:
    """SHA-256 (hex) of a canonical scheme document, ``Scheme.to_json(indent=-1)``: the core
    writes it with sorted keys and no spaces, so one scheme has one text."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def _rules_of(document: str) -> str | None:
    """A canonical scheme document without its ``legal_basis``, in one normal form; None when
    it is not a JSON object. The legal basis names the document a scheme implements and the
    articles its findings cite: it changes no point, score, grade or condition, and templates
    written before schemes declared one (cn-2013 2013.1 without it) must still be read."""
    try:
        parsed = _core.parse_json(document, "scheme")
    except (InputError, SchemeError):
        return None
    if not isinstance(parsed, dict):
        return None
    parsed.pop("legal_basis", None)
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def stored_scheme_problem(
    scheme_id: str, version: str, document: str, scheme: Scheme
) -> Wording | None:
    """Why a scheme stored beside the data (id, version, canonical document) is not ``scheme``,
    in English and Chinese, or None when it is: the same id, version and rules (the legal basis
    aside, _rules_of)."""
    current = scheme.to_json(indent=-1)
    expected = scheme_digest(current)
    stored = scheme_digest(document)
    if scheme_id == scheme.id and version == scheme.version:
        if stored == expected or _rules_of(document) == _rules_of(current):
            return None
    return Wording(
        f"the stored scheme differs from {scheme.id} {scheme.version} (stored: {scheme_id} "
        f"{version or '(no version)'}, SHA-256 {stored[:16]}…; expected {expected[:16]}…): "
        "the template was altered or made for another version; write a new template with "
        "qa.excel.write_template",
        f"模板中存储的考核方案与 {scheme.id} {scheme.version} 不一致（存储的是 {scheme_id} "
        f"{version or '（无版本号）'}，SHA-256 {stored[:16]}…；应为 {expected[:16]}…）："
        "模板已被改动，或是为其他版本制作的；请用 qa.excel.write_template 重新生成模板",
    )
