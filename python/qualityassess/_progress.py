"""``progress=True`` of the analyses: a progress bar wherever Python runs, with the
dependencies the package already has (rich; tqdm is not one).

On a terminal, rich's bar on stderr. In a notebook, rich's live display would need ipywidgets
(not a dependency; rich only warns without it), so the bar is rendered by rich to HTML and
shown in one output that is updated in place (``IPython.display``'s display handle), which every
notebook front end shows without extensions. Nothing here fails for a missing ipywidgets."""

from __future__ import annotations

import importlib
import importlib.util
import io
import time
from collections.abc import Callable
from typing import Any

__all__ = ["progress_callback"]

# The least time between two updates of a notebook's bar (each is a message to the front end).
NOTEBOOK_INTERVAL = 0.2


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (rich's own test)."""
    from rich.console import Console

    return bool(Console().is_jupyter)


def _has_ipywidgets() -> bool:
    """Whether ipywidgets can be imported (``None`` in ``sys.modules`` counts as not)."""
    try:
        return importlib.util.find_spec("ipywidgets") is not None
    except (ImportError, ValueError):
        return False


def progress_callback(
    progress: Callable[[int, int], Any] | bool | None, label: str
) -> tuple[Callable[[int, int], Any] | None, Callable[[], None]]:
    """For ``progress`` (a callable ``(done, total)``, ``True`` for a bar, ``None`` or
    ``False`` for none): the callback the core calls and a function that closes what it
    opened."""
    if progress is None or progress is False:
        return None, _nothing
    if callable(progress):
        return progress, _nothing
    if in_notebook() and not _has_ipywidgets():
        return _notebook_bar(label)
    return _rich_bar(label)


def _nothing() -> None:
    pass


def bar_columns() -> tuple[Any, ...]:
    """The columns of every progress bar the package draws (the analyses' and the command
    line's): what, the bar, done/total, the time taken."""
    from rich.progress import BarColumn, MofNCompleteColumn, Task, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class CountColumn(MofNCompleteColumn):
        """done/total; before the first report, when the total is not known yet, the count
        alone (rich's column would draw "0/?"), beside the bar's pulse."""

        def render(self, task: Task) -> Text:
            if task.total is None:
                return Text(str(int(task.completed)), style="progress.download")
            return super().render(task)

    return (
        TextColumn("{task.description}"),
        BarColumn(),
        CountColumn(),
        TimeElapsedColumn(),
    )


def _rich_bar(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """rich's live bar (on a terminal; in a notebook with ipywidgets, its widget)."""
    from rich.progress import Progress

    bar = Progress(*bar_columns(), transient=True)
    task = bar.add_task(label, total=None)
    bar.start()

    def report(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return report, bar.stop


def _notebook_bar(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """The bar drawn by rich as HTML in one notebook output, updated in place."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(
        file=io.StringIO(), record=True, force_jupyter=False, force_terminal=True, width=80
    )
    bar = Progress(*bar_columns(), console=console, auto_refresh=False)
    task = bar.add_task(label, total=None)

    # (IPython's display functions are untyped.)
    ipython: Any = importlib.import_module("IPython.display")

    def html() -> Any:
        console.print(bar.get_renderable())
        body = console.export_html(inline_styles=True, code_format="{code}")
        return ipython.HTML(
            '<pre class="qa-progress" style="margin: 0; white-space: pre; font-family: '
            f'var(--jp-code-font-family, monospace); line-height: 1.3">{body}</pre>'
        )

    handle = ipython.display(html(), display_id=True)
    last = [time.monotonic()]

    def report(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        now = time.monotonic()
        if handle is not None and (now - last[0] >= NOTEBOOK_INTERVAL or done >= total):
            last[0] = now
            handle.update(html())

    def close() -> None:
        if handle is not None:
            handle.update(html())  # the bar as it ended: how many, how long

    return report, close
