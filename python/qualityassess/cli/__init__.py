"""The ``qualityassess`` command.

Exit codes: 0 success; 1 the input was read but is invalid (a scheme or submission error,
each problem named with its path, or its sheet and cell, or its row and column); 2 wrong usage
(unknown verb or option); 3 a file could not be read or written.

On a terminal, tables are drawn with rich and long work shows a progress bar (on stderr); when
the output goes to a file or a pipe it is plain text without colour.

One module per verb group (``schemes``, ``assess``, ``grade``, ``campaign``), each adding its
verbs with ``register``; what they share is in ``_common``, their option names and the old
spellings kept for one release in ``_vocabulary``. This module builds the parser and runs a
command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .._errors import InputError, SchemeError
from ..options import option_context
from . import assess, campaign, grade, schemes
from ._common import (
    EXIT_FILE,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    MAX_CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_ISSUE_BYTES,
    MAX_ISSUES_SHOWN,
    _Failure,
    _one_line,
)
from ._common import _ranking as _ranking
from ._common import _ranking_rows as _ranking_rows
from ._messages import say, usage_error, usage_lang
from ._vocabulary import warn_deprecated

__all__ = [
    "EXIT_FILE",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "MAX_CSV_COLUMNS",
    "MAX_CSV_ROWS",
    "MAX_ISSUES_SHOWN",
    "MAX_ISSUE_BYTES",
    "main",
]


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its usage errors said in the command's --lang (the verbs' parsers
    are of this class too: argparse makes a subparser of its parent's class)."""

    def error(self, message: str) -> NoReturn:
        usage = self.format_usage()
        if usage.startswith("usage: "):
            usage = say("usage") + usage[len("usage: ") :]
        self.exit(EXIT_USAGE, f"{usage}{self.prog}: {say('error')}{usage_error(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qualityassess",
        description="Assess regional governments' quality work (国办发〔2013〕47号).",
        epilog="Exit codes: 0 ok, 1 invalid scheme or submission, 2 wrong usage, 3 file error.",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the output")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    for group in (schemes, assess, grade, campaign):  # the order of `--help`
        group.register(verbs)
    return parser


def _discard_stdout() -> None:
    """Point standard output at /dev/null once writing to it failed: what could not be written
    stays in its buffer, and Python would try again at exit and fail with "Exception ignored"
    and status 120."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a test's capture: nothing to do
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _flush_stdout() -> int | None:
    """Flush what the verb printed while its failure can still be reported: a full device
    (``> /dev/full``) is one line and exit 3; a reader that went away (``| head -1``) ends the
    command quietly, as other command-line tools do. None when all was written."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_OK
    except OSError as error:
        _discard_stdout()
        reason = error.strerror or error
        print(f"qualityassess: {say('standard_output', reason=reason)}", file=sys.stderr)
        return EXIT_FILE
    return None


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    warn_deprecated(args)
    # --lang governs the whole command, its error messages too (the core words a submission's
    # problems in zh and en; _common._invalid_data shows the option's).
    with option_context("lang", args.lang):
        return _run_verb(args)


def _run_verb(args: argparse.Namespace) -> int:
    try:
        code: int = args.run(args)
        return code
    except _Failure as failure:
        print(f"qualityassess: {failure}", file=sys.stderr)
        return failure.code
    except (SchemeError, InputError) as error:
        print(f"qualityassess: {_one_line(error)}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as other command-line tools do.
        _discard_stdout()
        return EXIT_OK
    except OSError as error:
        # Standard output that cannot be written (a full device) says so itself.
        failed = _flush_stdout() if error.filename is None else None
        if failed is not None:
            return failed
        # A file that cannot be read or written (a full disk, a folder that is not there, no
        # permission): one line naming it, never a traceback.
        where = f"{error.filename}: " if error.filename else ""
        print(f"qualityassess: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_FILE


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (docs above). Standard output is flushed before the code
    is returned, so that output lost to a full device is an error, not a success."""
    words = sys.argv[1:] if argv is None else argv
    # The command's --lang from the start: argparse's errors come before it is parsed, and a
    # failure to flush the output after the verb is done.
    with option_context("lang", usage_lang(words)):
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        code = _run(argv)
    except SystemExit:  # argparse printed --help (0) or a usage error (2)
        failed = _flush_stdout()
        if failed:
            raise SystemExit(failed) from None
        raise
    failed = _flush_stdout()
    return code if failed is None or code != EXIT_OK else failed
