"""What a running server holds: read-only index connections per thread, cached edge audits,
and the background sampler behind the dashboard's "outlets that change facts" figures."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from newstrace import api
from newstrace.errors import InputError
from newstrace.index import CorpusMatrix, SqliteStore
from newstrace.records import Audit, Relation, Verdict
from newstrace.server.workers import AuditWorkers

_AUDIT_CACHE = 32
_NO_OUTLET = "(no outlet)"


class IndexReader:
    """Read-only stores of one index, one per thread (SQLite connections stay in their thread)."""

    def __init__(self, path: Path, workers: AuditWorkers) -> None:
        self.path = path
        self.workers = workers
        self._local = threading.local()
        self._opened: list[SqliteStore] = []
        self._lock = threading.Lock()
        self._audits: OrderedDict[tuple[str, str], Audit] = OrderedDict()
        self._matrix: CorpusMatrix | None = None

    def store(self) -> SqliteStore:
        store: SqliteStore | None = getattr(self._local, "store", None)
        if store is None:
            store = api.open_index(self.path)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def matrix(self) -> CorpusMatrix:
        """The corpus matrix ``find`` searches, loaded on first use and again only when the
        index has gained articles (an ``index add`` beside the server). Loading it takes ~2 s
        at 100k articles, which every find request used to pay."""
        store = self.store()
        count = store.count()
        with self._lock:
            cached = self._matrix
        if cached is not None and len(cached.ids) == count:
            return cached
        loaded = store.load_matrix()
        with self._lock:
            self._matrix = loaded
        return loaded

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()

    def edge_audit(self, source: str, derived: str) -> Audit:
        """The audit of one stored pair, source first (the last few are kept in memory)."""
        key = (source, derived)
        with self._lock:
            if key in self._audits:
                self._audits.move_to_end(key)
                return self._audits[key]
        store = self.store()
        pair = [store.get_article(article_id) for article_id in key]
        missing = [article_id for article_id, got in zip(key, pair, strict=True) if got is None]
        if missing:
            raise InputError(f"{missing[0]}: no such article in the index")
        result = self.workers.run(pair[0].article, pair[1].article)  # type: ignore[union-attr]
        with self._lock:
            self._audits[key] = result
            while len(self._audits) > _AUDIT_CACHE:
                self._audits.popitem(last=False)
        return result


@dataclass(frozen=True, slots=True)
class OutletFacts:
    """How often the derived articles of one outlet change a fact of their source."""

    outlet: str
    audited: int
    changed: int
    """Edges whose derived article has at least one changed fact."""
    changes: int

    @property
    def share(self) -> float:
        return self.changed / self.audited if self.audited else 0.0


@dataclass(frozen=True, slots=True)
class FactSnapshot:
    audited: int
    planned: int
    failed: int
    outlets: tuple[OutletFacts, ...]


class FactSampler:
    """Audits the strongest derivation edges in a background thread, one at a time."""

    def __init__(self, reader: IndexReader, limit: int) -> None:
        self.reader = reader
        self.limit = limit
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._counts: dict[str, list[int]] = {}
        self._audited = self._failed = self._planned = 0
        self._thread = threading.Thread(target=self._run, name="fact-sampler", daemon=True)

    def start(self) -> None:
        if self.limit > 0:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def snapshot(self) -> FactSnapshot:
        with self._lock:
            outlets = tuple(
                sorted(
                    (OutletFacts(name, *counts) for name, counts in self._counts.items()),
                    key=lambda o: (-o.share, -o.changes, o.outlet),
                )
            )
            return FactSnapshot(self._audited, self._planned, self._failed, outlets)

    def _run(self) -> None:
        store = self.reader.store()
        page = store.edge_page(None, 0, self.limit * 4)
        edges = [e for e in page.edges if e.relation is not Relation.SAME_STORY][: self.limit]
        self._planned = len(edges)
        for edge in edges:
            if self._stop.is_set():
                return
            self._one(store, edge.source, edge.derived)

    def _one(self, store: SqliteStore, source: str, derived: str) -> None:
        try:
            result = self.reader.edge_audit(source, derived)
        except Exception:  # one bad pair must not stop the dashboard; it is counted
            with self._lock:
                self._failed += 1
            return
        stored = store.get_article(derived)
        outlet = (stored.article.meta.outlet if stored else None) or _NO_OUTLET
        changes = sum(len(f.changes) for f in result.derived_findings)
        changed = any(f.verdict is Verdict.CHANGED_FACT for f in result.derived_findings)
        with self._lock:
            counts = self._counts.setdefault(outlet, [0, 0, 0])
            counts[0] += 1
            counts[1] += int(changed)
            counts[2] += changes
            self._audited += 1
