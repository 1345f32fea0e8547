"""Families: articles densely linked by derivation edges (same-story links are not derivation).

The groups come from ``match.communities`` (Leiden, constant Potts model, on edge scores), not
from connected components, which chain families together through single weak edges."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Sequence

from newstrace.config import FAMILY_RESOLUTION
from newstrace.match.communities import Link, dense_groups
from newstrace.records import Edge, Family, Relation


def build_families(
    edges: Sequence[Edge],
    published: dict[str, str | None],
    resolution: float = FAMILY_RESOLUTION,
) -> list[Family]:
    """The families of ``edges`` (``resolution``: ``TraceConfig.family_resolution``). The
    edges are read once (an ``EdgeTable`` builds each edge as it is read)."""
    links = [
        (edge.source, edge.derived, edge.score)
        for edge in edges
        if edge.relation is not Relation.SAME_STORY
    ]
    depth = _depths(links)
    return sorted(
        (
            _family(members, published, depth)
            for members in dense_groups(links, resolution)
            if len(members) > 1
        ),
        key=lambda f: f.family,
    )


def _depths(links: Sequence[Link]) -> dict[str, int]:
    """Derivation hops from a root along the (source, derived) ``links``: undated articles are
    ordered source first.

    The longest path in topological order (Kahn), then members of cycles (directions left
    undecided both ways) are reached once each, breadth first, from where the order stopped.
    O(articles + edges): relaxing every edge until nothing changed was quadratic on cycles
    (97 s for the families of the 10k scale corpus)."""
    successors: dict[str, list[str]] = defaultdict(list)
    incoming: Counter[str] = Counter()
    for source, derived, _ in links:
        successors[source].append(derived)
        incoming[derived] += 1
    depth: dict[str, int] = defaultdict(int)
    ready = deque(sorted(node for node in successors if incoming[node] == 0))
    while ready:
        node = ready.popleft()
        for derived in successors[node]:
            depth[derived] = max(depth[derived], depth[node] + 1)
            incoming[derived] -= 1
            if incoming[derived] == 0:
                ready.append(derived)
    _reach_cycles(successors, incoming, depth)
    return depth


def _reach_cycles(
    successors: dict[str, list[str]], incoming: Counter[str], depth: dict[str, int]
) -> None:
    """Give the articles Kahn's order never freed (in or below a cycle) a depth, breadth first
    from those it already reached; each is visited once."""
    stuck = sorted((n for n in incoming if incoming[n] > 0 and depth[n] > 0), key=depth.__getitem__)
    seen = set(stuck)
    queue = deque(stuck)
    while queue:
        node = queue.popleft()
        for derived in successors[node]:
            if incoming[derived] > 0 and derived not in seen:
                depth[derived] = max(depth[derived], depth[node] + 1)
                seen.add(derived)
                queue.append(derived)


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
