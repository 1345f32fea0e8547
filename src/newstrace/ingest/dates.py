"""Publication dates to ISO-8601: ``YYYY-MM-DD``, or a full timestamp when the input has a time.

Standard library only, on purpose: ``dateparser`` reads many languages but took 7.6 s to give
up on "yesterday" (it tries every locale), which a hostile corpus could repeat per record.
Slash dates are read year first (``2003/06/16``) only: ``03/04/2003`` is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from newstrace.ingest.source import Refusal
from newstrace.records import RejectReason

# strptime formats, tried in order; the flag says whether the format carries a time of day.
_FORMATS = (
    ("%Y/%m/%d", False),
    ("%Y.%m.%d", False),
    ("%d.%m.%Y", False),
    ("%B %d, %Y", False),
    ("%B %d %Y", False),
    ("%b %d, %Y", False),
    ("%b %d %Y", False),
    ("%d %B %Y", False),
    ("%d %b %Y", False),
    ("%A, %B %d, %Y", False),
    ("%a, %b %d, %Y", False),
    ("%Y/%m/%d %H:%M:%S", True),
    ("%Y/%m/%d %H:%M", True),
    ("%d.%m.%Y %H:%M", True),
    ("%B %d, %Y %H:%M", True),
    ("%b %d, %Y %H:%M", True),
)
_ABBREVIATION_DOT = re.compile(r"(?<=[A-Za-z])\.")
_SEPT = re.compile(r"\bSept\b", re.I)


def normalize_date(value: object, field: str = "published") -> str | None:
    """Return the ISO-8601 form of a record's date, None when absent, or refuse it (BAD_DATE)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):  # datetime is a date too; Parquet gives both
        return value.isoformat()
    if not isinstance(value, str):
        raise Refusal(
            RejectReason.BAD_DATE,
            f"{field} must be a date string, not {type(value).__name__} {value!r:.40}",
        )
    parsed = parse_date(value.strip())
    if parsed is None:
        raise Refusal(
            RejectReason.BAD_DATE,
            f"{field} {value[:80]!r} is not a date newstrace can read; use ISO-8601 "
            "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM)",
        )
    return parsed


def parse_date(text: str) -> str | None:
    """The ISO-8601 form of ``text``, or None when no known format reads it."""
    for parser in _PARSERS:
        if parsed := parser(text):
            return parsed
    return None


def _iso_date(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _iso_datetime(text: str) -> str | None:
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _formats(text: str) -> str | None:
    cleaned = _SEPT.sub("Sep", _ABBREVIATION_DOT.sub("", text))
    for fmt, has_time in _FORMATS:
        try:
            moment = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return moment.isoformat() if has_time else moment.date().isoformat()
    return None


def _rfc2822(text: str) -> str | None:
    """E-mail and RSS dates: ``Mon, 16 Jun 2003 10:00:00 +0000``."""
    if ":" not in text:
        return None
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


_PARSERS: tuple[Callable[[str], str | None], ...] = (_iso_date, _iso_datetime, _formats, _rfc2822)
