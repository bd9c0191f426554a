"""What a filled workbook, and a data file's "scheme", may decide (issue 12; docs/security.md,
"Which scheme decides" and "Workbooks"): the assessor's scheme grades, never one the filler's
file carries; the hidden metadata must be what write_template wrote; a sheet's region is the one
its visible heading names; a percentage cell reads as the percentage shown; unreadable files
exit 3; every limit is named with its number."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import qualityassess as qa
from qualityassess import excel
from qualityassess.cli import EXIT_FILE, EXIT_INVALID, main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
# Jilin C (73.7), Hubei B (89.8) in the 2019 sample, in its order; with the bands lowered
# both are A.
CODES = ("220000", "420000")
# The limits docs/security.md lists.
MAX_REGION_SHEETS = 4_000
MAX_WORKBOOK_BYTES = 32 * 1024 * 1024


@pytest.fixture(scope="module")
def chosen() -> list[dict[str, Any]]:
    data = json.loads((EXAMPLES / "data" / "sample-2019.json").read_text(encoding="utf-8"))
    return [s for s in data["submissions"] if s["region"]["code"] in CODES]


@pytest.fixture
def filled(tmp_path: Path, chosen: list[dict[str, Any]]) -> Path:
    """A template filled in with Hubei's and Jilin's 2019 values."""
    return excel.write_template("cn-2013", tmp_path / "filled.xlsx", submissions=chosen)


def grades(submissions: list[dict[str, Any]], scheme: Any = "cn-2013") -> list[str]:
    return [r.grade for r in qa.assess_many(scheme, submissions)]


def lowered_cn2013() -> dict[str, Any]:
    """cn-2013 under its own id and version, with every band 20 points lower."""
    document = qa.Scheme.builtin("cn-2013").to_dict()
    # The last band (D) has no minimum: it takes what the others leave.
    for band, low in zip(document["grading"]["bands"][:-1], (70, 60, 50), strict=True):
        band["min"] = low
    return document


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def meta_rows(workbook: Any, key: str) -> list[Any]:
    """The _meta rows whose first cell is ``key`` (openpyxl cells)."""
    return [row for row in workbook["_meta"].iter_rows() if row[0].value == key]


def refused(path: Path, scheme: Any = None) -> list[tuple[str, str]]:
    with pytest.raises(qa.InputError) as caught:
        excel.read_submissions(path, scheme)
    return list(caught.value.issues)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--lang", "en", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


# ---- which scheme decides ---------------------------------------------------------------------


def test_the_canonical_scheme_text_is_deterministic() -> None:
    """The digest compares canonical texts: one scheme must have one text."""
    from qualityassess.io._scheme_choice import scheme_digest

    builtin = qa.Scheme.builtin("cn-2013")
    again = qa.Scheme.from_json(json.dumps(builtin.to_dict(), ensure_ascii=True, indent=3))
    assert again.to_json(indent=-1) == builtin.to_json(indent=-1)
    assert scheme_digest(again.to_json(indent=-1)) == scheme_digest(builtin.to_json(indent=-1))


def test_a_stored_scheme_with_lowered_bands_is_refused(
    tmp_path: Path, filled: Path, chosen: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Today's attack: the filler rewrites the stored scheme under cn-2013's own id and version,
    bands lowered; regions went B→A and C→A with the report titled cn-2013."""
    assert grades(chosen) == ["C", "B"]
    text = json.dumps(lowered_cn2013(), ensure_ascii=False, separators=(",", ":"))

    def lower(workbook: Any) -> None:
        (chunk,) = meta_rows(workbook, "scheme_json")
        chunk[1].value = text

    edit(filled, lower)
    for scheme in (None, "cn-2013", qa.Scheme.builtin("cn-2013")):
        ((place, message),) = refused(filled, scheme)
        assert place == "_meta!B4"
        assert "the stored scheme differs from cn-2013 2013.1" in message
        assert "the template was altered or made for another version" in message
    code, err = cli(capsys, "grade", str(filled), "--out", str(tmp_path / "r.html"))
    assert code == EXIT_INVALID and "stored scheme differs from cn-2013" in err
    assert not (tmp_path / "r.html").exists()


def test_a_template_written_before_schemes_had_a_legal_basis_is_read(filled: Path) -> None:
    """cn-2013 2013.1 gained its legal basis (the articles its findings cite) after templates
    were sent out: the same rules, so those templates are read; a rule changed is not."""
    document = json.loads(qa.Scheme.builtin("cn-2013").to_json(indent=-1))
    del document["legal_basis"]
    before = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    def store(text: str) -> Callable[[Any], None]:
        def change(workbook: Any) -> None:
            (chunk,) = meta_rows(workbook, "scheme_json")
            chunk[1].value = text

        return change

    edit(filled, store(before))
    assert len(excel.read_submissions(filled)) == 2  # the two regions, read as before
    document["misreporting"]["overstatement_tolerance"] = 0.5  # a rule changed as well
    edit(filled, store(json.dumps(document, ensure_ascii=False, separators=(",", ":"))))
    ((place, message),) = refused(filled)
    assert place == "_meta!B4" and "the stored scheme differs from cn-2013 2013.1" in message


def test_a_template_for_another_version_is_refused(filled: Path) -> None:
    edit(filled, lambda workbook: setattr(meta_rows(workbook, "scheme")[0][2], "value", "2013.0"))
    ((place, message),) = refused(filled)
    assert place == "_meta!B4" and "stored: cn-2013 2013.0" in message


def test_a_scheme_changed_under_a_built_in_id_needs_the_assessor_to_give_it(
    tmp_path: Path, chosen: list[dict[str, Any]]
) -> None:
    """A template written for an adapted cn-2013 (same id) is graded with it only when the
    assessor gives that scheme; without it the built-in cn-2013 decides, and the stored one
    differs."""
    adapted = qa.Scheme.from_dict(lowered_cn2013())
    path = excel.write_template(adapted, tmp_path / "adapted.xlsx", submissions=chosen)
    ((place, message),) = refused(path)
    assert place == "_meta!B4" and "differs from cn-2013" in message
    assert grades(excel.read_submissions(path, adapted), adapted) == ["A", "A"]


def test_a_template_for_a_scheme_not_built_in_needs_the_scheme(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scheme_file = repo / "examples" / "schemes" / "fire-safety.json"
    scheme = qa.Scheme.load(scheme_file)
    data = json.loads((repo / "examples" / "data" / "fire-safety-2023.json").read_text("utf-8"))
    path = excel.write_template(scheme, tmp_path / "fire.xlsx", submissions=data["submissions"])
    ((place, message),) = refused(path)
    assert place == "_meta!B2"
    assert "'fire-safety-example', which is not built in" in message and "scheme=" in message
    code, err = cli(capsys, "grade", str(path), "--out", str(tmp_path / "r.html"))
    assert code == EXIT_INVALID and "give --scheme with its file" in err
    assert len(err.strip().splitlines()) == 1
    out = str(tmp_path / "ok.html")
    assert cli(capsys, "grade", str(path), "--scheme", str(scheme_file), "--out", out)[0] == 0
    # The assessor's scheme must be the one the template names.
    code, err = cli(capsys, "grade", str(path), "--scheme", "cn-2013", "--out", out)
    assert code == EXIT_INVALID
    assert "for scheme 'fire-safety-example', but the scheme given (--scheme) is 'cn-2013'" in err


def test_the_datas_scheme_is_an_id_never_a_file_to_open(
    tmp_path: Path, chosen: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON data naming a scheme file (lowered bands under the id cn-2013): not opened."""
    lowered = tmp_path / "lowered.json"
    lowered.write_text(json.dumps(lowered_cn2013()), encoding="utf-8")
    data = tmp_path / "data.json"
    unnamed = [{k: v for k, v in s.items() if k != "scheme"} for s in chosen]
    data.write_text(json.dumps({"scheme": str(lowered), "submissions": unnamed}), encoding="utf-8")
    out = tmp_path / "r.html"
    code, err = cli(capsys, "grade", str(data), "--out", str(out))
    assert code == EXIT_INVALID and not out.exists()
    assert f"is for scheme '{lowered}', which is not built in" in err
    assert "give --scheme with its file" in err and len(err.strip().splitlines()) == 1
    one = tmp_path / "one.json"
    one.write_text(json.dumps({**chosen[0], "scheme": str(lowered)}), encoding="utf-8")
    code, err = cli(capsys, "assess", str(one))
    assert code == EXIT_INVALID and "not built in" in err


def test_data_naming_another_scheme_than_the_one_given_is_refused_on_one_line(
    tmp_path: Path, chosen: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"submissions": chosen}), encoding="utf-8")
    fire = str(EXAMPLES / "schemes" / "fire-safety.json")
    code, err = cli(capsys, "grade", str(data), "--scheme", fire, "--out", str(tmp_path / "r"))
    assert code == EXIT_INVALID and len(err.strip().splitlines()) == 1
    assert (
        "is for scheme 'cn-2013', but the scheme given (--scheme) is 'fire-safety-example'" in err
    )
    # Two submissions naming two schemes: which one was meant is not for the program to guess.
    mixed = [chosen[0], {**chosen[1], "scheme": "fire-safety-example"}]
    data.write_text(json.dumps(mixed), encoding="utf-8")
    code, err = cli(capsys, "grade", str(data), "--out", str(tmp_path / "r"))
    assert code == EXIT_INVALID and "names two schemes, 'cn-2013' and 'fire-safety-example'" in err


# ---- the hidden metadata and the sheets -------------------------------------------------------


def _cell_row(workbook: Any, path: str) -> Any:
    return next(row for row in meta_rows(workbook, "cell") if row[3].value == path)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        (2, "ZZZZZZ0"),  # a cell reference past Excel's last column, row 0
        (2, "A0"),
        (2, "foo"),
        (2, "F12"),  # a real cell: another point's value
        (3, "/self_evaluation/development_plan/deeper"),  # a nested path
        (3, "/region/code"),  # a value cell overwriting the region
        (3, "/verification/manufacturing_pass_rate"),  # the self-evaluation read as verified
        (4, "item"),
    ],
)
def test_an_altered_cell_map_is_refused_naming_its_meta_cell(
    filled: Path, column: int, value: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    place: list[str] = []

    def alter(workbook: Any) -> None:
        row = _cell_row(workbook, "/self_evaluation/manufacturing_pass_rate")
        row[column].value = value
        place.append(row[column].coordinate)

    edit(filled, alter)
    ((where, message),) = refused(filled)
    assert where == f"_meta!{place[0]}"
    assert "where write_template writes" in message and "the template's metadata was edited" in (
        message
    )
    code, err = cli(capsys, "grade", str(filled), "--out", str(tmp_path / "r.html"))
    assert code == EXIT_INVALID and f"_meta!{place[0]}" in err


def test_swapped_sheet_titles_do_not_swap_regions(filled: Path) -> None:
    def swap(workbook: Any) -> None:
        hubei, jilin = workbook["湖北省"], workbook["吉林省"]
        hubei.title, jilin.title = "tmp", "湖北省"
        hubei.title = "吉林省"

    edit(filled, swap)
    issues = dict(refused(filled))
    assert set(issues) == {"湖北省!A1", "吉林省!A1"}
    assert "the heading is '吉林省（220000）" in issues["湖北省!A1"]
    assert "gives this sheet the region '湖北省（420000）" in issues["湖北省!A1"]


def test_a_region_code_changed_in_the_metadata_is_refused(filled: Path) -> None:
    edit(filled, lambda workbook: setattr(meta_rows(workbook, "region")[1][2], "value", "110000"))
    issues = dict(refused(filled))
    assert list(issues) == ["湖北省!A1"]
    assert "（110000）" in issues["湖北省!A1"]


def test_a_region_renamed_in_the_metadata_is_refused_naming_the_title(filled: Path) -> None:
    edit(filled, lambda workbook: setattr(meta_rows(workbook, "region")[1][3], "value", "湖南省"))
    ((where, message),) = refused(filled)
    assert where == "_meta!B6" and "'湖北省' where write_template writes '湖南省'" in message


def test_a_year_changed_in_the_metadata_is_refused(filled: Path) -> None:
    edit(filled, lambda workbook: setattr(meta_rows(workbook, "year")[0][1], "value", 2018))
    issues = dict(refused(filled))
    assert set(issues) == {"湖北省!A2", "吉林省!A2"}


@pytest.mark.parametrize(
    "shape",
    ["short cell row", "empty row", "text for a number", "extra row", "missing rows", "moved"],
)
def test_wrongly_shaped_metadata_is_one_error(
    filled: Path, shape: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def alter(workbook: Any) -> None:
        meta = workbook["_meta"]
        if shape == "short cell row":
            for cell in meta_rows(workbook, "cell")[3][2:]:
                cell.value = None
        elif shape == "empty row":
            meta.insert_rows(10)
        elif shape == "text for a number":
            meta_rows(workbook, "incidents")[0][2].value = "thirty"
        elif shape == "extra row":
            meta.append(["cell", "湖北省", "E8", "/region/name", "leaf", "x"])
        elif shape == "missing rows":
            meta.delete_rows(meta_rows(workbook, "incident_column")[0][0].row, 7)
        else:
            meta.move_range("A1:F1", rows=meta.max_row)

    edit(filled, alter)
    with pytest.raises(qa.InputError) as caught:
        excel.read_submissions(filled)
    assert all(place.startswith("_meta!") for place, _ in caught.value.issues)
    code, err = cli(capsys, "grade", str(filled), "--out", str(tmp_path / "r.html"))
    assert code == EXIT_INVALID and "_meta!" in err


# ---- percentages ------------------------------------------------------------------------------


def _row_of(sheet: Any, leaf: str) -> int:
    return next(int(row[0].row) for row in sheet.iter_rows() if any(c.value == leaf for c in row))


@pytest.mark.parametrize(
    ("stored", "number_format", "read"),
    [
        (0.943, "0.0%", 94.3),  # typed 94.3%: what the clerk sees, exactly (not 94.29999...)
        (0.9, "0%", 90.0),
        (1, "0.00%", 100.0),
        (94.3, '0.0"%"', 94.3),  # a quoted % only prints the sign
        (94.3, "0.0\\%", 94.3),
        (94.3, "General", 94.3),
    ],
)
def test_a_percentage_cell_reads_as_the_percentage_shown(
    filled: Path, stored: float, number_format: str, read: float
) -> None:
    def type_percent(workbook: Any) -> None:
        sheet = workbook["湖北省"]
        cell = sheet[f"E{_row_of(sheet, 'manufacturing_pass_rate')}"]
        cell.value, cell.number_format = stored, number_format

    edit(filled, type_percent)
    hubei = excel.read_submissions(filled)[CODES.index("420000")]
    value = hubei["self_evaluation"]["manufacturing_pass_rate"]
    assert value == read and repr(value) == repr(read)


# ---- files that cannot be read, and limits ----------------------------------------------------


def test_an_unreadable_workbook_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The file exists but reading it fails (EIO from /proc/self/mem, readable even by root):
    a file error, exit 3, not invalid data."""
    unreadable = tmp_path / "unreadable.xlsx"
    unreadable.symlink_to("/proc/self/mem")
    with pytest.raises(OSError):
        excel.read_submissions(unreadable)
    code, err = cli(capsys, "grade", str(unreadable), "--out", str(tmp_path / "r.html"))
    assert code == EXIT_FILE and "cannot read" in err
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert cli(capsys, "grade", str(folder), "--out", str(tmp_path / "r.html"))[0] == EXIT_FILE


def test_a_fifo_named_as_a_workbook_is_not_waited_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading a FIFO waits for a writer forever: it is refused as not a regular file."""
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    codes: list[int] = []
    out = str(tmp_path / "r.html")
    reader = threading.Thread(target=lambda: codes.append(main(["grade", str(fifo), "--out", out])))
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # release the reader blocked on the FIFO, then fail
        with open(fifo, "wb"):
            pass
        reader.join()
        pytest.fail("the FIFO was waited for")
    assert codes == [EXIT_FILE] and "not a regular file" in capsys.readouterr().err


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    start = time.monotonic()
    yield
    assert time.monotonic() - start < seconds


def test_a_meta_claiming_a_million_incident_rows_is_refused_at_once(filled: Path) -> None:
    """Today a 17 KB workbook whose _meta says 1,000,000 incident rows takes 48 s and 1.8 GB
    per sheet."""
    place: list[str] = []

    def claim(workbook: Any) -> None:
        row = meta_rows(workbook, "incidents")[0]
        row[3].value = row[2].value + 999_999
        place.append(row[3].coordinate)

    edit(filled, claim)
    with within(10):
        ((where, message),) = refused(filled)
    assert where == f"_meta!{place[0]}"
    assert "1,000,000 incident rows" in message and "10,000, the limit" in message


def test_ten_thousand_incident_rows_are_read_quickly(filled: Path) -> None:
    """At the limit (the core's 10,000 incidents of one submission): rows the sheet does not
    have cost nothing."""
    edit(
        filled,
        lambda workbook: [
            setattr(row[3], "value", row[2].value + 9_999)
            for row in meta_rows(workbook, "incidents")
        ],
    )
    with within(10):
        assert len(excel.read_submissions(filled)) == 2


def test_more_region_sheets_than_the_limit_are_refused(filled: Path) -> None:
    def many(workbook: Any) -> None:
        rows = [[cell.value for cell in row] for row in workbook["_meta"].iter_rows()]
        first = next(i for i, row in enumerate(rows) if row[0] == "region")
        extra = [["region", f"r{n}", f"{n:06d}", f"r{n}"] for n in range(MAX_REGION_SHEETS)]
        del workbook["_meta"]
        meta = workbook.create_sheet("_meta")
        for row in rows[:first] + extra + rows[first:]:
            meta.append(row)

    edit(filled, many)
    with within(20):
        ((where, message),) = refused(filled)
    assert where == f"_meta!A{4 + 1 + MAX_REGION_SHEETS}"  # the 4,001st region row
    assert "more than 4,000 regions, the limit" in message


def test_a_file_over_32_mib_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(MAX_WORKBOOK_BYTES + 1)
    with within(5):
        ((_, message),) = refused(big)
    assert "larger than the limit of 33,554,432 bytes" in message


def _with_member(source: Path, target: Path, members: Iterator[tuple[str, int]]) -> Path:
    """``source`` with members of the given names and sizes (zeros) added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, old.read(name))
        for name, size in members:
            with new.open(name, "w") as out:
                for start in range(0, size, 1 << 22):
                    out.write(bytes(min(1 << 22, size - start)))
    return target


def test_a_zip_bomb_is_refused_before_it_is_inflated(filled: Path, tmp_path: Path) -> None:
    bomb = _with_member(filled, tmp_path / "bomb.xlsx", iter([("xl/bomb.bin", 257 << 20)]))
    assert bomb.stat().st_size < 2 << 20  # 257 MiB of zeros deflate to under a megabyte
    with within(5):
        ((_, message),) = refused(bomb)
    assert "bytes unpacked" in message and "268,435,456 bytes" in message
    many = _with_member(filled, tmp_path / "many.xlsx", ((f"x/{n}", 0) for n in range(10_001)))
    with within(10):
        ((_, message),) = refused(many)
    assert "the limits are 10,000 parts" in message


def test_a_campaign_step_reads_a_workbook_with_the_campaigns_scheme(
    tmp_path: Path,
    filled: Path,
    chosen: list[dict[str, Any]],
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A campaign's steps from a workbook: the campaign's scheme decides, as --scheme does."""
    campaign = tmp_path / "2019.qa"
    regions = [s["region"] for s in chosen]
    qa.Campaign.create(campaign, "cn-2013", 2019, regions, date="2019-06-01").close()
    step = ("campaign", "file-targets", str(campaign))
    fire = qa.Scheme.load(repo / "examples" / "schemes" / "fire-safety.json")
    other = excel.write_template(fire, tmp_path / "fire.xlsx", regions=["1"], year=2019)
    code, err = cli(capsys, *step, str(other), "--date", "2019-06-28")
    assert code == EXIT_INVALID and "but the scheme given (the campaign's) is 'cn-2013'" in err
    # In the clerk's language (zh, the default) too.
    assert main([*step, str(other), "--date", "2019-06-28"]) == EXIT_INVALID
    assert "但给定的方案（考核活动所用）是 'cn-2013'" in capsys.readouterr().err
    lowered = json.dumps(lowered_cn2013(), ensure_ascii=False, separators=(",", ":"))
    altered = tmp_path / "altered.xlsx"
    altered.write_bytes(filled.read_bytes())
    edit(
        altered,
        lambda workbook: setattr(meta_rows(workbook, "scheme_json")[0][1], "value", lowered),
    )
    code, err = cli(capsys, *step, str(altered), "--date", "2019-06-28")
    assert code == EXIT_INVALID and "the stored scheme differs from cn-2013" in err
    assert cli(capsys, *step, str(filled), "--date", "2019-06-28")[0] == 0


# ---- in the clerk's language ------------------------------------------------------------------
#
# The reader's own problems are worded in English (``issues``, what programs match on) and in
# Chinese (``issues_zh``, what the command line shows by default), at the same places.

CJK = re.compile("[\u4e00-\u9fff]")


def refused_error(path: Path, scheme: Any = None) -> qa.InputError:
    with pytest.raises(qa.InputError) as caught:
        excel.read_submissions(path, scheme)
    error = caught.value
    assert error.issues and len(error.issues_zh) == len(error.issues)
    for (place, english), (place_zh, chinese) in zip(error.issues, error.issues_zh, strict=True):
        assert place_zh == place
        assert english != chinese, f"{place}: {english!r} is not worded in Chinese"
        assert CJK.search(chinese), f"{place}: {english!r} has no Chinese wording: {chinese!r}"
    return error


def _damage_the_year(workbook: Any) -> None:
    meta_rows(workbook, "year")[0][1].value = "twenty"


def _lower_the_stored_bands(workbook: Any) -> None:
    (chunk,) = meta_rows(workbook, "scheme_json")
    chunk[1].value = json.dumps(lowered_cn2013(), ensure_ascii=False, separators=(",", ":"))


def _type_a_formula(workbook: Any) -> None:
    sheet = workbook["湖北省"]
    sheet[f"E{_row_of(sheet, 'manufacturing_pass_rate')}"] = "=1+1"  # no saved value


def test_a_damaged_template_is_refused_in_both_languages(filled: Path) -> None:
    edit(filled, _damage_the_year)
    error = refused_error(filled)
    assert error.issues == [("_meta!B3", "must be a whole number, not 'twenty'")]
    assert error.issues_zh == [("_meta!B3", "应为整数，而不是 'twenty'")]
    assert str(error).startswith(f"{filled}: damaged template")


def test_an_altered_template_is_refused_in_both_languages(filled: Path) -> None:
    edit(filled, _lower_the_stored_bands)
    error = refused_error(filled)
    ((place, english),), ((_, chinese),) = error.issues, error.issues_zh
    assert place == "_meta!B4"
    assert english.startswith("the stored scheme differs from cn-2013 2013.1 (stored: cn-2013")
    assert chinese.startswith(
        "模板中存储的考核方案与 cn-2013 2013.1 不一致（存储的是 cn-2013 2013.1，SHA-256 "
    )
    assert chinese.endswith(
        "：模板已被改动，或是为其他版本制作的；请用 qa.excel.write_template 重新生成模板"
    )
    # The same digests in both.
    assert re.findall("[0-9a-f]{16}…", chinese) == re.findall("[0-9a-f]{16}…", english)


def test_an_altered_cell_map_is_refused_in_both_languages(filled: Path) -> None:
    def alter(workbook: Any) -> None:
        _cell_row(workbook, "/self_evaluation/manufacturing_pass_rate")[4].value = "item"

    edit(filled, alter)
    error = refused_error(filled)
    ((_, english),), ((_, chinese),) = error.issues, error.issues_zh
    assert english == (
        "'item' where write_template writes 'leaf' for this scheme and these regions: the "
        "template's metadata was edited"
    )
    assert chinese == (
        "此处为 'item'，而 write_template 为该考核方案和这些地区写入的是 'leaf'：模板元数据已被改动"
    )


def test_a_formula_without_its_value_is_refused_in_both_languages(filled: Path) -> None:
    edit(filled, _type_a_formula)
    error = refused_error(filled)
    place = (
        f"湖北省!E{_row_of(openpyxl.load_workbook(filled)['湖北省'], 'manufacturing_pass_rate')}"
    )
    assert error.issues == [
        (
            place,
            "the formula =1+1 has no saved value: type the value, or open and save the workbook "
            "in Excel",
        )
    ]
    assert error.issues_zh == [
        (place, "公式 =1+1 没有保存的计算结果：请直接填写数值，或用 Excel 打开该工作簿并保存")
    ]


def test_renamed_sheets_are_refused_in_both_languages(filled: Path) -> None:
    def swap(workbook: Any) -> None:
        hubei, jilin = workbook["湖北省"], workbook["吉林省"]
        hubei.title, jilin.title = "tmp", "湖北省"
        hubei.title = "吉林省"

    edit(filled, swap)
    chinese = dict(refused_error(filled).issues_zh)
    assert set(chinese) == {"湖北省!A1", "吉林省!A1"}
    assert chinese["湖北省!A1"].startswith("表头为 '吉林省（220000）")
    assert "但模板元数据中该工作表的地区为 '湖北省（420000）" in chinese["湖北省!A1"]
    assert chinese["湖北省!A1"].endswith("：工作表被改名，或表头被改动")


def test_a_file_that_is_not_a_workbook_is_refused_in_both_languages(tmp_path: Path) -> None:
    text = tmp_path / "text.xlsx"
    text.write_text("not a zip", encoding="utf-8")
    error = refused_error(text)
    ((place, english),), ((_, chinese),) = error.issues, error.issues_zh
    assert place == str(text)
    assert english == "cannot be read as .xlsx (BadZipFile: File is not a zip file)"
    assert chinese == "无法作为 Excel 工作簿（.xlsx）读取（BadZipFile: File is not a zip file）"
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    assert refused_error(other).issues_zh == [
        (str(other), "缺少 '_meta' 工作表（模板元数据）：请使用 write_template 生成的考核模板")
    ]


@pytest.mark.parametrize(
    "edits",
    [
        [_damage_the_year],
        [_lower_the_stored_bands],
        [_type_a_formula],
        [lambda workbook: meta_rows(workbook, "incidents")[0][2].__setattr__("value", "thirty")],
        [lambda workbook: workbook["_meta"].append(["cell", "湖北省", "E8", "/region/name"])],
        [lambda workbook: workbook.remove(workbook["湖北省"])],
        [lambda workbook: meta_rows(workbook, "format")[0][1].__setattr__("value", "x/9")],
    ],
    ids=["damaged", "altered", "formula", "text for a number", "extra row", "missing", "format"],
)
def test_every_problem_of_the_reader_has_a_chinese_wording(
    filled: Path, edits: list[Callable[[Any], None]]
) -> None:
    for change in edits:
        edit(filled, change)
    refused_error(filled)  # checks each issue's Chinese


def test_a_file_over_the_limits_is_refused_in_both_languages(filled: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(MAX_WORKBOOK_BYTES + 1)
    assert refused_error(big).issues_zh == [
        (str(big), "超过 33,554,432 字节的上限（33,554,433 字节）")
    ]
    many = _with_member(filled, tmp_path / "many.xlsx", ((f"x/{n}", 0) for n in range(10_001)))
    ((_, chinese),) = refused_error(many).issues_zh
    assert chinese.endswith(
        "：上限为 10,000 个组成部分、268,435,456 字节（可能是恶意压缩文件，或并非考核模板）"
    )


@pytest.mark.parametrize(
    ("change", "zh", "en"),
    [
        (
            _damage_the_year,
            "_meta!B3: 应为整数，而不是 'twenty'",
            "_meta!B3: must be a whole number, not 'twenty'",
        ),
        (
            _lower_the_stored_bands,
            "_meta!B4: 模板中存储的考核方案与 cn-2013 2013.1 不一致",
            "_meta!B4: the stored scheme differs from cn-2013 2013.1",
        ),
        (_type_a_formula, "公式 =1+1 没有保存的计算结果", "the formula =1+1 has no saved value"),
    ],
    ids=["damaged", "altered", "formula"],
)
def test_the_command_line_shows_a_workbooks_problems_in_its_language(
    filled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Any], None],
    zh: str,
    en: str,
) -> None:
    edit(filled, change)
    out = str(tmp_path / "r.html")
    assert main(["grade", str(filled), "--out", out]) == EXIT_INVALID  # zh: the default
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"qualityassess: {filled}: 数据有误，共 1 个问题："
    assert lines[1].startswith(f"{filled}: ") and zh in lines[1]
    code, err = cli(capsys, "grade", str(filled), "--out", out)  # --lang en
    lines = err.splitlines()
    assert (
        code == EXIT_INVALID and lines[0] == f"qualityassess: {filled}: invalid data, 1 problem(s):"
    )
    assert en in lines[1] and not CJK.search(lines[1].replace("湖北省", ""))
    assert not (tmp_path / "r.html").exists()


def test_the_command_line_shows_a_file_that_is_not_a_workbook_in_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "text.xlsx"
    text.write_text("not a zip", encoding="utf-8")
    out = str(tmp_path / "r.html")
    assert main(["grade", str(text), "--out", out]) == EXIT_INVALID
    assert capsys.readouterr().err.splitlines()[1:] == [
        f"{text}: {text}: 无法作为 Excel 工作簿（.xlsx）读取（BadZipFile: File is not a zip file）"
    ]
    code, err = cli(capsys, "grade", str(text), "--out", out)
    assert code == EXIT_INVALID and err.splitlines()[1:] == [
        f"{text}: {text}: cannot be read as .xlsx (BadZipFile: File is not a zip file)"
    ]
