"""Families: articles connected by derivation edges (same-story links are not derivation)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newstrace.records import Edge, Family, Relation


def build_families(edges: Sequence[Edge], published: dict[str, str | None]) -> list[Family]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for edge in edges:
        if edge.relation is not Relation.SAME_STORY:
            parent[root(edge.derived)] = root(edge.source)
    groups: dict[str, list[str]] = defaultdict(list)
    for member in list(parent):
        groups[root(member)].append(member)
    depth = _depths(edges)
    return sorted(
        (_family(members, published, depth) for members in groups.values() if len(members) > 1),
        key=lambda f: f.family,
    )


def _depths(edges: Sequence[Edge]) -> dict[str, int]:
    """Derivation hops from the nearest root: undated articles are ordered source first."""
    links = [(e.source, e.derived) for e in edges if e.relation is not Relation.SAME_STORY]
    depth: dict[str, int] = defaultdict(int)
    for _ in range(len(links)):  # longest path, relaxed at most once per edge (cycles stop)
        changed = False
        for source, derived in links:
            if depth[derived] < depth[source] + 1 <= len(links):
                depth[derived] = depth[source] + 1
                changed = True
        if not changed:
            break
    return depth


def _family(members: list[str], published: dict[str, str | None], depth: dict[str, int]) -> Family:
    timeline = sorted(
        ((m, published.get(m)) for m in members),
        key=lambda t: (t[1] or "~", depth.get(t[0], 0), t[0]),
    )
    return Family(
        family=f"fam-{min(members)}",
        members=tuple(sorted(members)),
        earliest=timeline[0][0],
        timeline=tuple(timeline),
    )
