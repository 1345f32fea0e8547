"""HTML to main text with trafilatura, keeping title, date and author as metadata."""

from __future__ import annotations

import re

import trafilatura

from newstrace.errors import InputError
from newstrace.records import ArticleMeta

_HTML_SNIFF = re.compile(
    r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article|p|div)\b", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2048]))


def extract_html(markup: str, origin: str) -> tuple[str, ArticleMeta]:
    """Return the main text and metadata of an HTML page, or raise ``InputError``."""
    doc = trafilatura.bare_extraction(
        markup, include_comments=False, with_metadata=True, favor_precision=False
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML; is it an article page?")
    meta = ArticleMeta(
        title=getattr(doc, "title", None),
        author=getattr(doc, "author", None),
        published=getattr(doc, "date", None),
        url=getattr(doc, "url", None),
        outlet=getattr(doc, "sitename", None),
    )
    return str(text), meta
