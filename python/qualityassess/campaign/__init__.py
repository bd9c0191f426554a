"""One assessment year as it is run (Art. 3, 6, 7, 9), kept in one SQLite file.

The file holds an append-only journal of every step: who, when, what, and the region's (or the
campaign's) state before and after. The journal is the truth: the C++ core replays it (state +
step -> new state, or a refusal), so the rules stay in the core and the storage stays simple.

- Every step is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``): a process killed in the
  middle of a write loses nothing that was committed and leaves a file that opens.
- The file is in WAL mode, so other processes can read while one writes, and see either the
  state before a step or after it, never half of one.
- Each journal row carries a SHA-256 digest over all its columns, chained to the row before
  it, and the file records the last row's number and digest (its head), so a file that was
  edited by hand, had rows removed (in the middle or at the end) or was damaged is refused when
  opened instead of half-read. The digests are not a signature: someone who rewrites the whole
  chain can forge a file (docs/security.md).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as _dt
import errno
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Union

from . import _core
from ._errors import InputError
from ._files import write_text_atomic
from ._logging import logger, sync_level
from .assessment import Result, Results
from .regions import Regions
from .scheme import Scheme

__all__ = ["Campaign", "CampaignFileError"]

FILE_FORMAT = "qualityassess-campaign/2"
EXPORT_FORMAT = "qualityassess-campaign-export/1"
_APPLICATION_ID = 0x51414331  # "QAC1": marks the SQLite file as a qualityassess campaign
# 2: the digest covers every column of a row, and the file records its head (seq and digest).
_USER_VERSION = 2
_GENESIS = "0" * 64

PathLike = Union[str, "os.PathLike[str]"]
DateLike = Union[_dt.date, str, None]

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
KeyLike = Union[bytes, str, None]


def _key_bytes(key: KeyLike) -> bytes | None:
    """A campaign key as bytes (text is UTF-8), at least 16 bytes long."""
    if key is None:
        return None
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < _MIN_KEY_BYTES:
        raise InputError(
            f"a campaign key needs at least {_MIN_KEY_BYTES} bytes, this one has {len(raw)} "
            "(e.g. `openssl rand -hex 32 > campaign.key`)"
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
    """The file is not a campaign this version can read, or it was altered: it is refused
    whole, never half-read."""


def _damaged(path: Path, error: sqlite3.Error) -> Exception:
    """A damaged file, unless SQLite's error is about the file system (an OSError)."""
    return _storage_error(path, error) or CampaignFileError(
        f"{path}: damaged campaign file ({error})"
    )


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
        raise InputError(
            f"regions: give a list of regions (codes, (code, name) pairs or dicts), not "
            f"{type(regions).__name__}"
        )
    out = []
    for index, region in enumerate(regions):
        if isinstance(region, Mapping):
            code, name = region.get("code"), region.get("name") or region.get("name_zh")
        elif isinstance(region, (tuple, list)):
            if len(region) != 2:
                raise InputError(f"regions[{index}]: give a region as (code, name)")
            code, name = region
        else:
            code, name = region, None
        code = _text(code)
        if not isinstance(code, str) or not code:
            raise InputError(
                f"regions[{index}]: a region is a code (text such as '110000'), (code, name) "
                "or a dict with its 'code'"
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
        raise CampaignFileError(f"{where}: {value!r} is not a time of recording (ISO 8601, UTC)")
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
        part = _core.campaign_part_text(state)
        regions = _core.campaign_region_texts(state)
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


class Campaign:
    """One assessment year for one scheme over a set of regions, stored in one SQLite file.

    Each step method records one journal entry and returns what the step produced; a step out
    of order is refused with :class:`qualityassess.InputError` and changes nothing."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, key: bytes | None = None
    ) -> None:
        self._path = path
        self._db = connection
        self._key = key
        self._keyed = False  # the file carries a keyed seal (table head_mac)
        self._seq = 0
        self._digest = _GENESIS
        self._state: Any = None
        self._region_codes: frozenset[str] = frozenset()
        self._opened_from_current = False  # the state was read from the file's current rows
        self._current_stale = False  # rows missing or behind: the next write rewrites them all
        self._in_transaction = False
        self.last_warnings: list[str] = []
        self._catch_up()

    # ---- opening --------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: PathLike,
        scheme: Scheme | str,
        year: int,
        regions: Iterable[Any],
        *,
        title: str = "",
        date: DateLike = None,
        actor: str = "",
        key: KeyLike = None,
        _recorded_at: str | None = None,
    ) -> Campaign:
        """Start a campaign file at ``path`` (which must not exist yet: of two processes creating
        the same file at once, one succeeds and the other gets FileExistsError). With ``key``
        (bytes or text, at least 16 bytes, kept outside the file), the file is sealed with it:
        it then opens only with the same key, and every step needs it (docs/security.md)."""
        secret = _key_bytes(key)
        target = Path(path)
        if target.exists():
            raise _exists(target)
        if not isinstance(scheme, (Scheme, str, os.PathLike)):
            raise TypeError(
                f"scheme: a Scheme, a built-in id or a path, not {type(scheme).__name__}"
            )
        resolved = Scheme.resolve(scheme)
        action = {
            "type": "create",
            "date": _iso(date),
            "actor": actor,
            "data": {
                "scheme": resolved.to_dict(),
                "year": year,
                "regions": _region_list(regions),
                "title": title,
            },
        }
        sync_level()
        state = _core.campaign_start(action)  # refuses a bad year or region list before disk
        # Built beside the target and linked into place: a crash never leaves half a campaign,
        # and the link fails if another process put a file there meanwhile.
        staging = target.with_name(f".{target.name}.creating-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            with _storage(target):  # errors name the file asked for, not the staging file
                connection = _connect(staging)
                try:
                    _use_wal(connection)
                    connection.executescript(
                        _SCHEMA + _CURRENT_TABLE + (_KEY_TABLES if secret else "")
                    )
                    connection.execute(f"PRAGMA application_id={_APPLICATION_ID}")
                    connection.execute(f"PRAGMA user_version={_USER_VERSION}")
                    connection.execute("INSERT INTO campaign VALUES ('format', ?)", (FILE_FORMAT,))
                    digest = cls._insert(
                        connection, 1, _GENESIS, action, None, None, _recorded_at, secret
                    )
                    _write_current(connection, state, None, 1, digest, key=secret)
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    connection.execute("PRAGMA journal_mode=DELETE")  # one file to move
                finally:
                    connection.close()
            _place_exclusively(staging, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                staging.unlink()
        return cls.open(target, key=secret)

    @classmethod
    def open(cls, path: PathLike, *, key: KeyLike = None) -> Campaign:
        """Open an existing campaign file. With ``key``, the file must be sealed with that key
        and its seal must verify (a journal cut short or rewritten by someone without the key
        is refused); a sealed file opened without its key is read with a warning, and no step
        can be recorded in it (docs/security.md)."""
        secret = _key_bytes(key)
        source = Path(path)
        if not source.is_file():
            raise FileNotFoundError(f"{source}: no campaign file there")
        with _storage(source):
            connection = _connect(source)
            try:
                cls._check_format(source, connection)  # before anything could change the file
                try:
                    _use_wal(connection)
                except sqlite3.OperationalError as error:
                    # A read-only file stays in its journal mode: it can be read, and a step
                    # is refused when it is written.
                    if getattr(error, "sqlite_errorname", "") != "SQLITE_READONLY":
                        raise _damaged(source, error) from error
                except sqlite3.DatabaseError as error:
                    raise _damaged(source, error) from error
                return cls(source, connection, secret)
            except BaseException:
                connection.close()
                raise

    @staticmethod
    def _check_format(path: Path, connection: sqlite3.Connection) -> None:
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            storage = _storage_error(path, error)
            raise storage or CampaignFileError(f"{path}: not a campaign file ({error})") from error
        if application_id != _APPLICATION_ID:
            raise CampaignFileError(f"{path}: not a qualityassess campaign file")
        if version != _USER_VERSION:
            raise CampaignFileError(
                f"{path}: campaign file format {version}; this version reads format {_USER_VERSION}"
                " (export it with the version that wrote it, then import the export)"
            )
        try:
            # A damaged or truncated SQLite file: refused whole before anything is read.
            check = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as error:
            raise _damaged(path, error) from error
        if check != [("ok",)]:
            raise CampaignFileError(f"{path}: damaged campaign file ({check[0][0]})")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Campaign:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the journal ----------------------------------------------------------------------

    @staticmethod
    def _insert(
        connection: sqlite3.Connection,
        seq: int,
        previous_digest: str,
        action: dict[str, Any],
        before: Any,
        after: Any,
        recorded_at: str | None = None,
        key: bytes | None = None,
    ) -> str:
        if recorded_at is None:
            recorded_at = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")
        row = (
            seq,
            recorded_at,
            action.get("actor", ""),
            action["type"],
            action.get("region"),
            _dumps(action),
            None if before is None else _dumps(before),
            None if after is None else _dumps(after),
        )
        digest = _digest(previous_digest, row)
        connection.execute(
            f"INSERT INTO journal ({_ROW_COLUMNS}, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, digest),
        )
        # The head: removing rows at the end (a truncated journal) is seen against it.
        connection.execute(
            "INSERT OR REPLACE INTO campaign VALUES ('head', ?)", (f"{seq} {digest}",)
        )
        if key is not None:  # the head, keyed: a shorter or rewritten journal cannot match it
            connection.execute(
                "INSERT OR REPLACE INTO head_mac (id, key_id, mac) VALUES (1, ?, ?)",
                (_key_id(key), _mac(key, "head", f"{seq} {digest}")),
            )
        return digest

    def _read_new_rows(self) -> _Read:
        """Journal rows after the last one replayed, the head and its keyed seal, and (before
        the first replay) the current-state rows and their keyed seals, all from one read
        transaction."""
        own_transaction = not self._db.in_transaction
        try:
            if own_transaction:
                self._db.execute("BEGIN")  # rows and head from the same snapshot
            try:
                rows = self._db.execute(
                    f"SELECT {_ROW_COLUMNS}, digest FROM journal WHERE seq > ? ORDER BY seq",
                    (self._seq,),
                ).fetchall()
                head = self._db.execute("SELECT value FROM campaign WHERE key = 'head'").fetchone()
                tables = {
                    name
                    for (name,) in self._db.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    )
                }
                head_mac = None
                if "head_mac" in tables:
                    head_mac = self._db.execute("SELECT key_id, mac FROM head_mac").fetchone()
                current = current_macs = None
                if self._state is None:
                    current = self._read_current() if "current" in tables else None
                    if "current_mac" in tables and self._key is not None:
                        current_macs = dict(
                            self._db.execute("SELECT key, mac FROM current_mac").fetchall()
                        )
            finally:
                if own_transaction and self._db.in_transaction:
                    self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            storage = _storage_error(self._path, error)
            raise storage or CampaignFileError(
                f"{self._path}: cannot read the journal ({error})"
            ) from error
        return _Read(rows, head, head_mac, current, current_macs)

    def _read_current(self) -> list[Any] | None:
        return self._db.execute(
            "SELECT key, position, seq, digest, state, seal FROM current ORDER BY position"
        ).fetchall()

    def _check_rows(self, rows: list[Any]) -> list[_Entry]:
        """Every row's columns, order and digest chained from the last one replayed."""
        checked = []
        previous_seq, previous_digest = self._seq, self._digest
        for *row, digest in rows:
            seq = row[0]
            where = f"{self._path}: journal entry {seq}"
            if not all(isinstance(value, types) for value, types in zip(row, _ROW_TYPES)):
                raise CampaignFileError(f"{where}: a column holds a value of the wrong type")
            if seq != previous_seq + 1:
                raise CampaignFileError(f"{where}: entries are missing before it")
            if _digest(previous_digest, row) != digest:
                raise CampaignFileError(f"{where}: altered after it was written (digest mismatch)")
            checked.append(_Entry(seq, row[5], digest, row[4], row[3], row[2]))
            previous_seq, previous_digest = seq, digest
        return checked

    def _action_of(self, entry: _Entry) -> Any:
        """An entry's action, parsed under the core's limits; its type, actor and region columns
        (which history shows and filters by) must say what the action says. A chain rewritten
        with new digests passes the digests, not this."""
        where = f"{self._path}: journal entry {entry.seq}"
        try:
            action = _parse_row_json(entry.action)
        except ValueError as error:
            raise CampaignFileError(f"{where}: refused on replay: {error}") from error
        if not isinstance(action, dict):
            raise CampaignFileError(f"{where}: the action is not an object")
        for column, value, said in (
            ("type", entry.type, action.get("type")),
            ("actor", entry.actor, action.get("actor", "")),
            ("region", entry.region, action.get("region")),
        ):
            if value != said:
                raise CampaignFileError(
                    f"{where}: its {column} column ({value!r}) is not its action's ({said!r}): "
                    "the journal was rewritten"
                )
        return action

    def _read_current_state(
        self, read: _Read, entries: int
    ) -> concurrent.futures.Future[Any] | None:
        """The state the file's current rows hold, read by the core in a thread of its own (it
        releases the GIL) while the journal's digests are checked here: opening a large
        campaign takes the longer of the two instead of their sum. A row whose seal does not
        fit (or, with a key, whose keyed seal does not) was altered or damaged, and has the
        file refused whole like any other part."""
        current = read.current
        if not current or entries == 0:
            return None
        for key, _, seq, digest, state, seal in current:
            keyed = self._key is None or (
                read.current_macs is not None
                and isinstance(seal, str)
                and hmac.compare_digest(
                    read.current_macs.get(key, ""), _mac(self._key, "current", seal)
                )
            )
            if not isinstance(state, bytes) or seal != _seal(key, seq, digest, state) or not keyed:
                raise CampaignFileError(
                    f"{self._path}: the current state of {key or 'the campaign'} was altered or "
                    "damaged" + ("" if keyed else " (its keyed seal does not verify)")
                )
        if current[0][0] != "":
            return None  # no campaign row: incomplete, the journal is replayed
        texts = [row[4].decode("utf-8", "replace") for row in current]
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        future = pool.submit(_core.campaign_state_from_parts, texts[0], texts[1:], entries)
        pool.shutdown(wait=False)  # the read goes on; the pool's thread ends with it
        return future

    def _start_from_current(
        self,
        checked: list[_Entry],
        current: list[Any] | None,
        state: concurrent.futures.Future[Any] | None,
    ) -> list[_Entry]:
        """The state of the current rows when each was written with or after the last journal
        entry that changed it (its region's last step, or the last campaign-wide step): then
        nothing is left to replay. Otherwise the journal is replayed from the start (it is the
        truth) and the rows are rewritten with the next step."""
        problem = "there is none" if current is None else None
        if state is not None:
            last_wide, last_step = 0, {}
            for entry in checked:
                if entry.region is None:
                    last_wide = entry.seq
                else:
                    last_step[entry.region] = entry.seq
            for key, _, seq, digest, _, _ in current or []:
                # Written with entry `seq`, no earlier than the last entry that changed it.
                changed = last_wide if key == "" else max(last_step.get(key, 0), last_wide)
                if not changed <= seq <= len(checked) or checked[seq - 1].digest != digest:
                    problem = f"{key or 'the campaign'} is older than entry {changed}"
                    break
            else:
                try:
                    self._state = state.result()
                except ValueError as error:
                    problem = f"it does not read back ({error})"
        if self._state is None:
            if problem is not None and current is not None:
                logger.warning(
                    "%s: current state ignored (%s); replaying the journal", self._path, problem
                )
            self._current_stale = True
            return checked
        self._seq, self._digest = checked[-1].seq, checked[-1].digest
        self._opened_from_current = True
        return []

    def _catch_up(self) -> None:
        """Replay journal entries written since we last looked (by us or another process),
        checking every row's digest and, at the end, the file's head (and its keyed seal). On
        opening, the state is read from the file's current rows when they check out, so nothing
        is replayed; every row's digest is checked all the same."""
        read = self._read_new_rows()
        opening = self._state is None
        self._check_key(read.head_mac, opening)
        state = self._read_current_state(read, len(read.rows)) if opening else None
        checked = self._check_rows(read.rows)
        last_seq, last_digest = (
            (checked[-1].seq, checked[-1].digest) if checked else (self._seq, self._digest)
        )
        self._check_head(read.head, last_seq, last_digest)
        self._check_head_mac(read.head_mac, last_seq, last_digest)
        if opening:
            checked = self._start_from_current(checked, read.current, state)
        for entry in checked:
            action = self._action_of(entry)
            try:
                if self._state is None:
                    self._state = _core.campaign_start(action)
                else:
                    _core.campaign_apply(self._state, action)
            except (ValueError, KeyError) as error:
                raise CampaignFileError(
                    f"{self._path}: journal entry {entry.seq}: refused on replay: {error}"
                ) from error
            self._seq, self._digest = entry.seq, entry.digest
        if self._state is None:
            raise CampaignFileError(f"{self._path}: the journal is empty")
        if not self._region_codes:
            self._region_codes = frozenset(self._state.region_codes)

    def _reload(self) -> None:
        """Back to what the file holds (after a write that failed part way)."""
        self._seq, self._digest, self._state = 0, _GENESIS, None
        self._catch_up()

    def _check_head(self, head: Any, last_seq: int, last_digest: str) -> None:
        """The file's head must name the last entry read: fewer entries are a truncated
        journal, another digest an altered one."""
        text = head[0] if head is not None else None
        parts = text.split(" ") if isinstance(text, str) else []
        if len(parts) != 2 or not parts[0].isdigit():
            raise CampaignFileError(
                f"{self._path}: the journal's head is missing or damaged "
                "(altered or truncated file)"
            )
        seq, digest = int(parts[0]), parts[1]
        if seq > last_seq:
            raise CampaignFileError(
                f"{self._path}: the journal ends at entry {last_seq}, but {seq} were written: "
                "entries were removed (truncated file)"
            )
        if seq != last_seq or digest != last_digest:
            raise CampaignFileError(
                f"{self._path}: the journal does not end where its head says (entry {seq}): "
                "altered after it was written"
            )

    def _check_key(self, head_mac: Any, opening: bool) -> None:
        """With a key, the file must be sealed with that key: a file without a seal is refused
        (a seal removed would otherwise turn a sealed file into a keyless one), and one sealed
        with another key is named as such. Without a key, a sealed file is read with a warning:
        nothing was verified by the key."""
        self._keyed = head_mac is not None
        if self._key is None:
            if self._keyed and opening:
                logger.warning(
                    "%s: sealed with a key but opened without it: its seal was not verified, "
                    "and no step can be recorded (give the key: --key-file)",
                    self._path,
                )
            return
        if head_mac is None:
            raise CampaignFileError(
                f"{self._path}: not sealed with a key (or its seal was removed); a key was given"
            )
        key_id, mac = head_mac
        if not isinstance(key_id, str) or not isinstance(mac, str):
            raise CampaignFileError(f"{self._path}: the keyed seal is damaged")
        if key_id != _key_id(self._key):
            raise CampaignFileError(
                f"{self._path}: sealed with another key (key id {key_id}, the key given has "
                f"{_key_id(self._key)})"
            )

    def _check_head_mac(self, head_mac: Any, seq: int, digest: str) -> None:
        """With a key, the head's keyed seal must verify: the head alone can be made to fit a
        journal cut short or rewritten, its HMAC cannot without the key."""
        if self._key is None:
            return
        if not hmac.compare_digest(head_mac[1], _mac(self._key, "head", f"{seq} {digest}")):
            raise CampaignFileError(
                f"{self._path}: the journal's keyed seal does not verify at entry {seq}: entries "
                "were removed or rewritten, or written without the key"
            )

    def _record(self, action: dict[str, Any], recorded_at: str | None = None) -> list[str]:
        """Apply one step and journal it: in a transaction of its own, or as part of the one
        :meth:`transaction` holds open. Returns the step's warnings (a deadline missed)."""
        if self._in_transaction:
            return self._apply_and_insert(action, recorded_at)
        with self.transaction():
            return self._apply_and_insert(action, recorded_at)

    def _apply_and_insert(self, action: dict[str, Any], recorded_at: str | None) -> list[str]:
        if self._keyed and self._key is None:
            # The step would leave the seal behind the journal: the file would be refused
            # under the key from then on, as if it had been tampered with.
            raise CampaignFileError(
                f"{self._path}: sealed with a key: give the key to record a step (--key-file)"
            )
        sync_level()
        action = _core.campaign_normalize_action(action)
        region = action.get("region")
        state = self._state
        known = region in self._region_codes

        def snapshot() -> Any:
            if not region:
                return _core.campaign_snapshot(state)
            return _core.campaign_region_snapshot(state, region) if known else None

        before = snapshot()
        # Applied in place; a refusal raises InputError and leaves the state as it was.
        warnings = list(_core.campaign_apply(state, action))
        self._seq += 1  # the state is one entry ahead from here, until the row is kept
        after = snapshot()
        self._digest = self._insert(
            self._db, self._seq, self._digest, action, before, after, recorded_at, self._key
        )
        if self._current_stale or not region:
            _write_current(self._db, state, None, self._seq, self._digest, key=self._key)
            self._current_stale = False
        else:
            text = _dumps(after).encode("utf-8")
            _write_current(self._db, state, region, self._seq, self._digest, text, self._key)
        self.last_warnings = warnings
        for warning in warnings:
            # Marked, so that a caller printing last_warnings itself can hold these back.
            logger.warning("%s: %s", self._path.name, warning, extra={"campaign_warning": warning})
        return warnings

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Campaign]:
        """Steps recorded inside ``with campaign.transaction():`` are committed together at the
        end, or, if any of them is refused or anything else goes wrong, none is: the file and
        the campaign are left as they were (e.g. a file of several regions' filings)."""
        if self._in_transaction:  # nested: part of the transaction already open
            yield self
            return
        with _storage(self._path):
            self._db.execute("BEGIN IMMEDIATE")
        seq_before = self._seq
        try:
            with _storage(self._path):  # a read-only file or a full disk: an OSError
                self._catch_up()
                seq_before = self._seq
                self._in_transaction = True
                try:
                    yield self
                finally:
                    self._in_transaction = False
                self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if self._seq != seq_before:
                # Steps were applied in place and are not kept: back to what the file holds.
                # (Only a refused or failed transaction pays this; a refused single step
                # changes nothing and is never reloaded.)
                self._reload()
            raise

    def _step(
        self, type_: str, *, region: str | None, date: DateLike, actor: str, data: Any
    ) -> list[str]:
        action: dict[str, Any] = {"type": type_, "date": _iso(date), "actor": actor, "data": data}
        if region is not None:
            action["region"] = _text(region)
        return self._record(action)

    # ---- the steps (Art. 6) ---------------------------------------------------------------

    def file_targets(
        self, region: str, targets: Mapping[str, Any], *, date: DateLike = None, actor: str = ""
    ) -> None:
        """Art. 6.1: the region's targets for the year, due 30 June of the year; filing later
        is accepted and recorded as a late filing."""
        self._step(
            "file_targets",
            region=region,
            date=date,
            actor=actor,
            data={"targets": _object(targets)},
        )

    def self_evaluate(
        self,
        region: str,
        values: Mapping[str, Any],
        incidents: Sequence[Mapping[str, Any]] = (),
        *,
        date: DateLike = None,
        actor: str = "",
    ) -> None:
        """Art. 6.2: the self-evaluation, due 15 July after the year, with the incidents it
        reports."""
        data = {"values": _object(values), "incidents": _array(incidents)}
        self._step("self_evaluate", region=region, date=date, actor=actor, data=data)

    def mark_not_submitted(
        self,
        region: str,
        step: str = "self_evaluation",
        *,
        reason: str = "",
        date: DateLike = None,
        actor: str = "",
    ) -> None:
        """Art. 6.1, 6.2: record, once its deadline has passed, that ``region`` did not submit
        its ``targets`` or ``self_evaluation``, so that the year goes on without it: its points
        are scored as missing and its result carries a ``not_submitted`` finding. A filing
        that arrives later is still accepted, as a late one."""
        data = {"step": step, "reason": reason}
        self._step("not_submitted", region=region, date=date, actor=actor, data=data)

    def plan_verification(
        self,
        *,
        rule: str = "risk",
        share: float = 0.3,
        points: int = 0,
        seed: int = 0,
        regions: Sequence[str] | None = None,
        previous_totals: Mapping[str, float] | None = None,
        margin: float = 2.0,
        boundary_weight: float = 2.0,
        date: DateLike = None,
        actor: str = "",
    ) -> dict[str, Any]:
        """Art. 6.3: choose the regions and points for on-site verification, reproducibly from
        ``seed`` (rules ``all``, ``share``, ``risk``, ``manual``: docs/campaign.md)."""
        data: dict[str, Any] = {
            "rule": rule,
            "share": share,
            "points": points,
            "seed": seed,
            "margin": margin,
            "boundary_weight": boundary_weight,
        }
        if regions is not None:
            data["regions"] = _array(regions, _text)
        if previous_totals is not None:
            data["previous_totals"] = _object(previous_totals)
        self._step("plan_verification", region=None, date=date, actor=actor, data=data)
        return self.plan()

    def spot_check(
        self,
        region: str,
        *,
        reason: str,
        points: Sequence[str] = (),
        date: DateLike = None,
        actor: str = "",
    ) -> None:
        """Art. 6.3 (重点抽查): select for on-site verification a region that the plan did not
        draw, saying why; then :meth:`verify` it. The plan stays as it was drawn."""
        data = {"reason": reason, "points": _array(points, _text)}
        self._step("spot_check", region=region, date=date, actor=actor, data=data)

    def verify(
        self,
        region: str,
        values: Mapping[str, Any],
        *,
        evidence: Mapping[str, str] | None = None,
        incidents: Sequence[Mapping[str, Any]] = (),
        date: DateLike = None,
        actor: str = "",
    ) -> None:
        """Art. 6.3: verified values per point (they replace the self-evaluated ones), what
        was found, and incidents found that the self-evaluation did not report."""
        data = {
            "values": _object(values),
            "evidence": {} if evidence is None else _object(evidence),
            "incidents": _array(incidents),
        }
        self._step("verify", region=region, date=date, actor=actor, data=data)

    def assess(
        self,
        *,
        date: DateLike = None,
        actor: str = "",
        lower: Iterable[Result] | None = None,
        regions: Regions | None = None,
    ) -> Results:
        """Art. 6.4: the comprehensive assessment of every region.

        When the scheme takes points from the level below (``from_lower_level``, Art. 10: a
        province grading its prefectures on the share of their counties graded A or B), give
        ``lower``, the results of that level (e.g. from :func:`qualityassess.assess_level` or
        another campaign), and ``regions``, the region file. The values computed from them are
        recorded with the step, so replaying the journal gives the same grades."""
        data: dict[str, Any] = {}
        if lower is not None or regions is not None:
            if lower is None or regions is None:
                raise TypeError("give both lower (the results of the level below) and regions")
            sync_level()
            data["lower_level"] = _core.lower_level_values(
                self._state.scheme,
                regions._core,
                [result._core for result in lower],
                list(self._state.region_codes),
            )
        self._step("assess", region=None, date=date, actor=actor, data=data)
        return self.results()

    def approve(self, *, date: DateLike = None, actor: str = "") -> None:
        """Art. 6.5: approval of the preliminary determination (by the State Council)."""
        self._step("approve", region=None, date=date, actor=actor, data={})

    def announce(self, *, date: DateLike = None, actor: str = "") -> dict[str, Any]:
        """Art. 6.5: the public announcement; grade-D obligations fall due from this date."""
        self._step("announce", region=None, date=date, actor=actor, data={})
        return self.announcement()

    def receive_rectification(
        self, region: str, *, summary: str = "", date: DateLike = None, actor: str = ""
    ) -> None:
        """Art. 7: a grade-D region's written rectification report arrived."""
        self._step(
            "receive_rectification",
            region=region,
            date=date,
            actor=actor,
            data={"summary": summary},
        )

    def interview(
        self,
        region: str,
        *,
        reason: str = "",
        insufficient: bool = False,
        date: DateLike = None,
        actor: str = "",
    ) -> None:
        """Art. 7: an interview (约谈) where the rectification report is overdue, or arrived
        and falls short (``insufficient=True``)."""
        data = {"reason": reason, "insufficient": insufficient}
        self._step("interview", region=region, date=date, actor=actor, data=data)

    def correct(
        self,
        step: str,
        *,
        reason: str,
        actor: str,
        region: str | None = None,
        step_date: DateLike = None,
        targets: Mapping[str, Any] | None = None,
        values: Mapping[str, Any] | None = None,
        incidents: Sequence[Mapping[str, Any]] | None = None,
        evidence: Mapping[str, str] | None = None,
        interview: int | None = None,
        date: DateLike = None,
    ) -> None:
        """Correct a step recorded with a wrong date (``step_date``) or wrong values
        (``targets``, ``values``, ``incidents``, ``evidence``: each replaces what the step
        recorded), saying why and who corrects it. The correction is a step of its own in the
        journal (``date`` is when it is made); the step it corrects stays there as it was.
        Data can be corrected until the assessment; dates of the later steps while they are
        the campaign's latest (docs/campaign.md)."""
        data: dict[str, Any] = {"step": step, "reason": reason}
        if step_date is not None:
            data["date"] = _iso(step_date)
        for key, value in (("targets", targets), ("values", values), ("evidence", evidence)):
            if value is not None:
                data[key] = _object(value)
        if incidents is not None:
            data["incidents"] = _array(incidents)
        if interview is not None:
            data["interview"] = interview
        self._step("correct", region=region, date=date, actor=actor, data=data)

    # ---- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """See steps that other processes have committed since."""
        self._catch_up()

    @property
    def path(self) -> Path:
        return self._path

    @property
    def year(self) -> int:
        return int(self._state.year)

    @property
    def phase(self) -> str:
        """``filing``, ``verification``, ``assessed``, ``approved`` or ``announced``."""
        return str(self._state.phase)

    @property
    def scheme(self) -> Scheme:
        return Scheme(self._state.scheme)

    @property
    def regions(self) -> list[str]:
        return list(self._state.region_codes)

    def results(self) -> Results:
        """Every region's result from what the campaign holds now (provisional before the
        ``assess`` step)."""
        sync_level()
        return Results(Result(r) for r in _core.campaign_results(self._state))

    def submission(self, region: str) -> dict[str, Any]:
        """The submission the campaign holds for ``region`` (targets, self-evaluation,
        verification, incidents, filing dates, evidence)."""
        return dict(_core.campaign_submission(self._state, str(region)))

    def status(self, as_of: DateLike = None) -> list[dict[str, Any]]:
        """Each region's position on ``as_of`` (default today): its stage and grade, when it
        filed its targets and self-evaluation and how many days late (Art. 6.1, 6.2), whether
        it was recorded as not submitting, spot-checked or corrected, and for a grade-D region
        the rectification report's due date, when it arrived, how late, and the interviews
        (Art. 7). One flat dict per region, ready for ``pandas.DataFrame``."""
        return [_flat_region_status(r) for r in self._status(as_of)["regions"]]

    def deadlines(self, as_of: DateLike = None) -> list[dict[str, Any]]:
        """The year's deadlines on ``as_of``: targets (Art. 6.1) and self-evaluations (Art.
        6.2) summed up over the regions; the comprehensive assessment reported to the State
        Council, its approval and the announcement by the end of September (Art. 6.5); the
        grade-D rectification reports (Art. 7) once announced. Each is ``met``, ``late``,
        ``pending`` or ``overdue`` with its days late (the most of any region), and, for the
        per-region ones, how many regions are in each state."""
        return list(self._status(as_of)["deadlines"])

    def _status(self, as_of: DateLike) -> dict[str, Any]:
        return dict(_core.campaign_status(self._state, _iso(as_of)))

    def plan(self) -> dict[str, Any]:
        """The verification plan, once made."""
        plan = _core.campaign_snapshot(self._state)["plan"]
        if plan is None:
            raise InputError("no verification plan yet: the plan_verification step comes first")
        return dict(plan)

    def misreporting(self) -> list[dict[str, Any]]:
        """Art. 9: every overstated point and concealed incident, with its evidence: the list
        for the criticism notice. What counts as misreporting is the core's one decision
        (``is_misreporting``), the same as the announcement's criticism list and the roll-up's."""
        entries = []
        for result in self.results():
            for finding in result.findings:
                if _core.is_misreporting(finding["kind"]):
                    entries.append(
                        {"region": result.region_code, "name": result.region_name, **finding}
                    )
        return entries

    def announcement(self) -> dict[str, Any]:
        """The structured announcement (preliminary until the ``announce`` step)."""
        return dict(_core.campaign_announcement(self._state))

    def notice(self, kind: str = "announcement", lang: str = "zh") -> str:
        """The text of the public ``announcement``, the ``criticism`` notice (Art. 9) or the
        ``cadre`` summary for the cadre management and discipline inspection authorities
        (Art. 8), in Chinese or English."""
        from ._notices import render_notice

        return render_notice(kind, lang, self.announcement(), self._state.year)

    def _journal(self) -> list[tuple[_Entry, Any, tuple[Any, ...]]]:
        """Every journal entry up to the one replayed last, oldest first, checked again from
        the first (digests, order, and each entry's columns against its action): (entry, its
        action, its row)."""
        self._catch_up()  # rows written since are checked before they are shown
        rows = self._db.execute(
            f"SELECT {_ROW_COLUMNS}, digest FROM journal WHERE seq <= ? ORDER BY seq",
            (self._seq,),
        ).fetchall()
        fresh = Campaign.__new__(Campaign)
        fresh._path, fresh._seq, fresh._digest = self._path, 0, _GENESIS
        entries = fresh._check_rows(rows)
        return [(entry, self._action_of(entry), row) for entry, row in zip(entries, rows)]

    def check(self) -> dict[str, Any]:
        """Verify the whole file: every journal entry's digest from the first, each entry's
        columns against its action, the keyed seal when the file has one (a sealed file is
        checked only with its key), and the state opened (read from the file's current rows,
        or replayed) against a replay of the whole journal from the start. Returns what was
        checked; raises CampaignFileError on any difference."""
        journal = self._journal()
        if self._keyed and self._key is None:
            raise CampaignFileError(
                f"{self._path}: sealed with a key: check it with its key (--key-file)"
            )
        replayed = _core.campaign_replay([action for _, action, _ in journal])
        differences = list(_core.campaign_state_diff(replayed, self._state))
        if differences:
            shown = "; ".join(f"{d['op']} {d['path']}" for d in differences[:5])
            raise CampaignFileError(
                f"{self._path}: the state opened differs from a replay of the journal ({shown})"
            )
        return {
            "entries": len(journal),
            "opened_from_current_state": self._opened_from_current,
            "differences": 0,
        }

    @property
    def sealed_with_key(self) -> bool:
        """The file carries a keyed seal (verified when the campaign was opened with its key)."""
        return self._keyed

    def history(self, region: str | None = None) -> list[dict[str, Any]]:
        """The journal, oldest first: every step with who, when, what, and the values before
        and after; only ``region``'s steps (and campaign-wide ones) when given."""
        entries = []
        for entry, action, row in self._journal():
            if region is not None and entry.region not in (None, str(region)):
                continue
            before, after = row[6], row[7]
            entries.append(
                {
                    "seq": entry.seq,
                    "recorded_at": row[1],
                    "actor": entry.actor,
                    "type": entry.type,
                    "region": entry.region,
                    "date": action["date"],
                    "data": action["data"],
                    "before": None if before is None else _parse_row_json(before),
                    "after": None if after is None else _parse_row_json(after),
                }
            )
        return entries

    def export(self) -> dict[str, Any]:
        """The whole campaign as one JSON document: its journal (``Campaign.import_`` replays
        it into a new file)."""
        return {
            "format": EXPORT_FORMAT,
            "journal": [
                {"seq": entry.seq, "recorded_at": row[1], "action": action}
                for entry, action, row in self._journal()
            ],
        }

    def export_json(self, path: PathLike) -> None:
        """The export as a file, written whole or not at all (``-``: standard output)."""
        write_text_atomic(path, json.dumps(self.export(), ensure_ascii=False, indent=1))

    @classmethod
    def import_(
        cls, path: PathLike, document: Mapping[str, Any] | str, *, key: KeyLike = None
    ) -> Campaign:
        """A new campaign file at ``path`` from an exported document; every step is checked
        again as it is replayed. With ``key``, the new file is sealed with it (the way to seal
        the year kept in a keyless file: export it, check the export, import it with a key)."""
        # Parsed strictly (duplicate keys, nesting, sizes: docs/security.md), and its shape
        # checked before anything is read from it.
        parsed: Any = _core.parse_json(document) if isinstance(document, str) else document
        if not isinstance(parsed, Mapping) or parsed.get("format") != EXPORT_FORMAT:
            found = parsed.get("format") if isinstance(parsed, Mapping) else type(parsed).__name__
            raise CampaignFileError(f"not a campaign export (format {found!r})")
        journal = parsed.get("journal")
        if not isinstance(journal, list) or not journal:
            raise CampaignFileError("a campaign export needs a non-empty 'journal' list")
        actions: list[dict[str, Any]] = []
        recorded: list[str] = []
        for index, entry in enumerate(journal):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("action"), Mapping):
                raise CampaignFileError(f"/journal/{index}: needs an 'action' object")
            actions.append(dict(entry["action"]))
            recorded.append(_recorded_at(entry.get("recorded_at"), f"/journal/{index}/recorded_at"))
        _core.campaign_replay(actions)  # refuse a bad journal before creating anything
        create = actions[0]
        data: dict[str, Any] = create["data"]
        campaign = cls.create(
            path,
            Scheme.from_json(data["scheme"]),
            data["year"],
            data["regions"],
            title=data.get("title", ""),
            date=create["date"],
            actor=create.get("actor", ""),
            key=key,
            _recorded_at=recorded[0],
        )
        # When each step was recorded is part of the history: an import keeps it.
        with campaign.transaction():
            for action, recorded_at in zip(actions[1:], recorded[1:]):
                campaign._record(action, recorded_at)
        return campaign

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results())

    def __repr__(self) -> str:
        return (
            f"<Campaign {self._path.name}: {self._state.scheme.id} {self.year}, "
            f"{len(self.regions)} regions, phase {self.phase}, {self._seq} steps>"
        )
