"""The JSON HTTP API (OpenAPI docs at /docs): audit, articles, families, find, edges."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from newstrace import api
from newstrace.records import Article, Relation
from newstrace.server import shapes
from newstrace.server.state import IndexReader

router = APIRouter(tags=["api"])


class AuditRequest(BaseModel):
    """Two articles as text (plain text or HTML; HTML is detected and extracted)."""

    source: str = Field(description="The original article.", min_length=1)
    derived: str = Field(description="The article suspected to derive from it.", min_length=1)
    source_name: str = Field("source.txt", max_length=200, description="A label, not a path.")
    derived_name: str = Field("derived.txt", max_length=200, description="A label, not a path.")


def reader(request: Request) -> IndexReader:
    value: IndexReader = request.app.state.reader
    return value


def paging(request: Request, offset: int, limit: int | None) -> tuple[int, int]:
    settings = request.app.state.settings
    size = settings.page_size if limit is None else limit
    if not 0 < size <= settings.max_page_size:
        raise HTTPException(422, f"limit={size}: use 1 to {settings.max_page_size}")
    return offset, size


def article_from_text(text: str, name: str) -> Article:
    """A pasted text as an article; ``name`` labels it and is never opened as a path."""
    return api.read_article(text.encode("utf-8"), name)


@router.post("/audit", summary="Audit a derived article against its source")
def audit_pair(body: AuditRequest, request: Request) -> shapes.Json:
    source = (body.source.encode("utf-8"), body.source_name)
    derived = (body.derived.encode("utf-8"), body.derived_name)
    return api.audit_data(reader(request).workers.run(source, derived))


@router.post("/audit/files", summary="Audit two uploaded files (.txt or .html)")
def audit_files(
    request: Request,
    source: Annotated[UploadFile, File(description="The original article.")],
    derived: Annotated[UploadFile, File(description="The derived article.")],
) -> shapes.Json:
    source_side = (source.file.read(), source.filename or "source")
    derived_side = (derived.file.read(), derived.filename or "derived")
    return api.audit_data(reader(request).workers.run(source_side, derived_side))


@router.get("/articles/{article_id:path}/family", summary="The article's family and its timeline")
def family(article_id: str, request: Request) -> shapes.Json:
    store = reader(request).store()
    if store.get_article(article_id) is None:
        raise HTTPException(404, f"{article_id!r}: no such article in the index")
    found, edges = store.family_of(article_id)
    return shapes.family_json(store, found, edges)


@router.get("/articles/{article_id:path}", summary="One article with its edges")
def article(article_id: str, request: Request) -> shapes.Json:
    store = reader(request).store()
    stored = store.get_article(article_id)
    if stored is None:
        raise HTTPException(404, f"{article_id!r}: no such article in the index")
    return shapes.article_full(stored.article, store.edges_of(article_id))


@router.get("/find", summary="Sources and derivatives of an indexed id or of a pasted text")
def find(
    request: Request,
    q: Annotated[str, Query(min_length=1, description="An indexed article id, or article text.")],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
) -> shapes.Json:
    state = reader(request)
    store = state.store()
    stored = store.get_article(q)
    query = stored.article if stored else article_from_text(q, "query")
    report = api.related_in(query, store, k, matrix=state.matrix())
    return {"query": query.id, "related": [shapes.related_json(r) for r in report.related]}


@router.get("/search", summary="Articles by words in title/text/outlet and a date prefix")
def search(
    request: Request,
    q: str = "",
    date: Annotated[str, Query(max_length=10, description="e.g. 2020 or 2020-05")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> shapes.Json:
    found = reader(request).store().search(q, limit, published=date)
    return {"items": [shapes.article_brief(s.article) for s in found]}


@router.get("/edges", summary="Stored trace edges, strongest first, paginated")
def edges(
    request: Request,
    relation: Relation | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> shapes.Json:
    offset, size = paging(request, offset, limit)
    page = reader(request).store().edge_page(relation, offset, size)
    base = f"/edges?relation={relation.value}&" if relation else "/edges?"
    return shapes.page_json(page, offset, size, base)


@router.get("/edges/audit", summary="The audit of a stored edge, as JSON or HTML")
def edge_audit(
    request: Request, source: str, derived: str, format: Literal["json", "html"] = "json"
) -> object:
    store = reader(request).store()
    if store.edge(source, derived) is None:
        raise HTTPException(404, f"no edge {source!r} -> {derived!r} in the stored trace")
    result = reader(request).edge_audit(source, derived)
    if format == "html":
        name = f"newstrace-audit-{_safe(derived)}.html"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return HTMLResponse(api.render(result, "html"), headers=disposition)
    return api.audit_data(result)


@router.get("/stats", summary="What the index holds and what its trace found")
def stats(request: Request) -> shapes.Json:
    store = reader(request).store()
    summary = store.trace_summary(10)
    return {
        "articles": store.count(),
        "traced_at": store.settings.get("trace_at"),
        "relations": summary.relations,
        "families": summary.families,
        "top_sources": [{"id": s.article_id, "derived": s.derived} for s in summary.top_sources],
    }


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:80] or "article"
