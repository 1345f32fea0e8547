"""Read queries of ``SqliteStore``: statistics, the consistency check, the corpus matrix, search."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.index import schema, text_index
from newstrace.index.base import (
    ARTICLE_COLUMNS,
    TOP_LANGUAGES,
    TOP_OUTLETS,
    CorpusMatrix,
    IndexStats,
    StoredArticle,
    StoredReject,
    article_from_row,
    empty_matrix,
    record_meta,
    top,
)
from newstrace.records import ArticleMeta, Rejected, RejectReason

CHUNK_ROWS = 4096
_WORD = re.compile(r"\w+")
_STORED_COLUMNS = ", ".join(
    [*(f"a.{name}" for name in ARTICLE_COLUMNS), "a.content", "f.keys", "a.added_at"]
)
_STORED = f"SELECT {_STORED_COLUMNS} FROM articles a LEFT JOIN fingerprints f ON f.rowid = a.rowid"
_MATRIX = (
    "SELECT a.rowid, a.id, f.signature, f.embedding, f.keys, a.published, a.lang, a.outlet "
    "FROM articles a JOIN fingerprints f ON f.rowid = a.rowid ORDER BY a.rowid"
)


def table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def index_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {row[0] for row in rows}


def settings(connection: sqlite3.Connection) -> dict[str, str]:
    if "meta" not in table_names(connection):
        return {}
    return dict(connection.execute("SELECT key, value FROM meta ORDER BY key"))


def rejects_after(connection: sqlite3.Connection, seq: int) -> list[StoredReject]:
    rows = connection.execute(
        "SELECT id, record_id, origin, reason, detail, added_at FROM rejects "
        "WHERE id > ? ORDER BY id",
        (seq,),
    )
    return [
        StoredReject(row[0], Rejected(row[1], row[2], RejectReason(row[3]), row[4]), row[5])
        for row in rows
    ]


def stats(connection: sqlite3.Connection, file_bytes: int) -> IndexStats:
    def counts(sql: str) -> list[tuple[str | None, int]]:
        return list(connection.execute(sql))

    first, last = connection.execute(
        "SELECT min(published), max(published) FROM articles WHERE published IS NOT NULL"
    ).fetchone()
    return IndexStats(
        articles=int(connection.execute("SELECT count(*) FROM articles").fetchone()[0]),
        rejects=top(
            counts("SELECT reason, count(*) FROM rejects GROUP BY reason"), len(RejectReason)
        ),
        languages=top(counts("SELECT lang, count(*) FROM articles GROUP BY lang"), TOP_LANGUAGES),
        outlets=top(counts("SELECT outlet, count(*) FROM articles GROUP BY outlet"), TOP_OUTLETS),
        published_first=first,
        published_last=last,
        file_bytes=file_bytes,
        settings=settings(connection),
    )


def check(connection: sqlite3.Connection, can_check_fts: bool) -> list[str]:
    """Every problem found; an empty list when the index is complete and consistent."""
    found = [
        f"SQLite integrity_check: {row[0]}"
        for row in connection.execute("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    meta = settings(connection)
    found += schema.missing_settings(meta)
    for template, sql in schema.CONSISTENCY.items():
        n = connection.execute(sql).fetchone()[0]
        if n:
            found.append(template.format(n))
    found += _blob_problems(connection, meta)
    found += _lede_problems(connection, meta)
    if can_check_fts and meta.get("fts") == "1":
        found += _fts_problems(connection)
    return found


def _blob_problems(connection: sqlite3.Connection, meta: dict[str, str]) -> list[str]:
    if "signature_dim" not in meta:
        n = connection.execute("SELECT count(*) FROM fingerprints").fetchone()[0]
        return [f"{n} fingerprints but no signature_dim in meta; rebuild the index"] if n else []
    signature_dim, embedding_dim = int(meta["signature_dim"]), int(meta["embedding_dim"])
    sizes = (4 * signature_dim, 2 * embedding_dim)
    n = connection.execute(schema.BLOB_SIZES, sizes).fetchone()[0]
    if not n:
        return []
    return [
        f"{n} fingerprints are not {signature_dim} uint32 + {embedding_dim} float16 "
        f"({sizes[0]} + {sizes[1]} bytes); rebuild the index"
    ]


def _lede_problems(connection: sqlite3.Connection, meta: dict[str, str]) -> list[str]:
    if "lede_dim" not in meta:
        return []
    dim = int(meta["lede_dim"])
    missing = connection.execute(schema.LEDES_MISSING).fetchone()[0]
    wrong = connection.execute(schema.LEDE_SIZES, (2 * dim,)).fetchone()[0]
    found = [f"{missing} articles have no lede vector in a multilingual index; rebuild"]
    found += [f"{wrong} lede vectors are not {dim} float16 values; rebuild the index"]
    return [problem for problem, n in zip(found, (missing, wrong), strict=True) if n]


def _fts_problems(connection: sqlite3.Connection) -> list[str]:
    """FTS5's integrity check: against the articles when it holds them all; while it waits
    for its next block (``text_index``: search reads those rows with LIKE) only its own
    structure, since comparing would call the rows it has yet to take missing."""
    whole = 0 if text_index.behind(connection) else 1
    try:
        connection.execute(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', ?)", (whole,)
        )
    except sqlite3.DatabaseError as error:
        return [f"full-text index does not match the articles ({error}); rebuild the index"]
    return []


def load_matrix(connection: sqlite3.Connection, count: int) -> CorpusMatrix:
    """Every fingerprint in rowid order, read ``CHUNK_ROWS`` rows at a time into arrays.

    Equal keys are one string object (``shared``): a news corpus repeats its names and numbers
    in thousands of articles, and one object per occurrence made the keys 2.4 KB an article,
    more than half of the matrix (100k scale corpus: 235 MB of 413; now ~35 MB)."""
    meta = settings(connection)
    shared: dict[str, str] = {}
    base = empty_matrix(meta)
    signatures = np.zeros((count, base.signatures.shape[1]), dtype=np.uint32)
    embeddings = np.zeros((count, base.embeddings.shape[1]), dtype=np.float16)
    rowids = np.zeros(count, dtype=np.int64)
    cursor = connection.execute(_MATRIX)
    done = 0
    while rows := cursor.fetchmany(CHUNK_ROWS):
        end = done + len(rows)
        rowids[done:end] = [row[0] for row in rows]
        signatures[done:end] = _blocks(rows, 2, "<u4", signatures.shape[1])
        embeddings[done:end] = _blocks(rows, 3, "<f2", embeddings.shape[1])
        for row in rows:
            base.ids.append(row[1])
            base.keys.append(tuple([shared.setdefault(k, k) for k in json.loads(row[4])]))
            base.published.append(row[5])
            base.lang.append(row[6])
            base.outlet.append(row[7])
        done = end
    return CorpusMatrix(
        base.ids, rowids[:done], signatures[:done], embeddings[:done], base.keys,
        base.published, base.lang, base.outlet, _ledes(connection, meta, rowids[:done]),
    )  # fmt: skip


def _ledes(
    connection: sqlite3.Connection, meta: dict[str, str], rowids: npt.NDArray[np.int64]
) -> npt.NDArray[np.float16] | None:
    """Lede vectors in ``rowids`` order (zero rows for any missing), None if not multilingual."""
    if "lede_dim" not in meta:
        return None
    ledes = np.zeros((len(rowids), int(meta["lede_dim"])), dtype=np.float16)
    position = {int(rowid): i for i, rowid in enumerate(rowids)}
    cursor = connection.execute("SELECT rowid, vector FROM ledes")
    while rows := cursor.fetchmany(CHUNK_ROWS):
        found = [(position[row[0]], row[1]) for row in rows if row[0] in position]
        if found:
            index = [i for i, _ in found]
            ledes[index] = _blocks(found, 1, "<f2", ledes.shape[1])
    return ledes


def _blocks(rows: Sequence[tuple[object, ...]], column: int, dtype: str, width: int) -> np.ndarray:
    blob = b"".join(row[column] for row in rows)  # type: ignore[misc]
    return np.frombuffer(blob, dtype=dtype).reshape(len(rows), width)


def get_article(connection: sqlite3.Connection, article_id: str) -> StoredArticle | None:
    row = connection.execute(f"{_STORED} WHERE a.id = ?", (article_id,)).fetchone()
    return None if row is None else _stored(row)


def get_content(connection: sqlite3.Connection, article_id: str) -> str | None:
    row = connection.execute("SELECT content FROM articles WHERE id = ?", (article_id,)).fetchone()
    return None if row is None else str(row[0])


_META = f"SELECT {', '.join(schema.META_COLUMNS)} FROM articles WHERE id IN"
_META_COVERED = _META.replace(
    "FROM articles", f"FROM articles INDEXED BY {schema.META_INDEX_NAME}"
)  # SQLite's planner prefers the unique index on id alone, which reads the article rows
ID_CHUNK = 500
"""Ids per ``IN (...)`` query (SQLite allows 32,766 parameters; small chunks stay fast)."""


def rows_by_ids(
    connection: sqlite3.Connection, select: str, ids: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``select`` (ending in ``WHERE id IN``) for ``ids``, ``ID_CHUNK`` ids a query."""
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        yield from connection.execute(f"{select} ({','.join('?' * len(chunk))})", chunk)


def known_ids(connection: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    return {row[0] for row in rows_by_ids(connection, "SELECT id FROM articles WHERE id IN", ids)}


def get_metas(
    connection: sqlite3.Connection, ids: Sequence[str], covering: bool = False
) -> dict[str, dict[str, object]]:
    """``record_meta`` of each indexed article of ``ids``, a chunk of ids per query (one
    ``get_article`` per id read and parsed every text: 9.9 s for 100k articles, now 2.4 s),
    from the metadata index alone when the index has it (``covering``: ``schema.META_INDEX``)."""
    found: dict[str, dict[str, object]] = {}
    select = _META_COVERED if covering else _META
    for article_id, *fields, extra in rows_by_ids(connection, select, ids):
        pairs = json.loads(extra).items() if extra else ()
        found[article_id] = record_meta(ArticleMeta(*fields), pairs)
    return found


def search(
    connection: sqlite3.Connection,
    query: str,
    limit: int,
    fts_upto: int | None,
    published: str = "",
) -> list[StoredArticle]:
    """Articles whose title, text or outlet hold every word of ``query`` (best first with FTS5).

    ``fts_upto``: the last article row the full-text index holds (``text_index``; None when
    there is none): rows past it, stored since its last block, are searched with LIKE and
    come after the ranked ones. ``published`` keeps articles whose date starts with it
    (``2020``, ``2020-05``); with no words, the newest articles of that date (or of the whole
    index) come back.
    """
    words = _WORD.findall(query)
    if limit <= 0:
        return []
    date = (
        ("a.published LIKE ? ESCAPE '\\'", [f"{_escape_like(published)}%"]) if published else None
    )
    if not words:
        where, args = date if date else ("1", [])
        sql = f"{_STORED} WHERE {where} ORDER BY a.published DESC, a.rowid LIMIT ?"
        return [_stored(row) for row in connection.execute(sql, (*args, limit))]
    extra, extra_args = (f" AND {date[0]}", date[1]) if date else ("", [])
    if fts_upto is None:
        return _like_search(connection, words, (extra, extra_args), limit, 0)
    match = " ".join(f'"{word}"' for word in words)
    sql = (
        f"{_STORED} JOIN articles_fts ON articles_fts.rowid = a.rowid "
        f"WHERE articles_fts MATCH ?{extra} ORDER BY articles_fts.rank LIMIT ?"
    )
    found = [_stored(row) for row in connection.execute(sql, (match, *extra_args, limit))]
    if len(found) < limit:
        found += _like_search(connection, words, (extra, extra_args), limit - len(found), fts_upto)
    return found


def _like_search(
    connection: sqlite3.Connection,
    words: list[str],
    where: tuple[str, list[str]],
    limit: int,
    after: int,
) -> list[StoredArticle]:
    """Rows past ``after`` holding every word in their title, text or outlet, oldest first."""
    clause = " AND ".join(
        ["(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\' OR a.outlet LIKE ? ESCAPE '\\')"]
        * len(words)
    )
    patterns = [f"%{_escape_like(word)}%" for word in words for _ in range(3)]
    rows = connection.execute(
        f"{_STORED} WHERE a.rowid > ? AND {clause}{where[0]} ORDER BY a.rowid LIMIT ?",
        (after, *patterns, *where[1], limit),
    )
    return [_stored(row) for row in rows]


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _stored(row: Sequence[str | None]) -> StoredArticle:
    width = len(ARTICLE_COLUMNS)
    content, keys, added_at = row[width:]
    return StoredArticle(
        article=article_from_row(row[:width]),
        content=content or "",
        keys=tuple(json.loads(keys)) if keys else (),
        added_at=added_at or "",
    )
