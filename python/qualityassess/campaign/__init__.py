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

The step API lives here: opening and creating a file, one method per step and the queries;
the journal under it is ``_journal`` (writing, reading and checking rows) and the file's format,
digests and seals are ``_store``. (About 700 lines: one method per step of Art. 3 to 9 and per
query, each a few lines over the journal.)"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .. import _core
from .._files import write_text_atomic
from .._logging import logger, sync_level
from ..assessment import Result, Results
from ..io.regions import Regions
from ..scheme import Scheme
from ._journal import _Journal
from ._store import (
    _APPLICATION_ID,
    _CURRENT_TABLE,
    _GENESIS,
    _KEY_TABLES,
    _ROW_COLUMNS,
    _SCHEMA,
    _USER_VERSION,
    EXPORT_FORMAT,
    FILE_FORMAT,
    CampaignFileError,
    DateLike,
    KeyLike,
    PathLike,
    _array,
    _connect,
    _damaged,
    _dumps,
    _Entry,
    _exists,
    _flat_region_status,
    _iso,
    _key_bytes,
    _object,
    _parse_row_json,
    _place_exclusively,
    _recorded_at,
    _region_list,
    _storage,
    _text,
    _use_wal,
    _write_current,
    file_error,
    refusal,
)
from ._store import _digest as _digest  # the tests forge rows with these
from ._store import _seal as _seal

if TYPE_CHECKING:
    from .._i18n import Lang
    from .._notices import NoticeKind

__all__ = ["Campaign", "CampaignFileError"]


class Campaign(_Journal):
    """One assessment year for one scheme over a set of regions, stored in one SQLite file.

    Start one with :meth:`create`, come back to it with :meth:`open`. Each step method
    (``file_targets``, ``self_evaluate``, ``plan_verification``, ``verify``, ``assess``,
    ``approve``, ``announce``...) records one journal entry and returns what the step produced;
    a step out of order is refused with :class:`qualityassess.InputError` and changes nothing.
    A campaign is a context manager that closes the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import qualityassess as qa
    >>> from qualityassess.sample import load_sample
    >>> hubei = next(s for s in load_sample()["submissions"] if s["region"]["code"] == "420000")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "2019.qa"
    >>> with qa.Campaign.create(path, "cn-2013", 2019, [hubei["region"]], date="2019-06-01") as c:
    ...     c.file_targets("420000", hubei["targets"], date="2019-06-28")
    ...     c.self_evaluate("420000", hubei["self_evaluation"], hubei["incidents"],
    ...                     date="2020-07-14")
    ...     _ = c.plan_verification(rule="all", date="2020-07-20")
    ...     c.verify("420000", hubei["verification"], date="2020-08-05")
    ...     print(c.assess(date="2020-08-25")[0].grade, c.phase)
    B assessed
    """

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
        self.last_warnings_zh: list[str] = []  # the same warnings in Chinese
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
        """Start a campaign file: its first journal entry records the scheme, the year and the
        regions.

        Parameters
        ----------
        path : str or os.PathLike
            The file to create, which must not exist yet (of two processes creating the same
            file at once, one succeeds and the other gets ``FileExistsError``).
        scheme : Scheme or str
            A :class:`Scheme`, a built-in id or a scheme file's path; the file keeps the
            whole scheme document.
        year : int
            The assessment year.
        regions : iterable of str, tuple or dict
            The regions assessed: codes, ``(code, name)`` pairs or ``{"code", "name"}`` dicts.
        title : str, optional
            A title for the campaign.
        date, actor : optional
            The step's date (a :class:`datetime.date` or ``"YYYY-MM-DD"``; default today) and
            who took it, as for every step.
        key : bytes or str, optional
            At least 16 bytes, kept outside the file: the file is sealed with it, then opens
            only with the same key, and every step needs it (docs/security.md).

        Returns
        -------
        Campaign
            The campaign, open, in its ``filing`` phase.

        Raises
        ------
        FileExistsError
            ``path`` exists.
        InputError
            A bad year, region list or key.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import qualityassess as qa
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "2019.qa"
        >>> regions = [("420000", "湖北省"), ("440000", "广东省")]
        >>> with qa.Campaign.create(path, "cn-2013", 2019, regions, date="2019-06-01") as campaign:
        ...     print(campaign.phase, campaign.year, campaign.regions)
        filing 2019 ['420000', '440000']
        """
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
        state = _core.campaign.start(action)  # refuses a bad year or region list before disk
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
        """Open an existing campaign file, its journal checked from the first entry.

        Parameters
        ----------
        path : str or os.PathLike
            The campaign file.
        key : bytes or str, optional
            The key the file was sealed with: the seal must then verify (a journal cut short
            or rewritten by someone without the key is refused). A sealed file opened without
            its key is read with a warning, and no step can be recorded in it
            (docs/security.md).

        Returns
        -------
        Campaign

        Raises
        ------
        FileNotFoundError
            No file at ``path``.
        CampaignFileError
            The file is not a campaign this version reads, or it was altered or damaged.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import qualityassess as qa
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "2019.qa"
        >>> qa.Campaign.create(path, "cn-2013", 2019, ["420000"], date="2019-06-01").close()
        >>> with qa.Campaign.open(path) as campaign:
        ...     print(campaign.scheme.id, campaign.phase, len(campaign.history()))
        cn-2013 filing 1
        """
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

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Campaign:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            raise file_error(
                self._path,
                "sealed with a key: give the key to record a step (--key-file)",
                "已加盖密钥印鉴：记录步骤须给出密钥（--key-file）",
            )
        sync_level()
        action = _core.campaign.normalize_action(action)
        region = action.get("region")
        state = self._state
        known = region in self._region_codes

        def snapshot() -> Any:
            if not region:
                return _core.campaign.snapshot(state)
            return _core.campaign.region_snapshot(state, region) if known else None

        before = snapshot()
        # Applied in place; a refusal raises InputError and leaves the state as it was.
        lines = list(_core.campaign.apply(state, action))
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
        warnings = [en for en, _ in lines]
        self.last_warnings = warnings
        self.last_warnings_zh = [zh for _, zh in lines]
        for en, zh in lines:
            # Marked, so that a caller printing last_warnings itself can hold these back.
            extra = {"campaign_warning": en, "campaign_warning_zh": zh}
            logger.warning("%s: %s", self._path.name, en, extra=extra)
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
        step: Literal["targets", "self_evaluation"] = "self_evaluation",
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
        rule: Literal["all", "share", "risk", "manual"] = "risk",
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
        return Results(Result(r) for r in _core.campaign.results(self._state))

    def submission(self, region: str) -> dict[str, Any]:
        """The submission the campaign holds for ``region`` (targets, self-evaluation,
        verification, incidents, filing dates, evidence)."""
        return dict(_core.campaign.submission(self._state, str(region)))

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
        return dict(_core.campaign.status(self._state, _iso(as_of)))

    def plan(self) -> dict[str, Any]:
        """The verification plan, once made."""
        plan = _core.campaign.snapshot(self._state)["plan"]
        if plan is None:
            raise refusal(
                "no verification plan yet: the plan_verification step comes first",
                "尚无核查计划：应先进行 plan_verification 步骤",
            )
        return dict(plan)

    def misreporting(self) -> list[dict[str, Any]]:
        """Art. 9: every overstated point and concealed incident, with its evidence: the list
        for the criticism notice. What counts as misreporting is the core's one decision
        (``is_misreporting``), the same as the announcement's criticism list and the roll-up's."""
        entries = []
        for result in self.results():
            for finding in result.findings:
                if _core.is_misreporting(finding.kind):
                    entries.append(
                        {
                            "region": result.region_code,
                            "name": result.region_name,
                            **finding.to_dict(),
                        }
                    )
        return entries

    def announcement(self) -> dict[str, Any]:
        """The structured announcement (preliminary until the ``announce`` step)."""
        return dict(_core.campaign.announcement(self._state))

    def notice(self, kind: NoticeKind = "announcement", lang: Lang = "zh") -> str:
        """The text of the public ``announcement``, the ``criticism`` notice (Art. 9) or the
        ``cadre`` summary for the cadre management and discipline inspection authorities
        (Art. 8), in Chinese or English."""
        from .._notices import render_notice

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
        return [
            (entry, self._action_of(entry), row) for entry, row in zip(entries, rows, strict=True)
        ]

    def check(self) -> dict[str, Any]:
        """Verify the whole file: every journal entry's digest from the first, each entry's
        columns against its action, the keyed seal when the file has one (a sealed file is
        checked only with its key), and the state opened (read from the file's current rows,
        or replayed) against a replay of the whole journal from the start. Returns what was
        checked; raises CampaignFileError on any difference."""
        journal = self._journal()
        if self._keyed and self._key is None:
            raise file_error(
                self._path,
                "sealed with a key: check it with its key (--key-file)",
                "已加盖密钥印鉴：请用其密钥核对（--key-file）",
            )
        replayed = _core.campaign.replay([action for _, action, _ in journal])
        differences = list(_core.campaign.state_diff(replayed, self._state))
        if differences:
            shown = "; ".join(f"{d['op']} {d['path']}" for d in differences[:5])
            raise file_error(
                self._path,
                f"the state opened differs from a replay of the journal ({shown})",
                f"打开时得到的状态与重放日志的结果不同（{shown}）",
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
            raise file_error(
                "",
                f"not a campaign export (format {found!r})",
                f"不是考核导出文件（格式为 {found!r}）",
            )
        journal = parsed.get("journal")
        if not isinstance(journal, list) or not journal:
            raise file_error(
                "",
                "a campaign export needs a non-empty 'journal' list",
                "考核导出文件需要非空的 'journal' 列表",
            )
        actions: list[dict[str, Any]] = []
        recorded: list[str] = []
        for index, entry in enumerate(journal):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("action"), Mapping):
                raise file_error(
                    f"/journal/{index}", "needs an 'action' object", "需要 'action' 对象"
                )
            actions.append(dict(entry["action"]))
            recorded.append(_recorded_at(entry.get("recorded_at"), f"/journal/{index}/recorded_at"))
        _core.campaign.replay(actions)  # refuse a bad journal before creating anything
        create = actions[0]
        data: dict[str, Any] = create["data"]
        campaign = cls.create(
            path,
            Scheme.from_dict(data["scheme"]),  # an object: the replay checked it
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
            for action, recorded_at in zip(actions[1:], recorded[1:], strict=True):
                campaign._record(action, recorded_at)
        return campaign

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results())

    def __repr__(self) -> str:
        return (
            f"<Campaign {self._path.name}: {self._state.scheme.id} {self.year}, "
            f"{len(self.regions)} regions, phase {self.phase}, {self._seq} steps>"
        )
