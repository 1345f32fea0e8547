"""The trace stored in an index: replaced whole, read back equal, empty before any trace."""

from __future__ import annotations

from pathlib import Path

from newstrace import api
from newstrace.index import SqliteStore
from newstrace.records import Edge, Family, Relation, SharedSpan, Span


def edge(source: str, derived: str, relation: Relation, score: float) -> Edge:
    spans = (SharedSpan(Span(0, 10), Span(5, 15)),)
    return Edge(source, derived, relation, score, "published", ("lsh", "keys"), spans)


EDGES = [
    edge("a", "b", Relation.REWRITE, 0.7),
    edge("a", "c", Relation.DUPLICATE, 0.95),
    edge("b", "d", Relation.SAME_STORY, 0.5),
]
FAMILIES = [Family("fam-a", ("a", "b", "c"), "a", (("a", "2020-01-01"), ("b", None), ("c", None)))]


def test_an_untraced_index_answers_empty(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "x.sqlite") as store:
        assert store.edge_page().total == 0 and store.edges_of("a") == []
        assert store.family_of("a") == (None, []) and store.edge("a", "b") is None
        assert store.trace_summary(5).relations == {}


def test_saved_trace_reads_back_and_a_new_one_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    with SqliteStore(path) as store:
        store.save_trace(EDGES, FAMILIES)
    with api.open_index(path) as store:  # read-only, as the server opens it
        page = store.edge_page(limit=2)
        assert page.total == 3 and [e.score for e in page.edges] == [0.95, 0.7]
        assert store.edge_page(Relation.REWRITE).edges == (EDGES[0],)
        assert store.edge("a", "c") == EDGES[1]
        assert set(store.edges_of("b")) == {EDGES[0], EDGES[2]}
        family, inside = store.family_of("b")
        assert family == FAMILIES[0] and set(inside) == {EDGES[0], EDGES[1]}
        summary = store.trace_summary(5)
        assert summary.relations == {"duplicate": 1, "rewrite": 1, "same_story": 1}
        assert summary.families == 1 and summary.top_sources[0].article_id == "a"
        assert store.settings["trace_edges"] == "3"
    with SqliteStore(path) as store:
        store.save_trace(EDGES[:1], [])
        assert store.edge_page().total == 1 and store.family_of("a") == (None, [])
        indexes = {
            row[0]
            for row in store.connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index'"
            )
        }
    # saving drops the lookup indexes for the insert; they must be there again after it
    assert {"edges_source", "edges_derived", "edges_relation", "family_members_article"} <= indexes
