"""Text of the notices that follow an assessment, rendered with jinja2 from the structured
announcement the core builds: the public announcement (Art. 6.5, 7), the criticism notice
(Art. 9) and the summary for the cadre management and discipline inspection authorities
(Art. 8)."""

from __future__ import annotations

from typing import Any

import jinja2

_KINDS = ("announcement", "criticism", "cadre")

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("qualityassess", "templates"),
    autoescape=False,  # plain-text notices; the HTML report escapes everything it shows
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _grade_groups(announcement: dict[str, Any]) -> list[dict[str, Any]]:
    groups = []
    for grade in announcement["grades"]:
        members = [r for r in announcement["regions"] if r["grade"] == grade["id"]]
        groups.append({"grade": grade, "regions": members})
    return groups


def render_notice(kind: str, lang: str, announcement: dict[str, Any], year: int) -> str:
    if kind not in _KINDS:
        raise ValueError(f"{kind!r} is not a notice ({', '.join(_KINDS)})")
    if lang not in ("zh", "en"):
        raise ValueError(f"{lang!r} is not a language; use zh or en")
    template = _environment.get_template(f"{kind}.{lang}.txt.j2")
    best = announcement["grades"][0]["id"]
    worst = announcement["grades"][-1]["id"]
    return template.render(
        a=announcement,
        year=year,
        groups=_grade_groups(announcement),
        best=best,
        worst=worst,
        lang=lang,
    )
