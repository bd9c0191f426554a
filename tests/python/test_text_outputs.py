"""Plain-text outputs keep one value on one line (issue 12; docs/security.md, "Text in
outputs"). A region name with a line break (CR, LF, U+0085, U+2028) forged a row in the
plain-text ranking and a line in the announcement, and a template with such a name could not be
read back. Names and codes are refused where they are read; every plain-text output passes its
values through one sanitiser as well, for whatever reaches it by another road."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa
from _cli_helpers import main, write_json
from qualityassess import _core, _text_table, excel
from qualityassess.campaign import Campaign

FORGED = "湖北省\n  1  999999  伪造省  100.00  A"
BREAKS = ["\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\t"]


@pytest.mark.parametrize("separator", BREAKS)
def test_a_region_name_with_a_line_break_is_refused_with_its_path(
    cn2013: qa.Scheme, make_submission: Callable[..., dict[str, Any]], separator: str
) -> None:
    submission = make_submission(region={"code": "420000", "name": f"湖北省{separator}伪造"})
    with pytest.raises(qa.InputError) as raised:
        qa.assess(cn2013, submission)
    assert any(path == "/region/name" for path, _ in raised.value.issues)


def test_c1_controls_are_refused_anywhere_in_a_document(
    cn2013: qa.Scheme, make_submission: Callable[..., dict[str, Any]]
) -> None:
    # U+009B is CSI: "\u009b2J" clears an 8-bit terminal's screen.
    submission = make_submission(region={"code": "420000", "name": "湖北省\u009b2J"})
    with pytest.raises(qa.InputError, match="U\\+009B"):
        qa.assess(cn2013, submission)


def test_the_ranking_forged_by_a_name_is_refused_at_the_command_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_submission: Callable[..., dict[str, Any]],
) -> None:
    cohort = [
        make_submission(region={"code": "420000", "name": FORGED}),
        make_submission(region={"code": "430000", "name": "湖南省"}),
    ]
    data = write_json(tmp_path / "cohort.json", cohort)
    code, out, err = main(capsys, "grade", data, "--scheme", "cn-2013")
    assert code == 1
    assert "/region/name" in err and "U+000A" in err
    assert "伪造省" not in out


def test_plain_text_tables_print_each_cell_on_one_line() -> None:
    text = _text_table.render(
        ["code", "region"], [["420000", FORGED], ["430000", "湖南省"]], [0, 0]
    )
    lines = text.splitlines()
    assert len(lines) == 4  # header, rule, two rows
    assert lines[2].startswith("420000  湖北省   1  999999")
    assert "\x1b" not in _text_table.render(["x"], [["\x1b[2Jred"]], [False])


def test_the_sanitiser_replaces_every_control_and_separator_with_a_space() -> None:
    for separator in [*BREAKS, "\x1b", "\x7f", "\u009b", "\x00"]:
        assert _core.as_one_line(f"a{separator}b") == "a" + " " * len(separator) + "b"
    assert _core.as_one_line("湖北省（420000）é") == "湖北省（420000）é"


def test_a_campaign_refuses_a_region_name_with_a_line_break(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError) as raised:
        Campaign.create(
            tmp_path / "c.qa",
            "cn-2013",
            2019,
            [("420000", FORGED)],
            date="2019-06-01",
            actor="secretariat",
        )
    assert any(path.endswith("/name") for path, _ in raised.value.issues)
    assert not (tmp_path / "c.qa").exists()


def test_a_template_refuses_a_name_it_could_not_read_back(tmp_path: Path) -> None:
    with pytest.raises(qa.InputError) as raised:
        excel.write_template(
            "cn-2013", tmp_path / "t.xlsx", regions=[("420000", FORGED)], year=2019
        )
    assert ("regions[0].name", _core.single_line_problem(FORGED)) in raised.value.issues
    assert not (tmp_path / "t.xlsx").exists()
