"""What a result says beyond its numbers, as small typed objects: the findings, the conditions
that applied (with their effect) and those that did not (with why not), and the consequences
that follow, each read from its entry in
the Result JSON (docs/contracts.md, "Result JSON"), which stays the one source of their fields.

Until 0.2 ``Result.findings``, ``.conditions`` and ``.consequences`` were lists of dicts; the
objects still answer ``entry["key"]`` and ``entry.get("key")`` for one release, with a
``DeprecationWarning`` (:class:`_Entry`).

(About 600 lines, most of them the numpydoc docstrings and runnable examples of the five public
classes; the code is about 170.)"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from ._i18n import Lang, text
from .options import lang_option

__all__ = [
    "AppliedCondition",
    "ConditionEffect",
    "Consequence",
    "EffectType",
    "Finding",
    "FindingKind",
    "NotAppliedCondition",
]

FindingKind = Literal[
    "missing_target",
    "missing_value",
    "missing_previous",
    "overstated",
    "concealed",
    "late_filing",
    "not_submitted",
]
EffectType = Literal["zero_total", "downgrade", "cap_grade", "force_grade", "notice"]


def _in(en: str, zh: str, lang: Lang | None) -> str:
    return text({"zh": zh, "en": en}, lang_option(lang))


class _Entry:
    """The dict access of the lists of dicts these objects replace, kept for one release."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def _deprecated(self, key: str) -> None:
        name = type(self).__name__
        warnings.warn(
            f"{name}[{key!r}] and {name}.get({key!r}) are deprecated and will be removed in the "
            f"next release; use the attribute (or {name}.to_dict() for the Result JSON entry)",
            DeprecationWarning,
            stacklevel=3,
        )

    def __getitem__(self, key: str) -> Any:
        self._deprecated(key)
        return self.to_dict()[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._deprecated(key)
        return self.to_dict().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._deprecated(str(key))
        return key in self.to_dict()

    # Without this, ``in`` and ``list()`` would try ``__getitem__(0)``, ``(1)``, ...
    __iter__ = None


def _optional_str(entry: Mapping[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return None if value is None else str(value)


def _optional_int(entry: Mapping[str, Any], key: str) -> int | None:
    value = entry.get(key)
    return None if value is None else int(value)


def _drop_none(entry: dict[str, Any]) -> dict[str, Any]:
    # Optional keys appear in the Result JSON only when they have a value.
    return {key: value for key, value in entry.items() if value is not None}


@dataclass(frozen=True)
class Finding(_Entry):
    """One finding of an assessment (``Result.findings``): a missing value or target, an
    overstated point or a concealed incident (Art. 6, Art. 9), a late or missing filing.

    Attributes
    ----------
    kind : str
        ``missing_value``, ``missing_target``, ``missing_previous``, ``overstated``,
        ``concealed``, ``late_filing`` or ``not_submitted`` (docs/contracts.md).
    detail, detail_zh : str
        What was found, in English and in Chinese (:meth:`detail_in` picks one).
    leaf, incident, step : str or None
        The leaf, the incident or the filing step (``targets``, ``self_evaluation``) concerned.
    evidence : str or None
        What the verification found, as recorded.
    days_late : int or None
        For ``late_filing``: days after the deadline.

    Notes
    -----
    ``finding["kind"]`` and ``finding.get("leaf")`` (the dicts of before 0.2) still work for
    one release, with a ``DeprecationWarning``; :meth:`to_dict` gives the Result JSON entry.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> hubei = load_sample()["submissions"][16]
    >>> del hubei["targets"]["manufacturing_pass_rate"]
    >>> (finding,) = qa.assess("cn-2013", hubei).findings
    >>> finding.kind, finding.leaf
    ('missing_target', 'manufacturing_pass_rate')
    >>> finding.detail_in("en")
    'no target filed for manufacturing_pass_rate (...): 0 points (Art. 6)'
    """

    kind: FindingKind
    detail: str
    detail_zh: str
    leaf: str | None = None
    incident: str | None = None
    step: str | None = None
    evidence: str | None = None
    days_late: int | None = None

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> Finding:
        """A finding from its entry in the Result JSON's ``findings``.

        Parameters
        ----------
        entry : mapping
            ``{"kind", "detail", "detail_zh", "leaf"?, "incident"?, "step"?, "evidence"?,
            "days_late"?}``.

        Returns
        -------
        Finding

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.Finding.from_dict(
        ...     {"kind": "concealed", "incident": "i-1", "detail": "d", "detail_zh": "细节"}
        ... ).incident
        'i-1'
        """
        return cls(
            kind=cast("FindingKind", str(entry["kind"])),
            detail=str(entry["detail"]),
            detail_zh=str(entry["detail_zh"]),
            leaf=_optional_str(entry, "leaf"),
            incident=_optional_str(entry, "incident"),
            step=_optional_str(entry, "step"),
            evidence=_optional_str(entry, "evidence"),
            days_late=_optional_int(entry, "days_late"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry in the Result JSON's ``findings`` (optional keys only when set).

        Returns
        -------
        dict

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.Finding("missing_value", "no value", "无数值", leaf="hazards").to_dict()
        {'kind': 'missing_value', 'detail': 'no value', 'detail_zh': '无数值', 'leaf': 'hazards'}
        """
        return _drop_none(
            {
                "kind": self.kind,
                "detail": self.detail,
                "detail_zh": self.detail_zh,
                "leaf": self.leaf,
                "incident": self.incident,
                "step": self.step,
                "evidence": self.evidence,
                "days_late": self.days_late,
            }
        )

    def detail_in(self, lang: Lang | None = None) -> str:
        """What was found, in ``lang``.

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            By default the ``lang`` option (:func:`qualityassess.set_option`).

        Returns
        -------
        str
            ``detail_zh`` or ``detail`` (the other language's when the one asked for is
            empty, as in a custom scheme without Chinese texts).

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.Finding("missing_value", "no value", "无数值").detail_in()
        '无数值'
        """
        return _in(self.detail, self.detail_zh, lang)


@dataclass(frozen=True)
class ConditionEffect(_Entry):
    """What an applied condition did to the grade or total (``AppliedCondition.effect``).

    Attributes
    ----------
    type : str
        ``zero_total``, ``downgrade``, ``cap_grade``, ``force_grade`` or ``notice``.
    grade : str or None
        For ``cap_grade`` and ``force_grade``: the grade.
    levels : int or None
        For ``downgrade``: how many grades lower.

    Examples
    --------
    >>> import qualityassess as qa
    >>> effect = qa.ConditionEffect.from_dict({"type": "force_grade", "grade": "D"})
    >>> effect.type, effect.grade, effect.levels
    ('force_grade', 'D', None)
    """

    type: EffectType
    grade: str | None = None
    levels: int | None = None

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> ConditionEffect:
        """An effect from the Result JSON's ``effect`` object.

        Parameters
        ----------
        entry : mapping
            ``{"type", "grade"?, "levels"?}``.

        Returns
        -------
        ConditionEffect

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.ConditionEffect.from_dict({"type": "downgrade", "levels": 1}).levels
        1
        """
        return cls(
            type=cast("EffectType", str(entry["type"])),
            grade=_optional_str(entry, "grade"),
            levels=_optional_int(entry, "levels"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The Result JSON's ``effect`` object.

        Returns
        -------
        dict

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.ConditionEffect("cap_grade", grade="B").to_dict()
        {'type': 'cap_grade', 'grade': 'B'}
        """
        return _drop_none({"type": self.type, "grade": self.grade, "levels": self.levels})


@dataclass(frozen=True)
class AppliedCondition(_Entry):
    """A condition of the scheme that applied to a region (``Result.conditions``): a veto
    (Art. 5), a cap, a downgrade or a notice, with why.

    Attributes
    ----------
    id : str
        The condition's id in the scheme.
    effect : ConditionEffect
        What it did.
    veto : bool
        Whether it is a veto.
    reason, reason_zh : str
        Why it applied, in English and in Chinese (:meth:`reason_in` picks one).

    Notes
    -----
    ``condition["id"]`` (the dicts of before 0.2) still works for one release, with a
    ``DeprecationWarning``; :meth:`to_dict` gives the Result JSON entry.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> hubei = load_sample()["submissions"][16]
    >>> hubei["incidents"] = [{"id": "i-1", "date": "2019-10-01", "scope": "regional"}]
    >>> (condition,) = qa.assess("cn-2013", hubei).conditions
    >>> condition.id, condition.veto, condition.effect
    ('systemic_incident', True, ConditionEffect(type='force_grade', grade='D', levels=None))
    >>> condition.reason_in("en")
    'incident i-1 (regional, 2019-10-01) within assessment year 2019 (2019-07-01 to 2020-06-30)'
    """

    id: str
    effect: ConditionEffect
    veto: bool
    reason: str
    reason_zh: str

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> AppliedCondition:
        """A condition from its entry in the Result JSON's ``conditions``.

        Parameters
        ----------
        entry : mapping
            ``{"id", "effect", "veto", "reason", "reason_zh"}``.

        Returns
        -------
        AppliedCondition

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.AppliedCondition.from_dict(
        ...     {"id": "c", "effect": {"type": "notice"}, "veto": False, "reason": "r",
        ...      "reason_zh": "理由"}
        ... ).effect.type
        'notice'
        """
        return cls(
            id=str(entry["id"]),
            effect=ConditionEffect.from_dict(entry["effect"]),
            veto=bool(entry["veto"]),
            reason=str(entry["reason"]),
            reason_zh=str(entry["reason_zh"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry in the Result JSON's ``conditions``.

        Returns
        -------
        dict

        Examples
        --------
        >>> import qualityassess as qa
        >>> effect = qa.ConditionEffect("notice")
        >>> qa.AppliedCondition("c", effect, False, "r", "理由").to_dict()["effect"]
        {'type': 'notice'}
        """
        return {
            "id": self.id,
            "effect": self.effect.to_dict(),
            "veto": self.veto,
            "reason": self.reason,
            "reason_zh": self.reason_zh,
        }

    def reason_in(self, lang: Lang | None = None) -> str:
        """Why it applied, in ``lang``.

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            By default the ``lang`` option (:func:`qualityassess.set_option`).

        Returns
        -------
        str

        Examples
        --------
        >>> import qualityassess as qa
        >>> condition = qa.AppliedCondition("c", qa.ConditionEffect("notice"), False, "r", "")
        >>> condition.reason_in("zh")  # no Chinese text: the English one
        'r'
        """
        return _in(self.reason, self.reason_zh, lang)


@dataclass(frozen=True)
class NotAppliedCondition(_Entry):
    """A condition of the scheme that did not apply to a region
    (``Result.conditions_not_applied``), with why not.

    Attributes
    ----------
    id : str
        The condition's id in the scheme.
    reason, reason_zh : str
        Why it did not apply, in English and in Chinese (:meth:`reason_in` picks one).

    Notes
    -----
    ``condition["id"]`` (the dicts of ``Result.to_dict()["conditions_not_applied"]``) works
    for one release, with a ``DeprecationWarning``, as on :class:`AppliedCondition`;
    :meth:`to_dict` gives the Result JSON entry.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> hubei = load_sample()["submissions"][16]
    >>> hubei["incidents"] = [{"id": "i-1", "date": "2019-10-01", "scope": "local"}]
    >>> result = qa.assess("cn-2013", hubei)
    >>> veto = next(c for c in result.conditions_not_applied if c.id == "systemic_incident")
    >>> veto.reason_in("en")
    'incident i-1 has scope local, not regional or systemic'
    """

    id: str
    reason: str
    reason_zh: str

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> NotAppliedCondition:
        """A condition from its entry in the Result JSON's ``conditions_not_applied``.

        Parameters
        ----------
        entry : mapping
            ``{"id", "reason", "reason_zh"}``.

        Returns
        -------
        NotAppliedCondition

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.NotAppliedCondition.from_dict({"id": "c", "reason": "r", "reason_zh": "理由"}).id
        'c'
        """
        return cls(
            id=str(entry["id"]), reason=str(entry["reason"]), reason_zh=str(entry["reason_zh"])
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry in the Result JSON's ``conditions_not_applied``.

        Returns
        -------
        dict

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.NotAppliedCondition("c", "r", "理由").to_dict()
        {'id': 'c', 'reason': 'r', 'reason_zh': '理由'}
        """
        return {"id": self.id, "reason": self.reason, "reason_zh": self.reason_zh}

    def reason_in(self, lang: Lang | None = None) -> str:
        """Why it did not apply, in ``lang``.

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            By default the ``lang`` option (:func:`qualityassess.set_option`).

        Returns
        -------
        str

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.NotAppliedCondition("c", "not reached", "未达到").reason_in("zh")
        '未达到'
        """
        return _in(self.reason, self.reason_zh, lang)


@dataclass(frozen=True)
class Consequence(_Entry):
    """A consequence that follows from a region's grade or findings (``Result.consequences``):
    a commendation, a rectification report (Art. 7), the cadre authorities (Art. 8).

    Attributes
    ----------
    id : str
        The consequence's id in the scheme.
    article : str
        The article of the measures, e.g. ``"Art. 7"``; may be ``""``.
    text, text_zh : str
        What follows, in English and in Chinese (:meth:`text_in` picks one).
    due_months_after_announcement : int or None
        When it is due, in months after the announcement.

    Notes
    -----
    ``consequence["id"]`` (the dicts of before 0.2) still works for one release, with a
    ``DeprecationWarning``; :meth:`to_dict` gives the Result JSON entry.

    Examples
    --------
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> result = qa.assess("cn-2013", load_sample()["submissions"][0])
    >>> [(c.id, c.article) for c in result.consequences]
    [('cadre_management', 'Art. 8')]
    """

    id: str
    article: str
    text: str
    text_zh: str
    due_months_after_announcement: int | None = None

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> Consequence:
        """A consequence from its entry in the Result JSON's ``consequences``.

        Parameters
        ----------
        entry : mapping
            ``{"id", "article", "text", "text_zh", "due_months_after_announcement"?}``.

        Returns
        -------
        Consequence

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.Consequence.from_dict(
        ...     {"id": "report", "article": "Art. 7", "text": "t", "text_zh": "文",
        ...      "due_months_after_announcement": 1}
        ... ).due_months_after_announcement
        1
        """
        return cls(
            id=str(entry["id"]),
            article=str(entry["article"]),
            text=str(entry["text"]),
            text_zh=str(entry["text_zh"]),
            due_months_after_announcement=_optional_int(entry, "due_months_after_announcement"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry in the Result JSON's ``consequences`` (the due months only when set).

        Returns
        -------
        dict

        Examples
        --------
        >>> import qualityassess as qa
        >>> qa.Consequence("commended", "Art. 7", "t", "文").to_dict()
        {'id': 'commended', 'article': 'Art. 7', 'text': 't', 'text_zh': '文'}
        """
        return _drop_none(
            {
                "id": self.id,
                "article": self.article,
                "text": self.text,
                "text_zh": self.text_zh,
                "due_months_after_announcement": self.due_months_after_announcement,
            }
        )

    def text_in(self, lang: Lang | None = None) -> str:
        """What follows, in ``lang``.

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            By default the ``lang`` option (:func:`qualityassess.set_option`).

        Returns
        -------
        str

        Examples
        --------
        >>> import qualityassess as qa
        >>> with qa.option_context("lang", "en"):
        ...     qa.Consequence("commended", "Art. 7", "commended", "通报表扬").text_in()
        'commended'
        """
        return _in(self.text, self.text_zh, lang)
