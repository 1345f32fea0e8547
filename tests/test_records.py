"""Records pickle as their fields; unpickled edges share their repeated strings."""

from __future__ import annotations

import pickle

from newstrace.records import Edge, Relation, SharedSpan, Span


def _edge(k: int, why: str) -> Edge:
    spans = (SharedSpan(Span(0, 10 + k), Span(5, 15 + k)),)
    return Edge(f"src-{k % 2}", f"der-{k}", Relation.REWRITE, 0.5 + k / 100, why, ("lsh",), spans)


def test_edges_survive_pickling_and_share_what_repeats() -> None:
    made = [_edge(k, f"coverage asymmetry: 0.{k % 3}") for k in range(12)]
    back = pickle.loads(pickle.dumps(made, pickle.HIGHEST_PROTOCOL))
    assert back == made
    again = pickle.loads(pickle.dumps(made))  # another chunk from another worker
    assert again == made
    for first, second in zip(back, again, strict=True):
        assert first.source is second.source and first.derived is second.derived
        assert first.direction_evidence is second.direction_evidence
        assert first.channels is second.channels
    assert len({id(e.direction_evidence) for e in back + again}) == 3
    assert len({id(e.source) for e in back + again}) == 2
