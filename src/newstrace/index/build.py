"""``index_add``: stream a corpus into an index, resumable and idempotent.

Records are read in order and gathered into batches. Per batch: the rejections are stored
and appended to the rejects file, articles whose id the index already holds are skipped (that
is how a killed run resumes and a repeated run adds nothing), the rest are fingerprinted and
stored with their fingerprints in one transaction. Fingerprinting (``Fingerprinter``) runs on
``workers`` processes while this one reads and stores; batches are stored in the order they
were read. Memory stays bounded by the batch size times the batches in flight (plus ingest's
set of ids read so far).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from newstrace.clean.language import require_extra
from newstrace.config import EMBEDDERS, Config, default_workers
from newstrace.embed.multilingual import get_lede_embedder
from newstrace.errors import ConfigError
from newstrace.fingerprint import ArticleFingerprint
from newstrace.index import rejects_file
from newstrace.index.base import IndexStore, StoredReject
from newstrace.index.workers import Fingerprinter, Pending
from newstrace.ingest import iter_corpus
from newstrace.records import Article, Rejected

DEFAULT_BATCH = 256
Progress = Callable[[int, float], None]
"""Called after every batch with the records read so far and the records read per second."""


@dataclass(frozen=True, slots=True)
class AddReport:
    """What one ``index add`` run did; ``rejected`` counts this run's rejections by reason."""

    added: int
    skipped_existing: int
    rejected: dict[str, int]
    seconds: float
    articles_per_second: float
    """Articles added per second of the run (fingerprinting and storing included)."""


def index_add(
    paths: Iterable[str | Path] | str | Path,
    store: IndexStore,
    config: Config,
    progress: Progress | None = None,
    *,
    rejects_path: Path | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
) -> AddReport:
    """Add every article under ``paths`` that ``store`` does not hold yet; see the module doc.

    ``store`` must be open. A missing or unreadable corpus path raises ``InputError`` and a
    store built with other fingerprint settings ``IndexMismatchError``, before anything is
    written. ``workers``: fingerprinting processes (default ``default_workers()``).
    """
    _check_options(config, batch_size)
    # Absolute paths: a rejection's origin (its identity in the index) must not depend on the
    # directory the run was started from.
    records = iter_corpus([Path(path).absolute() for path in _listed(paths)], config.ingest)
    store.check_settings(config.fingerprint.tag)
    writer = _RejectsWriter(rejects_path, store)
    fingerprinter = Fingerprinter(
        config.fingerprint, default_workers() if workers is None else workers
    )
    run = _Run(store, writer, progress, fingerprinter)
    finished = False
    try:
        for item in records:
            run.take(item, batch_size)
        run.flush()
        run.drain(0)
        finished = True
        store.finish_text_index()
    finally:
        fingerprinter.close(finished)
        writer.close()
    return run.report()


def check_inputs(
    paths: Iterable[str | Path] | str | Path, config: Config, batch_size: int = DEFAULT_BATCH
) -> None:
    """Raise for a corpus path that cannot be read or a bad setting, before an index is made."""
    _check_options(config, batch_size)
    iter_corpus(
        _listed(paths), config.ingest
    )  # checks the paths eagerly; the stream is never started


def _listed(paths: Iterable[str | Path] | str | Path) -> list[str | Path]:
    return [paths] if isinstance(paths, str | Path) else list(paths)


def _check_options(config: Config, batch_size: int) -> None:
    if batch_size < 1:
        raise ConfigError(f"batch size {batch_size} must be at least 1")
    embedder = config.fingerprint.embedder
    if embedder not in EMBEDDERS:
        raise ConfigError(
            f"fingerprint embedder {embedder!r} is not known; use one of {', '.join(EMBEDDERS)}"
        )
    if config.fingerprint.multilingual:  # before the index records a multilingual tag
        get_lede_embedder()
        require_extra()


class _RejectsWriter:
    """Appends stored rejections to the rejects file, opened on the first one."""

    def __init__(self, path: Path | None, store: IndexStore) -> None:
        self.path = path
        self._stream: IO[str] | None = None
        if path is not None:
            rejects_file.sync(path, store)

    def write(self, rejects: list[StoredReject]) -> None:
        if self.path is None or not rejects:
            return
        if self._stream is None:
            self._stream = self.path.open("a", encoding="utf-8")
        rejects_file.append(self._stream, rejects)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


class _Run:
    """The state of one run: the batch being gathered and the counts so far."""

    def __init__(
        self,
        store: IndexStore,
        writer: _RejectsWriter,
        progress: Progress | None,
        fingerprinter: Fingerprinter,
    ) -> None:
        self.store = store
        self.fingerprinter = fingerprinter
        self.pending: deque[tuple[list[Article], Pending]] = deque()
        self.writer = writer
        self.progress = progress
        self.articles: list[Article] = []
        self.rejects: list[Rejected] = []
        self.added = 0
        self.skipped = 0
        self.read = 0
        self.reasons: Counter[str] = Counter()
        self.start = time.perf_counter()

    def take(self, item: Article | Rejected, batch_size: int) -> None:
        self.read += 1
        if isinstance(item, Rejected):
            self.rejects.append(item)
            self.reasons[item.reason.value] += 1
        else:
            self.articles.append(item)
        if len(self.articles) >= batch_size or len(self.rejects) >= batch_size:
            self.flush()

    def flush(self) -> None:
        """Store the batch's rejections; send its new articles to be fingerprinted."""
        articles, rejects = self.articles, self.rejects
        self.articles, self.rejects = [], []
        self.writer.write(self.store.add_rejects(rejects) if rejects else [])
        fresh = list(_fresh(self.store, articles))
        self.skipped += len(articles) - len(fresh)
        if fresh:
            self.pending.append((fresh, self.fingerprinter.submit(fresh)))
        self.drain(self.fingerprinter.in_flight)

    def drain(self, keep: int) -> None:
        """Store fingerprinted batches, oldest first, until at most ``keep`` are pending."""
        while len(self.pending) > keep:
            fresh, result = self.pending.popleft()
            prints = result.get()
            self.added += self.store.add_batch(_with_detected_lang(fresh, prints), prints)
            if self.progress is not None:
                self.progress(self.read, self.read / max(self.elapsed, 1e-9))

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def report(self) -> AddReport:
        seconds = self.elapsed
        return AddReport(
            added=self.added,
            skipped_existing=self.skipped,
            rejected=dict(sorted(self.reasons.items())),
            seconds=seconds,
            articles_per_second=self.added / max(seconds, 1e-9),
        )


def _with_detected_lang(articles: list[Article], prints: list[ArticleFingerprint]) -> list[Article]:
    """Articles with no ``lang`` take the one fingerprinting detected (multilingual only)."""
    return [
        replace(a, meta=replace(a.meta, lang=p.lang)) if a.meta.lang is None and p.lang else a
        for a, p in zip(articles, prints, strict=True)
    ]


def _fresh(store: IndexStore, articles: list[Article]) -> Iterator[Article]:
    if not articles:
        return iter(())
    known = store.known_ids(article.id for article in articles)
    return (article for article in articles if article.id not in known)
