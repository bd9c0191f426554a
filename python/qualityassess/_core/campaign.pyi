"""
The assessment year's state machine (Art. 3, 6, 7, 9); qualityassess.campaign keeps its journal.
"""
from __future__ import annotations
import collections.abc
import qualityassess._core
import typing
__all__: list[str] = ['State', 'announcement', 'apply', 'has_region', 'normalize_action', 'part_text', 'region_snapshot', 'region_texts', 'replay', 'results', 'snapshot', 'start', 'state_diff', 'state_from_parts', 'state_from_text', 'state_text', 'status', 'submission']
class State:
    """
    A campaign's state, derived from its journal.
    """
    @property
    def actions(self) -> int:
        ...
    @property
    def phase(self) -> str:
        ...
    @property
    def region_codes(self) -> list[str]:
        ...
    @property
    def scheme(self) -> qualityassess._core.Scheme:
        ...
    @property
    def year(self) -> int:
        ...
def announcement(state: State) -> typing.Any:
    ...
def apply(state: State, action: typing.Any) -> list[tuple[str, str]]:
    """
    Apply `action` to `state` in place and return its warnings (a deadline missed) as (English, Chinese) lines, or raise InputError saying why it is refused, leaving `state` as it was.
    """
def has_region(state: State, region: str) -> bool:
    ...
def normalize_action(action: typing.Any) -> typing.Any:
    """
    Check an action's shape; returns it in canonical form.
    """
def part_text(state: State) -> bytes:
    """
    The campaign's own part (all but the regions) as compact JSON, kept current in the file.
    """
def region_snapshot(state: State, region: str) -> typing.Any:
    ...
def region_texts(state: State) -> list[tuple[str, bytes]]:
    """
    Every region's record as compact JSON, in the campaign's order.
    """
def replay(journal: collections.abc.Sequence[typing.Any]) -> State:
    ...
def results(state: State) -> list[qualityassess._core.Result]:
    ...
def snapshot(state: State) -> typing.Any:
    ...
def start(create: typing.Any) -> State:
    ...
def state_diff(a: State, b: State) -> typing.Any:
    """
    Where two states differ, as a JSON Patch from a to b (empty when equal).
    """
def state_from_parts(campaign: str, regions: collections.abc.Sequence[str], actions: typing.SupportsInt | typing.SupportsIndex) -> State:
    """
    The state the file's current parts hold; InputError when they do not read back.
    """
def state_from_text(text: str) -> State:
    """
    The state a whole-state document holds; InputError when it does not read back.
    """
def state_text(state: State) -> bytes:
    """
    The whole state as one compact JSON document (UTF-8 bytes).
    """
def status(state: State, as_of: str) -> typing.Any:
    """
    The campaign's deadlines and each region's position on `as_of` (Art. 6, 7).
    """
def submission(state: State, region: str) -> typing.Any:
    ...
