"""The FastAPI application: routers, limits, security headers, errors as 4xx with a reason."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from newstrace import api
from newstrace.errors import ConfigError, IndexMismatchError, InputError, NewstraceError
from newstrace.server import api_routes, pages
from newstrace.server.limits import LimitsMiddleware
from newstrace.server.settings import ServerSettings
from newstrace.server.state import FactSampler, IndexReader
from newstrace.server.workers import AuditWorkers

DESCRIPTION = """Provenance of the articles in one newstrace index: who copied, rewrote or
translated whom (the stored `newstrace trace`), and sentence-by-sentence audits of any pair.
Pages for people are under [/ui/](/ui/)."""

STRICT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc", "/static-offline-docs", "/openapi.json")

# exception type -> HTTP status; the first match in order wins
ERROR_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (IndexMismatchError, 409),
    (InputError, 422),
    (ConfigError, 400),
    (NewstraceError, 500),
)


def create_app(settings: ServerSettings) -> FastAPI:
    """The application over the index at ``settings.index`` (``InputError`` if there is none)."""
    api.open_index(settings.index).close()  # fail before serving, naming the path and the fix
    workers = AuditWorkers(settings.audit_workers)
    reader = IndexReader(settings.index, workers)
    sampler = FactSampler(reader, settings.fact_sample)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(workers.warm)
        sampler.start()
        yield
        sampler.stop()
        reader.close()
        workers.close()

    app = FastAPIOffline(title="newstrace", description=DESCRIPTION, version="1", lifespan=lifespan)
    app.state.settings, app.state.reader, app.state.sampler = settings, reader, sampler
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    app.add_exception_handler(NewstraceError, _newstrace_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.middleware("http")(_security_headers)
    app.add_middleware(
        LimitsMiddleware, max_body_bytes=settings.max_body_bytes, timeout_s=settings.timeout_s
    )
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    docs = request.url.path.startswith(DOCS_PATHS)
    response.headers["Content-Security-Policy"] = DOCS_CSP if docs else STRICT_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _error(request: Request, status: int, detail: str) -> Response:
    if request.url.path.startswith("/ui"):
        return pages.page("error.html.j2", status=status, status_code=status, detail=detail)
    return JSONResponse({"detail": detail}, status_code=status)


async def _newstrace_error(request: Request, error: NewstraceError) -> Response:
    status = next(code for kind, code in ERROR_STATUS if isinstance(error, kind))
    return _error(request, status, str(error))


async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
    return _error(request, error.status_code, str(error.detail))


async def _validation_error(request: Request, error: RequestValidationError) -> Response:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in error.errors()
    )
    return _error(request, 422, f"invalid request: {problems}")
