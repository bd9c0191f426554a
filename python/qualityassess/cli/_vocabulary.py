"""One name per meaning on the command line (issue 14; docs/contracts.md, "One vocabulary"),
and the old spellings kept for one release.

An old spelling still works, and once the whole command line is parsed a warning on stderr
names the new spelling, in ``--lang``: the warning cannot be printed while parsing, since
``--lang`` may come later on the line. Every verb registers its old spellings here, with
``renamed`` (an option whose old name is another option string of the same action, so that
``required``, the value's type and the destination are shared) or ``retired`` (a hidden
argument, for an old spelling of another form: a positional that became an option, or the
reverse)."""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._i18n import words
from ._common import EXIT_USAGE, _Failure
from ._messages import say

__all__ = ["Old", "exactly_one", "renamed", "retired", "warn_deprecated"]

# Where the spellings used are noted on the namespace (copied up from a verb's own namespace by
# argparse, as every attribute is).
_NOTES = "_deprecated_spellings"


@dataclass(frozen=True)
class Old:
    """An old spelling: as the warning shows it (``--regions FILE``), the new one
    (``--hierarchy FILE``) and, when the old one took its value differently (a comma-separated
    list, a file of another format), what it does with the value instead of the new one's
    action."""

    spelling: str
    new: str
    apply: Callable[[argparse.Namespace, Any], None] | None = None


def _note(namespace: argparse.Namespace, verb: str, old: Old) -> None:
    notes = list(getattr(namespace, _NOTES, ()))
    note = (verb, old.spelling, old.new)
    if note not in notes:  # `--points a --points b`: one warning
        notes.append(note)
    setattr(namespace, _NOTES, notes)


class _Spellings(argparse.Action):
    """``store`` (or ``append``), noting an old spelling when the option string is one."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str,
        *,
        verb: str,
        old: Mapping[str | None, Old],
        append: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(option_strings, dest, **kwargs)
        self.verb = verb
        self.old = dict(old)
        self.append = append

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        old = self.old.get(option_string)
        if old is not None:
            _note(namespace, self.verb, old)
            if old.apply is not None:
                old.apply(namespace, values)
                return
        if self.append:
            values = [*(getattr(namespace, self.dest, None) or []), values]
        setattr(namespace, self.dest, values)


class _Formatter(argparse.HelpFormatter):
    """``--help`` lists an option by its new name only: an old spelling is not advertised."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if isinstance(action, _Spellings) and action.option_strings:
            shown = copy.copy(action)
            shown.option_strings = [s for s in action.option_strings if s not in action.old]
            return super()._format_action_invocation(shown)
        return super()._format_action_invocation(action)


def renamed(
    parser: argparse.ArgumentParser,
    *option_strings: str,
    verb: str,
    old: Mapping[str, Old],
    append: bool = False,
    **kwargs: Any,
) -> argparse.Action:
    """An option under its new name, the first of ``option_strings``; the others are its old
    names, each described in ``old``."""
    parser.formatter_class = _Formatter
    unknown = set(old) - set(option_strings[1:])
    assert not unknown, f"old spellings not among the option strings: {unknown}"
    return parser.add_argument(
        *option_strings, action=_Spellings, verb=verb, old=old, append=append, **kwargs
    )


def retired(
    parser: argparse.ArgumentParser, name: str, old: Old, *, verb: str, **kwargs: Any
) -> argparse.Action:
    """A hidden argument for an old spelling whose form changed: ``name`` an option string,
    or the destination of an optional positional (``nargs="?"``)."""
    key = name if name.startswith("-") else None
    if key is None:
        kwargs.setdefault("nargs", "?")
    # Never a default: an absent old spelling leaves the new one's value alone.
    kwargs.setdefault("default", argparse.SUPPRESS)
    return parser.add_argument(
        name, action=_Spellings, verb=verb, old={key: old}, help=argparse.SUPPRESS, **kwargs
    )


def exactly_one(
    args: argparse.Namespace,
    new: str,
    old: str,
    *,
    spellings: tuple[str, str],
    what: str,
    verb: str,
    usage: str,
) -> str:
    """The value given under exactly one of two spellings whose forms differ, so that argparse
    cannot tell that both or neither were given: ``new``, the destination of the new spelling,
    and ``old``, that of its ``retired`` old one (absent from the namespace when not given).
    Both, or neither: a usage error (exit 2), ``VERB: WHAT is given twice (NEW and OLD)`` or
    ``VERB: WHAT is missing``, then how the verb is used, in --lang; ``spellings`` as the
    message shows them, the new one first; ``what`` the key of its words in ``_messages``
    (``what.region``)."""
    given = [value for value in (getattr(args, new, None), getattr(args, old, None)) if value]
    if len(given) != 1:
        fields = {"verb": verb, "what": say(what), "usage": usage}
        if given:
            message = say("given_twice", new=spellings[0], old=spellings[1], **fields)
        else:
            message = say("missing", **fields)
        raise _Failure(EXIT_USAGE, message)
    return str(given[0])


def warn_deprecated(args: argparse.Namespace) -> None:
    """One warning on stderr per old spelling the command line used."""
    template = words(getattr(args, "lang", "zh"))["deprecated_spelling"]
    for verb, spelling, new in getattr(args, _NOTES, ()):
        message = template.format(verb=verb, old=spelling, new=new)
        print(f"qualityassess: {message}", file=sys.stderr)
