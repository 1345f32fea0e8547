"""Audits in worker processes, so one CPU-heavy audit never holds up the server's reads.

An audit is pure computation (~0.1-0.5 s for a news pair) that holds the interpreter lock;
run in the server's own threads it would make every read wait. With ``workers`` > 0 it runs
in a pool of spawned processes (the articles go in, the ``Audit`` record comes back); with 0
it runs inline, which is what the library's tests and small deployments want.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.queues import Queue

from newstrace import api
from newstrace.records import Article, Audit

Side = Article | tuple[bytes, str]
"""An article already read, or raw bytes with the label (file name) they came with."""


def audit_sides(source: Side, derived: Side) -> Audit:
    """Read both sides if needed (HTML is extracted here, in the worker) and audit them."""
    return api.audit(_article(source), _article(derived))


def _article(side: Side) -> Article:
    return side if isinstance(side, Article) else api.read_article(*side)


def _warm(ready: Queue[int]) -> None:
    """Each worker's start (the pool's initializer): an audit of the bundled example pair loads
    every model, kernel and lazy import an audit uses, then the worker says it is ready. A
    one-sentence warm-up left ~30 MB of them to the first real audit, and, submitted as tasks,
    both warm-ups could run on one worker while the other stayed cold: the server's memory then
    grew under load (tests/e2e/test_serve_load)."""
    try:
        api.audit(*api.demo_pair())
    finally:
        ready.put(os.getpid())


def _started() -> None:
    """A task that only makes the pool start a worker (which runs ``_warm`` first)."""


WARM_TIMEOUT_S = 120.0
"""How long start-up waits for the audit workers (each takes ~2 s: imports, model, audit)."""


class AuditWorkers:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            context = multiprocessing.get_context("spawn")  # never fork a threaded server
            self._ready: Queue[int] = context.Queue()
            self._pool = ProcessPoolExecutor(
                workers, mp_context=context, initializer=_warm, initargs=(self._ready,)
            )

    def warm(self) -> None:
        """Start every worker and wait until each has warmed up, so that the server takes
        requests with its audit workers ready (no user's audit waits for models to load). The
        pool starts a worker for each task submitted while none is idle."""
        if self._pool is None:
            return
        started = [self._pool.submit(_started) for _ in range(self.workers)]
        for _ in range(self.workers):
            self._ready.get(timeout=WARM_TIMEOUT_S)
        for future in started:
            future.result(timeout=WARM_TIMEOUT_S)  # a worker that died fails the start-up

    def run(self, source: Side, derived: Side) -> Audit:
        """The audit of the pair; blocks the calling thread (a request's worker thread)."""
        if self._pool is None:
            return audit_sides(source, derived)
        future: Future[Audit] = self._pool.submit(audit_sides, source, derived)
        return future.result()

    def close(self) -> None:
        """Stop the workers: queued audits are cancelled, running ones finish first. Waiting
        matters: a server that exits without it (uvicorn re-raises SIGTERM right after its
        shutdown) leaves the workers blocked on their queue forever."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
