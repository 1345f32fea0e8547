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
    return sorted(
        (_family(members, published) for members in groups.values() if len(members) > 1),
        key=lambda f: f.family,
    )


def _family(members: list[str], published: dict[str, str | None]) -> Family:
    timeline = sorted(((m, published.get(m)) for m in members), key=lambda t: (t[1] or "~", t[0]))
    return Family(
        family=f"fam-{min(members)}",
        members=tuple(sorted(members)),
        earliest=timeline[0][0],
        timeline=tuple(timeline),
    )
