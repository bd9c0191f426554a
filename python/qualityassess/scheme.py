"""Schemes: the year's assessment points, how each is scored and how totals are graded."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from . import _core
from ._errors import InputError, SchemeError
from ._logging import sync_level

if TYPE_CHECKING:
    from ._i18n import Lang

__all__ = ["Scheme", "builtin_schemes"]

PathLike = Union[str, "os.PathLike[str]"]


def read_document_file(path: PathLike, error: type[InputError | SchemeError], heading: str) -> str:
    """A document file's text for the core to parse strictly. At most one byte more than the
    core's size limit is read (so the core refuses a larger file by its size), and a file that
    is not UTF-8 raises ``error`` (SchemeError or InputError) naming the byte."""
    limit = int(_core.document_limits()["max_bytes"])
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        message = f"not UTF-8 text (byte {problem.start})"
        raise error(f"{heading}: {path}: {message}", [("", message)]) from problem


def builtin_schemes() -> list[str]:
    """Ids of the schemes compiled into the core.

    Returns
    -------
    list of str
        Each id opens with :meth:`Scheme.builtin` and may be given wherever a scheme is taken.

    Examples
    --------
    >>> import qualityassess as qa
    >>> "cn-2013" in qa.builtin_schemes()
    True
    """
    return list(_core.builtin_scheme_ids())


class Scheme:
    """An immutable, validated scheme: the year's assessment points, how each is scored and
    how totals are graded.

    Build one with :meth:`builtin`, :meth:`load`, :meth:`from_json` or :meth:`from_dict`, not
    with the constructor; every problem in a document is reported at once in a
    :class:`qualityassess.SchemeError` whose ``issues`` carry JSON paths. Two schemes are equal
    when their canonical documents are.

    Examples
    --------
    >>> import qualityassess as qa
    >>> scheme = qa.Scheme.builtin("cn-2013")
    >>> scheme.grades, scheme.max_total, len(scheme.leaf_ids)
    (['A', 'B', 'C', 'D'], 100.0, 21)
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Scheme) -> None:
        if not isinstance(core, _core.Scheme):
            raise TypeError("use Scheme.builtin, Scheme.load, Scheme.from_json or Scheme.from_dict")
        self._core = core

    @classmethod
    def builtin(cls, scheme_id: str = "cn-2013") -> Scheme:
        """A scheme compiled into the core.

        Parameters
        ----------
        scheme_id : str, default "cn-2013"
            One of :func:`builtin_schemes`; ``"cn-2013"`` is the 2013 measures' own scheme.

        Returns
        -------
        Scheme

        Raises
        ------
        SchemeError
            No built-in scheme has that id.

        Examples
        --------
        >>> import qualityassess as qa
        >>> scheme = qa.Scheme.builtin("cn-2013")
        >>> scheme.id, scheme.name["zh"]
        ('cn-2013', '质量工作考核（国办发〔2013〕47号）')
        """
        sync_level()
        return cls(_core.Scheme.builtin(scheme_id))

    @classmethod
    def load(cls, path: PathLike) -> Scheme:
        """Read a scheme document from a JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            A UTF-8 JSON file. A derived scheme's ``extends`` file is looked up beside it.

        Returns
        -------
        Scheme

        Raises
        ------
        SchemeError
            The file is not UTF-8, not JSON, or not a valid scheme; ``issues`` lists every
            problem with its JSON path.
        OSError
            The file cannot be read.

        See Also
        --------
        Scheme.from_json : the same from JSON text.
        Scheme.from_dict : the same from a parsed document.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import qualityassess as qa
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> qa.Scheme.builtin("cn-2013").save(folder / "scheme.json")
        >>> qa.Scheme.load(folder / "scheme.json").id
        'cn-2013'
        """
        text = read_document_file(path, SchemeError, "invalid scheme")
        sync_level()
        return cls(_core.Scheme.from_document(text, os.fspath(path)))

    @classmethod
    def from_json(cls, text: str, *, folder: PathLike | None = None) -> Scheme:
        """Read a scheme from its JSON text.

        Parameters
        ----------
        text : str
            The scheme document as JSON text. (A dict is still accepted for one release, with
            a ``DeprecationWarning``: use :meth:`from_dict` for a parsed document.)
        folder : str or os.PathLike, optional
            The folder a derived scheme's ``extends`` file path (Art. 10) is relative to; a
            built-in base scheme is named by id and needs none.

        Returns
        -------
        Scheme

        Raises
        ------
        SchemeError
            The text is not JSON or not a valid scheme; ``issues`` lists every problem with
            its JSON path.
        TypeError
            ``text`` is not a ``str``.

        See Also
        --------
        Scheme.from_dict : from a parsed document.
        Scheme.load : from a file.

        Examples
        --------
        >>> import qualityassess as qa
        >>> text = qa.Scheme.builtin("cn-2013").to_json()
        >>> scheme = qa.Scheme.from_json(text)
        >>> scheme.id, scheme == qa.Scheme.builtin("cn-2013")
        ('cn-2013', True)
        """
        given: object = text  # checked at run time, whatever the annotation says
        if isinstance(given, dict):
            warnings.warn(
                "Scheme.from_json(dict) is deprecated and will be removed in the next release; "
                "use Scheme.from_dict(document) for a parsed document "
                "(Scheme.from_json takes JSON text)",
                DeprecationWarning,
                stacklevel=2,
            )
        elif not isinstance(given, str):
            raise TypeError(
                f"Scheme.from_json takes JSON text (str), not {type(given).__name__}; "
                "use Scheme.from_dict for a dict, Scheme.load for a file path"
            )
        return cls._from_document(text, folder)

    @classmethod
    def from_dict(cls, document: dict[str, Any], *, folder: PathLike | None = None) -> Scheme:
        """Read a scheme from a parsed document: a dict in the scheme JSON shape.

        Parameters
        ----------
        document : dict
            The scheme document, as ``json.loads`` or :meth:`to_dict` give it.
        folder : str or os.PathLike, optional
            The folder a derived scheme's ``extends`` file path (Art. 10) is relative to; a
            built-in base scheme is named by id and needs none.

        Returns
        -------
        Scheme

        Raises
        ------
        SchemeError
            The document is not a valid scheme; ``issues`` lists every problem with its JSON
            path.
        TypeError
            ``document`` is not a ``dict`` (JSON text goes to :meth:`from_json`).

        See Also
        --------
        Scheme.from_json : from JSON text.
        Scheme.load : from a file.

        Examples
        --------
        >>> import qualityassess as qa
        >>> document = qa.Scheme.builtin("cn-2013").to_dict()
        >>> document["id"] = "cn-2013-copy"
        >>> qa.Scheme.from_dict(document).id
        'cn-2013-copy'
        """
        given: object = document  # checked at run time, whatever the annotation says
        if not isinstance(given, dict):
            hint = (
                "use Scheme.from_json for JSON text, Scheme.load for a file path"
                if isinstance(given, (str, os.PathLike))
                else "give the parsed scheme document"
            )
            raise TypeError(f"Scheme.from_dict takes a dict, not {type(given).__name__}; {hint}")
        return cls._from_document(document, folder)

    @classmethod
    def _from_document(cls, document: str | dict[str, Any], folder: PathLike | None) -> Scheme:
        sync_level()
        origin = "" if folder is None else os.path.join(os.fspath(folder), "(document)")
        return cls(_core.Scheme.from_document(document, origin))

    @classmethod
    def resolve(cls, scheme: Scheme | str | os.PathLike[str]) -> Scheme:
        """A Scheme as given, a built-in one by id, or one loaded from a file path."""
        if isinstance(scheme, Scheme):
            return scheme
        if isinstance(scheme, str) and scheme in builtin_schemes():
            return cls.builtin(scheme)
        if not isinstance(scheme, (str, os.PathLike)):
            # An int would be taken by open() for a file descriptor and read from it.
            raise TypeError(
                f"a scheme is a Scheme, a built-in id or a file path, not {type(scheme).__name__}"
            )
        return cls.load(scheme)

    @property
    def id(self) -> str:
        return str(self._core.id)

    @property
    def derived_from(self) -> tuple[str, str] | None:
        """``(id, version)`` of the scheme this one extends (Art. 10), or None."""
        base = self._core.derived_from
        return None if base is None else (str(base[0]), str(base[1]))

    @property
    def name(self) -> dict[str, str]:
        """The scheme's name as ``{"zh": ..., "en": ...}``."""
        return dict(self._core.name)

    @property
    def version(self) -> str:
        return str(self._core.version)

    @property
    def max_total(self) -> float:
        return float(self._core.max_total)

    @property
    def grades(self) -> list[str]:
        """Grade ids, best first."""
        return list(self._core.grades)

    @property
    def leaf_ids(self) -> list[str]:
        """Ids of the points that take values, in scheme order."""
        return list(self._core.leaf_ids)

    def nodes(self) -> list[dict[str, Any]]:
        """Every node of the indicator tree, in order, with id, name, points, depth, parent,
        whether it is a leaf and its rule type."""
        return list(self._core.nodes())

    def to_dict(self) -> dict[str, Any]:
        """The canonical scheme document as a dict (the scheme JSON shape).

        Returns
        -------
        dict
            A new dict each time: changing it does not change the scheme.

        See Also
        --------
        Scheme.from_dict : a scheme from such a dict.

        Examples
        --------
        >>> import qualityassess as qa
        >>> document = qa.Scheme.builtin("cn-2013").to_dict()
        >>> [band["grade"] for band in document["grading"]["bands"]]
        ['A', 'B', 'C', 'D']
        """
        return dict(self._core.to_document())

    def to_json(self, indent: int = 2) -> str:
        """The canonical scheme document as JSON text.

        Parameters
        ----------
        indent : int, default 2
            Spaces per level; -1 for the most compact text, on one line.

        Returns
        -------
        str
            ``Scheme.from_json(s.to_json())`` equals ``s``.

        See Also
        --------
        Scheme.from_json : a scheme from such text.

        Examples
        --------
        >>> import qualityassess as qa
        >>> scheme = qa.Scheme.builtin("cn-2013")
        >>> text = scheme.to_json(indent=-1)
        >>> len(text.splitlines()), qa.Scheme.from_json(text) == scheme
        (1, True)
        """
        return str(self._core.to_json_text(indent))

    def to_html(self, lang: Lang | None = None) -> str:
        """The indicator tree with each node's points and rule, the grades and the conditions,
        as an HTML fragment (what a notebook shows). ``lang``: ``"zh"`` or ``"en"``; ``None``:
        the ``lang`` option (``qa.set_option("lang", ...)``)."""
        from .display.html import scheme_html

        return scheme_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, path: PathLike) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scheme):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Scheme.from_json, (self.to_json(indent=-1),))

    def __repr__(self) -> str:
        from .display.html import scheme_text

        return scheme_text(self)
