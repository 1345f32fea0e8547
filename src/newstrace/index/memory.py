"""``MemoryStore``: an in-memory index with ``SqliteStore``'s behaviour, for unit tests.

What it holds survives ``close`` and a later ``open`` (as a file would); nothing is persisted.
Search matches every word of the query as a case-insensitive substring of title, text or outlet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import numpy as np
import numpy.typing as npt

from newstrace.errors import IndexMismatchError
from newstrace.fingerprint import ArticleFingerprint
from newstrace.index.base import (
    SCHEMA_VERSION,
    SEARCH_LIMIT,
    TOP_LANGUAGES,
    TOP_OUTLETS,
    CorpusMatrix,
    IndexStats,
    StoredArticle,
    StoredReject,
    check_pairing,
    dims_problem,
    dims_settings,
    empty_matrix,
    newstrace_version,
    now,
    record_meta,
    settings_problem,
    top,
)
from newstrace.index.schema import missing_settings
from newstrace.records import Article, Rejected, RejectReason

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Row:
    rowid: int
    article: Article
    fingerprint: ArticleFingerprint
    added_at: str


class MemoryStore:
    """An index held in dictionaries; same methods and results as ``SqliteStore``."""

    def __init__(self) -> None:
        self._open = False
        self._rows: dict[str, _Row] = {}
        self._rejects: dict[tuple[str, str, str], StoredReject] = {}
        self._settings: dict[str, str] = {
            "schema_version": SCHEMA_VERSION,
            "newstrace_version": newstrace_version(),
            "created_at": now(),
            "fts": "0",
        }

    def open(self) -> Self:
        self._open = True
        return self

    def close(self) -> None:
        self._open = False

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _ready(self) -> None:
        if not self._open:
            raise RuntimeError("the index <memory> is not open; use 'with store:' or open()")

    def check_settings(self, tag: str) -> None:
        self._ready()
        problem = settings_problem(self._settings.get("fingerprint_tag"), tag)
        if problem is not None:
            raise problem
        self._settings.setdefault("fingerprint_tag", tag)

    def add_batch(
        self, articles: Sequence[Article], fingerprints: Sequence[ArticleFingerprint]
    ) -> int:
        self._ready()
        check_pairing(articles, fingerprints)
        if not articles:
            return 0
        problem = dims_problem(self._settings, fingerprints[0])
        if problem is not None:
            raise IndexMismatchError(f"<memory>: {problem}")
        for key, value in dims_settings(fingerprints[0]).items():
            self._settings.setdefault(key, value)
        stamp, added = now(), 0
        for article, fingerprint in zip(articles, fingerprints, strict=True):
            if article.id not in self._rows:
                rowid = len(self._rows) + 1
                self._rows[article.id] = _Row(rowid, article, fingerprint, stamp)
                added += 1
        return added

    def finish_text_index(self) -> int:
        return 0  # searched by scanning: nothing to catch up

    def add_rejects(self, rejects: Sequence[Rejected]) -> list[StoredReject]:
        self._ready()
        added: list[StoredReject] = []
        stamp = now()
        for item in rejects:
            key = (item.origin, item.record_id, item.reason.value)
            if key not in self._rejects:
                stored = StoredReject(len(self._rejects) + 1, item, stamp)
                self._rejects[key] = stored
                added.append(stored)
        return added

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        self._ready()
        return {article_id for article_id in ids if article_id in self._rows}

    def rejects_after(self, seq: int) -> list[StoredReject]:
        self._ready()
        return [stored for stored in self._rejects.values() if stored.seq > seq]

    def count(self) -> int:
        self._ready()
        return len(self._rows)

    def stats(self) -> IndexStats:
        self._ready()
        metas = [row.article.meta for row in self._rows.values()]
        dates = sorted(meta.published for meta in metas if meta.published is not None)
        reasons = Counter(stored.rejected.reason.value for stored in self._rejects.values())
        return IndexStats(
            articles=len(self._rows),
            rejects=top(reasons.items(), len(RejectReason)),
            languages=top(Counter(meta.lang for meta in metas).items(), TOP_LANGUAGES),
            outlets=top(Counter(meta.outlet for meta in metas).items(), TOP_OUTLETS),
            published_first=dates[0] if dates else None,
            published_last=dates[-1] if dates else None,
            file_bytes=0,
            settings=dict(sorted(self._settings.items())),
        )

    def check(self) -> list[str]:
        self._ready()
        return missing_settings(self._settings)

    def load_matrix(self) -> CorpusMatrix:
        self._ready()
        base = empty_matrix(self._settings)
        rows = list(self._rows.values())
        if not rows:
            return base
        metas = [row.article.meta for row in rows]
        return CorpusMatrix(
            ids=[row.article.id for row in rows],
            rowids=np.array([row.rowid for row in rows], dtype=np.int64),
            signatures=np.stack([row.fingerprint.signature for row in rows]).astype(np.uint32),
            embeddings=np.stack([row.fingerprint.embedding for row in rows]).astype(np.float16),
            keys=[row.fingerprint.keys for row in rows],
            published=[meta.published for meta in metas],
            lang=[meta.lang for meta in metas],
            outlet=[meta.outlet for meta in metas],
            ledes=_ledes(rows, self._settings),
        )

    def get_article(self, article_id: str) -> StoredArticle | None:
        self._ready()
        row = self._rows.get(article_id)
        return None if row is None else _stored(row)

    def get_content(self, article_id: str) -> str | None:
        self._ready()
        row = self._rows.get(article_id)
        return None if row is None else row.fingerprint.content

    def get_metas(self, ids: Sequence[str]) -> dict[str, dict[str, object]]:
        self._ready()
        rows = [self._rows[x] for x in ids if x in self._rows]
        return {row.article.id: record_meta(row.article.meta, row.article.extra) for row in rows}

    def search(
        self, query: str, limit: int = SEARCH_LIMIT, *, published: str = ""
    ) -> list[StoredArticle]:
        self._ready()
        words = [word.casefold() for word in _WORD.findall(query)]
        if limit <= 0:
            return []
        found = [
            row
            for row in self._rows.values()
            if _matches(row.article, words)
            and (row.article.meta.published or "").startswith(published)
        ]
        if not words:
            found.sort(key=lambda row: row.article.meta.published or "", reverse=True)
        return [_stored(row) for row in found[:limit]]


def _ledes(rows: list[_Row], settings: dict[str, str]) -> npt.NDArray[np.float16] | None:
    if "lede_dim" not in settings:
        return None
    empty = np.zeros(int(settings["lede_dim"]), dtype=np.float16)
    vectors = [empty if row.fingerprint.lede is None else row.fingerprint.lede for row in rows]
    return np.stack(vectors).astype(np.float16)


def _matches(article: Article, words: list[str]) -> bool:
    fields = (article.meta.title, article.text, article.meta.outlet)
    haystacks = [value.casefold() for value in fields if value]
    return all(any(word in haystack for haystack in haystacks) for word in words)


def _stored(row: _Row) -> StoredArticle:
    return StoredArticle(row.article, row.fingerprint.content, row.fingerprint.keys, row.added_at)
