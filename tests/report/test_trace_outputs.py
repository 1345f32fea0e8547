"""Trace outputs (JSON Lines, CSV, Parquet): the same rows in each, metadata passed through,
written a batch at a time (metadata asked for per batch, never for the whole trace)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from newstrace.errors import ConfigError
from newstrace.records import Edge, Family, Relation, SharedSpan, Span
from newstrace.report.trace import (
    BATCH,
    EDGE_COLUMNS,
    FAMILY_COLUMNS,
    SCHEMA,
    MetaTexts,
    edge_fields,
    render_jsonl,
    write_trace,
)


def _edge(k: int) -> Edge:
    spans = (SharedSpan(Span(0, 10 + k), Span(3, 13 + k)),)
    return Edge(f"s{k % 7}", f"d{k}", Relation.REWRITE, 0.5, "published: earlier", ("lsh",), spans)


def edge_row(edge: Edge, meta: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The row an edge must become: its fields, then both articles' metadata ({} if none)."""
    return {
        "record": "edge",
        "schema": SCHEMA,
        **edge_fields(edge),
        "source_meta": dict(meta.get(edge.source, {})),
        "derived_meta": dict(meta.get(edge.derived, {})),
    }


FAMILY = Family("f1", ("s0", "d0"), "s0", (("s0", "2020-01-02"), ("d0", None)))


class Metas:
    """A metadata source that records what it was asked (articles ``d3`` are unknown)."""

    def __init__(self) -> None:
        self.asked: list[Sequence[str]] = []

    def __call__(self, ids: Sequence[str]) -> Mapping[str, Mapping[str, Any]]:
        self.asked.append(ids)
        return {x: {"outlet": f"o-{x}", "desk": "ünï"} for x in ids if x != "d3"}


def test_every_row_has_its_columns_in_order() -> None:
    assert tuple(json.loads(next(render_jsonl([_edge(1)], [], Metas())))) == EDGE_COLUMNS
    rows = list(render_jsonl([], [FAMILY], Metas()))
    assert tuple(json.loads(rows[0])) == FAMILY_COLUMNS


def test_metadata_is_asked_for_a_batch_at_a_time() -> None:
    metas = Metas()
    made = 0

    def edges() -> Iterator[Edge]:
        nonlocal made
        for k in range(2 * BATCH + 1):
            made += 1
            yield _edge(k)

    lines = render_jsonl(edges(), [], metas)
    first = json.loads(next(lines))
    assert made == BATCH and len(metas.asked) == 1  # one batch made, not the whole trace
    assert first["derived_meta"] == {"outlet": "o-d0", "desk": "ünï"}
    rest = [json.loads(line) for line in lines]
    assert len(rest) == 2 * BATCH and len(metas.asked) == 3
    assert all(len(ids) == len(set(ids)) <= 2 * BATCH for ids in metas.asked)
    assert sum(len(ids) for ids in metas.asked) == 2 * BATCH + 1 + 7  # each source once
    assert rest[2]["derived_meta"] == {}  # d3: not in the index any more


def test_json_lines_spell_each_row_as_the_encoder_does() -> None:
    """The metadata texts are encoded once an article and put in place: the same characters
    as encoding each whole row (odd metadata included: nested, non-ASCII, quotes)."""
    edges = [_edge(k) for k in range(BATCH + 3)]

    def metas(ids: Sequence[str]) -> Mapping[str, Mapping[str, Any]]:
        odd = {"title": 'say "ünï"\n', "tags": ["a", {"b": None}], "n": 1.5}
        return {x: odd if x.startswith("s") else {"outlet": x} for x in ids if x != "d3"}

    lines = list(render_jsonl(edges, [], metas))
    meta = metas([x for e in edges for x in (e.source, e.derived)])
    assert lines == [json.dumps(edge_row(e, meta), ensure_ascii=False) + "\n" for e in edges]


def test_each_article_s_metadata_is_asked_for_once_while_it_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    metas = Metas()
    texts = MetaTexts(metas)
    assert texts(["s1", "d3"]) == {"s1": '{"outlet": "o-s1", "desk": "ünï"}', "d3": "{}"}
    texts(["s1", "s2"])
    assert metas.asked == [["s1", "d3"], ["s2"]]
    monkeypatch.setattr(MetaTexts, "KEEP", 3)
    # Over the bound: only what this batch asks for stays, and it all comes back, s2 too (the
    # metadata cache this replaced forgot the articles it already held: at 1M, 31,776 edges
    # were written with an empty source_meta).
    assert set(texts(["s2", "s4", "s5"])) == {"s2", "s4", "s5"}
    assert metas.asked[-1] == ["s4", "s5"]
    texts(["s1"])
    assert metas.asked[-1] == ["s1"]


def _read(fmt: str, out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        return [r for r in rows if r["record"] == "edge"], [
            r for r in rows if r["record"] != "edge"
        ]
    sibling = out.with_name(f"{out.stem}.families{out.suffix}")
    if fmt == "csv":
        read = [list(csv.DictReader(p.open(encoding="utf-8", newline=""))) for p in (out, sibling)]
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        read = [pq.read_table(p).to_pylist() for p in (out, sibling)]
    nested = {"channels", "shared_spans", "source_meta", "derived_meta", "members", "timeline"}
    for row in (r for rows in read for r in rows):
        row.update({k: json.loads(v) for k, v in row.items() if k in nested})
        row.update({k: float(v) for k, v in row.items() if k == "score"})
        row.update({k: v or None for k, v in row.items() if k == "earliest"})
    return read[0], read[1]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_each_format_holds_the_same_rows(fmt: str, tmp_path: Path) -> None:
    edges = [_edge(k) for k in range(5)]
    out = tmp_path / f"trace.{fmt}"
    written = write_trace(iter(edges), iter([FAMILY]), Metas(), fmt, out)
    assert written[0] == out and all(p.is_file() for p in written)
    edge_back, families_back = _read(fmt, out)
    meta = Metas()([x for e in edges for x in (e.source, e.derived)])
    assert edge_back == [edge_row(e, meta) for e in edges]
    assert edge_back[3]["derived_meta"] == {} and edge_back[0]["source_meta"]["desk"] == "ünï"
    assert edge_back[0]["shared_spans"] == [{"source": [0, 10], "derived": [3, 13]}]
    assert families_back == [json.loads(next(render_jsonl([], [FAMILY], Metas())))]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_empty_trace_still_names_its_columns(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"trace.{fmt}"
    write_trace([], [], Metas(), fmt, out)
    if fmt == "csv":
        assert out.read_text(encoding="utf-8").strip() == ",".join(EDGE_COLUMNS)
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        table = pq.read_table(out)
        assert table.num_rows == 0 and tuple(table.column_names) == EDGE_COLUMNS
        assert str(table.schema.field("score").type) == "double"


def test_an_unknown_format_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'xml'.*jsonl, csv, parquet"):
        write_trace([], [], Metas(), "xml", tmp_path / "trace.xml")
