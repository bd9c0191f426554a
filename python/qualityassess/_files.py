"""Files written whole or not at all: into a temporary file beside the target, then renamed
over it, so an error half-way never destroys a file saved before."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Union

__all__ = ["PathLike", "atomic_path", "write_text_atomic"]

PathLike = Union[str, "os.PathLike[str]"]


@contextmanager
def atomic_path(path: PathLike) -> Iterator[Path]:
    """A temporary path in ``path``'s folder to write to; it replaces ``path`` when the block
    ends without an error and is removed otherwise."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_text_atomic(path: PathLike, content: str) -> Path:
    with atomic_path(path) as temporary:
        temporary.write_text(content, encoding="utf-8")
    return Path(path)
