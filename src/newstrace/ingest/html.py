"""HTML to main text with trafilatura, keeping title, date and author as metadata.

Hostile pages (scripts, iframes, 5,000 nested ``div``s, entity tricks) never crash the
extraction: trafilatura leaves scripts, styles and frames out, and the HTML parser (libxml2)
stops reading below 255 levels of nesting, so the text of a page nested deeper is lost and
the page is refused with that reason. Any parser error becomes an ``InputError``.
"""

from __future__ import annotations

import functools
import importlib
import re
from types import ModuleType
from typing import Any

from newstrace.errors import InputError
from newstrace.records import ArticleMeta

_HTML_SNIFF = re.compile(
    r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article|p|div)\b", re.I | re.S
)
PARSER_MAX_DEPTH = 255
"""libxml2's element nesting limit (without its 'huge' option): deeper content is dropped."""


@functools.cache
def _module(name: str) -> ModuleType:
    """trafilatura (or lxml), imported on the first page: it was half the CLI's start-up time."""
    return importlib.import_module(name)


@functools.cache
def _parse_errors() -> tuple[type[BaseException], ...]:
    lxml_error: type[BaseException] = _module("lxml.etree").LxmlError
    return (ValueError, TypeError, LookupError, RecursionError, lxml_error)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2048]))


def extract_html(markup: str, origin: str) -> tuple[str, ArticleMeta]:
    """Return the main text and metadata of an HTML page, or raise ``InputError``."""
    try:
        doc = _module("trafilatura").bare_extraction(
            markup, include_comments=False, with_metadata=True, favor_precision=False
        )
    except _parse_errors() as err:
        raise InputError(
            f"{origin}: the HTML cannot be parsed ({type(err).__name__}: {_short(err)})"
        ) from err
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML; {_why_empty(markup)}")
    meta = ArticleMeta(
        title=getattr(doc, "title", None),
        author=getattr(doc, "author", None),
        published=getattr(doc, "date", None),
        url=getattr(doc, "url", None),
        outlet=getattr(doc, "sitename", None),
    )
    return str(text), meta


def _why_empty(markup: str) -> str:
    """The likely reason a page gave no text: nesting past the parser's limit, or no article."""
    try:
        tree = _module("trafilatura.utils").load_html(markup)
    except _parse_errors():
        tree = None
    if tree is not None and _depth(tree) >= PARSER_MAX_DEPTH:
        return (
            f"its elements nest deeper than {PARSER_MAX_DEPTH} levels, where the HTML parser "
            "stops reading (a page built to break parsers?)"
        )
    return "is it an article page?"


def _depth(tree: Any) -> int:
    """The deepest element's nesting level, walking parents' levels once (no recursion)."""
    levels: dict[Any, int] = {}
    deepest = 0
    for element in tree.iter():
        level = levels.get(element.getparent(), 0) + 1
        levels[element] = level
        deepest = max(deepest, level)
    return deepest


def _short(err: BaseException) -> str:
    return " ".join(str(err).split())[:160] or "no detail"
