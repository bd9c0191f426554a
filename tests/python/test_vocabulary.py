"""One vocabulary for constructors (issue 14, part 2): ``from_json`` takes JSON text,
``from_dict`` a dict, ``load`` a path, for ``Scheme`` and ``Submission`` alike. The spellings
that took the other kind (``Scheme.from_json(dict)``, ``Submission.from_dict(str)``) still work
for one release with a DeprecationWarning naming the right constructor; any other type is a
TypeError that says which constructor takes it."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qualityassess as qa

SUBMISSION: dict[str, Any] = {"region": {"code": "420000", "name": "湖北省"}, "year": 2019}


# ---- Scheme -------------------------------------------------------------------------------------


def test_scheme_from_json_takes_text(cn2013: qa.Scheme) -> None:
    assert qa.Scheme.from_json(cn2013.to_json()) == cn2013
    assert qa.Scheme.from_json(cn2013.to_json(indent=-1)) == cn2013


def test_scheme_from_dict_takes_a_dict(cn2013: qa.Scheme) -> None:
    document = cn2013.to_dict()
    document["id"] = "cn-2013-copy"
    scheme = qa.Scheme.from_dict(document)
    assert scheme.id == "cn-2013-copy"
    assert scheme.to_dict() == document
    assert qa.Scheme.from_dict(cn2013.to_dict()) == cn2013


def test_scheme_from_dict_and_from_json_agree(direct_scheme: Callable[..., Any]) -> None:
    document = direct_scheme()
    assert qa.Scheme.from_dict(document) == qa.Scheme.from_json(json.dumps(document))


def test_scheme_load_takes_a_path(cn2013: qa.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "scheme.json"
    cn2013.save(path)
    assert qa.Scheme.load(path) == cn2013
    assert qa.Scheme.load(str(path)) == cn2013


def test_scheme_from_json_of_a_dict_warns_and_still_works(cn2013: qa.Scheme) -> None:
    with pytest.warns(DeprecationWarning, match=r"Scheme\.from_dict") as caught:
        scheme = qa.Scheme.from_json(cn2013.to_dict())  # type: ignore[arg-type]
    assert scheme == cn2013
    assert len(caught) == 1
    assert caught[0].filename == __file__  # points at the caller, not at the package


def test_scheme_folder_is_taken_by_both(tmp_path: Path, cn2013: qa.Scheme) -> None:
    """A derived scheme extending a file: both constructors look the file up in ``folder``."""
    base = cn2013.to_dict()
    base["id"] = "base"
    (tmp_path / "base.json").write_text(json.dumps(base), encoding="utf-8")
    derived = {"id": "derived", "name": {"zh": "派生", "en": "derived"}, "extends": "base.json"}
    by_dict = qa.Scheme.from_dict(derived, folder=tmp_path)
    by_text = qa.Scheme.from_json(json.dumps(derived), folder=tmp_path)
    assert by_dict == by_text
    assert by_dict.id == "derived"
    assert by_dict.derived_from is not None


def test_scheme_invalid_documents_are_still_scheme_errors() -> None:
    with pytest.raises(qa.SchemeError):
        qa.Scheme.from_json('{"id": "x",,}')
    with pytest.raises(qa.SchemeError):
        qa.Scheme.from_dict({"id": "x"})
    with pytest.raises(qa.SchemeError):
        qa.Scheme.from_json("[1, 2]")  # JSON text, but not an object


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ('{"id": "x"}', r"Scheme\.from_json"),
        (Path("scheme.json"), r"Scheme\.load"),
        ([1, 2], r"not list"),
        (42, r"not int"),
        (None, r"not NoneType"),
    ],
)
def test_scheme_from_dict_refuses_anything_but_a_dict(given: Any, hint: str) -> None:
    with pytest.raises(TypeError, match=r"Scheme\.from_dict takes a dict") as caught:
        qa.Scheme.from_dict(given)
    assert caught.match(hint)


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        (b'{"id": "x"}', r"not bytes"),
        (Path("scheme.json"), r"Scheme\.load"),
        ([1, 2], r"not list"),
        (42, r"not int"),
        (None, r"not NoneType"),
    ],
)
def test_scheme_from_json_refuses_anything_but_text(given: Any, hint: str) -> None:
    with pytest.raises(TypeError, match=r"Scheme\.from_json takes JSON text") as caught:
        qa.Scheme.from_json(given)
    assert caught.match(hint)


def test_scheme_pickles_without_a_warning(cn2013: qa.Scheme) -> None:
    # the suite turns warnings into errors: a deprecated spelling here would fail
    assert pickle.loads(pickle.dumps(cn2013)) == cn2013


# ---- Submission ---------------------------------------------------------------------------------


def test_submission_from_dict_takes_a_dict() -> None:
    submission = qa.Submission.from_dict(SUBMISSION)
    assert (submission.region_code, submission.region_name, submission.year) == (
        "420000",
        "湖北省",
        2019,
    )
    assert submission.to_dict() == SUBMISSION


def test_submission_from_json_takes_text() -> None:
    submission = qa.Submission.from_json(json.dumps(SUBMISSION, ensure_ascii=False))
    assert submission.to_dict() == SUBMISSION
    assert qa.Submission.from_json(json.dumps(SUBMISSION)).region_name == "湖北省"


def test_submission_load_takes_a_path(tmp_path: Path) -> None:
    path = tmp_path / "420000.json"
    path.write_text(json.dumps(SUBMISSION, ensure_ascii=False), encoding="utf-8")
    assert qa.Submission.load(path).to_dict() == SUBMISSION
    assert qa.Submission.load(str(path)).to_dict() == SUBMISSION


def test_submission_from_dict_of_text_warns_and_still_works() -> None:
    text = json.dumps(SUBMISSION, ensure_ascii=False)
    with pytest.warns(DeprecationWarning, match=r"Submission\.from_json") as caught:
        submission = qa.Submission.from_dict(text)  # type: ignore[arg-type]
    assert submission.to_dict() == SUBMISSION
    assert len(caught) == 1
    assert caught[0].filename == __file__


def test_submission_invalid_documents_are_still_input_errors() -> None:
    with pytest.raises(qa.InputError):
        qa.Submission.from_json('{"region": ')
    with pytest.raises(qa.InputError):
        qa.Submission.from_json("[]")  # JSON text, but not an object
    with pytest.raises(qa.InputError):
        qa.Submission.from_dict({"region": {"code": "420000", "name": "湖北省"}})  # no year


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        (Path("420000.json"), r"Submission\.load"),
        ([SUBMISSION], r"not list"),
        (b"{}", r"not bytes"),
        (42, r"not int"),
        (None, r"not NoneType"),
    ],
)
def test_submission_from_dict_refuses_anything_but_a_dict(given: Any, hint: str) -> None:
    with pytest.raises(TypeError, match=r"Submission\.from_dict takes a dict") as caught:
        qa.Submission.from_dict(given)
    assert caught.match(hint)


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        (SUBMISSION, r"Submission\.from_dict"),
        (Path("420000.json"), r"Submission\.load"),
        (b"{}", r"not bytes"),
        (42, r"not int"),
        (None, r"not NoneType"),
    ],
)
def test_submission_from_json_refuses_anything_but_text(given: Any, hint: str) -> None:
    with pytest.raises(TypeError, match=r"Submission\.from_json takes JSON text") as caught:
        qa.Submission.from_json(given)
    assert caught.match(hint)


def test_submission_pickles_without_a_warning() -> None:
    submission = qa.Submission.from_dict(SUBMISSION)
    assert pickle.loads(pickle.dumps(submission)).to_dict() == SUBMISSION
