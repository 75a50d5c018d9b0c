"""`one_ahead`: every item in order, read one ahead and never more, errors after the items
before them, and the read ahead stopped when the consumer stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from exactbridge.sync._ahead import one_ahead


class Source:
    """Yields 0..n-1 and records how far it was read and whether it was closed."""

    def __init__(self, n: int, *, fail_at: int | None = None) -> None:
        self.n, self.fail_at = n, fail_at
        self.started = 0
        self.finished = False

    async def items(self) -> AsyncIterator[int]:
        try:
            for i in range(self.n):
                if i == self.fail_at:
                    raise LookupError(f"item {i}")
                self.started = i + 1
                yield i
                await asyncio.sleep(0)
        finally:
            self.finished = True


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_every_item_comes_in_order() -> None:
    source = Source(50)
    assert [item async for item in one_ahead(source.items())] == list(range(50))
    assert source.finished


async def test_the_next_item_is_read_while_the_caller_holds_this_one_and_no_further() -> None:
    source = Source(10)
    async with contextlib.aclosing(one_ahead(source.items())) as ahead:
        assert await anext(ahead) == 0
        await _settle()  # the caller is busy with item 0: item 1 is read meanwhile
        assert source.started == 2
        await _settle()
        assert source.started == 2  # not item 2: one ahead, never more
        assert await anext(ahead) == 1
        await _settle()
        assert source.started == 3


async def test_an_error_comes_after_the_items_before_it() -> None:
    source = Source(10, fail_at=3)
    async with contextlib.aclosing(one_ahead(source.items())) as ahead:
        assert [await anext(ahead) for _ in range(3)] == [0, 1, 2]
        with pytest.raises(LookupError, match="item 3"):
            await anext(ahead)


async def test_stopping_early_stops_the_read_ahead() -> None:
    source = Source(1000)
    async with contextlib.aclosing(one_ahead(source.items())) as ahead:
        async for item in ahead:
            if item == 4:
                break
    await _settle()
    assert source.finished
    assert source.started <= 6
