"""Terminal output of the command: rich tables and progress bars on a terminal; plain text,
no colour and no bars when the output goes to a file or a pipe (so scripts and tests read
stable text)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from . import _text_table
from ._progress import bar_columns

__all__ = ["Output", "Step"]


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
    def progress(self, description: str, total: int | None) -> Iterator[Step]:
        """One bar on stderr when it is a terminal (:meth:`stages` with one stage)."""
        with self.stages() as stage:
            yield stage(description, total)

    @contextmanager
    def stages(self) -> Iterator[Callable[[str, int | None], Step]]:
        """Bars on stderr when it is a terminal, one line per stage of the work (reading,
        assessing), each added by calling what this yields: ``stage(description, total)``
        (``total`` None while it is not yet known) returns its :class:`Step`. Elsewhere the
        steps draw nothing, so piped output stays plain."""
        if not self.err.is_terminal:
            yield lambda description, total: _SILENT
            return
        # The count alone while a stage's total is not known (not "0/?"): _progress.bar_columns.
        with Progress(*bar_columns(), console=self.err, transient=True) as bar:

            def stage(description: str, total: int | None) -> Step:
                return _Bar(bar, bar.add_task(description, total=total))

            yield stage


class Step:
    """One stage's bar: ``step()`` or ``step(n)`` counts n more done (regions, rows);
    ``step.total(n)`` says how many there are once known. Draws nothing by itself."""

    def __call__(self, done: int = 1) -> None:
        pass

    def total(self, total: int) -> None:
        pass


_SILENT = Step()


class _Bar(Step):
    def __init__(self, bar: Progress, task: TaskID) -> None:
        self._bar = bar
        self._task = task

    def __call__(self, done: int = 1) -> None:
        self._bar.advance(self._task, done)

    def total(self, total: int) -> None:
        self._bar.update(self._task, total=total)
