"""What an index store is: the ``IndexStore`` protocol and the records it hands out.

Two stores implement it, ``SqliteStore`` (the real one, one file) and ``MemoryStore`` (a fake
with the same behaviour, for unit tests). The helpers here are the behaviour they share: the
settings check, how an article becomes a row and back, and the statistics.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Protocol, Self

import numpy as np
import numpy.typing as npt

from newstrace.errors import IndexMismatchError
from newstrace.fingerprint import ArticleFingerprint
from newstrace.records import Article, ArticleMeta, Rejected

SCHEMA_VERSION = "1"
DEFAULT_SIGNATURE_DIM = 128
DEFAULT_EMBEDDING_DIM = 256
TOP_OUTLETS = 10
TOP_LANGUAGES = 20
SEARCH_LIMIT = 20


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An indexed article as it was read, its content (furniture removed) and salient keys."""

    article: Article
    content: str
    keys: tuple[str, ...]
    added_at: str


@dataclass(frozen=True, slots=True)
class StoredReject:
    """A rejection as the store holds it; ``seq`` orders rejections, one to N."""

    seq: int
    rejected: Rejected
    added_at: str


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What an index holds; ``rejects`` and ``languages`` count by reason and language."""

    articles: int
    rejects: dict[str, int]
    languages: dict[str, int]
    outlets: dict[str, int]
    """The ``TOP_OUTLETS`` outlets with the most articles."""
    published_first: str | None
    published_last: str | None
    file_bytes: int
    """The index file plus its write-ahead log; 0 for an in-memory store."""
    settings: dict[str, str]


@dataclass(frozen=True, slots=True, eq=False)
class CorpusMatrix:
    """Every indexed article's fingerprint, row ``i`` of each field for article ``ids[i]``."""

    ids: list[str]
    rowids: npt.NDArray[np.int64]
    signatures: npt.NDArray[np.uint32]
    embeddings: npt.NDArray[np.float16]
    keys: list[tuple[str, ...]]
    published: list[str | None]
    lang: list[str | None]
    outlet: list[str | None]
    ledes: npt.NDArray[np.float16] | None = None
    """Lede vectors of a multilingual index (``FingerprintConfig.multilingual``), else None."""


class IndexStore(Protocol):
    """A corpus index: articles with their fingerprints, rejections and the settings used."""

    def open(self) -> Self: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def check_settings(self, tag: str) -> None:
        """Record ``tag`` on a new index; raise ``IndexMismatchError`` if it holds another."""
        ...

    def known_ids(self, ids: Iterable[str]) -> set[str]: ...

    def add_batch(
        self, articles: Sequence[Article], fingerprints: Sequence[ArticleFingerprint]
    ) -> int:
        """Store articles with their fingerprints in one transaction; the count added."""
        ...

    def finish_text_index(self) -> int:
        """Bring the full-text index up to every stored article (``index add`` calls it at its
        end; stores index text a block at a time); the articles it took."""
        ...

    def add_rejects(self, rejects: Sequence[Rejected]) -> list[StoredReject]:
        """Store rejections not stored yet (same origin, id and reason); those it added."""
        ...

    def rejects_after(self, seq: int) -> list[StoredReject]: ...

    def count(self) -> int: ...

    def stats(self) -> IndexStats: ...

    def check(self) -> list[str]: ...

    def load_matrix(self) -> CorpusMatrix: ...

    def get_article(self, article_id: str) -> StoredArticle | None: ...

    def get_content(self, article_id: str) -> str | None:
        """The article's compared content alone (``get_article`` reads and parses it all)."""
        ...

    def get_metas(self, ids: Sequence[str]) -> dict[str, dict[str, object]]:
        """``record_meta`` of each indexed article of ``ids``."""
        ...

    def search(
        self, query: str, limit: int = SEARCH_LIMIT, *, published: str = ""
    ) -> list[StoredArticle]:
        """Articles holding every word of ``query`` (newest first when it has none)."""
        ...


def newstrace_version() -> str:
    """The installed newstrace version (not ``newstrace.__version__``: that imports the API)."""
    try:
        return version("newstrace")
    except PackageNotFoundError:
        return "unknown"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def settings_problem(stored: str | None, tag: str) -> IndexMismatchError | None:
    """The error for an index built with ``stored`` settings being asked to take ``tag``."""
    if stored is None or stored == tag:
        return None
    return IndexMismatchError(
        f"the index was built with fingerprint settings {stored!r}, not {tag!r}; "
        "use --index NEW_PATH or rebuild the index with the settings it was built with"
    )


def schema_problem(stored: str | None, where: str) -> IndexMismatchError | None:
    if stored is None or stored == SCHEMA_VERSION:
        return None
    return IndexMismatchError(
        f"{where} has index schema version {stored}, this newstrace reads {SCHEMA_VERSION}; "
        "use --index NEW_PATH or rebuild the index"
    )


ARTICLE_COLUMNS = (
    "id origin input_format encoding title author published url outlet lang extra_json text"
).split()


def article_row(article: Article) -> tuple[str | None, ...]:
    """The article's values in ``ARTICLE_COLUMNS`` order."""
    meta = article.meta
    extra = json.dumps(dict(article.extra), ensure_ascii=False) if article.extra else None
    return (
        article.id,
        article.origin,
        article.input_format,
        article.encoding,
        meta.title,
        meta.author,
        meta.published,
        meta.url,
        meta.outlet,
        meta.lang,
        extra,
        article.text,
    )


def article_from_row(row: Sequence[str | None]) -> Article:
    """The article ``article_row`` stored (``ARTICLE_COLUMNS`` order)."""
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    extra = json.loads(values["extra_json"]) if values["extra_json"] else {}
    meta = ArticleMeta(**{name: values[name] for name in ArticleMeta.__slots__})
    return Article(
        id=str(values["id"]),
        text=str(values["text"]),
        origin=str(values["origin"]),
        input_format=str(values["input_format"]),
        encoding=str(values["encoding"]),
        meta=meta,
        extra=tuple(extra.items()),
    )


def record_meta(meta: ArticleMeta, extra: Iterable[tuple[str, object]]) -> dict[str, object]:
    """An article's metadata as the trace outputs pass it through: the fields it has, then
    the record's other fields."""
    fields = {name: getattr(meta, name) for name in ArticleMeta.__slots__}
    return {**{k: v for k, v in fields.items() if v is not None}, **dict(extra)}


def fingerprint_blobs(fingerprint: ArticleFingerprint) -> tuple[bytes, bytes, str]:
    """Signature and embedding as little-endian bytes, keys as a JSON array."""
    return (
        fingerprint.signature.astype("<u4").tobytes(),
        fingerprint.embedding.astype("<f2").tobytes(),
        json.dumps(list(fingerprint.keys), ensure_ascii=False),
    )


def check_pairing(articles: Sequence[Article], fingerprints: Sequence[ArticleFingerprint]) -> None:
    if len(articles) != len(fingerprints):
        raise ValueError(
            f"add_batch got {len(articles)} articles and {len(fingerprints)} fingerprints; "
            "pass one fingerprint per article, in the same order"
        )


def dims_problem(settings: dict[str, str], fingerprint: ArticleFingerprint) -> str | None:
    """Why ``fingerprint`` does not fit the dimensions the index already holds, if it does not."""
    have = (len(fingerprint.signature), len(fingerprint.embedding))
    stored = (settings.get("signature_dim"), settings.get("embedding_dim"))
    if stored == (None, None) or stored == tuple(str(n) for n in have):
        return None
    return (
        f"fingerprints of {have[0]} MinHash values and {have[1]} embedding dimensions do not fit "
        f"an index of {stored[0]} and {stored[1]}; use --index NEW_PATH or rebuild"
    )


def dims_settings(fingerprint: ArticleFingerprint) -> dict[str, str]:
    """The dimensions a first batch records in the index settings."""
    dims = {
        "signature_dim": str(len(fingerprint.signature)),
        "embedding_dim": str(len(fingerprint.embedding)),
    }
    if fingerprint.lede is not None:
        dims["lede_dim"] = str(len(fingerprint.lede))
    return dims


def lede_blob(fingerprint: ArticleFingerprint) -> bytes | None:
    lede = fingerprint.lede
    return None if lede is None else lede.astype("<f2").tobytes()


def top(counts: Iterable[tuple[str | None, int]], limit: int) -> dict[str, int]:
    """The ``limit`` largest counts, largest first, unknown values counted as ``"?"``."""
    pairs = sorted(((name or "?", n) for name, n in counts), key=lambda p: (-p[1], p[0]))
    return dict(pairs[:limit])


def empty_matrix(settings: dict[str, str]) -> CorpusMatrix:
    signature_dim = int(settings.get("signature_dim", DEFAULT_SIGNATURE_DIM))
    embedding_dim = int(settings.get("embedding_dim", DEFAULT_EMBEDDING_DIM))
    return CorpusMatrix(
        ids=[],
        rowids=np.zeros(0, dtype=np.int64),
        signatures=np.zeros((0, signature_dim), dtype=np.uint32),
        embeddings=np.zeros((0, embedding_dim), dtype=np.float16),
        keys=[],
        published=[],
        lang=[],
        outlet=[],
    )
