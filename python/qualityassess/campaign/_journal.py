"""The journal under a :class:`~qualityassess.campaign.Campaign`: writing a row, reading the
rows new since the last read, checking their chain, the head and the key's seal, and catching up
the state from the current rows or by replay. The step API (``campaign/__init__.py``) records
each step through it. (About 420 lines: each way a file can be damaged or altered is told where it
is found, in English and in Chinese.)"""

from __future__ import annotations

import concurrent.futures
import datetime as _dt
import hmac
import sqlite3
from pathlib import Path
from typing import Any

from .. import _core
from .._errors import message_of
from .._logging import logger
from ._store import (
    _APPLICATION_ID,
    _GENESIS,
    _ROW_COLUMNS,
    _ROW_TYPES,
    _USER_VERSION,
    CampaignFileError,
    _damaged,
    _damaged_file,
    _digest,
    _dumps,
    _Entry,
    _key_id,
    _mac,
    _parse_row_json,
    _Read,
    _seal,
    _storage_error,
    file_error,
)


def _refused_on_replay(where: str, error: Exception) -> CampaignFileError:
    """A journal entry the core refuses as it replays it: its own words in each language."""
    return file_error(
        where,
        f"refused on replay: {message_of(error)}",
        f"重放时被拒绝：{message_of(error, 'zh')}",
    )


class _Journal:
    """The storage half of a campaign (the attributes are set by ``Campaign.__init__``)."""

    _path: Path
    _db: sqlite3.Connection
    _key: bytes | None
    _keyed: bool
    _seq: int
    _digest: str
    _state: Any
    _region_codes: frozenset[str]
    _opened_from_current: bool
    _current_stale: bool
    _in_transaction: bool
    last_warnings: list[str]
    last_warnings_zh: list[str]

    @staticmethod
    def _check_format(path: Path, connection: sqlite3.Connection) -> None:
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            storage = _storage_error(path, error)
            raise storage or file_error(
                path, f"not a campaign file ({error})", f"不是考核文件（{error}）"
            ) from error
        if application_id != _APPLICATION_ID:
            raise file_error(
                path, "not a qualityassess campaign file", "不是 qualityassess 考核文件"
            )
        if version != _USER_VERSION:
            raise file_error(
                path,
                f"campaign file format {version}; this version reads format {_USER_VERSION}"
                " (export it with the version that wrote it, then import the export)",
                f"考核文件格式为 {version}；此版本读取格式 {_USER_VERSION}"
                "（请用写入它的版本导出，再导入导出的文件）",
            )
        try:
            # A damaged or truncated SQLite file: refused whole before anything is read.
            check = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as error:
            raise _damaged(path, error) from error
        if check != [("ok",)]:
            raise _damaged_file(path, check[0][0])

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
            raise storage or file_error(
                self._path,
                f"cannot read the journal ({error})",
                f"无法读取考核日志（{error}）",
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
            if not all(
                isinstance(value, types) for value, types in zip(row, _ROW_TYPES, strict=True)
            ):
                raise file_error(
                    where, "a column holds a value of the wrong type", "某一列的值类型有误"
                )
            if seq != previous_seq + 1:
                raise file_error(where, "entries are missing before it", "它之前缺少日志记录")
            if _digest(previous_digest, row) != digest:
                raise file_error(
                    where,
                    "altered after it was written (digest mismatch)",
                    "写入后被改动（摘要不符）",
                )
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
            raise _refused_on_replay(where, error) from error
        if not isinstance(action, dict):
            raise file_error(where, "the action is not an object", "其步骤不是对象")
        for column, value, said in (
            ("type", entry.type, action.get("type")),
            ("actor", entry.actor, action.get("actor", "")),
            ("region", entry.region, action.get("region")),
        ):
            if value != said:
                raise file_error(
                    where,
                    f"its {column} column ({value!r}) is not its action's ({said!r}): "
                    "the journal was rewritten",
                    f"其 {column} 列（{value!r}）与其步骤所记（{said!r}）不符：日志被改写过",
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
                raise file_error(
                    self._path,
                    f"the current state of {key or 'the campaign'} was altered or damaged"
                    + ("" if keyed else " (its keyed seal does not verify)"),
                    f"{f'{key} 的' if key else '考核的'}当前状态被改动或已损坏"
                    + ("" if keyed else "（其密钥印鉴未通过验证）"),
                )
        if current[0][0] != "":
            return None  # no campaign row: incomplete, the journal is replayed
        texts = [row[4].decode("utf-8", "replace") for row in current]
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        future = pool.submit(_core.campaign.state_from_parts, texts[0], texts[1:], entries)
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
                    self._state = _core.campaign.start(action)
                else:
                    _core.campaign.apply(self._state, action)
            except (ValueError, KeyError) as error:
                raise _refused_on_replay(
                    f"{self._path}: journal entry {entry.seq}", error
                ) from error
            self._seq, self._digest = entry.seq, entry.digest
        if self._state is None:
            raise file_error(self._path, "the journal is empty", "考核日志为空")
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
            raise file_error(
                self._path,
                "the journal's head is missing or damaged (altered or truncated file)",
                "日志头缺失或已损坏（文件被改动或截断）",
            )
        seq, digest = int(parts[0]), parts[1]
        if seq > last_seq:
            raise file_error(
                self._path,
                f"the journal ends at entry {last_seq}, but {seq} were written: "
                "entries were removed (truncated file)",
                f"日志止于第 {last_seq} 条记录，但已写入 {seq} 条：有记录被删除（文件被截断）",
            )
        if seq != last_seq or digest != last_digest:
            raise file_error(
                self._path,
                f"the journal does not end where its head says (entry {seq}): "
                "altered after it was written",
                f"日志的结尾与日志头所记（第 {seq} 条）不符：写入后被改动",
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
            raise file_error(
                self._path,
                "not sealed with a key (or its seal was removed); a key was given",
                "没有密钥印鉴（或印鉴已被移除），但给出了密钥",
            )
        key_id, mac = head_mac
        if not isinstance(key_id, str) or not isinstance(mac, str):
            raise file_error(self._path, "the keyed seal is damaged", "密钥印鉴已损坏")
        if key_id != _key_id(self._key):
            given = _key_id(self._key)
            raise file_error(
                self._path,
                f"sealed with another key (key id {key_id}, the key given has {given})",
                f"由另一把密钥加盖印鉴（密钥标识 {key_id}，所给密钥的标识为 {given}）",
            )

    def _check_head_mac(self, head_mac: Any, seq: int, digest: str) -> None:
        """With a key, the head's keyed seal must verify: the head alone can be made to fit a
        journal cut short or rewritten, its HMAC cannot without the key."""
        if self._key is None:
            return
        if not hmac.compare_digest(head_mac[1], _mac(self._key, "head", f"{seq} {digest}")):
            raise file_error(
                self._path,
                f"the journal's keyed seal does not verify at entry {seq}: entries were removed "
                "or rewritten, or written without the key",
                f"日志的密钥印鉴在第 {seq} 条记录处未通过验证：有记录被删除或改写，"
                "或写入时未用该密钥",
            )
