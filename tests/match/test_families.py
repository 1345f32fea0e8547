"""Families: dense groups of derivation edges (same-story links do not count); timelines run
source first."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.match.families import build_families
from newstrace.records import Edge, Relation


def edge(
    source: str, derived: str, relation: Relation = Relation.REWRITE, score: float = 0.7
) -> Edge:
    return Edge(source, derived, relation, score, "coverage asymmetry", ("embedding",))


def clique(prefix: str, size: int, score: float = 0.9) -> list[Edge]:
    names = [f"{prefix}{k}" for k in range(size)]
    return [edge(a, b, score=score) for a, b in itertools.combinations(names, 2)]


def test_one_weak_edge_does_not_chain_two_families() -> None:
    # connected components made this one family of eight
    edges = [*clique("a", 4), *clique("b", 4), edge("a0", "b0", score=0.5)]
    families = build_families(edges, {})
    assert [f.members for f in families] == [
        ("a0", "a1", "a2", "a3"),
        ("b0", "b1", "b2", "b3"),
    ]


def test_a_source_and_many_unlinked_pickups_stay_one_family() -> None:
    # a star is sparse (2/(n+1) of its pairs linked); its leaves join their best link's group
    edges = [edge("wire", f"pickup{k:02d}", score=0.6 + k / 100) for k in range(20)]
    (family,) = build_families(edges, {})
    assert len(family.members) == 21 and family.earliest == "wire"


def test_a_pair_below_the_resolution_is_still_a_family() -> None:
    (family,) = build_families([edge("a", "b", score=0.2)], {}, resolution=0.3)
    assert family.members == ("a", "b")


def test_families_do_not_depend_on_the_order_of_the_edges() -> None:
    edges = [*clique("a", 5, 0.6), *clique("b", 3), edge("a1", "b2", score=0.8)]
    edges += [edge("c", "a0", score=0.4), edge("c", "b0", score=0.35)]
    shuffled = edges[:]
    random.Random(7).shuffle(shuffled)
    assert build_families(shuffled, {}) == build_families(edges, {})


ids = st.sampled_from([f"n{k}" for k in range(12)])
relations = st.sampled_from([Relation.REWRITE, Relation.DUPLICATE, Relation.SAME_STORY])
scores = st.floats(0.05, 1.0)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(ids, ids, relations, scores), max_size=30))
def test_every_derivation_endpoint_is_in_exactly_one_family_of_two_or_more(
    drawn: list[tuple[str, str, Relation, float]],
) -> None:
    edges = [edge(a, b, relation, score) for a, b, relation, score in drawn if a != b]
    families = build_families(edges, {})
    members = [m for f in families for m in f.members]
    derived = {
        x for e in edges if e.relation is not Relation.SAME_STORY for x in (e.source, e.derived)
    }
    assert sorted(members) == sorted(derived)
    assert all(len(f.members) >= 2 for f in families)


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
    families = build_families(edges, {})
    # a sparse chain this long is cut into dense stretches; every article is in one of them
    assert sorted(m for f in families for m in f.members) == chain
    (first,) = [f for f in families if chain[0] in f.members]
    assert first.earliest == chain[0]
