"""The browser pages under /ui: search, article + family timeline, audit, upload, dashboard."""

from __future__ import annotations

import functools
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from newstrace import api
from newstrace.records import Article, Relation
from newstrace.server import views
from newstrace.server.api_routes import reader
from newstrace.server.state import FactSampler

router = APIRouter(include_in_schema=False)

NAV = (
    ("Search", "/ui/"),
    ("Dashboard", "/ui/dashboard"),
    ("Audit two texts", "/ui/upload"),
    ("API docs", "/docs"),
)
RELATIONS = [relation.value for relation in Relation]


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newstrace", "server/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = lambda value: quote(str(value), safe="")
    return env


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(nav=NAV, relations=RELATIONS, **context)
    return HTMLResponse(html, status_code=status)


def label(article: Article) -> str:
    outlet = article.meta.outlet or ""
    title = article.meta.title or article.id
    return f"{outlet}: {title}" if outlet else title


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/")
def search_page(request: Request, q: str = "", date: str = "") -> HTMLResponse:
    settings = request.app.state.settings
    store = reader(request).store()
    found = store.search(q, settings.search_limit, published=date[:10])
    return page(
        "search.html.j2",
        q=q,
        date=date,
        results=[s.article for s in found],
        count=store.count(),
        traced_at=store.settings.get("trace_at"),
    )


@router.get("/ui/articles/{article_id:path}")
def article_page(article_id: str, request: Request) -> HTMLResponse:
    store = reader(request).store()
    stored = store.get_article(article_id)
    if stored is None:
        raise HTTPException(404, f"{article_id!r}: no such article in the index")
    family, edges = store.family_of(article_id)
    own = store.edges_of(article_id)
    drawing = None
    if family is not None:
        names = {m: _label_of(store, m) for m in family.members}
        drawing = views.timeline(family, edges, names, article_id)
    return page(
        "article.html.j2",
        article=stored.article,
        family=family,
        timeline=drawing,
        edges=own,
        audit_href=views.audit_href,
        article_href=views.article_href,
    )


@router.get("/ui/audit")
def audit_page(source: str, derived: str, request: Request) -> HTMLResponse:
    store = reader(request).store()
    if store.edge(source, derived) is None:
        raise HTTPException(404, f"no edge {source!r} -> {derived!r} in the stored trace")
    result = reader(request).edge_audit(source, derived)
    query = urlencode({"source": source, "derived": derived})
    links = [api.Link(label, href) for label, href in NAV] + [
        api.Link("Source article", views.article_href(source)),
        api.Link("Derived article", views.article_href(derived)),
        api.Link("Download JSON", f"/edges/audit?{query}&format=json"),
        api.Link("Download HTML report", f"/edges/audit?{query}&format=html"),
    ]
    return HTMLResponse(api.render_page(result, links))


@router.get("/ui/upload")
def upload_form() -> HTMLResponse:
    return page("upload.html.j2", error=None)


@router.post("/ui/upload")
def upload_audit(
    request: Request,
    source_text: Annotated[str, Form()] = "",
    derived_text: Annotated[str, Form()] = "",
    source_file: Annotated[UploadFile | None, File()] = None,
    derived_file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    source = _side(source_text, source_file, "source")
    derived = _side(derived_text, derived_file, "derived")
    missing = [role for role, got in (("source", source), ("derived", derived)) if got is None]
    if source is None or derived is None:
        message = f"the {' and '.join(missing)} article is empty: paste a text or choose a file"
        return page("upload.html.j2", status=422, error=message)
    links = [api.Link(label, href) for label, href in NAV]
    result = reader(request).workers.run(source, derived)
    return HTMLResponse(api.render_page(result, links))


def _side(text: str, upload: UploadFile | None, role: str) -> tuple[bytes, str] | None:
    """The bytes and label of one side: the file if one was chosen, else the pasted text."""
    if upload is not None and upload.filename:
        data = upload.file.read()
        return (data, upload.filename) if data else None
    return (text.encode("utf-8"), f"{role}.txt") if text.strip() else None


@router.get("/ui/dashboard")
def dashboard(request: Request) -> HTMLResponse:
    store = reader(request).store()
    summary = store.trace_summary(10)
    sampler: FactSampler = request.app.state.sampler
    facts = sampler.snapshot()
    relations = [
        (name, n, str(n), f"/edges?relation={name}") for name, n in summary.relations.items()
    ]
    sources = [
        (
            _label_of(store, s.article_id),
            s.derived,
            str(s.derived),
            views.article_href(s.article_id),
        )
        for s in summary.top_sources
    ]
    outlets = [(o.outlet, o.share, f"{o.share:.0%} of {o.audited}", "") for o in facts.outlets[:10]]
    return page(
        "dashboard.html.j2",
        count=store.count(),
        summary=summary,
        facts=facts,
        relations_chart=views.bar_chart(relations),
        sources_chart=views.bar_chart(sources),
        outlets_chart=views.bar_chart(outlets),
        traced_at=store.settings.get("trace_at"),
    )


def _label_of(store: Any, article_id: str) -> str:
    stored = store.get_article(article_id)
    return label(stored.article) if stored else article_id
