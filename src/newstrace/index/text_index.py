"""The full-text index (FTS5 ``articles_fts``) kept up to date a block of articles at a time.

``index add`` stores articles batch by batch; the text index takes them in blocks of
``BLOCK`` with one ``INSERT ... SELECT`` each (``catch_up``): FTS5 tokenises a block in one
pass and writes its segments once, where a row at a time in every batch was 40% of the
writing process's time (30k articles: 4 s of the parent's CPU; a block: 1.7 s, so ``index add``
14.5 -> 12 s). The meta key ``fts_rowid`` is the last article row it holds, committed with the
block, so a killed run only leaves the text index behind, and the next ``index add`` catches
up. Until then ``search`` finds the articles past ``fts_rowid`` with LIKE
(``queries._like_search``), and ``check`` compares the text index with the articles only
once it holds them all (``queries._fts_problems``).
"""

from __future__ import annotations

import sqlite3

BLOCK = 50_000
"""Articles per catch-up transaction: large enough for FTS5 to pay, small enough that the
write-ahead log stays in the tens of megabytes and search is never far behind."""

_KEY = "fts_rowid"
_INSERT = (
    "INSERT INTO articles_fts (rowid, title, text, outlet) "
    "SELECT rowid, title, text, outlet FROM articles WHERE rowid > ? AND rowid <= ? "
    "ORDER BY rowid"
)


def indexed_upto(connection: sqlite3.Connection) -> int:
    """The last article row the text index holds."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    return int(row[0]) if row else last_row(connection)


def last_row(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])


def start(connection: sqlite3.Connection) -> None:
    """Record where the text index stands, in a transaction the caller opened. An index made
    before ``fts_rowid`` existed indexed every row as it was stored: it holds them all."""
    connection.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (_KEY, str(last_row(connection)))
    )


def behind(connection: sqlite3.Connection) -> int:
    """Articles stored but not yet in the text index: the row numbers past ``fts_rowid``
    (rows are numbered in the order they were stored), not a count that would read them."""
    return max(0, last_row(connection) - indexed_upto(connection))


def catch_up(connection: sqlite3.Connection, at_least: int = 1) -> int:
    """Put every article past ``fts_rowid`` in the text index, ``BLOCK`` rows a transaction,
    once at least ``at_least`` are waiting (``behind``); the rows it took. Where a block
    starts is read under the write lock, so two processes adding to one index never index a
    row twice."""
    if behind(connection) < max(1, at_least):
        return 0
    taken = 0
    while (block := _next_block(connection)) is not None:
        taken += block
    return taken


def _next_block(connection: sqlite3.Connection) -> int | None:
    """Index the next block in one transaction; its rows, or None when there was none."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        upto, last = indexed_upto(connection), last_row(connection)
        end = min(upto + BLOCK, last)
        if end > upto:
            connection.execute(_INSERT, (upto, end))
            connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_KEY, str(end))
            )
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return end - upto if end > upto else None
