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
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Union

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


class CampaignFileError(InputError):
    """The file is not a campaign this version can read, or it was altered: it is refused
    whole, never half-read."""


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


def _region_list(regions: Iterable[Any]) -> list[dict[str, str]]:
    """Regions as given: dicts with code (and name), (code, name) pairs, or bare codes."""
    out = []
    for index, region in enumerate(regions):
        if isinstance(region, Mapping):
            if region.get("code") in (None, ""):
                raise InputError(f"regions[{index}]: a region needs its 'code'")
            entry = {"code": str(region["code"])}
            name = region.get("name") or region.get("name_zh")
            if name:
                entry["name"] = str(name)
        elif isinstance(region, (tuple, list)):
            if len(region) != 2:
                raise InputError(f"regions[{index}]: give a region as (code, name)")
            entry = {"code": str(region[0]), "name": str(region[1])}
        elif isinstance(region, (str, int)):
            entry = {"code": str(region)}
        else:
            raise InputError(f"regions[{index}]: a region is a code, (code, name) or a dict")
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
) -> None:
    """Keep the file's current state after entry `seq`: one region's row after its own step
    (its record is `region_text`, the journal's `after` column), or every row after a
    campaign-wide step (and when the rows were missing or behind)."""
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
    connection.executemany(
        "INSERT INTO current (key, position, seq, digest, state, seal) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, digest = excluded.digest,"
        " state = excluded.state, seal = excluded.seal",
        [
            (
                key,
                -1 if position is None else position,
                seq,
                digest,
                text,
                _seal(key, seq, digest, text),
            )
            for key, position, text in rows
        ],
    )


class Campaign:
    """One assessment year for one scheme over a set of regions, stored in one SQLite file.

    Each step method records one journal entry and returns what the step produced; a step out
    of order is refused with :class:`qualityassess.InputError` and changes nothing."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self._path = path
        self._db = connection
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
        _recorded_at: str | None = None,
    ) -> Campaign:
        """Start a campaign file at ``path`` (which must not exist yet)."""
        target = Path(path)
        if target.exists():
            raise FileExistsError(f"{target}: a file is there already")
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
        # Built beside the target and renamed into place: a crash never leaves half a campaign.
        staging = target.with_name(f".{target.name}.creating-{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
        connection = _connect(staging)
        try:
            _use_wal(connection)
            connection.executescript(_SCHEMA + _CURRENT_TABLE)
            connection.execute(f"PRAGMA application_id={_APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version={_USER_VERSION}")
            connection.execute("INSERT INTO campaign VALUES ('format', ?)", (FILE_FORMAT,))
            digest = cls._insert(connection, 1, _GENESIS, action, None, None, _recorded_at)
            _write_current(connection, state, None, 1, digest)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to move
        finally:
            connection.close()
        os.replace(staging, target)
        return cls.open(target)

    @classmethod
    def open(cls, path: PathLike) -> Campaign:
        """Open an existing campaign file, replaying its journal."""
        source = Path(path)
        if not source.is_file():
            raise FileNotFoundError(f"{source}: no campaign file there")
        connection = _connect(source)
        try:
            cls._check_format(source, connection)  # before anything could change the file
            try:
                _use_wal(connection)
            except sqlite3.DatabaseError as error:
                raise CampaignFileError(f"{source}: damaged campaign file ({error})") from error
            return cls(source, connection)
        except BaseException:
            connection.close()
            raise

    @staticmethod
    def _check_format(path: Path, connection: sqlite3.Connection) -> None:
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise CampaignFileError(f"{path}: not a campaign file ({error})") from error
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
            raise CampaignFileError(f"{path}: damaged campaign file ({error})") from error
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
        return digest

    def _read_new_rows(self) -> tuple[list[Any], Any, list[Any] | None]:
        """Journal rows after the last one replayed, the head, and (before the first replay)
        the current-state rows, all from one read transaction."""
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
                current = self._read_current() if self._state is None else None
            finally:
                if own_transaction and self._db.in_transaction:
                    self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise CampaignFileError(f"{self._path}: cannot read the journal ({error})") from error
        return rows, head, current

    def _read_current(self) -> list[Any] | None:
        try:
            return self._db.execute(
                "SELECT key, position, seq, digest, state, seal FROM current ORDER BY position"
            ).fetchall()
        except sqlite3.OperationalError:  # a file written before this version: no such table
            return None

    def _check_rows(self, rows: list[Any]) -> list[tuple[int, str, str, str | None]]:
        """Every row's columns, order and digest chained from the last one replayed; returns
        (seq, action text, digest, region) of each."""
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
            checked.append((seq, row[5], digest, row[4]))
            previous_seq, previous_digest = seq, digest
        return checked

    def _read_current_state(
        self, current: list[Any] | None, entries: int
    ) -> concurrent.futures.Future[Any] | None:
        """The state the file's current rows hold, read by the core in a thread of its own (it
        releases the GIL) while the journal's digests are checked here: opening a large
        campaign takes the longer of the two instead of their sum. A row whose seal does not
        fit was altered or damaged, and has the file refused whole like any other part."""
        if not current or entries == 0:
            return None
        for key, _, seq, digest, state, seal in current:
            if not isinstance(state, bytes) or seal != _seal(key, seq, digest, state):
                raise CampaignFileError(
                    f"{self._path}: the current state of {key or 'the campaign'} was altered or "
                    "damaged"
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
        checked: list[tuple[int, str, str, str | None]],
        current: list[Any] | None,
        state: concurrent.futures.Future[Any] | None,
    ) -> list[tuple[int, str, str, str | None]]:
        """The state of the current rows when each was written with or after the last journal
        entry that changed it (its region's last step, or the last campaign-wide step): then
        nothing is left to replay. Otherwise the journal is replayed from the start (it is the
        truth) and the rows are rewritten with the next step."""
        problem = "there is none" if current is None else None
        if state is not None:
            last_wide, last_step = 0, {}
            for seq, _, _, region in checked:
                if region is None:
                    last_wide = seq
                else:
                    last_step[region] = seq
            for key, _, seq, digest, _, _ in current or []:
                # Written with entry `seq`, no earlier than the last entry that changed it.
                changed = last_wide if key == "" else max(last_step.get(key, 0), last_wide)
                if not changed <= seq <= len(checked) or checked[seq - 1][2] != digest:
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
        self._seq, self._digest = checked[-1][0], checked[-1][2]
        self._opened_from_current = True
        return []

    def _catch_up(self) -> None:
        """Replay journal entries written since we last looked (by us or another process),
        checking every row's digest and, at the end, the file's head. On opening, the state is
        read from the file's current rows when they check out, so nothing is replayed; every
        row's digest is checked all the same."""
        rows, head, current = self._read_new_rows()
        state = self._read_current_state(current, len(rows)) if self._state is None else None
        checked = self._check_rows(rows)
        last_seq, last_digest = (
            (checked[-1][0], checked[-1][2]) if checked else (self._seq, self._digest)
        )
        self._check_head(head, last_seq, last_digest)
        if self._state is None:
            checked = self._start_from_current(checked, current, state)
        for seq, action_text, digest, _ in checked:
            where = f"{self._path}: journal entry {seq}"
            try:
                action = _parse_row_json(action_text)
                if self._state is None:
                    self._state = _core.campaign_start(action)
                else:
                    _core.campaign_apply(self._state, action)
            except (ValueError, KeyError) as error:
                raise CampaignFileError(f"{where}: refused on replay: {error}") from error
            self._seq, self._digest = seq, digest
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

    def _record(self, action: dict[str, Any], recorded_at: str | None = None) -> list[str]:
        """Apply one step and journal it: in a transaction of its own, or as part of the one
        :meth:`transaction` holds open. Returns the step's warnings (a deadline missed)."""
        if self._in_transaction:
            return self._apply_and_insert(action, recorded_at)
        with self.transaction():
            return self._apply_and_insert(action, recorded_at)

    def _apply_and_insert(self, action: dict[str, Any], recorded_at: str | None) -> list[str]:
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
            self._db, self._seq, self._digest, action, before, after, recorded_at
        )
        if self._current_stale or not region:
            _write_current(self._db, state, None, self._seq, self._digest)
            self._current_stale = False
        else:
            _write_current(
                self._db, state, region, self._seq, self._digest, _dumps(after).encode("utf-8")
            )
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
        self._db.execute("BEGIN IMMEDIATE")
        seq_before = self._seq
        try:
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
            action["region"] = str(region)
        return self._record(action)

    # ---- the steps (Art. 6) ---------------------------------------------------------------

    def file_targets(
        self, region: str, targets: Mapping[str, Any], *, date: DateLike = None, actor: str = ""
    ) -> None:
        """Art. 6.1: the region's targets for the year, due 30 June of the year; filing later
        is accepted and recorded as a late filing."""
        self._step(
            "file_targets", region=region, date=date, actor=actor, data={"targets": dict(targets)}
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
        data = {"values": dict(values), "incidents": [dict(i) for i in incidents]}
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
            data["regions"] = [str(r) for r in regions]
        if previous_totals is not None:
            data["previous_totals"] = dict(previous_totals)
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
        data = {"reason": reason, "points": [str(p) for p in points]}
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
            "values": dict(values),
            "evidence": dict(evidence or {}),
            "incidents": [dict(i) for i in incidents],
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
                data[key] = dict(value)
        if incidents is not None:
            data["incidents"] = [dict(i) for i in incidents]
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
        for the criticism notice."""
        entries = []
        for result in self.results():
            for finding in result.findings:
                if finding["kind"] in ("overstated", "concealed"):
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

    def check(self) -> dict[str, Any]:
        """Verify the whole file: every journal entry's digest from the first, and the state
        opened (read from the file's current rows, or replayed) against a replay of the whole
        journal from the start. Returns what was checked; raises CampaignFileError on any
        difference."""
        self._catch_up()
        rows = self._db.execute(
            f"SELECT {_ROW_COLUMNS}, digest FROM journal WHERE seq <= ? ORDER BY seq",
            (self._seq,),
        ).fetchall()
        fresh = Campaign.__new__(Campaign)
        fresh._path, fresh._seq, fresh._digest = self._path, 0, _GENESIS
        checked = fresh._check_rows(rows)
        replayed = _core.campaign_replay([_parse_row_json(entry[1]) for entry in checked])
        differences = list(_core.campaign_state_diff(replayed, self._state))
        if differences:
            shown = "; ".join(f"{d['op']} {d['path']}" for d in differences[:5])
            raise CampaignFileError(
                f"{self._path}: the state opened differs from a replay of the journal ({shown})"
            )
        return {
            "entries": len(checked),
            "opened_from_current_state": self._opened_from_current,
            "differences": 0,
        }

    def history(self, region: str | None = None) -> list[dict[str, Any]]:
        """The journal, oldest first: every step with who, when, what, and the values before
        and after; only ``region``'s steps (and campaign-wide ones) when given."""
        self._catch_up()  # rows written since are checked before they are shown
        query = f"SELECT {_ROW_COLUMNS} FROM journal WHERE seq <= ?"
        params: tuple[Any, ...] = (self._seq,)
        if region is not None:
            query += " AND (region = ? OR region IS NULL)"
            params = (self._seq, str(region))
        rows = self._db.execute(query + " ORDER BY seq", params).fetchall()
        entries = []
        for seq, recorded_at, actor, type_, row_region, action_text, before, after in rows:
            action = _parse_row_json(action_text)
            entries.append(
                {
                    "seq": seq,
                    "recorded_at": recorded_at,
                    "actor": actor,
                    "type": type_,
                    "region": row_region,
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
        self._catch_up()
        rows = self._db.execute(
            "SELECT seq, recorded_at, action FROM journal WHERE seq <= ? ORDER BY seq",
            (self._seq,),
        ).fetchall()
        return {
            "format": EXPORT_FORMAT,
            "journal": [
                {"seq": seq, "recorded_at": recorded_at, "action": _parse_row_json(action)}
                for seq, recorded_at, action in rows
            ],
        }

    def export_json(self, path: PathLike) -> None:
        """The export as a file, written whole or not at all (``-``: standard output)."""
        write_text_atomic(path, json.dumps(self.export(), ensure_ascii=False, indent=1))

    @classmethod
    def import_(cls, path: PathLike, document: Mapping[str, Any] | str) -> Campaign:
        """A new campaign file at ``path`` from an exported document; every step is checked
        again as it is replayed."""
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
