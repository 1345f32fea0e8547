"""Render an ``Audit`` for people (text, HTML) or machines (JSON).

``render_report(audit, fmt)`` looks the format up in ``RENDERERS``; every renderer is pure
(audit in, string out) so callers decide where the result goes.
"""

from __future__ import annotations

from typing import Protocol

from newstrace.errors import ConfigError
from newstrace.records import Audit
from newstrace.report.html import render_html
from newstrace.report.json import SCHEMA_VERSION, audit_to_dict, render_json
from newstrace.report.terminal import render_summary, render_text


class Renderer(Protocol):
    def __call__(self, audit: Audit, *, color: bool = False) -> str: ...


RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "html": render_html,
}

FORMATS: tuple[str, ...] = ("text", "json", "html")

__all__ = [
    "FORMATS",
    "RENDERERS",
    "SCHEMA_VERSION",
    "audit_to_dict",
    "render_html",
    "render_json",
    "render_report",
    "render_summary",
    "render_text",
]


def render_report(audit: Audit, fmt: str, *, color: bool = False) -> str:
    """The audit rendered as ``fmt`` (one of ``FORMATS``); ``color`` only affects text.

    Raises:
        ConfigError: ``fmt`` is not a known format.
    """
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise ConfigError(f"report format {fmt!r} is not known; use one of {', '.join(FORMATS)}")
    return renderer(audit, color=color)
