"""One level of the hierarchy graded under a parent, rolled up, and feeding the level above
(Art. 10: "every province ... assesses the quality work of the regions under it on the basis of
these measures, adapted to local conditions"), through the Python facade and the CLI, on the
synthetic Example Province (examples/data/shili, invented codes 99xxxx and names)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from qualityassess.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHILI = EXAMPLES / "data" / "shili"
COUNTY_SCHEME = EXAMPLES / "schemes" / "shili-county-2019.json"
PREFECTURE_SCHEME = EXAMPLES / "schemes" / "shili-prefecture-2019.json"


def submissions(name: str) -> list[dict[str, Any]]:
    document = json.loads((SHILI / name).read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = document["submissions"]
    return result


@pytest.fixture(scope="module")
def regions() -> qa.Regions:
    return qa.Regions.load(SHILI / "regions.json")


@pytest.fixture(scope="module")
def counties(regions: qa.Regions) -> qa.LevelResults:
    return qa.assess_level(
        COUNTY_SCHEME, submissions("counties-2019.json"), regions, level="county", under="990000"
    )


def test_a_province_grades_all_its_counties_in_one_call(
    regions: qa.Regions, counties: qa.LevelResults
) -> None:
    """Art. 10: one call grades every county of the province, in code order."""
    assert [r.region_code for r in counties] == regions.at_level("county", under="990000")
    assert counties.level == "county" and counties.under == "990000"
    assert counties.skipped == []
    assert all(r.scheme.id == "shili-county-2019" for r in counties)


def test_selecting_one_prefecture_skips_the_other_counties(regions: qa.Regions) -> None:
    data = submissions("counties-2019.json")
    east = qa.assess_level(COUNTY_SCHEME, data, regions, level="县", under=990100)
    assert [r.region_code for r in east] == regions.children("990100")
    assert east.level == "county", "省/市/县 are accepted and normalised"
    assert sorted(east.skipped) == sorted(
        s["region"]["code"] for s in data if not s["region"]["code"].startswith("9901")
    )
    # The roll-up shows the part of the hierarchy graded, not the other prefectures' empty rows.
    assert list(east.roll_up().index) == ["990100"]
    assert list(east.roll_up("province").index) == ["990000"]


def test_the_roll_up_per_prefecture_agrees_with_the_results(
    regions: qa.Regions, counties: qa.LevelResults
) -> None:
    frame = counties.roll_up()
    assert list(frame.index) == regions.at_level("prefecture", under="990000")
    for prefecture, row in frame.iterrows():
        own = [r for r in counties if r.region_code in regions.children(str(prefecture))]
        assert row["graded"] == row["expected"] == len(own)
        for grade in ("A", "B", "C", "D"):
            assert row[grade] == sum(r.grade == grade for r in own)
        assert row["lowest_total"] == min(r.total for r in own)
        assert sorted(row["vetoed"]) == sorted(r.region_code for r in own if r.vetoed)


def test_the_county_share_feeds_the_prefecture_point(
    regions: qa.Regions, counties: qa.LevelResults
) -> None:
    """Art. 10, a cross-level input: 'county_results' = 3.5 x min(1, share / 80%) with share the
    percentage of the prefecture's counties graded A or B, rounded to the scheme's 2 digits."""
    prefectures = qa.assess_level(
        PREFECTURE_SCHEME,
        submissions("prefectures-2019.json"),
        regions,
        level="prefecture",
        under="990000",
        lower=counties,
    )
    assert [r.region_code for r in prefectures] == regions.children("990000")
    for result in prefectures:
        own = [r for r in counties if r.region_code in regions.children(result.region_code)]
        share = sum(r.grade in ("A", "B") for r in own) / len(own) * 100
        expected = round(3.5 * min(1.0, share / 80) + 1e-9, 2)
        assert result.nodes["county_results"] == pytest.approx(expected, abs=1e-9)
    assert prefectures.roll_up().loc["990000", "graded"] == len(prefectures)


def test_a_computed_point_cannot_be_filed_and_needs_the_level_below(
    regions: qa.Regions, counties: qa.LevelResults
) -> None:
    data = submissions("prefectures-2019.json")
    with pytest.raises(qa.InputError) as missing:
        qa.assess_level(PREFECTURE_SCHEME, data, regions, level="prefecture")
    assert missing.value.issues[0][0] == "/points/county_results"

    filed = json.loads(json.dumps(data))
    filed[0]["self_evaluation"]["county_results"] = 100
    with pytest.raises(qa.InputError) as refused:
        qa.assess_level(
            PREFECTURE_SCHEME, filed, regions, level="prefecture", under="990000", lower=counties
        )
    place, message = refused.value.issues[0]
    assert place.endswith("point 'county_results'") and "leave it out" in message

    with pytest.raises(qa.InputError) as incomplete:
        qa.assess_level(PREFECTURE_SCHEME, data, regions, level="prefecture", lower=counties[1:])
    assert any("are graded; all must be" in message for _, message in incomplete.value.issues)


def test_every_region_of_the_selection_needs_one_submission(regions: qa.Regions) -> None:
    data = submissions("counties-2019.json")
    with pytest.raises(qa.InputError) as error:
        qa.assess_level(COUNTY_SCHEME, [*data[1:], data[2]], regions, level="county")
    places = [place for place, _ in error.value.issues]
    first = data[0]["region"]
    assert f"{first['code']} {first['name']}" in places
    assert any("a second submission" in message for _, message in error.value.issues)
    with pytest.raises(qa.InputError, match="not a level"):
        qa.assess_level(COUNTY_SCHEME, data, regions, level="township")


# ---- the CLI ------------------------------------------------------------------------------


def grade(*args: str) -> list[str]:
    return [
        "grade",
        str(SHILI / "prefectures-2019.json"),
        "--scheme",
        str(PREFECTURE_SCHEME),
        "--hierarchy",
        str(SHILI / "regions.csv"),
        *args,
    ]


def test_cli_grades_a_level_and_prints_the_roll_ups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], counties: qa.LevelResults
) -> None:
    out = tmp_path / "report.html"
    code = main(
        grade(
            "--under",
            "990000",
            "--lower",
            str(SHILI / "counties-2019.json"),
            "--lower-scheme",
            str(COUNTY_SCHEME),
            "--lang",
            "en",
            "--out",
            str(out),
            "--out",
            str(tmp_path / "results.xlsx"),
        )
    )
    text = capsys.readouterr().out
    assert code == 0 and out.is_file()
    assert "county → prefecture roll-up" in text
    assert "prefecture → province roll-up" in text
    html = out.read_text(encoding="utf-8")
    assert html.count('class="ranking rollup"') == 2, "both roll-ups are in the report"
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "results.xlsx")["Roll-ups by level 1"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    first = counties.roll_up().iloc[0]
    assert rows[first.name][2:4] == (first["expected"], first["graded"])
    assert rows[first.name][8] == pytest.approx(first["mean_total"])
    rollup = counties.roll_up()
    for prefecture, row in rollup.iterrows():
        line = next(line for line in text.splitlines() if line.startswith(str(prefecture)))
        # Two decimals half up, as the core rounds (82.625 -> 82.63, not the float's 82.62).
        mean = Decimal(str(row["mean_total"])).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert f" {mean} " in line
        assert " ".join(row["vetoed"]) in line


def test_cli_hierarchy_usage_and_data_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = ["grade", str(SHILI / "counties-2019.json"), "--scheme", str(COUNTY_SCHEME)]
    assert (
        main(["--lang", "en", *plain, "--under", "990100", "--out", str(tmp_path / "a.html")]) == 2
    )
    assert "need --hierarchy" in capsys.readouterr().err
    # The prefectures without the county results: the computed point is named.
    assert main(grade("--out", str(tmp_path / "b.html"))) == 1
    assert "county_results" in capsys.readouterr().err
    assert main(["--lang", "en", *grade("--level", "county", "--lower", "x.json")]) == 2
    assert "no level below county" in capsys.readouterr().err
    csv_data = ["grade", str(EXAMPLES / "data" / "sample-2019.csv"), "--hierarchy"]
    assert main(["--lang", "en", *csv_data, str(SHILI / "regions.csv")]) == 2
    assert "give submissions as JSON" in capsys.readouterr().err
    assert main(["grade", str(SHILI / "counties-2019.json"), "--hierarchy", "missing.csv"]) == 3
    capsys.readouterr()
    # The data names its scheme by id; a non-built-in id needs --scheme (the data is invalid
    # without it: exit 1, as `assess` does).
    assert main(["grade", str(SHILI / "counties-2019.json")]) == 1
    assert "请用 --scheme 给出该方案的文件" in capsys.readouterr().err  # zh: the default


def test_the_excel_template_has_no_input_for_a_computed_point(
    tmp_path: Path, regions: qa.Regions, counties: qa.LevelResults
) -> None:
    """Art. 10: the prefectures' workbook shows 'county_results' without an input cell, and the
    workbook read back grades as the JSON does."""
    from openpyxl import load_workbook

    data = submissions("prefectures-2019.json")
    path = tmp_path / "prefectures.xlsx"
    codes = [(s["region"]["code"], s["region"]["name"]) for s in data]
    qa.excel.write_template(PREFECTURE_SCHEME, path, codes, 2019, submissions=data)
    sheet = load_workbook(path)[data[0]["region"]["name"]]
    row = next(r for r in sheet.iter_rows() if any(c.value == "county_results" for c in r))
    assert any(c.value == "由下级考核结果计算，不填报" for c in row)
    assert all(c.protection.locked for c in row), "no cell of the computed point is open"

    read_back = qa.excel.read_submissions(path, PREFECTURE_SCHEME)
    assert all("county_results" not in s.get("self_evaluation", {}) for s in read_back)
    from_excel = qa.assess_level(
        PREFECTURE_SCHEME, read_back, regions, level="prefecture", lower=counties
    )
    from_json = qa.assess_level(
        PREFECTURE_SCHEME, data, regions, level="prefecture", lower=counties
    )
    assert [(r.region_code, r.total, r.grade) for r in from_excel] == [
        (r.region_code, r.total, r.grade) for r in from_json
    ]


def test_assessing_alone_refuses_a_point_computed_from_the_level_below() -> None:
    """Art. 10: without the counties' results 'county_results' has no value; scoring it as
    missing would cost 3.5 points silently, so qa.assess and qa.assess_frame refuse."""
    import pandas as pd

    submission = submissions("prefectures-2019.json")[0]
    with pytest.raises(qa.InputError) as single:
        qa.assess(PREFECTURE_SCHEME, submission)
    assert single.value.issues[0][0].endswith("/self_evaluation/county_results")

    row: dict[str, Any] = {"region": submission["region"]["code"], "year": 2019}
    row.update({f"{k}.self": v for k, v in submission["self_evaluation"].items()})
    row.update({f"{k}.target": v for k, v in submission.get("targets", {}).items()})
    with pytest.raises(qa.InputError) as frame:
        qa.assess_frame(PREFECTURE_SCHEME, pd.DataFrame([row]))
    assert any("county_results" in place for place, _ in frame.value.issues)


# ---- a province's campaign over its prefectures ------------------------------------------


def prefecture_campaign(path: Path) -> tuple[qa.Campaign, dict[str, dict[str, Any]]]:
    """The sample's prefectures filed and self-evaluated, nothing selected for verification; a
    value filed for the computed point is refused on the way (Art. 10)."""
    data = {s["region"]["code"]: s for s in submissions("prefectures-2019.json")}
    campaign = qa.Campaign.create(
        path,
        qa.Scheme.load(PREFECTURE_SCHEME),
        2019,
        [(code, s["region"]["name"]) for code, s in data.items()],
        date="2019-06-01",
    )
    for code, submission in data.items():
        campaign.file_targets(code, submission.get("targets", {}), date="2019-06-28")
    first = next(iter(data))
    with pytest.raises(qa.InputError, match="not filed"):
        campaign.self_evaluate(
            first, {**data[first]["self_evaluation"], "county_results": 90}, date="2020-07-10"
        )
    for code, submission in data.items():
        campaign.self_evaluate(code, submission["self_evaluation"], date="2020-07-14")
    campaign.plan_verification(rule="manual", regions=[], date="2020-07-20")
    return campaign, data


def test_a_provincial_campaign_takes_the_county_results_with_its_assessment(
    tmp_path: Path, regions: qa.Regions, counties: qa.LevelResults
) -> None:
    """Art. 10 with Art. 6: the province's year over its prefectures. The values computed from
    the county results are recorded with the assessment step, so the reopened file (a replay of
    the journal) grades the same; a prefecture cannot file them itself."""
    path = tmp_path / "shili-2019.qa"
    campaign, data = prefecture_campaign(path)
    with pytest.raises(qa.InputError, match="lower_level"):
        campaign.assess(date="2020-08-20")

    results = campaign.assess(date="2020-08-20", lower=counties, regions=regions)
    expected = qa.assess_level(
        PREFECTURE_SCHEME, list(data.values()), regions, level="prefecture", lower=counties
    )
    graded = [(r.region_code, r.total, r.grade) for r in expected]
    assert sorted((r.region_code, r.total, r.grade) for r in results) == graded
    campaign.close()

    reopened = qa.Campaign.open(path)
    assert sorted((r.region_code, r.total, r.grade) for r in reopened.results()) == graded
    reopened.close()


def test_cli_campaign_assess_takes_the_level_below(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], regions: qa.Regions
) -> None:
    """Art. 10 from the shell: `campaign assess --lower DATA --lower-scheme S --hierarchy FILE`."""
    path = tmp_path / "shili.qa"
    prefecture_campaign(path)[0].close()

    base = ["campaign", "assess", str(path), "--date", "2020-08-20"]
    assert main(["--lang", "en", *base, "--lower", str(SHILI / "counties-2019.json")]) == 2
    assert "go together" in capsys.readouterr().err
    lower = [
        "--lower",
        str(SHILI / "counties-2019.json"),
        "--lower-scheme",
        str(COUNTY_SCHEME),
        "--hierarchy",
        str(SHILI / "regions.json"),
    ]
    assert main([*base, *lower, "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "990100" in printed and "990400" in printed
    with qa.Campaign.open(path) as reopened:
        grades = {r.region_code: r.grade for r in reopened.results()}
    expected = json.loads((SHILI / "prefectures-2019.json").read_text(encoding="utf-8"))
    assert grades == expected["expected_grades"]
