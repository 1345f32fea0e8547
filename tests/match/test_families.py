"""Families: derivation edges connect, same-story links do not; timelines run source first."""

from __future__ import annotations

import itertools

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


def test_the_longest_chain_decides_and_a_cycle_below_a_root_stays_after_it() -> None:
    # r -> x -> y and r -> y: y is two hops down (longest path), not one
    edges = [edge("r", "y"), edge("r", "x"), edge("x", "y"), edge("y", "c1"), edge("c1", "y")]
    (family,) = build_families(edges, {})
    assert [m for m, _ in family.timeline] == ["r", "x", "y", "c1"]


def test_a_long_chain_with_many_cycles_starts_at_its_root() -> None:
    # 3,000 articles chained, every link but the first also reversed (undecided directions);
    # the relaxation this replaced ran up to len(edges) rounds over every edge here
    chain = [f"a{k:05d}" for k in range(3000)]
    edges = [edge(chain[0], chain[1])]
    for a, b in itertools.pairwise(chain[1:]):
        edges += [edge(a, b), edge(b, a)]
    (family,) = build_families(edges, {})
    assert family.earliest == chain[0] and len(family.members) == 3000
