"""Audits in worker processes, so one CPU-heavy audit never holds up the server's reads.

An audit is pure computation (~0.1-0.5 s for a news pair) that holds the interpreter lock;
run in the server's own threads it would make every read wait. With ``workers`` > 0 it runs
in a pool of spawned processes (the articles go in, the ``Audit`` record comes back); with 0
it runs inline, which is what the library's tests and small deployments want.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from newstrace import api
from newstrace.records import Article, Audit

Side = Article | tuple[bytes, str]
"""An article already read, or raw bytes with the label (file name) they came with."""


def audit_sides(source: Side, derived: Side) -> Audit:
    """Read both sides if needed (HTML is extracted here, in the worker) and audit them."""
    return api.audit(_article(source), _article(derived))


def _article(side: Side) -> Article:
    return side if isinstance(side, Article) else api.read_article(*side)


def _warm() -> None:
    api.audit("A warm-up sentence for the worker.", "A warm-up sentence for a worker.")


class AuditWorkers:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            context = multiprocessing.get_context("spawn")  # never fork a threaded server
            self._pool = ProcessPoolExecutor(workers, mp_context=context)

    def warm(self) -> None:
        """Start every worker now (imports and models load once, not on a user's request)."""
        if self._pool is not None:
            for _ in range(self.workers):
                self._pool.submit(_warm)

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
