"""Trace results as JSON Lines, CSV or Parquet (edges and families, metadata passed through).

JSON Lines: one object per line, ``"record": "edge"`` or ``"record": "family"``; CSV and
Parquet: the edges in the named file and the families beside it (``<stem>.families.<ext>``).
Schema name: ``newstrace.trace/1``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from newstrace.errors import ConfigError, MissingExtraError
from newstrace.records import Edge, Family

SCHEMA = "newstrace.trace/1"
TRACE_FORMATS = ("jsonl", "csv", "parquet")
Meta = Mapping[str, Mapping[str, Any]]


def edge_row(edge: Edge, meta: Meta) -> dict[str, Any]:
    return {
        "record": "edge",
        "schema": SCHEMA,
        **edge_fields(edge),
        "source_meta": dict(meta.get(edge.source, {})),
        "derived_meta": dict(meta.get(edge.derived, {})),
    }


def edge_fields(edge: Edge) -> dict[str, Any]:
    """An edge as JSON-ready fields (the trace outputs and the server's API share them)."""
    return {
        "source": edge.source,
        "derived": edge.derived,
        "relation": edge.relation.value,
        "score": edge.score,
        "direction_evidence": edge.direction_evidence,
        "channels": list(edge.channels),
        "shared_spans": [
            {"source": [s.source.start, s.source.end], "derived": [s.derived.start, s.derived.end]}
            for s in edge.shared_spans
        ],
    }


def family_row(family: Family) -> dict[str, Any]:
    return {
        "record": "family",
        "schema": SCHEMA,
        "family": family.family,
        "members": list(family.members),
        "earliest": family.earliest,
        "timeline": [{"id": i, "published": p} for i, p in family.timeline],
    }


def render_jsonl(edges: Sequence[Edge], families: Sequence[Family], meta: Meta) -> Iterator[str]:
    for edge in edges:
        yield json.dumps(edge_row(edge, meta), ensure_ascii=False) + "\n"
    for family in families:
        yield json.dumps(family_row(family), ensure_ascii=False) + "\n"


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Nested values become JSON strings so CSV/Parquet columns stay scalar."""
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        for k, v in row.items()
    }


def render_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(_flat(r) for r in rows)
    return buffer.getvalue()


def write_parquet(rows: Sequence[dict[str, Any]], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("pyarrow", "parquet", "Parquet output") from exc
    pq.write_table(pa.Table.from_pylist([_flat(r) for r in rows]), path)


def write_trace(
    edges: Sequence[Edge], families: Sequence[Family], meta: Meta, fmt: str, out: Path
) -> list[Path]:
    """Write the trace to ``out`` (and a families file beside it for CSV/Parquet)."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ConfigError(
            f"trace format {fmt!r} is not known; use one of {', '.join(TRACE_FORMATS)}"
        )
    edge_rows = [edge_row(e, meta) for e in edges]
    family_rows = [family_row(f) for f in families]
    return writer(edge_rows, family_rows, out)


def _write_jsonl(
    edges: list[dict[str, Any]], families: list[dict[str, Any]], out: Path
) -> list[Path]:
    with out.open("w", encoding="utf-8") as handle:
        for row in (*edges, *families):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return [out]


def _write_csv(
    edges: list[dict[str, Any]], families: list[dict[str, Any]], out: Path
) -> list[Path]:
    sibling = out.with_name(f"{out.stem}.families{out.suffix}")
    out.write_text(render_csv(edges), encoding="utf-8")
    sibling.write_text(render_csv(families), encoding="utf-8")
    return [out, sibling]


def _write_parquet(
    edges: list[dict[str, Any]], families: list[dict[str, Any]], out: Path
) -> list[Path]:
    sibling = out.with_name(f"{out.stem}.families{out.suffix}")
    write_parquet(edges, out)
    write_parquet(families, sibling)
    return [out, sibling]


_WRITERS: dict[str, Callable[[list[dict[str, Any]], list[dict[str, Any]], Path], list[Path]]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "parquet": _write_parquet,
}
