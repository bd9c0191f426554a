"""What the display layer costs per region (issue 17): a region's breakdown, in the report or
a result's notebook view, builds the region's Result document once (about 0.1 to 0.5 ms each),
not once more for each of its findings, conditions and consequences."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import qualityassess as qa
from qualityassess import report
from qualityassess.display.html import result_view, scheme_view


@pytest.fixture
def documents_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The region of every Result document built from now on."""
    built: list[str] = []
    to_dict = qa.Result.to_dict

    def counted(self: qa.Result) -> dict[str, Any]:
        built.append(self.region_code)
        return to_dict(self)

    monkeypatch.setattr(qa.Result, "to_dict", counted)
    return built


@pytest.fixture(scope="module")
def vetoed(sample_2019: dict[str, Any]) -> qa.Result:
    """Hubei with a regional incident: a condition applied, a finding and consequences."""
    hubei = copy.deepcopy(sample_2019["submissions"][16])  # (the sample is shared)
    hubei["incidents"] = [{"id": "i-1", "date": "2019-10-01", "scope": "regional"}]
    del hubei["targets"]["manufacturing_pass_rate"]
    result = qa.assess("cn-2013", hubei)
    assert result.conditions and result.findings and result.consequences
    return result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_regions_breakdown_builds_its_document_once(
    vetoed: qa.Result, documents_built: list[str], lang: str
) -> None:
    view = result_view(vetoed, scheme_view(vetoed.scheme, lang), lang)
    assert documents_built == ["420000"]
    assert len(view["conditions"]) == len(vetoed.conditions) == 1
    assert [f["detail"] for f in view["findings"]] == [f.detail_in(lang) for f in vetoed.findings]
    assert [c["text"] for c in view["consequences"]] == [
        c.text_in(lang) for c in vetoed.consequences
    ]
    documents_built.clear()
    vetoed.to_html(lang)  # the notebook view
    assert documents_built == ["420000"]


def test_the_report_builds_each_regions_document_once(
    sample_2019: dict[str, Any], documents_built: list[str]
) -> None:
    results = qa.assess_many("cn-2013", sample_2019["submissions"][:6])
    documents_built.clear()
    report.render_report(results, "zh")
    assert sorted(documents_built) == sorted(r.region_code for r in results)
