"""Geometry for the inline SVG drawings: a family's timeline and horizontal bar charts.

Only numbers and plain strings come out of here; the templates escape every string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from newstrace.records import Edge, Family

WIDTH = 960
_LEFT, _RIGHT = 70, 70
_AXIS_Y = 230
_ARC_BASE = 34
_BAR_HEIGHT, _BAR_GAP, _BAR_LEFT, _BAR_WIDTH = 22, 8, 260, 560


@dataclass(frozen=True, slots=True)
class Node:
    x: float
    y: float
    article_id: str
    label: str
    date: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class Link:
    path: str
    relation: str
    label: str
    href: str
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    axis_y: int
    nodes: tuple[Node, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str
    href: str
    y: float
    length: float


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    left: int
    bars: tuple[Bar, ...]


def article_href(article_id: str) -> str:
    return f"/ui/articles/{quote(article_id, safe='')}"


def audit_href(edge: Edge) -> str:
    return f"/ui/audit?{urlencode({'source': edge.source, 'derived': edge.derived})}"


def timeline(
    family: Family, edges: Sequence[Edge], labels: dict[str, str], current: str
) -> Timeline:
    """Members left to right in publication order; each edge an arc from source to derived."""
    step = (WIDTH - _LEFT - _RIGHT) / max(len(family.timeline) - 1, 1)
    nodes = tuple(
        Node(
            x=_LEFT + step * rank if len(family.timeline) > 1 else WIDTH / 2,
            y=_AXIS_Y,
            article_id=member,
            label=labels.get(member, member),
            date=(published or "undated")[:10],
            href=article_href(member),
            current=member == current,
        )
        for rank, (member, published) in enumerate(family.timeline)
    )
    where = {node.article_id: node for node in nodes}
    links = tuple(
        _arc(edge, where) for edge in edges if edge.source in where and edge.derived in where
    )
    return Timeline(WIDTH, _AXIS_Y + 80, _AXIS_Y, nodes, links)


def _arc(edge: Edge, where: dict[str, Node]) -> Link:
    a, b = where[edge.source], where[edge.derived]
    height = min(_ARC_BASE + abs(b.x - a.x) * 0.35, _AXIS_Y - 30)
    mid = (a.x + b.x) / 2
    path = f"M {a.x:.1f} {a.y - 9:.1f} Q {mid:.1f} {a.y - 2 * height:.1f} {b.x:.1f} {b.y - 9:.1f}"
    label = f"{edge.relation.value} {edge.score:.2f}"
    return Link(path, edge.relation.value, label, audit_href(edge), mid, a.y - height - 6)


def bar_chart(rows: Sequence[tuple[str, float, str, str]]) -> BarChart:
    """Rows of (label, value, text shown, link) as horizontal bars scaled to the largest."""
    top = max((value for _, value, _, _ in rows), default=0.0) or 1.0
    bars = tuple(
        Bar(label, value, text, href, i * (_BAR_HEIGHT + _BAR_GAP), _BAR_WIDTH * value / top)
        for i, (label, value, text, href) in enumerate(rows)
    )
    height = len(rows) * (_BAR_HEIGHT + _BAR_GAP)
    return BarChart(_BAR_LEFT + _BAR_WIDTH + 90, max(height, 1), _BAR_LEFT, bars)
