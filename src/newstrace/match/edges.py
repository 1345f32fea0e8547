"""A trace's edges held as columns, not objects: what bounds its memory at corpus scale.

The trace's parent receives every verified edge from its workers. As ``Edge`` objects (ids,
score, direction text, channels, shared spans as ``SharedSpan``/``Span`` objects) that was
~500 bytes an edge plus ~100 a shared span: at 300k articles ~1.3 million edges, most of a
gigabyte. Here an edge is ~34 bytes of typed arrays (rows into the corpus ids, codes into
tables of the few distinct relation, direction-text and channel values, score) and a shared
span 16; ``EdgeTable`` is a ``Sequence[Edge]`` that builds each ``Edge`` when it is read, equal
to the one that was added.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from newstrace.match.rows import RowSequence
from newstrace.records import Edge, Relation, SharedSpan, Span

_RELATIONS = list(Relation)
_RELATION_CODE = {relation: code for code, relation in enumerate(_RELATIONS)}


T = TypeVar("T")


class _Codes(Generic[T]):
    """Distinct values and their codes (direction texts: ~1,600 in 370k edges)."""

    def __init__(self) -> None:
        self.values: list[T] = []
        self._code: dict[T, int] = {}

    def code(self, value: T) -> int:
        found = self._code.get(value)
        if found is None:
            found = self._code[value] = len(self.values)
            self.values.append(value)
        return found


class EdgeTable(RowSequence[Edge]):
    """Edges of one corpus (``ids``: its article ids by row), in the order of their positions.

    ``add`` takes each edge with its candidate pair (rows) and the pair's position in the
    trace's candidate list, in any order (workers finish chunks out of order); ``finish``
    sorts them by position, so the table reads the same however many workers verified it."""

    def __init__(self, ids: Sequence[str]) -> None:
        self._ids = ids
        self._position = array("q")
        self._source = array("i")
        self._derived = array("i")
        self._relation = array("B")
        self._score = array("d")
        self._evidence = array("I")
        self._channels = array("H")
        self._span_end = array("q")
        self._spans = array("i")
        self._texts: _Codes[str] = _Codes()
        self._combos: _Codes[tuple[str, ...]] = _Codes()

    def add(self, position: int, pair: tuple[int, int], edge: Edge) -> None:
        a, b = pair
        flipped = self._ids[a] != edge.source
        self._position.append(position)
        self._source.append(b if flipped else a)
        self._derived.append(a if flipped else b)
        self._relation.append(_RELATION_CODE[edge.relation])
        self._score.append(edge.score)
        self._evidence.append(self._texts.code(edge.direction_evidence))
        self._channels.append(self._combos.code(edge.channels))
        for shared in edge.shared_spans:
            self._spans.extend((*_ends(shared.source), *_ends(shared.derived)))
        self._span_end.append(len(self._spans) // 4)

    def extend(self, part: EdgeTable, positions: npt.NDArray[np.int64]) -> None:
        """Add every edge of ``part``, a table of the same corpus made elsewhere (a worker's
        chunk), its position ``k`` becoming ``positions[k]`` here. A worker sends its chunk's
        edges as these few arrays: as ``Edge`` objects, pickling them (each span an object)
        and adding them one by one here was a tenth of verifying."""
        at = np.frombuffer(part._position, dtype=np.int64)
        self._position.frombytes(positions[at].astype(np.int64).tobytes())
        for mine, theirs in (
            (self._source, part._source),
            (self._derived, part._derived),
            (self._relation, part._relation),
            (self._score, part._score),
        ):
            mine.frombytes(theirs.tobytes())
        _extend_codes(self._evidence, part._evidence, self._texts, part._texts)
        _extend_codes(self._channels, part._channels, self._combos, part._combos)
        ends = np.frombuffer(part._span_end, dtype=np.int64) + len(self._spans) // 4
        self._span_end.frombytes(ends.tobytes())
        self._spans.frombytes(part._spans.tobytes())

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the corpus ids (a worker's chunk: the receiver has them)."""
        return {k: v for k, v in self.__dict__.items() if k != "_ids"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._ids = ()

    def finish(self) -> EdgeTable:
        """Put the edges in position order (a stable sort: equal positions keep their order)."""
        order = np.argsort(np.frombuffer(self._position, dtype=np.int64), kind="stable")
        ends = np.frombuffer(self._span_end, dtype=np.int64)
        starts = np.concatenate(([0], ends[:-1]))
        counts = (ends - starts)[order]
        rows = np.repeat(starts[order] - np.cumsum(counts) + counts, counts)
        rows += np.arange(len(rows), dtype=np.int64)
        spans = np.frombuffer(self._spans, dtype=np.int32).reshape(-1, 4)[rows]
        columns = (self._position, self._source, self._derived, self._relation)
        for column in (*columns, self._evidence, self._channels):
            _reorder(column, order)
        _reorder(self._score, order)
        self._span_end = array("q", np.cumsum(counts).tobytes())
        self._spans = array("i", spans.astype(np.int32).tobytes())
        return self

    def __len__(self) -> int:
        return len(self._source)

    def _item(self, k: int) -> Edge:
        start, end = (self._span_end[k - 1] if k else 0), self._span_end[k]
        flat = self._spans[4 * start : 4 * end]
        spans = tuple(
            SharedSpan(Span(flat[x], flat[x + 1]), Span(flat[x + 2], flat[x + 3]))
            for x in range(0, len(flat), 4)
        )
        return Edge(
            self._ids[self._source[k]],
            self._ids[self._derived[k]],
            _RELATIONS[self._relation[k]],
            self._score[k],
            self._texts.values[self._evidence[k]],
            self._combos.values[self._channels[k]],
            spans,
        )


def _extend_codes(
    mine: array[int], theirs: array[int], my_values: _Codes[T], their_values: _Codes[T]
) -> None:
    """Append ``theirs``, codes into ``their_values``, as codes into ``my_values``."""
    recode = np.array([my_values.code(v) for v in their_values.values], dtype=np.int64)
    codes = np.frombuffer(theirs, dtype=np.dtype(theirs.typecode)).astype(np.int64)
    mine.frombytes(recode[codes].astype(np.dtype(mine.typecode)).tobytes())


def _ends(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _reorder(column: array[int] | array[float], order: npt.NDArray[np.intp]) -> None:
    """``column`` rearranged in place into ``order``."""
    values = np.frombuffer(column, dtype=np.dtype(column.typecode))[order]
    column[:] = array(column.typecode, values.tobytes())
