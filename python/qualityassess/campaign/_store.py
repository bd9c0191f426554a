"""The campaign file's storage: its SQLite schema and format, the journal rows' chained
digests, the current state's seals, the optional key's MACs, and the connection with its errors
named by file (docs/security.md, "Campaign files"). (About 400 lines: the file's format is
written down in one place, from its schema to the MACs that seal it.)"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Union

from .. import _core
from .._errors import InputError

FILE_FORMAT = "qualityassess-campaign/2"
EXPORT_FORMAT = "qualityassess-campaign-export/1"
_APPLICATION_ID = 0x51414331  # "QAC1": marks the SQLite file as a qualityassess campaign
# 2: the digest covers every column of a row, and the file records its head (seq and digest).
_USER_VERSION = 2
_GENESIS = "0" * 64

PathLike = Union[str, "os.PathLike[str]"]
DateLike = _dt.date | str | None

_SCHEMA = """
CREATE TABLE campaign (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    type        TEXT NOT NULL,
    region      TEXT,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    digest      TEXT NOT NULL
);
"""


# The current state, kept step by step beside the journal so that opening a file reads it instead
# of replaying the journal: the campaign's own part (key "") rewritten by campaign-wide steps,
# each region's record rewritten by that region's steps. Each row names the journal entry that
# last wrote it (seq, digest) and is sealed with a SHA-256 over its key, seq, digest and state.
_CURRENT_TABLE = """
CREATE TABLE IF NOT EXISTS current (
    key      TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    digest   TEXT NOT NULL,
    state    BLOB NOT NULL,
    seal     TEXT NOT NULL
);
"""


# An office's keyed seal (docs/security.md, "Campaign files"): an HMAC-SHA256 of the head with a
# key kept outside the file, and of each current-state row's seal. Tables of their own, so that
# format 2 readers without keys still read the file (and a file without them is a keyless one).
_KEY_TABLES = """
CREATE TABLE IF NOT EXISTS head_mac (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL,
    mac    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS current_mac (
    key TEXT PRIMARY KEY,
    mac TEXT NOT NULL
);
"""
_MIN_KEY_BYTES = 16
KeyLike = bytes | str | None


def refusal(english: str, chinese: str) -> InputError:
    """An InputError of one problem, worded in English and in Chinese (``message_zh``)."""
    return InputError(english, [("", english)], [("", chinese)], chinese)


def _key_bytes(key: KeyLike) -> bytes | None:
    """A campaign key as bytes (text is UTF-8), at least 16 bytes long."""
    if key is None:
        return None
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < _MIN_KEY_BYTES:
        raise refusal(
            f"a campaign key needs at least {_MIN_KEY_BYTES} bytes, this one has {len(raw)} "
            "(e.g. `openssl rand -hex 32 > campaign.key`)",
            f"考核密钥至少需要 {_MIN_KEY_BYTES} 字节，此密钥只有 {len(raw)} 字节"
            "（例如 `openssl rand -hex 32 > campaign.key`）",
        )
    return raw


def _mac(key: bytes, purpose: str, text: str) -> str:
    return hmac.new(key, f"qualityassess-campaign/{purpose} {text}".encode(), "sha256").hexdigest()


def _key_id(key: bytes) -> str:
    """Names the key without revealing it, so that another key is told from an altered file."""
    return _mac(key, "key-id", "")[:16]


class _Entry(NamedTuple):
    """A journal row whose digest was checked: what replaying and showing it need."""

    seq: int
    action: str
    digest: str
    region: str | None
    type: str
    actor: str


class _Read(NamedTuple):
    """What one read transaction found in the file (see Campaign._read_new_rows)."""

    rows: list[Any]
    head: Any
    head_mac: Any
    current: list[Any] | None
    current_macs: dict[str, str] | None


class CampaignFileError(InputError):
    """The file is not a campaign this version can read, or it was altered or damaged: it is
    refused whole, never half-read. An :class:`qualityassess.InputError`, worded in Chinese too
    (``message_zh``, what the command line shows under ``--lang zh``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import qualityassess as qa
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "2019.qa"
    >>> _ = path.write_bytes(b"not a campaign")
    >>> try:
    ...     qa.Campaign.open(path)
    ... except qa.CampaignFileError as error:
    ...     print(str(error).endswith("not a campaign file (file is not a database)"))
    True
    """


def file_error(place: object, english: str, chinese: str) -> CampaignFileError:
    """A campaign file (or export) refused, worded in English and in Chinese; ``place`` (the
    file, ``journal entry 5``) reads the same in both, as an InputError's places do."""
    prefix = f"{place}: " if place else ""
    message, message_zh = prefix + english, prefix + chinese
    return CampaignFileError(message, [("", message)], [("", message_zh)], message_zh)


def _damaged_file(path: Path, detail: object) -> CampaignFileError:
    return file_error(path, f"damaged campaign file ({detail})", f"考核文件已损坏（{detail}）")


def _damaged(path: Path, error: sqlite3.Error) -> Exception:
    """A damaged file, unless SQLite's error is about the file system (an OSError)."""
    return _storage_error(path, error) or _damaged_file(path, error)


def _exists(path: Path) -> FileExistsError:
    return FileExistsError(
        errno.EEXIST, "a file is there already: a campaign file is never replaced", str(path)
    )


def _place_exclusively(staging: Path, target: Path) -> None:
    """Put the finished file at ``target`` only if nothing is there: a hard link fails when the
    name exists, so of two processes creating the same campaign at once exactly one succeeds
    (a rename would silently replace the other's file). Where hard links are not supported,
    the name is claimed with O_EXCL first and the file renamed over the empty claim."""
    try:
        os.link(staging, target)
        return
    except FileExistsError:
        raise _exists(target) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
    try:
        claim = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise _exists(target) from None
    os.close(claim)
    os.replace(staging, target)


def _iso(date: DateLike) -> str:
    if date is None:
        return _dt.date.today().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    return str(date)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(previous: str, row: Sequence[Any]) -> str:
    """SHA-256 over the previous digest and every column of the row (seq, recorded_at, actor,
    type, region, action, before, after), encoded unambiguously."""
    material = json.dumps([previous, *row], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _seal(key: str, seq: int, digest: str, state: bytes) -> str:
    """SHA-256 over a current-state row's key, the entry that wrote it, its digest and the
    state."""
    return hashlib.sha256(f"{key} {seq} {digest} ".encode() + state).hexdigest()


_ROW_COLUMNS = "seq, recorded_at, actor, type, region, action, before, after"
# SQLite's type of each column as written (a hand edit can store another).
_ROW_TYPES: tuple[tuple[type, ...], ...] = (
    (int,),
    (str,),
    (str,),
    (str,),
    (str, type(None)),
    (str,),
    (str, type(None)),
    (str, type(None)),
)


def _parse_row_json(text: str) -> Any:
    """A journal column's JSON, parsed under the core's limits (duplicate keys, nesting and
    sizes are refused: docs/security.md)."""
    return _core.parse_json(text)


def _object(value: Any) -> Any:
    """A step's object (targets, values, evidence, ...): a mapping as a dict; anything else as
    given, so that the core refuses it naming its JSON path (``data/targets must be an
    object``) instead of ``dict()`` failing with a TypeError."""
    return dict(value) if isinstance(value, Mapping) else value


def _text(value: Any) -> Any:
    """A code (region, point): an int as text, anything else as given for the core to check."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _array(value: Any, item: Any = _object) -> Any:
    """A step's array (incidents, points, regions): each element through ``item``; a string, a
    mapping or a scalar as given, for the core to refuse with its path (a string must not be
    taken for a list of its characters)."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value
    return [item(element) for element in value]


def _region_list(regions: Iterable[Any]) -> list[dict[str, str]]:
    """Regions as given: dicts with code (and name), (code, name) pairs, or bare codes."""
    if isinstance(regions, (str, bytes, Mapping)) or not isinstance(regions, Iterable):
        given = type(regions).__name__
        raise refusal(
            f"regions: give a list of regions (codes, (code, name) pairs or dicts), not {given}",
            f"regions: 应为地区的列表（代码、(代码, 名称) 或 dict），而不是 {given}",
        )
    out = []
    for index, region in enumerate(regions):
        if isinstance(region, Mapping):
            code, name = region.get("code"), region.get("name") or region.get("name_zh")
        elif isinstance(region, (tuple, list)):
            if len(region) != 2:
                raise refusal(
                    f"regions[{index}]: give a region as (code, name)",
                    f"regions[{index}]: 地区应为 (代码, 名称)",
                )
            code, name = region
        else:
            code, name = region, None
        code = _text(code)
        if not isinstance(code, str) or not code:
            raise refusal(
                f"regions[{index}]: a region is a code (text such as '110000'), (code, name) "
                "or a dict with its 'code'",
                f"regions[{index}]: 地区应为代码（文字，如 '110000'）、(代码, 名称) "
                "或含 'code' 的 dict",
            )
        entry = {"code": code}
        if name:
            entry["name"] = str(name)
        out.append(entry)
    return out


def _recorded_at(value: Any, where: str) -> str:
    """An exported entry's time of recording, checked (ISO 8601 with its UTC offset)."""
    try:
        moment = _dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise file_error(
            where,
            f"{value!r} is not a time of recording (ISO 8601, UTC)",
            f"{value!r} 不是记录时间（ISO 8601，UTC）",
        )
    return str(value)


def _flat_region_status(region: Mapping[str, Any]) -> dict[str, Any]:
    """One region's status from the core as one flat row."""
    row = {key: region[key] for key in ("region", "name", "stage", "grade")}
    for step in ("targets", "self_evaluation"):
        deadline = region[step]
        row[f"{step}_filed_on"] = deadline["done_on"]
        row[f"{step}_days_late"] = deadline["days_late"] if deadline["state"] == "late" else 0
        row[f"{step}_state"] = deadline["state"]
        row[f"{step}_not_submitted"] = region[f"{step}_not_submitted"]
    rectification = region["rectification"]
    row["rectification_due"] = rectification["due"] if rectification else None
    row["rectification_received_on"] = rectification["done_on"] if rectification else None
    row["rectification_state"] = rectification["state"] if rectification else None
    row["rectification_overdue"] = bool(rectification and rectification["state"] == "overdue")
    row["days_overdue"] = rectification["days_late"] if row["rectification_overdue"] else 0
    row["rectification_days_late"] = (
        rectification["days_late"] if rectification and rectification["state"] == "late" else 0
    )
    row["interviews"] = list(region["interviews"])
    row["spot_checked"] = region["spot_checked"]
    row["corrections"] = region["corrections"]
    return row


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=30.0, isolation_level=None)


# SQLite's answers that are about the file system, not the file's contents: each becomes the
# OSError Python raises for the same trouble, naming the file (the CLI: one line, exit 3).
_STORAGE_ERRORS = {
    "SQLITE_CANTOPEN": (errno.EACCES, "cannot open or create the campaign file here"),
    "SQLITE_READONLY": (errno.EACCES, "read-only: the campaign file cannot be written"),
    "SQLITE_READONLY_DIRECTORY": (
        errno.EACCES,
        "its folder is read-only (SQLite writes a -wal and a -shm file beside a campaign file)",
    ),
    "SQLITE_FULL": (errno.ENOSPC, "no space left on device (database or disk is full)"),
    "SQLITE_IOERR": (errno.EIO, "input/output error"),
    "SQLITE_PERM": (errno.EACCES, "permission denied"),
}


def _storage_error(path: Path, error: sqlite3.Error) -> OSError | None:
    """The OSError for an SQLite error about the file system (no permission, a read-only file
    or folder, a full disk, a missing folder), or None for any other."""
    name = str(getattr(error, "sqlite_errorname", ""))
    # Extended codes (SQLITE_IOERR_WRITE, SQLITE_CANTOPEN_ISDIR) fall back to their base code.
    known = _STORAGE_ERRORS.get(name) or _STORAGE_ERRORS.get("_".join(name.split("_")[:2]))
    if known is None:
        return None
    number, text = known
    if name.startswith("SQLITE_CANTOPEN") and not path.parent.is_dir():
        return FileNotFoundError(errno.ENOENT, f"no such folder {str(path.parent)!r}", str(path))
    if number == errno.EACCES:
        return PermissionError(number, text, str(path))
    return OSError(number, text, str(path))


@contextlib.contextmanager
def _storage(path: Path) -> Iterator[None]:
    """SQLite errors about the file system raised as the OSError they are."""
    try:
        yield
    except sqlite3.OperationalError as error:
        storage = _storage_error(path, error)
        if storage is None:
            raise
        raise storage from error


def _use_wal(connection: sqlite3.Connection) -> None:
    # WAL lets readers in other processes see a consistent state while one process writes;
    # FULL makes every commit durable before it returns.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")


def _write_current(
    connection: sqlite3.Connection,
    state: Any,
    region: str | None,
    seq: int,
    digest: str,
    region_text: bytes | None = None,
    key: bytes | None = None,
) -> None:
    """Keep the file's current state after entry `seq`: one region's row after its own step
    (its record is `region_text`, the journal's `after` column), or every row after a
    campaign-wide step (and when the rows were missing or behind). With a key, each row's seal
    is keyed too (table current_mac)."""
    rows: list[tuple[str, int | None, bytes]]
    if region is not None and region_text is not None:
        rows = [(region, None, region_text)]
    else:
        part = _core.campaign.part_text(state)
        regions = _core.campaign.region_texts(state)
        rows = [("", 0, part)]
        rows.extend((code, i + 1, text) for i, (code, text) in enumerate(regions))
        connection.execute(_CURRENT_TABLE)
        connection.execute("DELETE FROM current")
        if key is not None:
            connection.execute("DELETE FROM current_mac")
    sealed = [
        (key_, position, text, _seal(key_, seq, digest, text)) for key_, position, text in rows
    ]
    if key is not None:
        connection.executemany(
            "INSERT OR REPLACE INTO current_mac (key, mac) VALUES (?, ?)",
            [(key_, _mac(key, "current", seal)) for key_, _, _, seal in sealed],
        )
    connection.executemany(
        "INSERT INTO current (key, position, seq, digest, state, seal) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, digest = excluded.digest,"
        " state = excluded.state, seal = excluded.seal",
        [
            (key_, -1 if position is None else position, seq, digest, text, seal)
            for key_, position, text, seal in sealed
        ],
    )
