"""The public API: every shell (CLI, server) calls these functions and nothing deeper.

>>> from newstrace import api
>>> result = api.audit("China offered Hungary security help on Friday.",
...                    "China offered Hungary security help on Monday.")
>>> result.derived_findings[0].verdict.value
'changed_fact'
"""

from __future__ import annotations

from pathlib import Path

from newstrace.audit import audit_articles
from newstrace.config import Config
from newstrace.ingest import article_from_text, load_article, read_article
from newstrace.records import Article, Audit
from newstrace.report import FORMATS, render_report

__all__ = ["FORMATS", "audit", "load_article", "read_article", "render"]


def audit(
    source: Article | str | Path,
    derived: Article | str | Path,
    config: Config | None = None,
) -> Audit:
    """Audit ``derived`` against ``source``: verdict per sentence, dropped source sentences.

    ``source``/``derived`` are Articles, paths (``Path``) or article text (``str``).
    """
    config = config or Config()
    return audit_articles(
        _article(source, "source", config), _article(derived, "derived", config), config
    )


def render(audit_result: Audit, fmt: str, *, color: bool = False) -> str:
    """The audit as a ``text``, ``json`` or ``html`` report."""
    return render_report(audit_result, fmt, color=color)


def _article(value: Article | str | Path, role: str, config: Config) -> Article:
    if isinstance(value, Article):
        return value
    if isinstance(value, Path):
        return load_article(value, config=config)
    return article_from_text(value, origin=f"<{role}>")
