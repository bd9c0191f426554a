"""A region given twice is refused, not graded and counted twice; a code written in full-width
digits is refused, not taken for another region (issue 12, "Inputs that read silently
wrong")."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import qualityassess as qa
from qualityassess.sample import load_sample_table


def test_assess_many_refuses_a_region_given_twice(sample_2019: dict[str, Any]) -> None:
    """Art. 5: each region gets one grade; the tally of grades counts each once."""
    submissions = copy.deepcopy(sample_2019["submissions"][:3])
    submissions.append(copy.deepcopy(submissions[1]))
    with pytest.raises(qa.InputError) as raised:
        qa.assess_many("cn-2013", submissions)
    message = str(raised.value)
    code = submissions[1]["region"]["code"]
    expected = f"/submissions/3/region/code: region {code} is given again for 2019 (first at "
    assert expected + "/submissions/1)" in message
    # Another year of the same region is another assessment.
    submissions[3]["year"] = 2020
    assert len(qa.assess_many("cn-2013", submissions)) == 4


def test_assess_frame_refuses_a_region_on_two_rows() -> None:
    frame, incidents = load_sample_table(2019)
    doubled = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    with pytest.raises(qa.InputError, match=r"region 110000 is given again for 2019 \(first at"):
        qa.assess_frame("cn-2013", doubled, incidents)


def test_a_code_in_full_width_digits_is_refused(make_submission: Any) -> None:
    submission = make_submission(region={"code": "４２００００", "name": "湖北省"})
    with pytest.raises(qa.InputError, match="full-width digits"):
        qa.assess("cn-2013", submission)


def test_a_campaign_refuses_a_code_in_full_width_digits(tmp_path: Path) -> None:
    """Art. 6: the campaign's regions are checked as submissions are, at creation."""
    with pytest.raises(qa.InputError, match=r"/data/regions/1/code: '４２００００' has full-width"):
        qa.Campaign.create(
            tmp_path / "y.qa", "cn-2013", 2019, [("110000", "北京市"), ("４２００００", "湖北省")]
        )
    assert not (tmp_path / "y.qa").exists()
