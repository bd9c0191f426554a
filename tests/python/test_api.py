"""The Python contract of docs/contracts.md: schemes, assess, Result."""

from __future__ import annotations

import pickle

import pytest

import qualityassess as qa

RESULT_KEYS = {
    "region",
    "year",
    "scheme",
    "total",
    "grade",
    "vetoed",
    "conditions",
    "nodes",
    "findings",
    "consequences",
}


def test_package_exports_the_documented_names() -> None:
    for name in [
        "Scheme",
        "Result",
        "Submission",
        "assess",
        "assess_many",
        "SchemeError",
        "InputError",
    ]:
        assert name in dir(qa)
    assert qa.__version__


def test_builtin_schemes_lists_cn_2013(cn2013: qa.Scheme) -> None:
    assert "cn-2013" in qa.builtin_schemes()
    assert cn2013.id == "cn-2013"
    assert cn2013.name["zh"].startswith("质量工作考核")
    assert cn2013.max_total == 100
    assert cn2013.grades == ["A", "B", "C", "D"]
    assert len(cn2013.leaf_ids) == 21  # 3 targets + 6 + 8 + 4 measures


def test_cn_2013_points_follow_the_annex(cn2013: qa.Scheme) -> None:
    # Art. 5 and the annex: targets 40 (30 + 10), measures 60 (18 + 28 + 14).
    points = {node["id"]: node["points"] for node in cn2013.nodes()}
    assert points["targets"] == 40 and points["measures"] == 60
    assert (points["product"], points["engineering"]) == (30, 10)
    assert (points["macro"], points["supervision"], points["infrastructure"]) == (18, 28, 14)
    assert points["manufacturing_pass_rate"] == 15 and points["construction_acceptance_rate"] == 10
    assert points["development_plan"] == 3 and points["quality_workforce"] == 3.5


def test_scheme_json_round_trip_is_exact(cn2013: qa.Scheme) -> None:
    text = cn2013.to_json()
    again = qa.Scheme.from_json(text)
    assert again == cn2013
    assert again.to_json() == text
    assert qa.Scheme.from_dict(cn2013.to_dict()) == cn2013


def test_scheme_load_and_save(tmp_path, cn2013: qa.Scheme) -> None:
    path = tmp_path / "scheme.json"
    cn2013.save(path)
    assert qa.Scheme.load(path) == cn2013


def test_scheme_pickles(cn2013: qa.Scheme) -> None:
    assert pickle.loads(pickle.dumps(cn2013)) == cn2013


def test_full_marks_is_grade_a(cn2013: qa.Scheme, make_submission) -> None:
    result = qa.assess(cn2013, make_submission())
    assert result.total == 100.0
    assert result.grade == "A"
    assert result.vetoed is False
    assert result.nodes["targets"] == 40.0 and result.nodes["measures"] == 60.0


def test_assess_accepts_a_builtin_id_json_text_and_submission(make_submission) -> None:
    import json

    document = make_submission()
    by_dict = qa.assess("cn-2013", document)
    by_text = qa.assess("cn-2013", json.dumps(document, ensure_ascii=False))
    by_object = qa.assess("cn-2013", qa.Submission.from_dict(document))
    assert by_dict.to_dict() == by_text.to_dict() == by_object.to_dict()


def test_result_dict_has_the_contract_fields(cn2013: qa.Scheme, make_submission) -> None:
    result = qa.assess(cn2013, make_submission()).to_dict()
    assert RESULT_KEYS <= set(result)
    assert result["region"] == {"code": "420000", "name": "湖北省"}
    assert result["year"] == 2019 and result["scheme"] == "cn-2013"
    assert set(result["nodes"]) == {node["id"] for node in cn2013.nodes()}


def test_deduction_pro_rata_example_from_design(cn2013: qa.Scheme, make_submission) -> None:
    # docs/scheme-language.md, "How cn-2013 is built": target 93.0, actual 92.3, 3 points per
    # percentage point short -> 15 - 2.1 = 12.9.
    submission = make_submission(
        targets={"manufacturing_pass_rate": 93.0}, self_evaluation={"manufacturing_pass_rate": 92.3}
    )
    result = qa.assess(cn2013, submission).to_dict()
    assert result["leaves"]["manufacturing_pass_rate"]["points"] == 12.9
    assert result["total"] == pytest.approx(97.9)


def test_verified_value_takes_precedence(cn2013: qa.Scheme, make_submission) -> None:
    # Art. 6.3-6.4: the assessment uses the on-site verification where there is one.
    result = qa.assess(cn2013, make_submission(verification={"brand_strategy": "good"})).to_dict()
    leaf = result["leaves"]["brand_strategy"]
    assert leaf["source"] == "verified"
    assert leaf["points"] == 2.4 and leaf["self_points"] == 3.0 and leaf["verified_points"] == 2.4


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "A"),
        (90, "A"),
        (89.99, "B"),
        (80, "B"),
        (79.99, "C"),
        (60, "C"),
        (59.99, "D"),
        (0, "D"),
    ],
)
def test_grade_boundaries_art_5(total: float, grade: str, direct_scheme) -> None:
    # Art. 5: A 90 and above, B 80-89, C 60-79, D 59 and below; 89.99 is not yet 90.
    scheme = qa.Scheme.from_dict(direct_scheme())
    submission = {"region": {"code": "1"}, "year": 2019, "self_evaluation": {"score": total}}
    assert qa.assess(scheme, submission).grade == grade


def test_assess_many_matches_assess_one_by_one(cn2013: qa.Scheme, sample_2019) -> None:
    together = qa.assess_many(cn2013, sample_2019["submissions"])
    alone = [qa.assess(cn2013, s) for s in sample_2019["submissions"]]
    assert [r.to_dict() for r in together] == [r.to_dict() for r in alone]
    # Literal values, so that an error both share cannot hide: the published 2019 grade counts
    # (A 4, B 22, C 5, D 0), and 西藏自治区 (540000) computed by hand from its sample inputs:
    # manufacturing 90.1 vs target 90.7: 0.6 × 3 = 1.8 → 13.2; agri 95.5 vs 95.8: 0.3 × 3 = 0.9
    # → 14.1; construction 97.6 ≥ 97.3 → 10; targets 37.3. macro 3 + 5 × fair 1.8 = 12;
    # supervision 5 × fair 2.1 + 3 × good 2.8 = 18.9; infrastructure 3 × 2.1 + 2.8 = 9.1;
    # measures 40.0; total 77.3 → C.
    assert together.grade_counts() == {"A": 4, "B": 22, "C": 5, "D": 0}
    tibet = [r for r in together if r.region_code == "540000"]
    assert [(r.total, r.grade, r.nodes["targets"], r.nodes["measures"]) for r in tibet] == [
        (77.3, "C", 37.3, 40.0)
    ]
    assert [(r.total, r.grade) for r in alone if r.region_code == "540000"] == [(77.3, "C")]


def test_explain_in_both_languages(cn2013: qa.Scheme, make_submission) -> None:
    incident = {"id": "i-1", "date": "2020-03-02", "scope": "regional", "summary": "invented"}
    result = qa.assess(cn2013, make_submission(incidents=[incident]))
    zh, en = result.explain("zh"), result.explain("en")
    assert "湖北省" in zh and "D级" in zh and "一票否决" in zh and "第五条" in zh
    assert "Grade D" in en and "(veto)" in en and "i-1" in en
    with pytest.raises(qa.InputError, match="'fr' is not a language"):
        result.explain("fr")


def test_result_repr_and_properties(cn2013: qa.Scheme, make_submission) -> None:
    result = qa.assess(cn2013, make_submission())
    assert "420000" in repr(result) and "-> A" in repr(result)
    assert result.region_code == "420000" and result.region_name == "湖北省" and result.year == 2019
    assert result.scheme == cn2013
    assert result.rank is None
    assert result.grade_before_conditions == "A"
    assert [c.id for c in result.consequences] == ["commendation", "cadre_management"]


def test_submission_round_trip(make_submission) -> None:
    submission = qa.Submission.from_dict(make_submission())
    assert submission.region_code == "420000" and submission.year == 2019
    again = pickle.loads(pickle.dumps(submission))
    assert again.to_dict() == submission.to_dict()


def test_rank_grading_needs_the_cohort(direct_scheme) -> None:
    document = direct_scheme()
    document["grading"] = {
        "method": "rank",
        "tiers": [{"grade": "top", "count": 2}, {"grade": "rest"}],
    }
    scheme = qa.Scheme.from_dict(document)
    submissions = [
        {"region": {"code": str(i)}, "year": 2019, "self_evaluation": {"score": score}}
        for i, score in enumerate([70, 95, 80, 80])
    ]
    with pytest.raises(qa.InputError, match="grades by rank"):
        qa.assess(scheme, submissions[0])
    results = qa.assess_many(scheme, submissions)
    # 95 is first; the two 80s tie for second, inside the top two, so both get "top".
    assert [(r.rank, r.grade) for r in results] == [(4, "rest"), (1, "top"), (2, "top"), (2, "top")]


def test_submission_keeps_free_form_meta(make_submission) -> None:
    meta = {"contact": "质量处", "received": "2020-07-10"}
    incident = {"id": "i-1", "date": "2019-08-01", "scope": "local", "meta": {"source": "hotline"}}
    submission = qa.Submission.from_dict(make_submission(meta=meta, incidents=[incident]))
    document = submission.to_dict()
    assert document["meta"] == meta
    assert document["incidents"][0]["meta"] == {"source": "hotline"}


def test_target_unit_survives_the_round_trip(cn2013: qa.Scheme) -> None:
    rule = cn2013.to_dict()["nodes"][0]["children"][0]["children"][0]["rule"]
    assert rule["unit"] == "%"


def test_a_rules_unit_is_kept_in_the_canonical_form() -> None:
    """docs/scheme-language.md: ``unit`` is for readers of the document, kept by to_dict()."""
    document = qa.Scheme.builtin("cn-2013").to_dict()
    leaf = document["nodes"][0]["children"][0]["children"][0]
    leaf["rule"]["unit"] = "%"
    document["id"] = "cn-2013-with-units"
    again = qa.Scheme.from_dict(document).to_dict()
    assert again["nodes"][0]["children"][0]["children"][0]["rule"]["unit"] == "%"
