"""Index statistics and run reports as text (for people) or JSON (for programs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

from newstrace.errors import ConfigError
from newstrace.index.base import IndexStats
from newstrace.index.build import AddReport

STATS_SCHEMA = "newstrace.index-stats/1"


def stats_json(stats: IndexStats) -> str:
    return json.dumps({"schema": STATS_SCHEMA, **asdict(stats)}, ensure_ascii=False, indent=2)


def stats_text(stats: IndexStats) -> str:
    rejected = sum(stats.rejects.values())
    lines = [
        f"articles     {stats.articles}",
        f"rejected     {rejected}{_counts(stats.rejects)}",
        f"languages    {_listing(stats.languages)}",
        f"top outlets  {_listing(stats.outlets)}",
        f"published    {stats.published_first or '?'} .. {stats.published_last or '?'}",
        f"file size    {stats.file_bytes / 1_000_000:.1f} MB",
        *(f"setting      {key} = {value}" for key, value in stats.settings.items()),
    ]
    return "\n".join(lines) + "\n"


STATS_FORMATS: dict[str, Callable[[IndexStats], str]] = {"text": stats_text, "json": stats_json}


def render_stats(stats: IndexStats, fmt: str) -> str:
    """``stats`` in ``fmt`` (text or json); ``ConfigError`` naming the formats for another."""
    if fmt not in STATS_FORMATS:
        raise ConfigError(f"format {fmt!r} is not known; use one of {', '.join(STATS_FORMATS)}")
    return STATS_FORMATS[fmt](stats)


def add_text(report: AddReport, index: str) -> str:
    rejected = sum(report.rejected.values())
    return (
        f"added {report.added} articles to {index}, skipped {report.skipped_existing} already "
        f"indexed, rejected {rejected}{_counts(report.rejected)} "
        f"in {report.seconds:.1f} s ({report.articles_per_second:.0f} articles/s)\n"
    )


def _listing(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items()) or "-"


def _counts(counts: dict[str, int]) -> str:
    if not counts:
        return ""
    return f" ({_listing(counts)})"
