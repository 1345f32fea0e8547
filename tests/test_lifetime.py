"""The garbage-collector policy of tracing: paused in the parent, frozen across forks, on in
workers; every context restores what it found."""

from __future__ import annotations

import gc
import multiprocessing as mp

import pytest

from newstrace.lifetime import collector_paused, forking, worker_start


@pytest.fixture(autouse=True)
def _restore_collector() -> object:
    enabled = gc.isenabled()
    yield None
    gc.unfreeze()
    gc.enable() if enabled else gc.disable()


def test_collector_paused_restores_the_state_it_found() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it off and leaves it off
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_collector_paused_restores_on_error() -> None:
    gc.enable()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_forking_freezes_and_thaws() -> None:
    held = [[k] for k in range(1000)]  # tracked objects that exist before the fork
    with forking():
        assert gc.get_freeze_count() >= len(held)
    assert gc.get_freeze_count() == 0


def _worker_state(_: int) -> tuple[bool, int]:
    return gc.isenabled(), gc.get_freeze_count()


def test_forked_workers_collect_and_leave_the_inherited_heap_frozen() -> None:
    held = [[k] for k in range(1000)]
    with collector_paused(), forking(), mp.get_context("fork").Pool(1, worker_start) as pool:
        enabled, frozen = pool.apply(_worker_state, (0,))
    assert enabled  # the worker runs its collector although the parent paused its own
    assert frozen >= len(held)  # what it inherited is not walked by its collections
    assert gc.get_freeze_count() == 0
