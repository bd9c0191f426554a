"""Numbers typed as text are read by one explicit rule everywhere (a submission's values, a
table's cells, a workbook's cells): never silently as another number (issue 12, "Inputs that
read silently wrong")."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import qualityassess as qa
from qualityassess.io._inputs import number_from_text
from qualityassess.sample import load_sample_table


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("92.3", 92.3),
        (" 92.3 ", 92.3),
        ("1,234.5", 1234.5),
        ("-0.5", -0.5),
        ("1e2", 100.0),
        ("0", 0.0),
        ("0.0", 0.0),
        ("+7", 7.0),
        ("12,345,678", 12345678.0),
    ],
)
def test_numbers_the_rule_reads(text: str, value: float) -> None:
    assert number_from_text(text) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("9,5", "decimal comma"),  # not 95
        ("92,30", "decimal comma"),
        ("1,23", "decimal comma"),
        ("9_5", "not a number"),  # Python's float() reads 95
        ("９５", "not a number"),  # full-width digits: float() reads 95
        ("94.3%", "percent sign"),
        ("1e-400", "too large or too small"),  # float() reads 0.0
        ("1e400", "too large or too small"),
        ("1,2345", "misplaced separator"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("", "not a number"),
    ],
)
def test_text_that_would_read_as_another_number_is_refused(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        number_from_text(text)


def test_a_workbook_cell_with_a_decimal_comma_is_refused_not_read_as_95(tmp_path: Path) -> None:
    """Art. 6.2: a self-evaluated rate typed as the text '9,5' in the filled template is
    refused with its sheet and cell; '92.3' typed as text is read as 92.3."""
    path = tmp_path / "2019.xlsx"
    qa.excel.write_template("cn-2013", path, regions=[("420000", "湖北省")], year=2019)
    book = openpyxl.load_workbook(path)
    sheet = book["湖北省"]
    sheet["E8"] = "9,5"  # 制造业产品质量合格率, self-evaluation
    book.save(path)
    with pytest.raises(qa.InputError, match="湖北省!E8"):
        qa.excel.read_submissions(path)
    sheet["E8"] = "92.3"
    book.save(path)
    (submission,) = qa.excel.read_submissions(path)
    assert submission["self_evaluation"]["manufacturing_pass_rate"] == 92.3


def test_a_table_cell_with_underscores_is_refused_with_its_place() -> None:
    """A value '9_5' (which Python's float() reads as 95) is refused, naming row and column."""
    frame, incidents = load_sample_table(2019)
    frame = frame.astype({"manufacturing_pass_rate.self": object})
    frame.loc[frame.index[2], "manufacturing_pass_rate.self"] = "9_5"
    with pytest.raises(
        qa.InputError, match=r"row 2 \(130000\), column 'manufacturing_pass_rate.self'"
    ):
        qa.assess_frame("cn-2013", frame, incidents)
