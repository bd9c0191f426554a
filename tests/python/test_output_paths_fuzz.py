"""Fuzzing the one output writer (issue 12; docs/security.md, "Output: what readers open"):
whatever the target is (a new or existing file, a link, a dangling link, a link to a link, a
folder, a path under a file, a device, an odd name), writing either puts exactly the content
where the path leads, or raises OSError and leaves what was there; never a ``.tmp`` left
behind, never a link or a device replaced. Small by default; QA_FUZZ_EXAMPLES widens the run
(`make fuzz`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualityassess._files import write_text_atomic

EXAMPLES = int(os.environ.get("QA_FUZZ_EXAMPLES", "40"))
OLD = "saved before\n"

KINDS = [
    "new",
    "new_in_new_folder",
    "existing",
    "link_to_file",
    "link_to_link",
    "dangling_link",
    "folder",
    "link_to_folder",
    "under_a_file",
    "dev_null",
]
NAMES = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\", min_codepoint=32
    ),
    min_size=1,
    max_size=20,
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200)
CONTENT = st.text(max_size=2000).map(lambda t: t.encode("utf-8", "replace").decode("utf-8"))


def _make(root: Path, kind: str, name: str) -> tuple[Path, Path | None]:
    """The path to write to and the regular file the content must end up in (None: refused)."""
    file = root / f"{name}.txt"
    if kind == "new":
        return file, file
    if kind == "new_in_new_folder":
        return root / "a" / "b" / file.name, root / "a" / "b" / file.name
    if kind == "existing":
        file.write_text(OLD, encoding="utf-8")
        return file, file
    if kind in ("link_to_file", "link_to_link", "dangling_link"):
        real = root / "real.txt"
        if kind != "dangling_link":
            real.write_text(OLD, encoding="utf-8")
        link = root / "link.txt"
        link.symlink_to(real)
        if kind == "link_to_link":
            outer = root / f"{name}.lnk"
            outer.symlink_to(link)
            return outer, real
        return link, real
    if kind == "folder":
        file.mkdir()
        return file, None
    if kind == "link_to_folder":
        (root / "folder").mkdir()
        file.symlink_to(root / "folder")
        return file, None
    if kind == "under_a_file":
        file.write_text(OLD, encoding="utf-8")
        return file / "inside.txt", None
    return Path(os.devnull), None


def _snapshot(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under root: its kind and content (a link: where it points)."""
    out: dict[str, tuple[str, bytes | str]] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            out[key] = ("link", os.readlink(path))
        elif path.is_dir():
            out[key] = ("folder", b"")
        else:
            out[key] = ("file", path.read_bytes())
    return out


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links are POSIX here")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(kind=st.sampled_from(KINDS), name=NAMES, content=CONTENT)
def test_a_write_lands_whole_where_the_path_leads_or_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, kind: str, name: str, content: str
) -> None:
    root = tmp_path_factory.mktemp("out")
    target, lands_in = _make(root, kind, name)
    before = _snapshot(root)
    links = {k for k, (what, _) in before.items() if what == "link"}
    try:
        write_text_atomic(target, content)
    except OSError:
        assert lands_in is None, f"{kind}: a writable target was refused"
        assert _snapshot(root) == before  # nothing changed, nothing left behind
        return
    if lands_in is None:
        assert kind == "dev_null", f"{kind}: written, but should have been refused"
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # the device is still a device
        assert _snapshot(root) == before
        return
    assert lands_in.read_bytes() == content.encode("utf-8")
    after = _snapshot(root)
    assert not [k for k in after if k.endswith(".tmp")]
    assert {k for k, (what, _) in after.items() if what == "link"} == links  # links stay links
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed <= {
        str(p.relative_to(root)) for p in [lands_in, *lands_in.parents] if root in p.parents
    }
