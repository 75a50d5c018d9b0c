"""`bulk_collection`: the collector's young generation paced for a sync, then restored."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from exactbridge.sync._collector import YOUNG, bulk_collection


@pytest.fixture(autouse=True)
def thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_a_sync_collects_the_young_generation_less_often_then_restores() -> None:
    with bulk_collection():
        assert gc.get_threshold() == (YOUNG, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_overlapping_syncs_restore_when_the_last_one_ends() -> None:
    first, second = bulk_collection(), bulk_collection()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold() == (YOUNG, 10, 10)  # the second still runs
    second.__exit__(None, None, None)
    assert gc.get_threshold() == (700, 10, 10)


def test_restored_also_when_the_sync_fails() -> None:
    with pytest.raises(RuntimeError), bulk_collection():
        raise RuntimeError("Exact failed")
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("own", [(50_000, 10, 10), (0, 10, 10)], ids=["higher", "disabled"])
def test_a_process_with_its_own_pace_keeps_it(own: tuple[int, int, int]) -> None:
    gc.set_threshold(*own)
    with bulk_collection():
        assert gc.get_threshold() == own
    assert gc.get_threshold() == own
