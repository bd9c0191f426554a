"""The report's charts read without colour and without sight (issue 17): colour-blind-safe
colours whose lightness follows the value, labels that contrast with their cells, the heatmap
in rank order, the box plot fitted to the data with a legend, a text alternative on every SVG.
Checked by parsing the SVG the report embeds (and the heatmap's embedded image)."""

from __future__ import annotations

import base64
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import qualityassess as qa
from qualityassess import report
from qualityassess.display import charts as _charts
from qualityassess.frame import ranked

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def results() -> qa.Results:
    document = json.loads((DATA / "sample-2019.json").read_text(encoding="utf-8"))
    return qa.assess_many("cn-2013", document["submissions"])


@pytest.fixture(scope="module")
def svgs(results: qa.Results) -> dict[str, list[ET.Element]]:
    """Each language's report's charts, parsed: grade bars, box plot, heatmap."""
    return {
        lang: [ET.fromstring(s) for s in re.findall(r"<svg.*?</svg>", html, re.S)]
        for lang in ("zh", "en")
        for html in [report.render_report(results, lang)]
    }


def texts(element: ET.Element, group: str, axes: str = "axes_1") -> list[str]:
    """The text of the SVG groups whose id starts with ``group`` (matplotlib's ids: xtick_1,
    ytick_1, legend_1), in document order, within the plot (``axes_1``, not the colour bar's
    ``axes_2``) or, for ``axes=""``, anywhere."""
    scope = next((g for g in element.iter(f"{SVG}g") if g.get("id") == axes), element)
    found = []
    for g in scope.iter(f"{SVG}g"):
        if g.get("id", "").startswith(group):
            found += ["".join(t.itertext()).strip() for t in g.iter(f"{SVG}text")]
    return [t for t in found if t]


def contrast(a: float, b: float) -> float:
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


# --- text alternatives ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_has_a_text_alternative(
    svgs: dict[str, list[ET.Element]], results: qa.Results, lang: str
) -> None:
    charts = svgs[lang]
    assert len(charts) == 3
    alternatives = []
    for svg in charts:
        assert svg.get("role") == "img"
        title = svg[0]  # the first thing a reader meets, and the image's name
        assert title.tag == f"{SVG}title" and svg.get("aria-labelledby") == title.get("id")
        assert title.text and len(title.text) > 20
        alternatives.append(title.text)
    assert len({svg.get("aria-labelledby") for svg in charts}) == 3  # ids unique in the page
    bars, boxes, heat = alternatives
    # The alternatives carry the data, not just a title.
    assert "A 4" in bars and "B 22" in bars and "C 5" in bars and "D 0" in bars, bars
    assert "31" in bars
    names = [n for n in report.chart_nodes(results[0].scheme)]
    assert len(names) == 5 and boxes.count("%") >= 4 * 5
    assert "甘肃省" in heat and "60%" in heat  # the lowest cell (the names are the data's)
    if lang == "zh":
        assert re.search(r"[A-Za-z]{3,}", bars + boxes + heat) is None  # no English in zh


def test_text_alternative_is_escaped() -> None:
    svg = _charts.grade_bars({"A": 1}, {}, "t", 'a "quoted" <b>alt</b> & co')
    root = ET.fromstring(svg)  # still well-formed
    assert root[0].text == 'a "quoted" <b>alt</b> & co'
    assert "<b>" not in svg


# --- colours -------------------------------------------------------------------------------


def test_heatmap_lightness_follows_the_score_rate() -> None:
    """Read in grey (or by a reader with red-green colour blindness) a higher rate is a
    lighter cell: the colour map's luminance rises with the value (RdYlGn's does not)."""
    from PIL import Image

    values = [45.0, 55.0, 62.0, 70.0, 78.0, 85.0, 91.0, 97.0, 100.0]
    rows = [values[i : i + 3] for i in range(0, 9, 3)]
    svg = ET.fromstring(_charts.heatmap(["a", "b", "c"], ["x", "y", "z"], rows, "t", "alt", "%"))
    image = next(svg.iter(f"{SVG}image"))
    href = image.get("{http://www.w3.org/1999/xlink}href") or image.get("href") or ""
    picture = Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1]))).convert("RGB")
    if "scale(1 -1)" in image.get("transform", ""):  # matplotlib stores it upside down
        picture = picture.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    width, height = picture.size
    lightness = []
    for r in range(3):
        for c in range(3):
            pixel = picture.getpixel((int((c + 0.5) * width / 3), int((r + 0.5) * height / 3)))
            assert isinstance(pixel, tuple)
            lightness.append(_charts.relative_luminance([v / 255 for v in pixel[:3]]))
    assert lightness == sorted(lightness) and len(set(lightness)) == len(lightness), lightness
    assert lightness[-1] / lightness[0] > 5  # from dark to light, not shades of one grey


def test_heatmap_numbers_contrast_with_their_cells() -> None:
    """Each number is black or white, whichever reads on its cell: WCAG contrast 4.5 or more
    (the old chart wrote black on dark green)."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    values = [[60.0, 70.0, 80.0], [90.0, 95.0, 100.0], [63.0, 77.0, 88.0]]
    svg = ET.fromstring(_charts.heatmap(["a", "b", "c"], ["x", "y", "z"], values, "t", "alt", "%"))
    cmap, norm = colormaps[_charts.HEATMAP_CMAP], Normalize(60, 100, clip=True)
    numbers = [t for t in svg.iter(f"{SVG}text") if re.fullmatch(r"\d+", "".join(t.itertext()))]
    cells = numbers[:9]  # the cells' numbers come before the colour bar's ticks
    assert ["".join(t.itertext()) for t in cells] == [f"{v:.0f}" for row in values for v in row]
    fills = set()
    for text, value in zip(cells, [v for row in values for v in row], strict=True):
        fill = re.search(r"fill: (#[0-9a-f]{6})", text.get("style", ""))
        colour = fill.group(1) if fill else "#000000"
        fills.add(colour)
        background = _charts.relative_luminance(cmap(norm(value)))
        assert contrast(background, _charts.relative_luminance(rgb(colour))) >= 4.5, value
    assert fills == {"#000000", "#ffffff"}  # dark cells get white numbers, light ones black


def test_heatmap_colour_bar_is_labelled(svgs: dict[str, list[ET.Element]]) -> None:
    heat = svgs["zh"][2]
    all_text = ["".join(t.itertext()) for t in heat.iter(f"{SVG}text")]
    assert "得分率（%）" in all_text
    assert "Score rate (%)" in ["".join(t.itertext()) for t in svgs["en"][2].iter(f"{SVG}text")]


def _deuteranope(colour: str) -> tuple[float, float, float]:
    """``colour`` as seen with deuteranopia (Viénot, Brettel and Mollon 1999), in linear RGB."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return (
        0.29275 * r + 0.70725 * g,
        0.29275 * r + 0.70725 * g,
        -0.02234 * r + 0.02234 * g + b,
    )


def test_grade_colours_stay_apart_for_red_green_colour_blindness() -> None:
    colours = _charts.GRADE_COLOURS[:4]
    seen = [_deuteranope(c) for c in colours]
    for i, a in enumerate(seen):
        for b in seen[i + 1 :]:
            distance = sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5
            assert distance > 0.15, (colours, a, b)
    # The old palette's A (green) and D (red) were 0.07 apart for such a reader.
    old = [_deuteranope(c) for c in ("#2e7d32", "#c62828")]
    assert sum((x - y) ** 2 for x, y in zip(*old, strict=True)) ** 0.5 < 0.15


def test_badges_use_the_charts_grade_colours(results: qa.Results) -> None:
    html = report.render_report(results[:1], "en")
    for index, colour in enumerate(_charts.GRADE_COLOURS):
        assert re.search(rf"\.qa \.g{index} \{{ background: {colour};", html), colour


# --- order and axes ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heatmap_rows_in_rank_order(
    svgs: dict[str, list[ET.Element]], results: qa.Results, lang: str
) -> None:
    rows = texts(svgs[lang][2], "ytick")
    order = [r.region_name for _, r in ranked(list(results))]
    assert rows == order
    assert rows != [r.region_name for r in results]  # not the submissions' (code) order
    assert rows[0] == "广东省"  # the best (98.70)


def test_box_plot_axis_fits_the_data(svgs: dict[str, list[ET.Element]]) -> None:
    ticks = [int(t) for t in texts(svgs["zh"][1], "xtick")]
    assert ticks[0] == 50 and ticks[-1] == 100, ticks  # lowest rate 60: not from 0
    assert _charts.rate_range([[61.0, 99.0], [100.0]]) == (50.0, 102.0)
    assert _charts.rate_range([[3.0, 50.0]]) == (0.0, 102.0)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["四分位距", "中位数", "平均值", "离群值"]),
        ("en", ["interquartile", "median", "mean"]),
    ],
)
def test_box_plot_has_a_legend(
    svgs: dict[str, list[ET.Element]], lang: str, words: list[str]
) -> None:
    legend = " ".join(texts(svgs[lang][1], "legend", axes=""))
    for word in words:
        assert word in legend, (word, legend)
