"""How newstrace's processes start pool workers and live with many objects."""

from __future__ import annotations

import contextlib
import gc
import signal
from collections.abc import Iterator


def worker_start() -> None:
    """Initializer of every pool worker.

    Ctrl-C reaches the whole process group, and it is the parent's to handle (it stops its
    workers and says how to resume); a worker printing its own KeyboardInterrupt traceback
    would bury that message. BLAS runs on one thread: pools have a worker per CPU, and each
    worker's OpenBLAS spinning up a thread per CPU for its small matrices made a 10k trace
    take 45 s instead of 40 s on 2 cores (``bench/README.md``). The cyclic garbage collector
    is on in every worker (a forked one inherits the parent's ``collector_paused``); what the
    parent had when it forked is frozen (``forking``), so collections here never walk it."""
    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threadpool_limits(limits=1, user_api="blas")
    gc.enable()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a phase that makes millions of objects in a process
    holding millions (reference counting still frees them; the collector only finds cycles,
    and these phases make none on purpose). Each full collection walks every object the
    process holds, and a phase whose objects live a while (batches of rows, metadata kept
    for reuse) triggers one every few batches: writing a 368k-edge trace as Parquet right
    after tracing 100k articles spent 21 of its 60 s collecting (33 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def forking() -> Iterator[None]:
    """Every object of this process frozen (``gc.freeze``) while it forks workers and they
    run: a worker's collections then leave what it inherited alone, instead of walking it and
    writing to every page of it (copying the page). What the Python documentation advises
    for ``fork`` without ``exec`` (with ``collector_paused`` in the parent and the collector
    on in the workers, ``worker_start``)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
