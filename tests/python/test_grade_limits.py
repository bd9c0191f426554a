"""Resource limits of `qualityassess grade` (issue 12, "Resources"; docs/security.md, "grade
and CSV"): CSV size, columns and rows refused with the limit named, error text bounded, a
report over its region limit cut and saying so, and the chunked grading of a large cohort equal
to assess_many. Memory and time are measured by benchmarks/bench_grade.py, not here."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa
from _cli_helpers import main, write_json
from qualityassess import _core, cli, report
from qualityassess.sample import load_sample


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> str:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _grade(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    return main(capsys, "--lang", "en", "grade", *args, "--out", str(tmp_path / "r.html"))


# ---- CSV ------------------------------------------------------------------------------------


def test_csv_with_too_many_columns_is_refused_with_the_limit_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    header = ["region", "year", *(f"x{i}.self" for i in range(cli.MAX_CSV_COLUMNS))]
    path = _csv(tmp_path / "wide.csv", header, [["420000", "2019"]])
    code, _, err = _grade(capsys, tmp_path, path)
    assert code == 1
    assert f"{len(header):,} columns, more than the limit of 4,000" in err
    assert err.count("\n") == 1  # one line, not a line per column


def test_incidents_csv_with_too_many_columns_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    frame, _ = load_sample_table()
    data = tmp_path / "data.csv"
    frame.to_csv(data, index=False)
    header = ["region", "date", "scope", *(f"m{i}" for i in range(5_000))]
    incidents = _csv(tmp_path / "incidents.csv", header, [["420000", "2019-08-01", "local"]])
    code, _, err = _grade(capsys, tmp_path, str(data), "--incidents", incidents)
    assert code == 1 and "incidents.csv: 5,003 columns, more than the limit of 4,000" in err


def load_sample_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    from qualityassess.sample import load_sample_table as load

    return load()


def test_csv_errors_are_capped_at_100_lines_and_say_how_many_more(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    header = ["region", "year", *(f"x{i}.self" for i in range(500))]
    path = _csv(tmp_path / "bad.csv", header, [["420000", "2019"]])
    code, _, err = _grade(capsys, tmp_path, path)
    lines = err.splitlines()
    assert code == 1
    assert "invalid data, 500 problem(s)" in lines[0]
    assert len(lines) == 1 + cli.MAX_ISSUES_SHOWN + 1
    assert lines[-1].endswith("… and 400 more (the first 100 are listed)")


def test_a_huge_column_name_is_not_echoed_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = "x" * 100_000  # under the csv module's field limit: it reaches the table reader
    path = _csv(tmp_path / "long.csv", ["region", "year", f"{name}.self"], [["420000", "2019"]])
    code, _, err = _grade(capsys, tmp_path, path)
    assert code == 1 and "invalid data, 1 problem(s)" in err and "column 'xxxx" in err
    assert len(err.encode("utf-8")) < 3 * cli.MAX_ISSUE_BYTES  # the heading and one cut line
    assert "…" in err


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = int(_core.document_limits()["max_bytes"])
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.write(b"region,year\n")
        handle.truncate(limit + 1)  # sparse: nothing written past the header

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("pandas was asked to read a file over the limit")

    monkeypatch.setattr(pd, "read_csv", refuse)
    code, _, err = _grade(capsys, tmp_path, str(path))
    assert code == 1
    assert f"larger than the limit of {limit:,} bytes; not read" in err


def test_csv_rows_over_the_limit_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.MAX_CSV_ROWS == 100_000  # at least the entries of a JSON document
    assert cli.MAX_CSV_ROWS >= int(_core.document_limits()["max_items"])
    monkeypatch.setattr(cli._common, "MAX_CSV_ROWS", 3)  # where the CSV reader reads it
    rows = [[f"{420000 + i}", "2019"] for i in range(4)]
    path = _csv(tmp_path / "rows.csv", ["region", "year"], rows)
    code, _, err = _grade(capsys, tmp_path, path)
    assert code == 1 and "more than the limit of 3 rows; not read" in err


# ---- the report -----------------------------------------------------------------------------


@pytest.fixture
def sample_file(tmp_path: Path) -> str:
    return write_json(tmp_path / "sample.json", load_sample())


def test_the_report_over_its_region_limit_lists_the_ranking_and_says_how_it_was_cut(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_file: str,
) -> None:
    monkeypatch.setattr(report, "DETAIL_LIMIT", 20)
    code, _, err = _grade(capsys, tmp_path, sample_file)
    assert code == 0, err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "per-region detail omitted: 31 regions exceeds the report&#39;s limit of 20" in html
    assert "write the results workbook or JSON (grade --out results.xlsx / results.json)" in html
    assert 'class="region"' not in html and 'href="#region-' not in html
    assert len(re.findall(r'<tr>\s*<td class="num">\d+</td>', html)) == 31  # every region ranked


def test_the_report_within_its_limit_has_every_region_and_no_cut(sample_file: str) -> None:
    assert report.DETAIL_LIMIT == 5_000
    results = qa.assess_many("cn-2013", load_sample()["submissions"])
    html = report.render_report(results, "en", detail_limit=31)
    assert html.count('<section class="region"') == 31 and "detail omitted" not in html
    cut = report.render_report(results, "zh", detail_limit=30)
    assert "各地区明细从略：31个地区超过报告上限30个" in cut
    assert '<section class="region"' not in cut


# ---- a large cohort, graded in chunks -------------------------------------------------------


def _varied_cohort(n: int) -> list[dict[str, Any]]:
    """``n`` submissions with distinct codes, drawn from the sample's (incidents, vetoes and
    missing values included)."""
    sample = load_sample()["submissions"]
    out = []
    for i in range(n):
        document = copy.deepcopy(sample[i % len(sample)])
        document["region"] = {"code": f"{100000 + i}", "name": f"合成县{i}"}
        if i % 5 == 3:
            document["self_evaluation"].pop("development_plan", None)  # a missing value
        if i % 17 == 4:
            document["incidents"] = [{"id": f"i{i}", "date": "2019-11-12", "scope": "regional"}]
        out.append(document)
    return out


def _summary(r: Any) -> tuple[Any, ...]:
    return (
        r.region_code,
        r.total,
        r.grade,
        r.grade_before_conditions,
        r.vetoed,
        r.rank,
        r.finding_count,
    )


def test_a_cohort_graded_in_chunks_equals_assess_many_exactly() -> None:
    from qualityassess.io import _cohort

    scheme = qa.Scheme.builtin("cn-2013")
    documents = _varied_cohort(97)
    nodes = report.chart_nodes(scheme)
    cohort = _cohort.grade_cohort(scheme, documents, nodes=nodes, chunk=10)
    assert cohort.results is None  # not kept: only the summaries
    expected = qa.assess_many(scheme, documents)
    assert [_summary(s) for s in cohort.summaries] == [_summary(r) for r in expected]
    assert [s.points for s in cohort.summaries] == [
        tuple(r.nodes[n] for n in nodes) for r in expected
    ]
    assert {r.grade for r in expected} >= {"A", "B", "D"}  # the cohort is varied


def test_a_region_given_twice_in_two_chunks_is_refused_as_assess_many_refuses_it() -> None:
    from qualityassess.io import _cohort

    scheme = qa.Scheme.builtin("cn-2013")
    documents = _varied_cohort(30)
    documents[25]["region"] = dict(documents[2]["region"])
    with pytest.raises(qa.InputError) as chunked:
        _cohort.grade_cohort(scheme, documents, chunk=10)
    with pytest.raises(qa.InputError) as whole:
        qa.assess_many(scheme, documents)
    assert str(chunked.value) == str(whole.value)
    assert "is given again" in str(chunked.value)


def _ranking_of(out: str) -> list[str]:
    return [line for line in out.splitlines() if re.match(r"\s*\d+\s+\d{6}\s", line)]


@pytest.mark.parametrize("data", ["json", "csv"])
def test_grade_of_a_large_cohort_ranks_as_the_per_submission_path(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data: str,
) -> None:
    from qualityassess.io import _cohort

    documents = _varied_cohort(61)
    monkeypatch.setattr(report, "DETAIL_LIMIT", 10)
    monkeypatch.setattr(_cohort, "CHUNK", 8)
    calls: list[int] = []
    assess_cohort: Callable[..., Any] = _core.assess_cohort

    def counted(scheme: Any, submissions: Any) -> Any:
        calls.append(len(submissions))
        return assess_cohort(scheme, submissions)

    monkeypatch.setattr(_core, "assess_cohort", counted)
    if data == "json":
        path = write_json(tmp_path / "cohort.json", documents)
    else:
        for document in documents:
            document.pop("incidents", None)  # (they would go in their own file)
        path = str(tmp_path / "cohort.csv")
        _cohort_table(documents).to_csv(path, index=False)
    code, out, err = _grade(capsys, tmp_path, path)
    assert code == 0, err
    assert max(calls) == 8  # graded in chunks, never the whole cohort at once
    expected = cli._ranking(qa.assess_many("cn-2013", documents), "en")
    assert _ranking_of(out) == _ranking_of(expected) and len(_ranking_of(out)) == 61


def _cohort_table(documents: list[dict[str, Any]]) -> pd.DataFrame:
    """The documents (without incidents) in the CSV layout."""
    rows = []
    for document in documents:
        row: dict[str, Any] = {"region": document["region"]["code"], "year": document["year"]}
        row["name"] = document["region"]["name"]
        for section, suffix in (("targets", "target"), ("self_evaluation", "self")):
            for leaf, value in document.get(section, {}).items():
                row[f"{leaf}.{suffix}"] = value
        for leaf, value in document.get("verification", {}).items():
            row[f"{leaf}.verified"] = value
        rows.append(row)
    return pd.DataFrame(rows)


def test_grade_json_writes_every_result(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_file: str,
) -> None:
    monkeypatch.setattr(report, "DETAIL_LIMIT", 5)
    out_json = tmp_path / "results.json"
    code, _, err = _grade(capsys, tmp_path, sample_file, "--out", str(out_json))
    assert code == 0, err
    written = json.loads(out_json.read_text(encoding="utf-8"))
    expected = qa.assess_many("cn-2013", load_sample()["submissions"])
    assert written["scheme"] == "cn-2013"
    assert written["results"] == [r.to_dict() for r in expected]
