"""Text of the notices that follow an assessment, rendered with jinja2 from the structured
announcement the core builds: the public announcement (Art. 6.5, 7), the criticism notice
(Art. 9) and the summary for the cadre management and discipline inspection authorities
(Art. 8).

Every notice says how final it is (Art. 6.5): before the approval it carries a "preliminary
determination, not yet approved" mark, after the approval and before the announcement an
"approved, not yet announced" mark, and none once announced. The templates get plain values
read here with ``.get``, so a key the core leaves out (a finding's ``evidence`` when nothing was
recorded) never breaks a notice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import jinja2

from . import _core
from ._i18n import LANGS

NoticeKind = Literal["announcement", "criticism", "cadre"]
_KINDS: tuple[NoticeKind, ...] = ("announcement", "criticism", "cadre")

_MARKS = {
    "preliminary": {
        "zh": "【初步认定，尚未经国务院审定】",
        "en": "[PRELIMINARY DETERMINATION - NOT YET APPROVED BY THE STATE COUNCIL]",
    },
    "approved": {
        "zh": "【已经国务院审定，尚未公告】",
        "en": "[APPROVED BY THE STATE COUNCIL - NOT YET ANNOUNCED]",
    },
    "announced": {"zh": "", "en": ""},
}

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("qualityassess", "templates"),
    autoescape=False,  # plain-text notices; the HTML report escapes everything it shows
    # Every value printed on one line: a region name or a summary must not forge a line.
    finalize=lambda value: _core.as_one_line(value) if isinstance(value, str) else value,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def notice_stage(announcement: Mapping[str, Any]) -> str:
    """``preliminary`` (not approved), ``approved`` (not announced) or ``announced``."""
    if announcement.get("announced_on"):
        return "announced"
    if announcement.get("approved_on"):
        return "approved"
    return "preliminary"


def _text(text: Any, lang: str) -> str:
    """A ``{"zh", "en"}`` text in ``lang``, else in the other language, else empty."""
    if isinstance(text, Mapping):
        return str(text.get(lang) or next((v for v in text.values() if v), ""))
    return str(text or "")


def _finding(finding: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {
        "kind": str(finding.get("kind", "")),
        "detail": _text(finding.get("detail"), lang) or str(finding.get("kind", "")),
        "evidence": str(finding.get("evidence") or ""),
    }


def _criticised(announcement: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    entries = []
    for entry in announcement.get("criticised") or []:
        code = str(entry.get("code", ""))
        findings = [_finding(f, lang) for f in entry.get("findings") or []]
        entries.append({"code": code, "name": entry.get("name") or code, "findings": findings})
    return entries


def _regions(announcement: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The regions in the core's order (by grade, then by total descending)."""
    criticised = {entry.get("code") for entry in announcement.get("criticised") or []}
    regions = []
    for region in announcement.get("regions") or []:
        code = str(region.get("code", ""))
        regions.append(
            {
                **region,
                "code": code,
                "name": region.get("name") or code,
                "vetoed": bool(region.get("vetoed")),
                "report_due": region.get("report_due"),
                "criticised": code in criticised,
            }
        )
    return regions


def _grade_groups(
    announcement: Mapping[str, Any], regions: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    groups = []
    for grade in announcement.get("grades") or []:
        grade_id = grade.get("id")
        label = _text(grade.get("label"), lang) or str(grade_id)
        members = [r for r in regions if r.get("grade") == grade_id]
        groups.append({"grade": {"id": grade_id, "label": label}, "regions": members})
    return groups


def render_notice(
    kind: str, lang: str, announcement: Mapping[str, Any], year: int | None = None
) -> str:
    if kind not in _KINDS:
        raise ValueError(f"{kind!r} is not a notice ({', '.join(_KINDS)})")
    if lang not in LANGS:
        raise ValueError(f"{lang!r} is not a language; use zh or en")
    template = _environment.get_template(f"{kind}.{lang}.txt.j2")
    stage = notice_stage(announcement)
    regions = _regions(announcement)
    groups = _grade_groups(announcement, regions, lang)
    return template.render(
        a=announcement,
        year=year if year is not None else announcement.get("year"),
        scheme_name=_text(announcement.get("scheme_name"), lang) or announcement.get("scheme"),
        stage=stage,
        mark=_MARKS[stage][lang],
        approved_on=announcement.get("approved_on"),
        announced_on=announcement.get("announced_on"),
        regions=regions,
        criticised=_criticised(announcement, lang),
        groups=groups,
        best=groups[0]["grade"]["id"] if groups else None,
        worst=groups[-1]["grade"]["id"] if groups else None,
        lang=lang,
    )
