"""Trace results as JSON Lines, CSV or Parquet (edges and families, metadata passed through).

JSON Lines: one object per line, ``"record": "edge"`` or ``"record": "family"``; CSV and
Parquet: the edges in the named file and the families beside it (``<stem>.families.<ext>``).
Schema name: ``newstrace.trace/1``.

Every writer streams: rows are made a batch at a time, and the pass-through metadata of a
batch's articles is asked for only then (``MetaOf``; ``MetaTexts`` keeps it, encoded, for the
articles' later edges, within a bound), so writing a corpus-scale trace holds one batch of
rows, never all of them (a row with its metadata is ~1-2 KB: 1.5 million edges were ~2 GB as
a list of dicts).
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar

from newstrace.errors import ConfigError, MissingExtraError
from newstrace.records import Edge, Family

SCHEMA = "newstrace.trace/1"
TRACE_FORMATS = ("jsonl", "csv", "parquet")
Meta = Mapping[str, Mapping[str, Any]]
MetaOf = Callable[[Sequence[str]], Meta]
"""The pass-through metadata of a batch of article ids (those an index no longer holds are
left out: their rows get ``{}``)."""
Row = dict[str, Any]
Written = Callable[[int], None]
"""Told the number of edges written so far (a long trace's progress)."""
BATCH = 4096
"""Rows made (and metadata asked for) at a time."""
EDGE_COLUMNS = (
    "record",
    "schema",
    "source",
    "derived",
    "relation",
    "score",
    "direction_evidence",
    "channels",
    "shared_spans",
    "source_meta",
    "derived_meta",
)
FAMILY_COLUMNS = ("record", "schema", "family", "members", "earliest", "timeline")
_NUMBERS = frozenset({"score"})
"""Columns that are numbers in Parquet (every other column is a string; lists and objects
are JSON text in CSV and Parquet)."""
T = TypeVar("T")
_JSON = json.JSONEncoder(ensure_ascii=False)
"""One encoder for every value: ``json.dumps(..., ensure_ascii=False)`` builds a new encoder
per call, a third of the time of flattening a 368k-edge trace for Parquet (11.6 -> 7.9 s)."""


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (``itertools.batched`` from Python 3.12)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _batches(
    edges: Iterable[Edge], meta_of: Callable[[Sequence[str]], T], written: Written | None
) -> Iterator[tuple[list[Edge], T]]:
    """``edges`` a batch at a time with ``meta_of`` its articles; ``written`` told the edges
    done once each batch has been used."""
    done = 0
    for batch in batched(edges):
        yield batch, meta_of(sorted({x for edge in batch for x in (edge.source, edge.derived)}))
        done += len(batch)
        if written is not None:
            written(done)


def _edge_head(edge: Edge) -> Row:
    """An edge's row without its two metadata columns (which are its last two)."""
    return {"record": "edge", "schema": SCHEMA, **edge_fields(edge)}


class MetaTexts:
    """Each article's pass-through metadata as JSON text, encoded once for all its edges.

    An article is in ~10 edges of a corpus trace (1M articles, 5M edges), and its metadata was
    encoded for each (and for CSV and Parquet, copied and flattened once more per row). Writing
    the 100k scale trace's 367,726 edges, the same bytes: Parquet 8.9-9.4 -> 4.6 s, CSV 7.6 ->
    6.1 s, JSON Lines 4.6 -> 4.1 s. Up to ``KEEP`` articles are kept between batches (~100-500
    bytes each); ``meta_of`` is asked only for the others."""

    KEEP = 1 << 17

    def __init__(self, meta_of: MetaOf) -> None:
        self._meta_of = meta_of
        self._texts: dict[str, str] = {}

    def __call__(self, ids: Sequence[str]) -> Mapping[str, str]:
        missing = [x for x in ids if x not in self._texts]
        if missing:
            if len(self._texts) + len(missing) > self.KEEP:
                self._texts = {x: self._texts[x] for x in ids if x in self._texts}
            found = self._meta_of(missing)
            self._texts.update((x, _JSON.encode(dict(found.get(x, {})))) for x in missing)
        return self._texts


def _edge_lines(
    edges: Iterable[Edge], meta_of: MetaOf, written: Written | None = None
) -> Iterator[str]:
    """Each edge's row (``EDGE_COLUMNS``: its fields, then its two articles' metadata) as a
    JSON line: the row without the metadata is encoded and the metadata texts of
    ``MetaTexts`` are put in place (the same characters as encoding the whole row)."""
    for batch, texts in _batches(edges, MetaTexts(meta_of), written):
        for edge in batch:
            head = _JSON.encode(_edge_head(edge))[:-1]
            yield (
                f'{head}, "source_meta": {texts[edge.source]}, '
                f'"derived_meta": {texts[edge.derived]}}}\n'
            )


def _flat_edge_rows(
    edges: Iterable[Edge], meta_of: MetaOf, written: Written | None = None
) -> Iterator[Row]:
    """Each edge's row (``EDGE_COLUMNS``) flattened (``_flat``), its metadata texts from
    ``MetaTexts``."""
    for batch, texts in _batches(edges, MetaTexts(meta_of), written):
        for edge in batch:
            row = _flat(_edge_head(edge))
            row["source_meta"], row["derived_meta"] = texts[edge.source], texts[edge.derived]
            yield row


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


def family_row(family: Family) -> Row:
    return {
        "record": "family",
        "schema": SCHEMA,
        "family": family.family,
        "members": list(family.members),
        "earliest": family.earliest,
        "timeline": [{"id": i, "published": p} for i, p in family.timeline],
    }


def render_jsonl(
    edges: Iterable[Edge],
    families: Iterable[Family],
    meta_of: MetaOf,
    written: Written | None = None,
) -> Iterator[str]:
    return itertools.chain(_edge_lines(edges, meta_of, written), _lines(map(family_row, families)))


def _lines(rows: Iterable[Row]) -> Iterator[str]:
    """JSON Lines: one object a line."""
    return (_JSON.encode(row) + "\n" for row in rows)


def write_trace(
    edges: Iterable[Edge],
    families: Iterable[Family],
    meta_of: MetaOf,
    fmt: str,
    out: Path,
    written: Written | None = None,
) -> list[Path]:
    """Write the trace to ``out`` (and a families file beside it for CSV/Parquet)."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ConfigError(
            f"trace format {fmt!r} is not known; use one of {', '.join(TRACE_FORMATS)}"
        )
    return writer(TraceOutput(edges, families, meta_of, written), out)


@dataclass(frozen=True, slots=True)
class TraceOutput:
    """What a trace writer writes: the edges with their articles' metadata, the families."""

    edges: Iterable[Edge]
    families: Iterable[Family]
    meta_of: MetaOf
    written: Written | None

    def flat_edges(self) -> Iterator[Row]:
        return _flat_edge_rows(self.edges, self.meta_of, self.written)

    def flat_families(self) -> Iterator[Row]:
        return (_flat(family_row(family)) for family in self.families)


def _flat(row: Row) -> Row:
    """Nested values become JSON strings so CSV/Parquet columns stay scalar."""
    return {k: _JSON.encode(v) if isinstance(v, list | dict) else v for k, v in row.items()}


def _write_jsonl(trace: TraceOutput, out: Path) -> list[Path]:
    with out.open("w", encoding="utf-8") as handle:
        handle.writelines(render_jsonl(trace.edges, trace.families, trace.meta_of, trace.written))
    return [out]


def _write_csv(trace: TraceOutput, out: Path) -> list[Path]:
    sibling = _sibling(out)
    with out.open("w", encoding="utf-8", newline="") as handle:
        write_csv(trace.flat_edges(), EDGE_COLUMNS, handle)
    with sibling.open("w", encoding="utf-8", newline="") as handle:
        write_csv(trace.flat_families(), FAMILY_COLUMNS, handle)
    return [out, sibling]


def write_csv(rows: Iterable[Row], columns: Sequence[str], handle: TextIO) -> None:
    """Flat ``rows`` (``_flat``) as CSV with a header of ``columns`` (written even when there
    is no row)."""
    writer = csv.DictWriter(handle, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)


def _write_parquet(trace: TraceOutput, out: Path) -> list[Path]:
    sibling = _sibling(out)
    write_parquet(trace.flat_edges(), EDGE_COLUMNS, out)
    write_parquet(trace.flat_families(), FAMILY_COLUMNS, sibling)
    return [out, sibling]


def write_parquet(rows: Iterable[Row], columns: Sequence[str], path: Path) -> None:
    """Flat ``rows`` (``_flat``) as a Parquet file of ``columns``, a row group per batch
    (bounded memory)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("pyarrow", "parquet", "Parquet output") from exc
    types = {name: pa.float64() if name in _NUMBERS else pa.string() for name in columns}
    schema = pa.schema(list(types.items()))
    with pq.ParquetWriter(path, schema) as writer:
        writer.write_table(schema.empty_table())  # a file with its columns even when empty
        for batch in batched(rows):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def _sibling(out: Path) -> Path:
    return out.with_name(f"{out.stem}.families{out.suffix}")


_WRITERS: dict[str, Callable[[TraceOutput, Path], list[Path]]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "parquet": _write_parquet,
}
