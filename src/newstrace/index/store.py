"""``SqliteStore``: the index as one SQLite file in WAL mode.

Every write is one transaction: a batch of articles with their fingerprints, or a batch of
rejections. A process killed at any point leaves every committed batch intact and nothing of
the one in flight (SQLite's write-ahead log is rolled back on the next open), so ``index add``
resumes by skipping the ids already stored.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from newstrace.errors import IndexMismatchError, InputError
from newstrace.fingerprint import ArticleFingerprint
from newstrace.index import queries, schema, text_index, traces
from newstrace.index.base import (
    ARTICLE_COLUMNS,
    SCHEMA_VERSION,
    SEARCH_LIMIT,
    CorpusMatrix,
    IndexStats,
    StoredArticle,
    StoredReject,
    article_row,
    check_pairing,
    dims_problem,
    dims_settings,
    fingerprint_blobs,
    lede_blob,
    newstrace_version,
    now,
    schema_problem,
    settings_problem,
)
from newstrace.records import Article, Edge, Family, Rejected, Relation

Mode = Literal["create", "existing", "read"]
"""create: make the file if missing; existing: it must exist; read: it must exist, no writes."""

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, content, added_at) "
    f"VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 2))}) ON CONFLICT(id) DO NOTHING"
)
_INSERT_FINGERPRINT = (
    "INSERT INTO fingerprints (rowid, signature, embedding, keys) VALUES (?,?,?,?)"
)
_INSERT_LEDE = "INSERT INTO ledes (rowid, vector) VALUES (?,?)"
_INSERT_REJECT = (
    "INSERT INTO rejects (record_id, origin, reason, detail, added_at) VALUES (?,?,?,?,?) "
    "ON CONFLICT DO NOTHING"
)


class SqliteStore:
    """An index in one SQLite file (WAL journal, ``synchronous=NORMAL``, foreign keys on)."""

    def __init__(self, path: str | Path, *, mode: Mode = "create") -> None:
        self.path = Path(path)
        self.mode = mode
        self._connection: sqlite3.Connection | None = None
        self._settings: dict[str, str] = {}
        self._covering = False

    # lifecycle -------------------------------------------------------------------------

    def open(self) -> Self:
        if self.mode != "create" and not self.path.is_file():
            raise InputError(
                f"{self.path}: no index there; build one with: newstrace index add CORPUS "
                f"--index {self.path}"
            )
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._connection = connection
        try:
            self._prepare(connection)
        except sqlite3.DatabaseError as error:
            self.close()
            raise InputError(
                f"{self.path}: not a newstrace index ({error}); give an index file that "
                "'newstrace index add' made, or a new path"
            ) from error
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> Self:
        return self.open() if self._connection is None else self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _prepare(self, connection: sqlite3.Connection) -> None:
        pragmas = schema.PRAGMAS if self.mode != "read" else schema.PRAGMAS[2:]
        for pragma in pragmas:
            connection.execute(pragma)
        tables = queries.table_names(connection)
        if tables and "meta" not in tables:
            raise InputError(
                f"{self.path}: an SQLite file but not a newstrace index (no meta table); "
                "give another --index path"
            )
        if "articles" not in tables:
            if self.mode != "create":
                raise InputError(
                    f"{self.path}: an empty database, not an index; build one with: "
                    f"newstrace index add CORPUS --index {self.path}"
                )
            self._create(connection)
        if self.mode == "read":
            connection.execute("PRAGMA query_only=ON")
        self._settings = queries.settings(connection)
        problem = schema_problem(self._settings.get("schema_version"), str(self.path))
        if problem is not None:
            raise problem
        if self.mode != "read":
            self._bring_up_to_date(connection)
        self._covering = schema.META_INDEX_NAME in queries.index_names(connection)

    def _bring_up_to_date(self, connection: sqlite3.Connection) -> None:
        """What an index made by an earlier version lacks, added on its first write: the
        metadata index (``schema.META_INDEX``) and where its text index stands."""
        starts_text = _has_fts(self._settings) and "fts_rowid" not in self._settings
        if not starts_text and schema.META_INDEX_NAME in queries.index_names(connection):
            return
        with self._transaction():
            connection.execute(schema.META_INDEX)
            if starts_text:
                text_index.start(connection)
        self._settings = queries.settings(connection)

    def _create(self, connection: sqlite3.Connection) -> None:
        with self._transaction() as cursor:
            for statement in schema.TABLES.split(";"):
                if statement.strip():
                    cursor.execute(statement)
            fts = _try_fts(cursor)
            initial = {
                "schema_version": SCHEMA_VERSION,
                "newstrace_version": newstrace_version(),
                "created_at": now(),
                "fts": "1" if fts else "0",
            }
            cursor.executemany(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", initial.items()
            )

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise RuntimeError(f"the index {self.path} is not open; use 'with store:' or open()")
        return self._connection

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    # writes ----------------------------------------------------------------------------

    def check_settings(self, tag: str) -> None:
        problem = settings_problem(self._settings.get("fingerprint_tag"), tag)
        if problem is not None:
            raise problem
        if "fingerprint_tag" in self._settings:
            return
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('fingerprint_tag', ?)", (tag,)
            )
        self._settings = queries.settings(self.connection)
        problem = settings_problem(self._settings.get("fingerprint_tag"), tag)
        if problem is not None:  # another process claimed the index first
            raise problem

    def add_batch(
        self, articles: Sequence[Article], fingerprints: Sequence[ArticleFingerprint]
    ) -> int:
        check_pairing(articles, fingerprints)
        if not articles:
            return 0
        added = 0
        stamp = now()
        with self._transaction() as cursor:
            self._claim_dims(cursor, fingerprints[0])
            for article, fingerprint in zip(articles, fingerprints, strict=True):
                added += self._insert(cursor, article, fingerprint, stamp)
        if _has_fts(self._settings):
            text_index.catch_up(self.connection, at_least=text_index.BLOCK)
        return added

    def finish_text_index(self) -> int:
        """Put the articles stored since the text index's last block in it (``text_index``)."""
        return text_index.catch_up(self.connection) if _has_fts(self._settings) else 0

    def _claim_dims(self, cursor: sqlite3.Cursor, fingerprint: ArticleFingerprint) -> None:
        problem = dims_problem(self._settings, fingerprint)
        if problem is not None:
            raise IndexMismatchError(f"{self.path}: {problem}")
        if "signature_dim" in self._settings:
            return
        dims = dims_settings(fingerprint)
        cursor.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", dims.items())
        self._settings.update(dims)

    def _insert(
        self, cursor: sqlite3.Cursor, article: Article, fingerprint: ArticleFingerprint, stamp: str
    ) -> int:
        cursor.execute(_INSERT_ARTICLE, (*article_row(article), fingerprint.content, stamp))
        if cursor.rowcount == 0:
            return 0
        rowid = cursor.lastrowid
        cursor.execute(_INSERT_FINGERPRINT, (rowid, *fingerprint_blobs(fingerprint)))
        lede = lede_blob(fingerprint)
        if lede is not None:
            cursor.execute(_INSERT_LEDE, (rowid, lede))
        return 1

    def add_rejects(self, rejects: Sequence[Rejected]) -> list[StoredReject]:
        added: list[StoredReject] = []
        stamp = now()
        with self._transaction() as cursor:
            for item in rejects:
                values = (item.record_id, item.origin, item.reason.value, item.detail, stamp)
                cursor.execute(_INSERT_REJECT, values)
                if cursor.rowcount and cursor.lastrowid is not None:
                    added.append(StoredReject(cursor.lastrowid, item, stamp))
        return added

    def save_trace(self, edges: Sequence[Edge], families: Sequence[Family]) -> None:
        """Replace the stored trace with this one, all at once."""
        with self._transaction() as cursor:
            traces.save(cursor, edges, families)
            stamp = {"trace_at": now(), "trace_edges": str(len(edges))}
            cursor.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", stamp.items()
            )
        self._settings = queries.settings(self.connection)

    # reads -----------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return queries.known_ids(self.connection, list(dict.fromkeys(ids)))

    def rejects_after(self, seq: int) -> list[StoredReject]:
        return queries.rejects_after(self.connection, seq)

    def count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM articles").fetchone()[0])

    def stats(self) -> IndexStats:
        wal = self.path.with_name(self.path.name + "-wal")
        size = sum(p.stat().st_size for p in (self.path, wal) if p.is_file())
        return queries.stats(self.connection, size)

    def check(self) -> list[str]:
        return queries.check(self.connection, self.mode != "read")

    def load_matrix(self) -> CorpusMatrix:
        return queries.load_matrix(self.connection, self.count())

    def get_article(self, article_id: str) -> StoredArticle | None:
        return queries.get_article(self.connection, article_id)

    def get_content(self, article_id: str) -> str | None:
        return queries.get_content(self.connection, article_id)

    def get_metas(self, ids: Sequence[str]) -> dict[str, dict[str, object]]:
        return queries.get_metas(self.connection, ids, covering=self._covering)

    def search(
        self, query: str, limit: int = SEARCH_LIMIT, *, published: str = ""
    ) -> list[StoredArticle]:
        """Articles holding every word of ``query``; ``published`` keeps dates starting so."""
        upto = text_index.indexed_upto(self.connection) if _has_fts(self._settings) else None
        return queries.search(self.connection, query, limit, upto, published)

    @property
    def settings(self) -> dict[str, str]:
        """The settings the index records (``meta``), including when it was last traced."""
        return dict(self._settings)

    # the stored trace ------------------------------------------------------------------

    def edge_page(
        self, relation: Relation | None = None, offset: int = 0, limit: int = 50
    ) -> traces.EdgePage:
        return traces.edge_page(self.connection, relation, offset, limit)

    def edges_of(self, article_id: str) -> list[Edge]:
        return traces.edges_of(self.connection, article_id)

    def edge(self, source: str, derived: str) -> Edge | None:
        return traces.edge(self.connection, source, derived)

    def family_of(self, article_id: str) -> tuple[Family | None, list[Edge]]:
        """The article's family and the edges between its members (None, [] when alone)."""
        family = traces.family_of(self.connection, article_id)
        if family is None:
            return None, []
        return family, traces.family_edges(self.connection, family.family)

    def trace_summary(self, limit: int) -> traces.TraceSummary:
        return traces.summary(self.connection, limit)


def _has_fts(settings: dict[str, str]) -> bool:
    return settings.get("fts") == "1"


def _try_fts(cursor: sqlite3.Cursor) -> bool:
    """Create the full-text table when this SQLite has FTS5; searching falls back to LIKE."""
    try:
        cursor.execute(schema.FTS)
    except sqlite3.OperationalError:
        return False
    return True
