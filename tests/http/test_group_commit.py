"""gateway.http.GroupCommit: what goes out alone, what goes together, and who gets which answer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from gateway.errors import InvalidParameter, StoreUnreachable
from gateway.http import GroupCommit


class Platform:
    """A write endpoint that holds the first request until released, so others queue behind it."""

    def __init__(self, bad: frozenset[str] = frozenset(), down: bool = False) -> None:
        self.sent: list[list[tuple[str, int]]] = []
        self.release = asyncio.Event()
        self.bad, self.down = bad, down

    async def one(self, key: str, value: int) -> None:
        await self.many([(key, value)])

    async def many(self, changes: list[tuple[str, int]]) -> None:
        self.sent.append(changes)
        await self.release.wait()
        if self.down:
            raise StoreUnreachable("platform down")
        refused = [key for key, _ in changes if key in self.bad]
        if refused:
            raise InvalidParameter(f"unknown id {refused[0]}", field="id")


def queue(platform: Platform, max_batch: int = 100) -> GroupCommit[str, int]:
    return GroupCommit(platform.one, platform.many, max_batch=max_batch)


async def _until(condition: Callable[[], bool], deadline: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while not condition():
        assert loop.time() < end, "condition not reached before the deadline"
        await asyncio.sleep(0)


async def test_a_lone_change_goes_at_once_and_later_ones_go_together() -> None:
    platform = Platform()
    commits = queue(platform)
    first = asyncio.create_task(commits.submit("1", 5))
    await _until(lambda: len(platform.sent) == 1)
    later = [asyncio.create_task(commits.submit(str(i), i)) for i in range(2, 6)]
    later.append(asyncio.create_task(commits.submit("2", 99)))  # the last value for a key wins
    await asyncio.sleep(0)
    platform.release.set()
    await asyncio.gather(first, *later)
    assert platform.sent == [[("1", 5)], [("2", 99), ("3", 3), ("4", 4), ("5", 5)]]
    assert commits.requests == 2


async def test_a_bulk_refused_for_one_bad_key_is_replayed_one_by_one() -> None:
    platform = Platform(bad=frozenset({"3"}))
    commits = queue(platform)
    first = asyncio.create_task(commits.submit("1", 1))
    await _until(lambda: len(platform.sent) == 1)
    others = {key: asyncio.create_task(commits.submit(key, 7)) for key in ("2", "3", "4")}
    await asyncio.sleep(0)
    platform.release.set()
    await first
    await others["2"]
    await others["4"]
    with pytest.raises(InvalidParameter, match="unknown id 3"):
        await others["3"]
    assert platform.sent[1:] == [[("2", 7), ("3", 7), ("4", 7)], [("2", 7)], [("3", 7)], [("4", 7)]]


async def test_any_other_failure_is_every_callers_answer_and_chunks_respect_max_batch() -> None:
    platform = Platform(down=True)
    commits = queue(platform, max_batch=2)
    first = asyncio.create_task(commits.submit("1", 1))
    await _until(lambda: len(platform.sent) == 1)
    others = [asyncio.create_task(commits.submit(str(i), i)) for i in range(2, 7)]
    await asyncio.sleep(0)
    platform.release.set()
    results = await asyncio.gather(first, *others, return_exceptions=True)
    assert all(isinstance(result, StoreUnreachable) for result in results)
    assert [len(batch) for batch in platform.sent] == [1, 2, 2, 1]


async def test_a_cancelled_drain_leaves_no_caller_waiting() -> None:
    platform = Platform()
    commits = queue(platform)
    first = asyncio.create_task(commits.submit("1", 1))
    await _until(lambda: len(platform.sent) == 1)
    queued = asyncio.create_task(commits.submit("2", 2))
    await asyncio.sleep(0)
    assert commits._task is not None
    commits._task.cancel()
    for caller in (first, queued):
        with pytest.raises(asyncio.CancelledError):
            await caller
    assert platform.sent == [[("1", 1)]]
