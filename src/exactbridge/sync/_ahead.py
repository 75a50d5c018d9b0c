"""`one_ahead`: read an async iterator one item ahead of its consumer.

A stream's pages come from a chain of requests, each waiting for the last (`__next`), so
the next page is asked for while the engine maps and writes this one. One page ahead,
never more: the next item is asked for only once the consumer took the last one (a parsed
page of 1,000 rows is tens of megabytes).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import TypeVar

__all__ = ["one_ahead"]

T = TypeVar("T")


async def one_ahead(items: AsyncIterator[T]) -> AsyncGenerator[T, None]:
    """Every item of `items`, in order, the next one read while the caller has this one.

    An error of `items` is raised here, after the items read before it. Closing this
    iterator early (or cancelling its reader) stops the read ahead.
    """
    queue: asyncio.Queue[tuple[T] | BaseException | None] = asyncio.Queue(maxsize=1)

    async def produce() -> None:
        try:
            async for item in items:
                await queue.put((item,))
                await queue.join()  # until the caller took it
            await queue.put(None)
        except Exception as exc:  # noqa: BLE001 - handed to the consumer, raised there
            await queue.put(exc)

    async def take() -> tuple[T] | BaseException | None:
        got = await queue.get()
        queue.task_done()
        return got

    task = asyncio.create_task(produce())
    try:
        while (got := await take()) is not None:
            if isinstance(got, BaseException):
                raise got
            yield got[0]
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
