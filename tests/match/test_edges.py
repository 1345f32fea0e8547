"""EdgeTable: edges held as columns read back equal to the edges added, in position order,
whether added here or in chunks made by workers."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.match.edges import EdgeTable
from newstrace.records import Edge, Relation, SharedSpan, Span

IDS = [f"article-{k}" for k in range(6)]

spans = st.builds(
    SharedSpan,
    st.builds(Span, st.integers(0, 10**6), st.integers(0, 10**6)),
    st.builds(Span, st.integers(0, 10**6), st.integers(0, 10**6)),
)


@st.composite
def added(draw: st.DrawFn) -> tuple[int, tuple[int, int], Edge]:
    a, b = draw(st.lists(st.integers(0, len(IDS) - 1), min_size=2, max_size=2, unique=True))
    flipped = draw(st.booleans())
    edge = Edge(
        IDS[b] if flipped else IDS[a],
        IDS[a] if flipped else IDS[b],
        draw(st.sampled_from(list(Relation))),
        draw(st.floats(0, 1)),
        draw(st.sampled_from(["published", "undecided: corpus order kept", "coverage 0.75"])),
        draw(st.sampled_from([("lsh",), ("embedding", "keys"), ("lsh", "embedding")])),
        tuple(draw(st.lists(spans, max_size=4))),
    )
    return draw(st.integers(0, 50)), (a, b), edge


@settings(max_examples=200, deadline=None)
@given(st.lists(added(), max_size=25))
def test_edges_read_back_equal_in_position_order(
    rows: list[tuple[int, tuple[int, int], Edge]],
) -> None:
    table = EdgeTable(IDS)
    for position, pair, edge in rows:
        table.add(position, pair, edge)
    table.finish()
    expected = [edge for _, _, edge in sorted(rows, key=lambda row: row[0])]  # stable
    assert list(table) == expected
    assert len(table) == len(expected)
    assert table[:] == expected
    if expected:
        assert table[-1] == expected[-1] and table[0] == expected[0]


def test_reading_past_the_end_raises_index_error() -> None:
    table = EdgeTable(IDS).finish()
    with pytest.raises(IndexError):
        table[0]


def test_edges_added_out_of_order_by_many_workers_read_as_one_serial_run() -> None:
    rng = random.Random(3)
    edges = [
        Edge(IDS[k % 6], IDS[(k + 1) % 6], Relation.REWRITE, k / 100, "x", ("lsh",), ())
        for k in range(100)
    ]
    positions = list(range(100))
    rng.shuffle(positions)
    table = EdgeTable(IDS)
    for position in positions:
        table.add(position, (position % 6, (position + 1) % 6), edges[position])
    assert list(table.finish()) == edges


@settings(max_examples=200, deadline=None)
@given(st.lists(added(), max_size=25), st.integers(1, 6), st.randoms(use_true_random=False))
def test_chunks_made_elsewhere_read_back_as_if_added_here(
    rows: list[tuple[int, tuple[int, int], Edge]], size: int, shuffle: random.Random
) -> None:
    """A worker's chunk (pickled, without the corpus ids) put in place gives the same table as
    adding its edges here, whatever order the chunks come back in (an item has one position)."""
    unique = shuffle.sample(range(2 * len(rows)), len(rows))
    rows = [(at, pair, edge) for at, (_, pair, edge) in zip(unique, rows, strict=True)]
    direct = EdgeTable(IDS)
    for position, pair, edge in rows:
        direct.add(position, pair, edge)
    chunks = [rows[start : start + size] for start in range(0, len(rows), size)]
    shuffle.shuffle(chunks)
    table = EdgeTable(IDS)
    for chunk in chunks:
        part = EdgeTable(IDS)
        for k, (_, pair, edge) in enumerate(chunk):
            part.add(k, pair, edge)
        sent = pickle.loads(pickle.dumps(part))
        assert "_ids" not in part.__getstate__()
        table.extend(sent, np.array([position for position, _, _ in chunk], dtype=np.int64))
    assert list(table.finish()) == list(direct.finish())
