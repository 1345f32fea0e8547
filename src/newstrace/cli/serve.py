"""``newstrace serve``: the index in a browser and over HTTP (uvicorn, loopback by default)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from newstrace.cli.common import errors_exit
from newstrace.config import DEFAULT_INDEX

SERVE_EPILOG = """\
\b
Examples:
  newstrace index add corpus/ && newstrace trace -o /dev/null   # build + trace an index
  newstrace serve                                   # then open http://127.0.0.1:8000/
  newstrace serve --index news.sqlite --port 8080
  curl -s 127.0.0.1:8000/edges?relation=rewrite     # the JSON API; docs at /docs
"""


def serve(
    index: Annotated[Path, typer.Option("--index", help="The index to serve (read-only).")] = Path(
        DEFAULT_INDEX
    ),
    host: Annotated[str, typer.Option(help="Address to listen on; loopback by default.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    max_upload_mb: Annotated[
        float, typer.Option(min=0.01, help="Largest request body (pasted or uploaded pair).")
    ] = 4.0,
    timeout: Annotated[float, typer.Option(min=0.1, help="Longest a request may take (s).")] = 30.0,
    fact_sample: Annotated[
        int, typer.Option(min=0, help="Edges the dashboard audits in the background.")
    ] = 200,
    workers: Annotated[
        int, typer.Option(min=0, help="Processes for audits (0: inside the server process).")
    ] = 2,
) -> None:
    """Browse provenance: search, families as timelines, side-by-side audits, a dashboard.

    Pages are under /ui/; the JSON API (POST /audit, GET /articles/{id}, /articles/{id}/family,
    /find?q=, /search?q=, /edges?relation=) is documented at /docs. The index is opened
    read-only; run 'newstrace trace' first so families and edges are stored in it.
    """
    import uvicorn

    from newstrace.server import ServerSettings, create_app

    with errors_exit():
        settings = ServerSettings(
            index=index,
            max_body_bytes=int(max_upload_mb * 1024 * 1024),
            timeout_s=timeout,
            fact_sample=fact_sample,
            audit_workers=workers,
        )
        application = create_app(settings)
    if not _loopback(host):
        warning = f"listening on {host}, reachable from other machines; there is no authentication"
        typer.echo(f"newstrace: warning: {warning}", err=True)
    typer.echo(f"serving {index} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    app.command(epilog=SERVE_EPILOG)(serve)
