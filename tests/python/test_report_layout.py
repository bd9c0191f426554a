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
from _fonts import needs_cjk_font
from qualityassess import report

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh)"
)

A4 = (595.0, 842.0)  # points
# The 31-province sample printed on A4: 34 pages in Chinese and in English (the summary and
# its charts, the ranking, one page per region; as many with fonts-noto-cjk installed as with
# the boxes of about a glyph's width drawn without a CJK font). Unstyled it was 60 Letter
# pages in Chinese (71 with the CJK font the issue was measured with) and 65 A4 pages in
# English with the print rules but the regions' bars.
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
    .filter((e) => !e.closest(".table-scroll, .chart-scroll"))
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
    .map((e) => e.tagName + "." + (e.getAttribute("class") || ""));
  const svgs = [...document.querySelectorAll("figure svg")]
    .map((s) => s.getBoundingClientRect().width);
  // A chart's text as drawn: its font size in the SVG's units times the SVG's scale.
  const drawn = (svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")]
      .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  };
  const chartText = Math.min(...[...document.querySelectorAll("figure svg")].flatMap(drawn));
  const scrollers = [...document.querySelectorAll(".table-scroll, .chart-scroll")];
  parent.postMessage(JSON.stringify({
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    outside: outside.slice(0, 10),
    headerLines: most("table.ranking th"),
    nameLines: most("table.ranking td.name"),
    codeLines: most("table.ranking td.code"),
    nodeHeaderLines: most("table.nodes th"),
    svgWidths: svgs,
    chartText: chartText,
    scrolling: scrollers.filter((s) => s.scrollWidth > s.clientWidth).length,
  }), "*");
});
</script>"""


def measure(folder: Path, text: str, width: int, script: str = MEASURE) -> dict[str, Any]:
    """What ``script`` (added to the report ``text``) posts back, the report shown ``width``
    pixels wide in headless Chromium."""
    folder.mkdir(exist_ok=True)
    page = folder / f"report-{width}.html"
    page.write_text(text.replace("</body>", script + "</body>"), encoding="utf-8")
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
    assert phone["scrolling"] >= 1  # the wide tables and charts scroll in their own box
    # The charts are not shrunk until unreadable (the heatmap's numbers were drawn at 5 px):
    # the smallest text of any chart is drawn at 9 px or more, a wide chart scrolling sideways.
    assert len(phone["svgWidths"]) == 3 and phone["chartText"] >= 8.9, phone


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
    assert laptop["chartText"] >= 10.6  # (8 pt)


def test_phone_rules_are_in_the_report(results: qa.Results) -> None:
    text = report.render_report(results[:2], "en")
    style = text[text.index("<style>") : text.index("</style>")]
    assert "@media (max-width: 40em)" in style
    assert ".table-scroll { max-width: 100%; overflow-x: auto;" in style
    assert "white-space: nowrap" in style and "max-width: 100%; height: auto" in style
    body = text[text.index("<body") :]
    assert body.count('<div class="table-scroll">') == 1 + 2  # the ranking, each region's table


# --- Chinese drawn with a CJK font, not as boxes ----------------------------------------------


# Without a CJK font every Chinese character is drawn as the same box ("tofu") and a reader
# sees nothing; the layout tests above pass all the same (a box has about a glyph's width), so
# this one looks at the glyphs (skipped without a font, except under CI: _fonts). Each
# character of the report's title and first heading is drawn alone on a canvas in the font the
# page gives that text, and the pixels compared: distinct characters drawn alike are boxes. Two
# private-use characters, which no font draws, show what a box looks like here.
GLYPHS = """<script>
window.addEventListener("load", () => {
  const heading = document.querySelector("h1");
  const family = getComputedStyle(heading).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (character) => {
    context.clearRect(0, 0, 64, 64);
    context.font = `40px ${family}`;
    context.textBaseline = "top";
    context.fillText(character, 8, 8);
    const alpha = context.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
    return { ink: alpha.filter((a) => a > 0).length, key: alpha.join(",") };
  };
  const text = heading.textContent + document.querySelector("h2").textContent;
  const chinese = [...new Set([...text].filter((c) => /[\u4e00-\u9fff]/.test(c)))];
  const drawn = chinese.map(draw);
  const box = draw("\ue000");
  parent.postMessage(JSON.stringify({
    family: family,
    characters: chinese.join(""),
    inked: drawn.filter((d) => d.ink > 0).length,
    distinct: new Set(drawn.map((d) => d.key)).size,
    boxes: drawn.filter((d) => d.key === box.key).length,
    boxesAlike: box.key === draw("\ue001").key,
  }), "*");
});
</script>"""


@needs_chromium
@needs_cjk_font
def test_chinese_is_drawn_with_a_cjk_font(tmp_path: Path, results: qa.Results) -> None:
    text = report.render_report(results[:2], "zh")
    facts = measure(tmp_path, text, 1366, GLYPHS)
    assert "Noto Sans CJK SC" in facts["family"]  # the report asks for it by name
    assert len(facts["characters"]) >= 8, facts  # e.g. 2019年度考核结果 and 概况
    assert facts["boxesAlike"], "private-use characters are drawn alike: the test can see boxes"
    assert facts["inked"] == len(facts["characters"]), facts  # every character drawn
    assert facts["boxes"] == 0, facts  # none as the box of a missing glyph
    assert facts["distinct"] == len(facts["characters"]), facts  # each its own glyph


def test_the_full_set_up_installs_the_cjk_font() -> None:
    """scripts/setup.sh (the full set-up that ``make test`` and CI run, not --main) installs
    fonts-noto-cjk, so that the test above runs there."""
    setup = (Path(__file__).resolve().parents[2] / "scripts" / "setup.sh").read_text("utf-8")
    full = re.search(r'if \[ "\$MODE" = full \]; then\n(.*?)\nfi', setup, re.S)
    assert full is not None
    assert re.search(r"SYSTEM_PACKAGES\+=\([^)]*\bfonts-noto-cjk\b", full.group(1))
    main = re.search(r"^SYSTEM_PACKAGES=\(([^)]*)\)", setup, re.M)
    assert main is not None and "fonts" not in main.group(1)
