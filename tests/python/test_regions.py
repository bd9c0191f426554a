"""The region hierarchy and roll-ups (Art. 10: provinces assess their prefectures, prefectures
their counties): region files in CSV and JSON, every bad row named, the queries, and results
rolled up per prefecture or province. Codes under 990000 are invented (示例, synthetic)."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa
from qualityassess._errors import issues_of
from qualityassess.regions import Region

# A synthetic province (Art. 10): two prefectures with counties, one prefecture without any, and
# a county-level unit directly under the province (省直辖县级, like Hubei's 429004).
SYNTHETIC = [
    ("990000", "示例省 (synthetic)"),
    ("990100", "示例市一"),
    ("990101", "示例县甲"),
    ("990102", "示例县乙"),
    ("990103", "示例县丙"),
    ("990200", "示例市二"),
    ("990201", "示例县丁"),
    ("990300", "示例市三"),
    ("999004", "示例直辖县"),
]


def write_csv(tmp_path: Path, text: str, name: str = "regions.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def synthetic_csv() -> str:
    return "code,name\n" + "".join(f"{code},{name}\n" for code, name in SYNTHETIC)


@pytest.fixture
def regions() -> qa.Regions:
    return qa.Regions.from_records([{"code": c, "name": n} for c, n in SYNTHETIC])


def paths_of(error: pytest.ExceptionInfo[ValueError]) -> list[str]:
    return [path for path, _ in issues_of(error.value)]


# ---- CSV ---------------------------------------------------------------------------------------


def test_csv_parents_inferred_from_codes(tmp_path: Path) -> None:
    # Art. 10: each county under its prefecture; 999004 (no 999000 in the file) under 990000.
    regions = qa.Regions.load(write_csv(tmp_path, synthetic_csv()))
    assert len(regions) == 9
    assert regions["990101"] == Region("990101", "示例县甲", "county", "990100")
    assert regions["990100"].parent == "990000"
    assert regions["990000"] == Region("990000", "示例省 (synthetic)", "province", None)
    assert regions["999004"].parent == "990000"


def test_csv_with_bom_level_and_parent_columns(tmp_path: Path) -> None:
    text = (
        "code,name,level,parent\n"
        "990000,示例省,省,\n"
        "990100,示例市一,prefecture,990000\n"
        "990101,示例县甲,县,990100\n"
        "990150,示例直辖县,county,990000\n"  # given its province although 990100 is there
    )
    regions = qa.Regions.load(write_csv(tmp_path, text, bom=True))
    assert list(regions) == ["990000", "990100", "990101", "990150"]
    assert regions["990150"].parent == "990000"
    assert regions.level("990100") == "prefecture"


def test_csv_columns_in_any_order_and_short_rows(tmp_path: Path) -> None:
    text = "name,code,parent\n示例省,990000\n示例县甲,990101,990000\n"
    regions = qa.Regions.load(write_csv(tmp_path, text))
    assert regions["990101"].parent == "990000"


def test_csv_bad_rows_are_named_by_line(tmp_path: Path) -> None:
    # Art. 10 cascades down a tree; every row that breaks it is named, all at once.
    text = (
        "code,name,level,parent\n"  # line 1
        "990000,示例省,,\n"  # line 2
        "990100,示例市一,,\n"  # line 3
        "99010,,,\n"  # line 4: malformed code, empty name
        "990199,示例县丁,,990900\n"  # line 5: unknown parent
        "990100,示例市一,,\n"  # line 6: duplicate
        "990101,示例县甲,prefecture,\n"  # line 7: level contradicts the code
    )
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(write_csv(tmp_path, text))
    issues = issues_of(error.value)
    assert paths_of(error) == [
        "regions.csv line 4 (99010)",
        "regions.csv line 4 (99010)",
        "regions.csv line 5 (990199)",
        "regions.csv line 6 (990100)",
        "regions.csv line 7 (990101)",
    ]
    assert issues[2][1] == "parent '990900' is not in the file"
    assert issues[3][1] == "duplicate code; first given at regions.csv line 3 (990100)"
    assert "invalid region file regions.csv" in str(error.value)
    assert "line 5 (990199): parent '990900' is not in the file" in str(error.value)


def test_csv_quoted_field_over_two_lines_keeps_line_numbers(tmp_path: Path) -> None:
    text = 'code,name\n990000,"示例\n省"\n990101,示例县甲,x\n'
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(write_csv(tmp_path, text))
    assert paths_of(error) == ["regions.csv line 4"]
    assert "3 cells; the header has 2 columns" in str(error.value)


def test_csv_extra_column_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(write_csv(tmp_path, "code,name,population\n990000,示例省,1\n"))
    assert issues_of(error.value) == [
        ("regions.csv line 1", "column 'population' is not code, name, level or parent")
    ]


def test_csv_without_a_name_column_or_a_header(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError, match="no column 'name'"):
        qa.Regions.load(write_csv(tmp_path, "code\n990000\n"))
    with pytest.raises(qa.InputError, match="no header"):
        qa.Regions.load(write_csv(tmp_path, ""))


def test_csv_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_bytes("code,name\n990000,示例省\n".encode("gb18030"))
    with pytest.raises(qa.InputError, match="not UTF-8"):
        qa.Regions.load(path)


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError, match=r"\.csv or \.json"):
        qa.Regions.load(write_csv(tmp_path, synthetic_csv(), name="regions.txt"))


# ---- JSON ----------------------------------------------------------------------------------


def test_json_document_and_bare_list(tmp_path: Path) -> None:
    entries = [{"code": c, "name": n} for c, n in SYNTHETIC]
    entries[2]["level"] = "county"
    entries[2]["parent"] = "990100"
    document = {"format": "qualityassess-regions/1", "note": "synthetic (示例)", "regions": entries}
    path = tmp_path / "regions.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    from_document = qa.Regions.load(path)
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    assert qa.Regions.load(path) == from_document
    assert from_document.children("990100") == ["990101", "990102", "990103"]


def write_json(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regions.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_bad_rows_are_named_by_pointer(tmp_path: Path) -> None:
    text = """{"format": "qualityassess-regions/1", "regions": [
      {"code": "990000", "name": "示例省"},
      {"code": "990100", "name": "示例市一"},
      {"code": "990101", "name": "示例县甲", "parent": "990900"},
      {"code": 990102.0, "name": "示例县乙"},
      {"code": "990103", "name": "示例县丙", "population": 1}
    ]}"""
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(write_json(tmp_path, text))
    assert paths_of(error) == ["/regions/3/code", "/regions/4/population"]
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(
            write_json(
                tmp_path, text.replace("990102.0", '"990102"').replace(', "population": 1', "")
            )
        )
    assert issues_of(error.value) == [
        ("/regions/2/parent (990101)", "parent '990900' is not in the file")
    ]


def test_json_is_read_by_the_strict_reader(tmp_path: Path) -> None:
    # Python's json module would keep the second "code" silently.
    text = '[{"code": "990000", "code": "980000", "name": "示例省"}]'
    with pytest.raises(qa.InputError, match="duplicate"):
        qa.Regions.load(write_json(tmp_path, text))


def test_json_format_and_keys_are_checked(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(write_json(tmp_path, '{"format": "x", "regions": [], "extra": 1}'))
    assert paths_of(error) == ["/extra", "/format"]
    with pytest.raises(qa.InputError, match="must be an object with 'regions' or a list"):
        qa.Regions.load(write_json(tmp_path, '"990000"'))


# ---- records and frames -------------------------------------------------------------------


def test_int_codes_become_six_digits_and_floats_are_refused() -> None:
    regions = qa.Regions.from_records(
        [{"code": 990000, "name": "示例省"}, {"code": 990100, "name": "示例市", "parent": 990000}]
    )
    assert list(regions) == ["990000", "990100"]
    assert 990100 in regions and regions[990100].code == "990100"
    with pytest.raises(qa.InputError) as error:
        qa.Regions.from_records([{"code": 990000.0, "name": "示例省"}, {"code": True, "name": "x"}])
    assert paths_of(error) == ["/0/code", "/1/code"]
    assert "decimal number" in issues_of(error.value)[0][1]


def test_from_frame_with_int_codes_and_empty_parents() -> None:
    frame = pd.DataFrame(
        {
            "code": [990000, 990100, 990101],
            "name": ["示例省", "示例市一", "示例县甲"],
            "parent": [None, "990000", None],
        }
    )
    regions = qa.Regions.from_frame(frame)
    assert regions["990101"].parent == "990100"
    assert qa.Regions.from_frame(regions.to_frame()) == regions  # code as the index


def test_from_frame_names_bad_rows_and_columns() -> None:
    frame = pd.DataFrame({"code": [990000.0, float("nan")], "name": ["示例省", "示例市"]})
    with pytest.raises(qa.InputError) as error:
        qa.Regions.from_frame(frame)
    assert paths_of(error) == ["row 1, column 'code'"]
    with pytest.raises(qa.InputError, match="column 'population'"):
        qa.Regions.from_frame(pd.DataFrame({"code": ["990000"], "name": ["x"], "population": [1]}))


# ---- queries -------------------------------------------------------------------------------


def test_queries(regions: qa.Regions) -> None:
    assert regions.children("990000") == ["990100", "990200", "990300", "999004"]
    assert regions.children(990100) == ["990101", "990102", "990103"]
    assert regions.descendants("990000", "county") == [
        "990101",
        "990102",
        "990103",
        "990201",
        "999004",
    ]
    assert regions.descendants("990200") == ["990201"]
    assert regions.ancestors("990102") == ["990100", "990000"]
    assert regions.ancestor_at("990102", "province") == "990000"
    assert regions.ancestor_at("999004", "prefecture") is None
    assert regions.at_level("prefecture") == ["990100", "990200", "990300"]
    assert regions.at_level("县", under="990200") == ["990201"]
    assert regions.level(999004) == "county"
    assert "990104" not in regions and "x" not in regions and 1.5 not in regions


def test_unknown_codes_and_levels(regions: qa.Regions) -> None:
    with pytest.raises(KeyError):
        regions["990104"]
    with pytest.raises(qa.InputError, match="'990104' is not in the region file"):
        regions.children("990104")
    with pytest.raises(
        qa.InputError, match="'city' is not a level: province, prefecture or county"
    ):
        regions.at_level("city")


def test_frame_repr_html_and_pickle(regions: qa.Regions) -> None:
    frame = regions.to_frame()
    assert list(frame.columns) == ["name", "level", "parent"]
    assert frame.loc["990000", "parent"] is None
    assert frame.loc["999004", "parent"] == "990000"
    assert repr(regions) == "<Regions: 1 province, 3 prefectures, 5 counties>"
    odd = qa.Regions.from_records([{"code": "990000", "name": "<b>示例</b>"}])
    assert "&lt;b&gt;示例&lt;/b&gt;" in odd._repr_html_()
    assert pickle.loads(pickle.dumps(regions)) == regions


def test_the_31_provinces_of_the_sample(sample_2019: dict[str, Any]) -> None:
    # The top of the cascade (Art. 10): provinces have no parent and nothing above them.
    records = [s["region"] for s in sample_2019["submissions"]]
    regions = qa.Regions.from_records(records)
    assert len(regions) == 31 and regions.at_level("province") == sorted(r["code"] for r in records)
    assert regions.counts() == {"province": 31, "prefecture": 0, "county": 0}
    results = qa.assess_many("cn-2013", sample_2019["submissions"])
    with pytest.raises(qa.InputError, match="no level is above province"):
        qa.roll_up(results, regions)


# ---- roll-ups ------------------------------------------------------------------------------


@pytest.fixture
def county_results(make_submission: Callable[..., dict[str, Any]]) -> qa.Results:
    """Art. 10: counties assessed with cn-2013 (synthetic inputs)."""
    hidden = {
        "id": "i-1",
        "date": "2019-10-01",
        "scope": "regional",
        "reported_in_self_evaluation": False,
    }

    def region(code: str) -> dict[str, str]:
        return {"code": code, "name": dict(SYNTHETIC)[code]}

    missing = make_submission(region=region("990103"), incidents=[hidden])
    del missing["self_evaluation"]["quality_workforce"]  # 3.5 points
    return qa.assess_many(
        "cn-2013",
        [
            make_submission(region=region("990101")),  # 100, A
            make_submission(  # 99.4, A, overstated (Art. 9)
                region=region("990102"), verification={"development_plan": "good"}
            ),
            missing,  # 96.5, vetoed: D, concealed (Art. 9)
            make_submission(region=region("990201")),  # 100, A
            make_submission(region=region("999004")),  # 100, A
        ],
    )


def test_roll_up_counties_to_prefectures(regions: qa.Regions, county_results: qa.Results) -> None:
    # 999004 is under no prefecture: rolled up to prefectures it cannot be placed.
    with pytest.raises(qa.InputError) as error:
        qa.roll_up(county_results, regions)
    assert issues_of(error.value) == [
        ("999004 示例直辖县", "has no prefecture above it (it is directly under 990000)")
    ]
    frame = qa.roll_up(county_results[:4], regions)
    assert frame.attrs == {"scheme": "cn-2013", "level": "prefecture", "results_level": "county"}
    assert frame.index.name == "region"  # the parents', as in every table (issue 14)
    assert list(frame.index) == ["990100", "990200"]  # 990300 has no county in the file
    assert list(frame.columns) == [
        "name",
        "expected",
        "graded",
        "A",
        "B",
        "C",
        "D",
        "mean_total",
        "lowest_total",
        "lowest_region",
        "vetoed",
        "misreporting",
        "misreporting_findings",
    ]
    first = frame.loc["990100"]
    assert (first["expected"], first["graded"]) == (3, 3)
    assert (first["A"], first["B"], first["C"], first["D"]) == (2, 0, 0, 1)
    assert first["mean_total"] == 98.6333  # (100 + 99.4 + 96.5) / 3, to 4 decimals
    assert (first["lowest_total"], first["lowest_region"]) == (96.5, "990103")
    assert first["vetoed"] == ["990103"]
    assert first["misreporting"] == ["990102", "990103"]
    assert first["misreporting_findings"] == 2
    second = frame.loc["990200"]
    assert (second["expected"], second["graded"], second["A"]) == (1, 1, 1)
    assert second["mean_total"] == 100


def test_roll_up_prefecture_without_results(
    regions: qa.Regions, county_results: qa.Results
) -> None:
    frame = qa.roll_up(county_results[:3], regions, level="prefecture")
    assert list(frame.index) == ["990100", "990200"]
    row = frame.loc["990200"]
    assert (row["expected"], row["graded"], row["A"]) == (1, 0, 0)
    assert pd.isna(row["mean_total"]) and pd.isna(row["lowest_total"])
    assert row["lowest_region"] is None and row["vetoed"] == []


def test_roll_up_counties_straight_to_the_province(
    regions: qa.Regions, county_results: qa.Results
) -> None:
    frame = qa.roll_up(county_results, regions, level="省")
    assert list(frame.index) == ["990000"]
    row = frame.loc["990000"]
    assert (row["expected"], row["graded"], row["A"], row["D"]) == (5, 5, 4, 1)
    assert row["mean_total"] == 99.18  # 495.9 / 5
    assert row["name"] == "示例省 (synthetic)"


def test_roll_up_refusals_name_the_region(
    regions: qa.Regions, county_results: qa.Results, make_submission: Callable[..., Any]
) -> None:
    outside = qa.assess("cn-2013", make_submission(region={"code": "990109", "name": "外县"}))
    prefecture = qa.assess("cn-2013", make_submission(region={"code": "990200", "name": "市二"}))
    with pytest.raises(qa.InputError) as error:
        qa.roll_up([*county_results[:2], outside, prefecture, county_results[0]], regions)
    assert issues_of(error.value) == [
        ("990109 外县", "region '990109' is not in the region file"),
        (
            "990200 市二",
            "is a prefecture; the results before it are counties (first: 990101 示例县甲)",
        ),
        ("990101 示例县甲", "two results for this region (results[0] and results[4])"),
    ]
    with pytest.raises(qa.InputError, match="cannot roll county results up to county"):
        qa.roll_up(county_results, regions, level="county")
    with pytest.raises(qa.InputError, match="no results to roll up"):
        qa.roll_up([], regions)
    with pytest.raises(qa.InputError, match=r"results\[1\]: must be a Result, not dict"):
        qa.roll_up([county_results[0], {"code": "990102"}], regions)  # type: ignore[list-item]


def test_package_exports() -> None:
    assert "Regions" in dir(qa) and "roll_up" in dir(qa)
    assert qa.roll_up is qa.regions.roll_up


def test_csv_with_more_regions_than_the_limit(tmp_path: Path) -> None:
    # A region file is bounded like every other input (docs/security.md).
    limit = int(qa._core.RegionTree.max_regions)
    lines = [f"{990000 + 1 + i % 99 + 100 * (i // 99)},示例县{i}" for i in range(limit + 1)]
    path = write_csv(tmp_path, "code,name\n" + "\n".join(lines) + "\n")
    with pytest.raises(qa.InputError) as error:
        qa.Regions.load(path)
    assert paths_of(error) == [f"regions.csv line {limit + 2}"]
    assert f"more than {limit} regions" in str(error.value)
