"""The one way the package writes an output file (reports, workbooks, notices, exports).

- A regular file (or a new one) is written whole or not at all: into a temporary file beside
  the target, flushed to disk, then renamed over it, so an error half-way (a full disk, a
  crash) never destroys a file saved before and leaves no temporary file behind.
- A symbolic link is followed deliberately: the file it points to is replaced, the link stays.
- A special file (``/dev/null``, ``/dev/stdout``, a FIFO, a terminal) is written directly:
  renaming a regular file over it would replace the device (as root, ``--out /dev/null``
  did) and a pipe's reader would never see the data.
- ``-`` is standard output.

Errors are ``OSError`` (``ENOSPC`` on a full device included), for the CLI to report with its
file exit code."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Union

__all__ = [
    "PathLike",
    "atomic_path",
    "is_stdout",
    "write_bytes_out",
    "write_text_atomic",
    "write_text_chunks",
]

PathLike = Union[str, "os.PathLike[str]"]


def is_stdout(path: PathLike) -> bool:
    return str(path) == "-"


def _special(target: Path) -> bool:
    """An existing target that is not a regular file (after following links)."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder", str(target))
    return not stat.S_ISREG(mode)


@contextmanager
def atomic_path(path: PathLike) -> Iterator[Path]:
    """A temporary path in the target's folder to write to; it replaces the target when the
    block ends without an error and is removed otherwise. For a special file the target itself
    is given (written directly); a link is resolved to the file it points to."""
    target = Path(path)
    if _special(target):
        yield target
        return
    if target.is_symlink():
        target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())  # on disk before it replaces what was saved
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_bytes_out(path: PathLike, content: bytes) -> None:
    """``content`` to ``path`` as atomic_path writes, or to standard output for ``-``."""
    if is_stdout(path):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    with atomic_path(path) as temporary:
        with open(temporary, "wb") as out:
            out.write(content)
            out.flush()  # a full device reports ENOSPC here, not silently at close


def write_text_atomic(path: PathLike, content: str) -> Path:
    write_bytes_out(path, content.encode("utf-8"))
    return Path(path)


def write_text_chunks(path: PathLike, chunks: Iterable[str]) -> Path:
    """As :func:`write_text_atomic`, the text given in pieces and written as they come (a
    report of many regions is never held whole); an error while they are made leaves a
    regular target as it was."""
    if is_stdout(path):
        sys.stdout.flush()
        for chunk in chunks:
            sys.stdout.buffer.write(chunk.encode("utf-8"))
        sys.stdout.buffer.flush()
        return Path(path)
    with atomic_path(path) as temporary:
        with open(temporary, "wb", buffering=1 << 20) as out:
            for chunk in chunks:
                out.write(chunk.encode("utf-8"))
            out.flush()  # a full device reports ENOSPC here, not silently at close
    return Path(path)
