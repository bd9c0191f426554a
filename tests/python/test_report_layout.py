"""The report as its readers see it (issue 17): printed on A4 and read on a phone (390 px)
or a laptop (1366 px), checked in headless Chromium by layout facts, not pixel goldens.

Print: Chromium's PDF is read directly (its page tree, page sizes and the named destinations
of the report's internal links, which give the page and the height where each region's section
and the ranking begin). Screen: the report is loaded in an iframe of the given width (headless
Chromium's window is at least 500 px wide) with a script that posts back what it measured."""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from qualityassess import report

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh)"
)

A4 = (595.0, 842.0)  # points
# The 31-province sample printed on A4: 34 pages in Chinese and in English (the summary and
# its charts, the ranking, one page per region, measured without a CJK font installed: the
# glyphs are drawn as boxes of about their width). Unstyled it was 60 Letter pages in Chinese
# (71 with the CJK font the issue was measured with) and 65 A4 pages in English with the
# print rules but the regions' bars.
MAX_PAGES = 40


@pytest.fixture(scope="module")
def results() -> qa.Results:
    document = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    return qa.assess_many("cn-2013", document["submissions"])


def _chromium(profile: Path, *args: str) -> str:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
    flags += ["--disable-dev-shm-usage", f"--user-data-dir={profile}"]
    done = subprocess.run(
        [str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=180, check=True
    )
    return done.stdout


# --- print ---------------------------------------------------------------------------------


@dataclass
class Pdf:
    sizes: list[tuple[float, float]]  # each page's (width, height), in page order
    destinations: dict[str, tuple[int, float]]  # name -> (page, 1-based; y from the bottom)


def _objects(data: bytes) -> dict[int, bytes]:
    objects: dict[int, bytes] = {}
    for match in re.finditer(rb"(?:^|[\r\n])(\d+) 0 obj\b", data):
        end = data.find(b"endobj", match.end())
        objects[int(match.group(1))] = data[match.end() : end]
    return objects


def read_pdf(data: bytes) -> Pdf:
    """Pages and named destinations of Chromium's (uncompressed-object) PDF."""
    objects = _objects(data)
    root = int(re.findall(rb"/Root (\d+) 0 R", data)[-1])
    catalog = objects[root]
    pages: list[int] = []

    def walk(number: int) -> None:
        node = objects[number]
        if re.search(rb"/Type\s*/Pages\b", node):
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
            assert kids is not None
            for kid in re.findall(rb"(\d+) 0 R", kids.group(1)):
                walk(int(kid))
        else:
            pages.append(number)

    top = re.search(rb"/Pages (\d+) 0 R", catalog)
    assert top is not None
    walk(int(top.group(1)))
    sizes = []
    for number in pages:
        box = re.search(
            rb"/MediaBox\s*\[\s*([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)\s*\]", objects[number]
        )
        assert box is not None, "every page has its own MediaBox"
        x0, y0, x1, y1 = (float(v) for v in box.groups())
        sizes.append((x1 - x0, y1 - y0))
    place = {number: index for index, number in enumerate(pages, start=1)}
    destinations: dict[str, tuple[int, float]] = {}
    dests = re.search(rb"/Dests (\d+) 0 R", catalog)
    if dests is not None:
        pattern = rb"/([\w.-]+)\s*\[\s*(\d+) 0 R /XYZ [\d.-]+ ([\d.-]+)"
        for name, page, y in re.findall(pattern, objects[int(dests.group(1))]):
            destinations[name.decode()] = (place[int(page)], float(y))
    return Pdf(sizes, destinations)


@pytest.fixture(scope="module", params=["zh", "en"])
def printed(
    tmp_path_factory: pytest.TempPathFactory, results: qa.Results, request: pytest.FixtureRequest
) -> Pdf:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/setup.sh)")
    folder = tmp_path_factory.mktemp("print")
    path = report.write_report(results, folder / "report.html", request.param)
    pdf = folder / "report.pdf"
    _chromium(folder / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri())
    return read_pdf(pdf.read_bytes())


@needs_chromium
def test_printed_on_a4_within_a_page_bound(printed: Pdf) -> None:
    assert printed.sizes, "a PDF with pages"
    for width, height in printed.sizes:
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1, (width, height)  # not Letter
    assert 31 < len(printed.sizes) <= MAX_PAGES


@needs_chromium
def test_printed_ranking_and_regions_begin_on_a_page(printed: Pdf) -> None:
    top = A4[1]
    page, y = printed.destinations["ranking"]
    # The ranking opens a page (not three rows at the foot of the summary's last page).
    assert page > 1 and y > top - 1, (page, y)
    regions = [printed.destinations[f"region-{n}"] for n in range(1, 32)]
    first_page, first_y = regions[0]
    assert first_page > page and first_y > top - 60  # under the section's heading
    # No region is torn across a page break: the next one begins on the same page as this
    # one, or at the top of a page (which it would not if this one ran onto that page).
    for (page_before, _), (page_after, y_after) in itertools.pairwise(regions):
        assert page_after == page_before or y_after > top - 1, (page_before, page_after, y_after)
    pages = [p for p, _ in regions]
    assert pages == sorted(pages) and pages[-1] <= len(printed.sizes)


def test_print_rules_are_in_the_report(results: qa.Results) -> None:
    text = report.render_report(results[:2], "en")
    style = text[text.index("<style>") : text.index("</style>")]
    assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:", style)
    print_rules = style[style.index("@media print") :]
    for rule in (
        "thead { display: table-header-group; }",
        "break-inside: avoid",
        "break-after: avoid",
        "text-decoration: none",
        "#ranking, .qa #regions { break-before: page; }",
    ):
        assert rule in print_rules, rule


# --- screen --------------------------------------------------------------------------------

MEASURE = """<script>
window.addEventListener("load", () => {
  const root = document.documentElement;
  const lines = (cell) => {
    const style = getComputedStyle(cell);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const inner = cell.clientHeight - padding;
    return Math.round(inner / parseFloat(style.lineHeight));
  };
  const most = (selector) => Math.max(0, ...[...document.querySelectorAll(selector)].map(lines));
  const outside = [...document.querySelectorAll("body *")]
    .filter((e) => !e.closest(".table-scroll"))
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
    .map((e) => e.tagName + "." + (e.getAttribute("class") || ""));
  const svgs = [...document.querySelectorAll("figure svg")]
    .map((s) => s.getBoundingClientRect().width);
  const scrollers = [...document.querySelectorAll(".table-scroll")];
  parent.postMessage(JSON.stringify({
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    outside: outside.slice(0, 10),
    headerLines: most("table.ranking th"),
    nameLines: most("table.ranking td.name"),
    codeLines: most("table.ranking td.code"),
    nodeHeaderLines: most("table.nodes th"),
    svgWidths: svgs,
    scrolling: scrollers.filter((s) => s.scrollWidth > s.clientWidth).length,
  }), "*");
});
</script>"""


def measure(folder: Path, text: str, width: int) -> dict[str, Any]:
    folder.mkdir(exist_ok=True)
    page = folder / f"report-{width}.html"
    page.write_text(text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    frame = folder / f"frame-{width}.html"
    frame.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe src="{page.name}" '
        f'style="width:{width}px;height:900px;border:0"></iframe><pre id="out"></pre><script>'
        'addEventListener("message", (e) => { document.getElementById("out").textContent = '
        "e.data; });</script></body></html>",
        encoding="utf-8",
    )
    dom = _chromium(
        folder / "profile", "--window-size=1400,1000", "--virtual-time-budget=10000",
        "--dump-dom", frame.as_uri(),
    )  # fmt: skip
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert found and found.group(1), "the measuring script reported back"
    facts: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return facts


@pytest.fixture(scope="module")
def screens(
    tmp_path_factory: pytest.TempPathFactory, results: qa.Results
) -> dict[tuple[str, int], dict[str, Any]]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/setup.sh)")
    folder = tmp_path_factory.mktemp("screen")
    facts = {}
    for lang in ("zh", "en"):
        document = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
        text = report.render_report(results, lang, note=document["about"])
        for width in (390, 1366):
            facts[lang, width] = measure(folder / lang, text, width)
    return facts


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_horizontal_overflow_on_a_phone(
    screens: dict[tuple[str, int], dict[str, Any]], lang: str
) -> None:
    phone = screens[lang, 390]
    assert phone["clientWidth"] == 390
    assert phone["scrollWidth"] <= 390, phone  # the page does not run off the right edge
    assert phone["outside"] == []
    assert phone["scrolling"] >= 1  # the wide tables scroll in their own box instead
    assert phone["svgWidths"] and max(phone["svgWidths"]) <= 390 - 2 * 0.6 * 16 + 1


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [390, 1366])
def test_ranking_cells_keep_to_one_line(
    screens: dict[tuple[str, int], dict[str, Any]], lang: str, width: int
) -> None:
    facts = screens[lang, width]
    # Not one character a line: every header, region name and code on a single line.
    assert facts["headerLines"] == 1 and facts["nameLines"] == 1 and facts["codeLines"] == 1
    assert facts["nodeHeaderLines"] == 1


@needs_chromium
def test_laptop_layout(screens: dict[tuple[str, int], dict[str, Any]]) -> None:
    laptop = screens["zh", 1366]
    assert laptop["scrollWidth"] <= 1366 and laptop["outside"] == []
    assert laptop["scrolling"] == 0  # nothing needs a scroll bar on a laptop
    assert min(laptop["svgWidths"]) > 300  # charts at their own size, not shrunk


def test_phone_rules_are_in_the_report(results: qa.Results) -> None:
    text = report.render_report(results[:2], "en")
    style = text[text.index("<style>") : text.index("</style>")]
    assert "@media (max-width: 40em)" in style
    assert ".table-scroll { max-width: 100%; overflow-x: auto;" in style
    assert "white-space: nowrap" in style and "max-width: 100%; height: auto" in style
    body = text[text.index("<body") :]
    assert body.count('<div class="table-scroll">') == 1 + 2  # the ranking, each region's table
