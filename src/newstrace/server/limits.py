"""Request limits as ASGI middleware: body size (413) and wall time (408), both named.

The size check counts the bytes as they arrive, so a chunked upload without Content-Length
is cut off too; nothing past the limit is read.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(Exception):
    pass


class LimitsMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, timeout_s: float) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await _error(send, 413, self._too_large(declared))
            return
        state = {"started": False, "over": False}

        async def tracked_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
                if state["over"]:  # the app saw a cut body (FastAPI says 400): say why
                    await _error(send, 413, self._too_large(None))
                    return
            if not state["over"]:
                await send(message)

        try:
            await asyncio.wait_for(
                self.app(scope, self._counting(receive, state), tracked_send), self.timeout_s
            )
        except BodyTooLarge:
            if not state["started"]:
                await _error(send, 413, self._too_large(None))
        except TimeoutError:
            if not state["started"]:
                detail = f"the request took longer than the server's limit of {self.timeout_s:g} s"
                await _error(send, 408, f"{detail}; send a smaller pair or raise --timeout")

    def _counting(self, receive: Receive, state: dict[str, bool]) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    state["over"] = True
                    raise BodyTooLarge
            return message

        return counted

    def _too_large(self, size: int | None) -> str:
        got = f"{size:,} bytes" if size is not None else "more than that"
        return (
            f"request body too large: {got}; the limit is {self.max_body_bytes:,} bytes "
            "(raise it with newstrace serve --max-upload-mb)"
        )


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _error(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
