"""Assessing regions: submissions in, results out.

(About 600 lines, over half of them the numpydoc docstrings and runnable examples of the public
classes and functions; the code is about 250.)"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from . import _core
from ._errors import InputError
from ._findings import AppliedCondition, Consequence, Finding, NotAppliedCondition
from ._logging import sync_level
from .scheme import Scheme, read_document_file

if TYPE_CHECKING:
    import pandas as pd

    from ._i18n import Lang
    from .display.plots import ResultsPlot

__all__ = ["Result", "Results", "Submission", "assess", "assess_many"]


class Submission:
    """One region's submission for one assessment year, checked for structure (the
    Submission JSON contract, docs/contracts.md); its values are checked against a scheme when
    it is assessed.

    Build one with :meth:`from_dict`, :meth:`from_json` or :meth:`load`. Wherever a submission
    is taken, its dict or JSON text may be given instead.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> submission = qa.Submission.from_dict(load_sample()["submissions"][0])
    >>> submission
    <Submission 110000 北京市 2019>
    >>> qa.assess("cn-2013", submission).grade
    'B'
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Submission) -> None:
        self._core = core

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> Submission:
        """A structure-checked submission from a parsed document: a dict in the Submission
        JSON shape (docs/contracts.md, "Submission JSON").

        Parameters
        ----------
        document : dict
            The submission, as ``json.loads`` or :meth:`to_dict` give it. (JSON text is still
            accepted for one release, with a ``DeprecationWarning``: use :meth:`from_json`.)

        Returns
        -------
        Submission

        Raises
        ------
        InputError
            The document's structure is wrong (a key or type the contract does not allow);
            ``issues`` lists every problem with its JSON path. Its values are checked against
            a scheme when it is assessed.
        TypeError
            ``document`` is not a ``dict``.

        See Also
        --------
        Submission.from_json : from JSON text.
        Submission.load : from a file.

        Examples
        --------
        >>> import qualityassess as qa
        >>> submission = qa.Submission.from_dict(
        ...     {"region": {"code": "420000", "name": "湖北省"}, "year": 2019}
        ... )
        >>> submission.region_code, submission.year
        ('420000', 2019)
        """
        given: object = document  # checked at run time, whatever the annotation says
        if isinstance(given, str):
            warnings.warn(
                "Submission.from_dict(str) is deprecated and will be removed in the next "
                "release; use Submission.from_json(text) for JSON text "
                "(Submission.from_dict takes a dict)",
                DeprecationWarning,
                stacklevel=2,
            )
        elif not isinstance(given, dict):
            hint = (
                "use Submission.load for a file path"
                if isinstance(given, os.PathLike)
                else "give the parsed submission document"
            )
            raise TypeError(
                f"Submission.from_dict takes a dict, not {type(given).__name__}; {hint}"
            )
        sync_level()
        return cls(_core.Submission.from_document(document))

    @classmethod
    def from_json(cls, text: str) -> Submission:
        """A structure-checked submission from its JSON text (the Submission JSON contract,
        docs/contracts.md).

        Parameters
        ----------
        text : str
            The submission document as JSON text.

        Returns
        -------
        Submission

        Raises
        ------
        InputError
            The text is not JSON, or the document's structure is wrong; ``issues`` lists every
            problem with its JSON path.
        TypeError
            ``text`` is not a ``str`` (a dict goes to :meth:`from_dict`).

        See Also
        --------
        Submission.from_dict : from a parsed document.
        Submission.load : from a file.

        Examples
        --------
        >>> import qualityassess as qa
        >>> text = '{"region": {"code": "420000", "name": "湖北省"}, "year": 2019}'
        >>> qa.Submission.from_json(text).region_name
        '湖北省'
        """
        given: object = text  # checked at run time, whatever the annotation says
        if not isinstance(given, str):
            hint = (
                "use Submission.from_dict for a dict"
                if isinstance(given, dict)
                else "use Submission.load for a file path"
                if isinstance(given, os.PathLike)
                else "give the document's JSON text"
            )
            raise TypeError(
                f"Submission.from_json takes JSON text (str), not {type(given).__name__}; {hint}"
            )
        sync_level()
        return cls(_core.Submission.from_document(text))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Submission:
        """A structure-checked submission from a UTF-8 JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            The submission file.

        Returns
        -------
        Submission

        Raises
        ------
        InputError
            The file is not UTF-8, not JSON, or the document's structure is wrong.
        OSError
            The file cannot be read.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import qualityassess as qa
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "420000.json"
        >>> _ = path.write_text('{"region": {"code": "420000", "name": "湖北省"}, "year": 2019}',
        ...                     encoding="utf-8")
        >>> qa.Submission.load(path).region_code
        '420000'
        """
        return cls.from_json(read_document_file(path, InputError, "invalid submission"))

    @property
    def region_code(self) -> str:
        return str(self._core.region_code)

    @property
    def region_name(self) -> str:
        return str(self._core.region_name)

    @property
    def year(self) -> int:
        return int(self._core.year)

    def to_dict(self) -> dict[str, Any]:
        return dict(self._core.to_document())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Submission.from_json, (json.dumps(self.to_dict(), ensure_ascii=False),))

    def __repr__(self) -> str:
        return f"<Submission {self.region_code} {self.region_name} {self.year}>"


SubmissionLike = Submission | dict[str, Any] | str


def _as_core_submission(submission: SubmissionLike) -> _core.Submission:
    if isinstance(submission, Submission):
        return submission._core
    return _core.Submission.from_document(submission)


class Result:
    """The outcome of assessing one region (the Result JSON contract, docs/contracts.md): its
    total and grade, the points of every node, the conditions that applied, the findings and
    the consequences, as :func:`assess` and :func:`assess_many` return it.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> hubei = next(s for s in load_sample()["submissions"] if s["region"]["code"] == "420000")
    >>> result = qa.assess("cn-2013", hubei)
    >>> result.region_name, result.total, result.grade, result.vetoed
    ('湖北省', 89.8, 'B', False)
    >>> result.nodes["targets"], result.nodes["measures"]
    (38.4, 51.4)
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Result) -> None:
        self._core = core

    @property
    def total(self) -> float:
        return float(self._core.total)

    @property
    def grade(self) -> str:
        return str(self._core.grade)

    @property
    def grade_before_conditions(self) -> str:
        return str(self._core.grade_before_conditions)

    @property
    def vetoed(self) -> bool:
        return bool(self._core.vetoed)

    @property
    def rank(self) -> int | None:
        return self._core.rank

    @property
    def region_code(self) -> str:
        return str(self._core.region_code)

    @property
    def region_name(self) -> str:
        return str(self._core.region_name)

    @property
    def year(self) -> int:
        return int(self._core.year)

    @property
    def scheme(self) -> Scheme:
        return Scheme(self._core.scheme)

    @property
    def nodes(self) -> dict[str, float]:
        """Points per node id."""
        return dict(self._core.node_points)  # (the whole document costs 0.3 ms a region)

    @property
    def conditions(self) -> list[AppliedCondition]:
        """The conditions that applied, in the scheme's order (:class:`AppliedCondition`:
        id, effect, veto and why). Before 0.2 a list of dicts: ``c["id"]`` still works for
        one release, with a ``DeprecationWarning``."""
        return [AppliedCondition.from_dict(c) for c in self.to_dict()["conditions"]]

    @property
    def conditions_not_applied(self) -> list[NotAppliedCondition]:
        """The scheme's other conditions, in its order, each with why it did not apply
        (:class:`NotAppliedCondition`: id and reason). The Result JSON's entries, which were
        the only way to them before 0.2, answer ``c["id"]`` for one release, with a
        ``DeprecationWarning``."""
        return [NotAppliedCondition.from_dict(c) for c in self.to_dict()["conditions_not_applied"]]

    @property
    def findings(self) -> list[Finding]:
        """The findings (:class:`Finding`: kind, leaf or incident, detail). Before 0.2 a list
        of dicts: ``f["kind"]`` still works for one release, with a ``DeprecationWarning``."""
        return [Finding.from_dict(f) for f in self.to_dict()["findings"]]

    @property
    def finding_count(self) -> int:
        """``len(self.findings)``, without building the findings."""
        return int(self._core.finding_count)

    @property
    def consequences(self) -> list[Consequence]:
        """The consequences that follow, in the scheme's order (:class:`Consequence`). Before
        0.2 a list of dicts: ``c["id"]`` still works for one release, with a
        ``DeprecationWarning``."""
        return [Consequence.from_dict(c) for c in self.to_dict()["consequences"]]

    def to_dict(self) -> dict[str, Any]:
        """The Result JSON contract as a dict.

        Returns
        -------
        dict
            A new dict each time, with ``total``, ``grade``, ``nodes``, ``conditions``,
            ``findings``, ``consequences`` and the rest of the contract.

        Examples
        --------
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> document = qa.assess("cn-2013", load_sample()["submissions"][0]).to_dict()
        >>> document["region"]["code"], document["grade"], document["total"]
        ('110000', 'B', 89.9)
        """
        return dict(self._core.to_document())

    def to_json(self, indent: int = 2) -> str:
        """The Result JSON contract as JSON text.

        Parameters
        ----------
        indent : int, default 2
            Spaces per level; -1 for the most compact text, on one line.

        Returns
        -------
        str

        Examples
        --------
        >>> import json
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> result = qa.assess("cn-2013", load_sample()["submissions"][0])
        >>> json.loads(result.to_json())["grade"], json.loads(result.to_json()) == result.to_dict()
        ('B', True)
        """
        return str(self._core.to_json_text(indent))

    def explain(self, lang: Lang = "zh") -> str:
        """Why this total and this grade, line by line, as the core scored them.

        Parameters
        ----------
        lang : {"zh", "en"}, default "zh"
            Chinese or English.

        Returns
        -------
        str
            The region and year, the total and grade, then every node with its points and how
            each point was scored, the conditions and the findings.

        Raises
        ------
        InputError
            ``lang`` is not ``"zh"`` or ``"en"``.

        Examples
        --------
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> hubei = next(s for s in load_sample()["submissions"] if s["region"]["code"] == "420000")
        >>> lines = qa.assess("cn-2013", hubei).explain("en").splitlines()
        >>> lines[1]
        'Total 89.80 of 100: Grade B'
        """
        return "\n".join(self._core.explain(lang))

    def to_html(self, lang: Lang | None = None) -> str:
        """The breakdown as an HTML fragment: nodes and leaves with their points and how each
        was scored, conditions applied and not, findings and consequences. ``lang``:
        ``"zh"`` or ``"en"``, by default the ``lang`` option (:func:`qualityassess.set_option`),
        which the notebook view and ``repr`` follow too."""
        from .display.html import result_html

        return result_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        from .display.html import result_text

        return result_text(self)


class Results(list[Result]):
    """The results of a cohort in input order, as :func:`assess_many` returns them: a list of
    :class:`Result` with tables on top (pandas is imported when a table is asked for).

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> results = qa.assess_many("cn-2013", load_sample()["submissions"])
    >>> len(results), results[0].region_code, results.grade_counts()
    (31, '110000', {'A': 4, 'B': 22, 'C': 5, 'D': 0})
    """

    __slots__ = ()

    @overload
    def __getitem__(self, index: SupportsIndex) -> Result: ...

    @overload
    def __getitem__(self, index: slice) -> Results: ...

    def __getitem__(self, index: SupportsIndex | slice) -> Result | Results:
        """A result, or for a slice the :class:`Results` of those regions (a list's slice
        would lose the tables).

        Examples
        --------
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> results = qa.assess_many("cn-2013", load_sample()["submissions"])
        >>> first = results[:3]
        >>> type(first).__name__, first.to_frame().index.tolist()
        ('Results', ['110000', '120000', '130000'])
        """
        if isinstance(index, slice):
            return Results(super().__getitem__(index))
        return super().__getitem__(index)

    def to_frame(self) -> pd.DataFrame:
        """The results as a table, one row per region in input order.

        Returns
        -------
        pandas.DataFrame
            Indexed by region code (an index named ``region``): ``name``, ``year``,
            ``total``, ``grade`` and ``grade_before_conditions`` (ordered Categoricals, best
            first), ``vetoed`` (``rank`` under rank grading) and one column per node id
            (points).

        Examples
        --------
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> table = qa.assess_many("cn-2013", load_sample()["submissions"]).to_frame()
        >>> print(*table.loc["420000", ["name", "total", "grade"]])
        湖北省 89.8 B
        >>> list(table["grade"].cat.categories)
        ['A', 'B', 'C', 'D']
        """
        from .display.ranking import results_frame

        return results_frame(self)

    def ranking(self) -> pd.DataFrame:
        """The regions best first, in the one ranking order: by grade, then by total, then
        code (:func:`qualityassess.frame.ranked`).

        Returns
        -------
        pandas.DataFrame
            Indexed by region code: ``rank`` (shared by equal grade and total: 1, 2, 2, 4,
            under rank grading too), ``name``, ``total``, ``grade``, ``vetoed``.

        Examples
        --------
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> ranking = qa.assess_many("cn-2013", load_sample()["submissions"]).ranking()
        >>> print(*ranking.iloc[0][["rank", "name", "total", "grade"]])
        1 广东省 98.7 A
        """
        from .display.ranking import ranking_frame

        return ranking_frame(self)

    def grade_counts(self) -> dict[str, int]:
        """Regions per grade.

        Returns
        -------
        dict of str to int
            Every grade of the scheme, best first, with its number of regions (0 when none).

        Examples
        --------
        >>> import qualityassess as qa
        >>> from qualityassess.sample import load_sample
        >>> qa.assess_many("cn-2013", load_sample()["submissions"]).grade_counts()
        {'A': 4, 'B': 22, 'C': 5, 'D': 0}
        """
        grades = self[0].scheme.grades if self else []
        counts = dict.fromkeys(grades, 0)
        for result in self:
            counts[result.grade] = counts.get(result.grade, 0) + 1
        return counts

    def to_html(self, lang: Lang | None = None) -> str:
        """The ranking and the count per grade as an HTML fragment; ``lang`` by default the
        ``lang`` option (:func:`qualityassess.set_option`)."""
        from .display.html import results_html

        return results_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        from .display.html import results_text

        return results_text(self, self.grade_counts())

    @property
    def plot(self) -> ResultsPlot:
        """The cohort's charts as matplotlib Axes, like ``DataFrame.plot``:
        ``results.plot.ranking()``, ``.grades()``, ``.dimensions()``; each takes ``ax=`` and
        ``lang=`` (default the ``lang`` option). Chinese labels need a CJK font (Debian:
        ``fonts-noto-cjk``); without one the plot is labelled in English, with a warning."""
        from .display.plots import ResultsPlot

        return ResultsPlot(self)


def assess(scheme: Scheme | str, submission: SubmissionLike) -> Result:
    """Assess one region.

    Parameters
    ----------
    scheme : Scheme or str
        A :class:`Scheme`, a built-in id (``"cn-2013"``) or a scheme file's path.
    submission : dict, str or Submission
        A dict in the Submission JSON shape, its JSON text, or a :class:`Submission`.

    Returns
    -------
    Result

    Raises
    ------
    InputError
        The submission is not valid under the scheme; ``issues`` names every problem with
        its JSON path.
    SchemeError
        ``scheme`` is a file that is not a valid scheme.

    See Also
    --------
    assess_many : several regions together (needed under rank grading).

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> hubei = next(s for s in load_sample()["submissions"] if s["region"]["code"] == "420000")
    >>> result = qa.assess("cn-2013", hubei)
    >>> result.total, result.grade
    (89.8, 'B')
    """
    # The common case first, with no more checks than it needs: a single assessment costs a few
    # microseconds, and the facade's own calls were a tenth of it. A dict is read by the core in
    # place, without building a Submission first.
    if type(submission) is dict and type(scheme) is Scheme:
        sync_level()
        return Result(_core.assess_document(scheme._core, submission))
    resolved = Scheme.resolve(scheme)
    sync_level()
    if isinstance(submission, Submission):
        return Result(_core.assess(resolved._core, submission._core))
    return Result(_core.assess_document(resolved._core, submission))


def assess_many(scheme: Scheme | str, submissions: Iterable[SubmissionLike]) -> Results:
    """Assess several regions together: the same as :func:`assess` one by one for band
    grading, and required for rank grading.

    Parameters
    ----------
    scheme : Scheme or str
        A :class:`Scheme`, a built-in id (``"cn-2013"``) or a scheme file's path.
    submissions : iterable of dict, str or Submission
        One submission per region, each as :func:`assess` takes it.

    Returns
    -------
    Results
        A list of :class:`Result` in input order, with tables on top.

    Raises
    ------
    InputError
        A submission is not valid, or a region appears twice; ``issues`` names every region
        and value at fault at once.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> results = qa.assess_many("cn-2013", load_sample()["submissions"])
    >>> [(r.region_code, r.grade) for r in results[:3]]
    [('110000', 'B'), ('120000', 'B'), ('130000', 'B')]
    """
    resolved = Scheme.resolve(scheme)
    items = list(submissions)
    sync_level()
    if all(isinstance(item, dict) for item in items):
        # Dicts are read by the core in place, as assess reads one.
        return Results(Result(r) for r in _core.assess_documents(resolved._core, items))
    core_submissions = [_as_core_submission(s) for s in items]
    return Results(Result(r) for r in _core.assess_cohort(resolved._core, core_submissions))
