"""The last trace of an index, stored beside the articles: edges and families.

``newstrace trace`` replaces the stored trace in one transaction, so a reader (``newstrace
serve``) sees either the previous trace or the new one, never half of it. An index that was
never traced simply has no trace tables; every read then answers empty.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from newstrace.records import Edge, Family, Relation, SharedSpan, Span

TABLES = """
CREATE TABLE IF NOT EXISTS edges (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    derived TEXT NOT NULL,
    relation TEXT NOT NULL,
    score REAL NOT NULL,
    direction_evidence TEXT NOT NULL,
    channels TEXT NOT NULL,
    shared_spans TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS edges_source ON edges(source);
CREATE INDEX IF NOT EXISTS edges_derived ON edges(derived);
CREATE INDEX IF NOT EXISTS edges_relation ON edges(relation);
CREATE TABLE IF NOT EXISTS family_members (
    family TEXT NOT NULL,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    published TEXT,
    PRIMARY KEY (family, article_id)
);
CREATE INDEX IF NOT EXISTS family_members_article ON family_members(article_id);
"""

_SECONDARY_INDEXES = ("edges_source", "edges_derived", "edges_relation", "family_members_article")
_EDGE_COLUMNS = "source, derived, relation, score, direction_evidence, channels, shared_spans"
_INSERT_EDGE = f"INSERT INTO edges ({_EDGE_COLUMNS}) VALUES (?,?,?,?,?,?,?)"
_INSERT_MEMBER = (
    "INSERT INTO family_members (family, article_id, position, published) VALUES (?,?,?,?)"
)


@dataclass(frozen=True, slots=True)
class EdgePage:
    """One page of stored edges and how many there are in all."""

    edges: tuple[Edge, ...]
    total: int


@dataclass(frozen=True, slots=True)
class SourceCount:
    """An article and how many articles derive from it (same-story links not counted)."""

    article_id: str
    derived: int


@dataclass(frozen=True, slots=True)
class TraceSummary:
    """What the stored trace holds: edges per relation, families, the most-copied sources."""

    relations: dict[str, int]
    families: int
    top_sources: tuple[SourceCount, ...]


def summary(connection: sqlite3.Connection, limit: int) -> TraceSummary:
    if not traced(connection):
        return TraceSummary({}, 0, ())
    return TraceSummary(
        _relation_counts(connection), _family_count(connection), _top_sources(connection, limit)
    )


def save(cursor: sqlite3.Cursor, edges: Sequence[Edge], families: Sequence[Family]) -> None:
    """Replace the stored trace (the caller holds the write transaction). The secondary
    indexes are dropped and built again after the insert: built once from all the rows
    instead of updated row by row (368k edges: the insert 9.0 -> 2.9 s)."""
    _create(cursor)
    cursor.execute("DELETE FROM edges")
    cursor.execute("DELETE FROM family_members")
    for name in _SECONDARY_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
    cursor.executemany(_INSERT_EDGE, (_edge_row(edge) for edge in edges))
    cursor.executemany(
        _INSERT_MEMBER,
        (
            (family.family, member, position, published)
            for family in families
            for position, (member, published) in enumerate(family.timeline)
        ),
    )
    _create(cursor)


def _create(cursor: sqlite3.Cursor) -> None:
    for statement in TABLES.split(";"):
        if statement.strip():
            cursor.execute(statement)


def traced(connection: sqlite3.Connection) -> bool:
    row = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'edges'"
    ).fetchone()
    return bool(row[0])


def edge_page(
    connection: sqlite3.Connection, relation: Relation | None, offset: int, limit: int
) -> EdgePage:
    """Edges, strongest first, optionally of one relation."""
    if not traced(connection):
        return EdgePage((), 0)
    where, args = ("WHERE relation = ?", (relation.value,)) if relation else ("", ())
    total = connection.execute(f"SELECT count(*) FROM edges {where}", args).fetchone()[0]
    rows = connection.execute(
        f"SELECT {_EDGE_COLUMNS} FROM edges {where} ORDER BY score DESC, id LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )
    return EdgePage(tuple(_edge(row) for row in rows), int(total))


def edges_of(connection: sqlite3.Connection, article_id: str) -> list[Edge]:
    """Every edge that has the article on either side."""
    if not traced(connection):
        return []
    rows = connection.execute(
        f"SELECT {_EDGE_COLUMNS} FROM edges WHERE source = ? OR derived = ? ORDER BY score DESC",
        (article_id, article_id),
    )
    return [_edge(row) for row in rows]


def edge(connection: sqlite3.Connection, source: str, derived: str) -> Edge | None:
    if not traced(connection):
        return None
    row = connection.execute(
        f"SELECT {_EDGE_COLUMNS} FROM edges WHERE source = ? AND derived = ?", (source, derived)
    ).fetchone()
    return None if row is None else _edge(row)


def family_of(connection: sqlite3.Connection, article_id: str) -> Family | None:
    """The family the article belongs to, its members in timeline order."""
    if not traced(connection):
        return None
    row = connection.execute(
        "SELECT family FROM family_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    rows = connection.execute(
        "SELECT article_id, published FROM family_members WHERE family = ? ORDER BY position",
        (row[0],),
    ).fetchall()
    timeline = tuple((str(member), published) for member, published in rows)
    return Family(row[0], tuple(sorted(m for m, _ in timeline)), timeline[0][0], timeline)


def family_edges(connection: sqlite3.Connection, family: str) -> list[Edge]:
    """Edges between members of one family (same-story links included)."""
    rows = connection.execute(
        f"SELECT {_EDGE_COLUMNS} FROM edges WHERE source IN "
        "(SELECT article_id FROM family_members WHERE family = ?) AND derived IN "
        "(SELECT article_id FROM family_members WHERE family = ?) ORDER BY score DESC",
        (family, family),
    )
    return [_edge(row) for row in rows]


def _relation_counts(connection: sqlite3.Connection) -> dict[str, int]:
    rows = connection.execute(
        "SELECT relation, count(*) FROM edges GROUP BY relation ORDER BY count(*) DESC, relation"
    )
    return {str(relation): int(count) for relation, count in rows}


def _top_sources(connection: sqlite3.Connection, limit: int) -> tuple[SourceCount, ...]:
    """The most-copied sources: articles with the most derivation edges out of them."""
    rows = connection.execute(
        "SELECT source, count(*) AS n FROM edges WHERE relation != ? "
        "GROUP BY source ORDER BY n DESC, source LIMIT ?",
        (Relation.SAME_STORY.value, limit),
    )
    return tuple(SourceCount(str(source), int(n)) for source, n in rows)


def _family_count(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT count(DISTINCT family) FROM family_members").fetchone()
    return int(row[0])


def _edge_row(item: Edge) -> tuple[object, ...]:
    spans = ",".join(
        f"[{s.source.start},{s.source.end},{s.derived.start},{s.derived.end}]"
        for s in item.shared_spans
    )
    return (
        item.source,
        item.derived,
        item.relation.value,
        item.score,
        item.direction_evidence,
        _channels_json(item.channels),
        f"[{spans}]",
    )


@functools.lru_cache(maxsize=64)
def _channels_json(channels: tuple[str, ...]) -> str:
    """A handful of distinct channel tuples in a trace: each encoded once."""
    return json.dumps(list(channels))


def _edge(row: Sequence[object]) -> Edge:
    source, derived, relation, score, why, channels, spans = row
    return Edge(
        source=str(source),
        derived=str(derived),
        relation=Relation(str(relation)),
        score=float(score),  # type: ignore[arg-type]
        direction_evidence=str(why),
        channels=tuple(json.loads(str(channels))),
        shared_spans=tuple(
            SharedSpan(Span(a, b), Span(c, d)) for a, b, c, d in json.loads(str(spans))
        ),
    )
