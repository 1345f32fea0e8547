"""Records as JSON-ready dicts for the HTTP API (one shape per record, used by every route)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from newstrace.index import SqliteStore
from newstrace.index.traces import EdgePage
from newstrace.match.find import Related
from newstrace.records import Article, Edge, Family
from newstrace.report.trace import edge_fields

Json = dict[str, Any]


def article_brief(article: Article) -> Json:
    meta = {k: v for k, v in asdict(article.meta).items() if v is not None}
    return {"id": article.id, **meta, "chars": len(article.text)}


def article_full(article: Article, edges: list[Edge]) -> Json:
    return {
        **article_brief(article),
        "origin": article.origin,
        "input_format": article.input_format,
        "encoding": article.encoding,
        "extra": dict(article.extra),
        "text": article.text,
        "edges": [edge_json(edge) for edge in edges],
    }


def edge_json(edge: Edge) -> Json:
    return edge_fields(edge)


def family_json(store: SqliteStore, family: Family | None, edges: list[Edge]) -> Json:
    if family is None:
        return {"family": None, "earliest": None, "members": [], "edges": []}
    members = []
    for member, published in family.timeline:
        stored = store.get_article(member)
        brief = article_brief(stored.article) if stored else {"id": member}
        members.append({**brief, "published": published})
    return {
        "family": family.family,
        "earliest": family.earliest,
        "members": members,
        "edges": [edge_json(edge) for edge in edges],
    }


def page_json(page: EdgePage, offset: int, limit: int, base: str) -> Json:
    following = offset + limit
    return {
        "items": [edge_json(edge) for edge in page.edges],
        "total": page.total,
        "offset": offset,
        "limit": limit,
        "next": f"{base}offset={following}&limit={limit}" if following < page.total else None,
    }


def related_json(item: Related) -> Json:
    return {
        "id": item.id,
        "relation": item.relation.value,
        "score": item.score,
        "query_is": item.role,
        "direction_evidence": item.direction_evidence,
        "channels": list(item.channels),
    }
