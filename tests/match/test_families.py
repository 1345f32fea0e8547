"""Families: derivation edges connect, same-story links do not; timelines run source first."""

from __future__ import annotations

from newstrace.match.families import build_families
from newstrace.records import Edge, Relation


def edge(source: str, derived: str, relation: Relation = Relation.REWRITE) -> Edge:
    return Edge(source, derived, relation, 0.7, "coverage asymmetry", ("embedding",))


def test_same_story_links_do_not_join_families() -> None:
    families = build_families([edge("a", "b"), edge("b", "c", Relation.SAME_STORY)], {})
    assert [f.members for f in families] == [("a", "b")]


def test_undated_members_run_from_the_source_down_the_derivation_chain() -> None:
    # ids sort the other way round, so only the edges can put the source first
    edges = [edge("z-source", "m-copy"), edge("m-copy", "a-rewrite")]
    (family,) = build_families(edges, {})
    assert [m for m, _ in family.timeline] == ["z-source", "m-copy", "a-rewrite"]
    assert family.earliest == "z-source"


def test_dates_decide_before_the_chain_and_undated_come_last() -> None:
    edges = [edge("src", "b"), edge("src", "c")]
    published = {"src": "2024-01-02", "b": "2024-01-01", "c": None}
    (family,) = build_families(edges, published)
    assert [m for m, _ in family.timeline] == ["b", "src", "c"]


def test_a_cycle_of_edges_still_ends() -> None:
    (family,) = build_families([edge("a", "b"), edge("b", "a")], {})
    assert set(family.members) == {"a", "b"}
