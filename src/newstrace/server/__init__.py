"""``newstrace serve``: the index in a browser and as a JSON HTTP API (thin over ``api``).

``create_app(ServerSettings(index=...))`` builds the FastAPI application; the CLI runs it with
uvicorn on loopback.
"""

from newstrace.server.app import create_app
from newstrace.server.settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]
