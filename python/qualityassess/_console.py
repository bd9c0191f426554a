"""Terminal output of the command: rich tables and progress bars on a terminal; plain text,
no colour and no bars when the output goes to a file or a pipe (so scripts and tests read
stable text)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import _text_table

__all__ = ["Output"]


def _nothing() -> None:
    pass


class Output:
    """Where the command prints: ``out`` for results, ``err`` for progress."""

    def __init__(self) -> None:
        # Created per command so that a test's redirected sys.stdout is honoured.
        self.out = Console(file=sys.stdout, highlight=False, emoji=False)
        self.err = Console(file=sys.stderr, highlight=False, emoji=False)

    @property
    def rich(self) -> bool:
        """Is the output a terminal (or forced to act as one, e.g. FORCE_COLOR)?"""
        return self.out.is_terminal

    def line(self, text: str = "") -> None:
        if self.rich:
            self.out.print(text, markup=False)
        else:
            print(text)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        right: Sequence[bool],
        title: str | None = None,
        plain: Callable[[], str] | None = None,
    ) -> None:
        """A table: rich on a terminal; otherwise ``plain()`` or aligned plain text."""
        if not self.rich:
            if title:
                print(title)
            print(plain() if plain else _text_table.render(headers, rows, right))
            return
        table = Table(title=title, title_justify="left", header_style="bold")
        for header, align_right in zip(headers, right, strict=True):
            table.add_column(header, justify="right" if align_right else "left")
        for row in _text_table.one_line_cells(rows):
            table.add_row(*row)
        self.out.print(table, markup=False)

    @contextmanager
    def progress(self, description: str, total: int) -> Iterator[Callable[[], None]]:
        """A progress bar on stderr when it is a terminal; yields ``advance()`` (one step)."""
        if not self.err.is_terminal:
            yield _nothing
            return
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=self.err, transient=True) as bar:
            task = bar.add_task(description, total=total)

            def advance() -> None:
                bar.advance(task, 1)

            yield advance
