"""Records pickle as their fields and come back equal."""

from __future__ import annotations

import pickle

from newstrace.records import Edge, Relation, SharedSpan, Span


def _edge(k: int, why: str) -> Edge:
    spans = (SharedSpan(Span(0, 10 + k), Span(5, 15 + k)),)
    return Edge(f"src-{k % 2}", f"der-{k}", Relation.REWRITE, 0.5 + k / 100, why, ("lsh",), spans)


def test_edges_survive_pickling() -> None:
    made = [_edge(k, f"coverage asymmetry: 0.{k % 3}") for k in range(12)]
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(made, protocol))
        assert back == made
        assert all(type(e) is Edge and type(e.relation) is Relation for e in back)
        assert [e.shared_spans for e in back] == [e.shared_spans for e in made]
