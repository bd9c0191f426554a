"""The README's "A CLI session" runs as written (a front-door example must not rot).

Each ``$ `` command of the section's console block is run from a copy of examples/ in a
temporary folder (so its outputs land there), with ``qualityassess`` as
``python -m qualityassess`` of this interpreter. A command ending in ``; echo $?`` must exit
with the code shown on the block's next line that follows its output, any other with 0;
``> file`` sends standard output to that file. Every output line the README shows must appear
in what the command printed (standard output and error together): ``...`` and ``(...)`` stand
for text left out, so the pieces between them must appear, in order, on one line.

The notebook's ``>>>`` block of errors is not run: it uses names it does not define
(``frame_with_a_typo``, a filled ``2019.xlsx``).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
ECHO_STATUS = "; echo $?"
ELLIPSIS = re.compile(r"\(\.\.\.\)|\.\.\.")


@dataclass
class Command:
    line: str  # as written in the README, after "$ "
    shown: list[str] = field(default_factory=list)  # the output lines shown below it


def session_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## A CLI session") :]
    match = re.search(r"```console\n(.*?)```", section, re.S)
    assert match is not None, "the CLI session section has no console block"
    return match.group(1)


def session() -> list[Command]:
    commands: list[Command] = []
    for line in session_block().splitlines():
        if line.startswith("$ "):
            commands.append(Command(line[2:]))
        else:
            assert commands, f"output before the first command: {line!r}"
            commands[-1].shown.append(line)
    return commands


def argv_of(command: Command) -> tuple[list[str], str | None, int, list[str]]:
    """The arguments to run, the file standard output is redirected to, the exit code and
    the output lines shown (without the exit code)."""
    line, status, shown = command.line, 0, list(command.shown)
    if ECHO_STATUS in line:
        line = line.replace(ECHO_STATUS, "", 1)
        assert shown and shown[-1].strip().isdigit(), (
            f"{command.line}: the exit code is not shown on the last line"
        )
        status = int(shown.pop().strip())
    words = shlex.split(line, comments=True)
    redirect = None
    if ">" in words:
        at = words.index(">")
        assert at == len(words) - 2, f"{command.line}: only '> file' at the end is understood"
        redirect = words[at + 1]
        words = words[:at]
    assert words[0] == "qualityassess", f"{command.line}: not a qualityassess command"
    return [sys.executable, "-m", "qualityassess", *words[1:]], redirect, status, shown


def shown_in(shown: str, printed: list[str]) -> bool:
    """Whether one printed line holds the pieces of ``shown`` between its ellipses, in order."""
    pieces = [piece for piece in ELLIPSIS.split(shown.rstrip()) if piece.strip()]
    if not pieces:
        return True  # "..." alone: lines left out
    for line in printed:
        at = 0
        for piece in pieces:
            at = line.find(piece, at)
            if at < 0:
                break
            at += len(piece)
        else:
            return True
    return False


COMMANDS = session()


def test_the_session_is_parsed() -> None:
    lines = [command.line for command in COMMANDS]
    assert len(lines) >= 10
    assert any(ECHO_STATUS in line for line in lines)
    assert any(" > " in line for line in lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the whole session, as a reader's checkout: outputs stay there."""
    root = tmp_path_factory.mktemp("readme-session")
    shutil.copytree(REPO / "examples", root / "examples")
    return root


@pytest.mark.parametrize("command", COMMANDS, ids=[c.line for c in COMMANDS])
def test_the_readme_command_runs_as_written(command: Command, folder: Path) -> None:
    argv, redirect, status, shown = argv_of(command)
    done = subprocess.run(
        argv, cwd=folder, capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert done.returncode == status, f"{command.line}\n{done.stdout}\n{done.stderr}"
    # The README teaches the current vocabulary: no old spelling (docs/contracts.md).
    assert "is deprecated; use" not in done.stderr and "已弃用" not in done.stderr, done.stderr
    if redirect is not None:
        (folder / redirect).write_text(done.stdout, encoding="utf-8")
        printed = done.stderr.splitlines()
    else:
        printed = done.stdout.splitlines() + done.stderr.splitlines()
    missing = [line for line in shown if line.strip() and not shown_in(line, printed)]
    assert missing == [], f"{command.line}: not printed:\n" + "\n".join(
        [*missing, "--- printed:", *printed]
    )
