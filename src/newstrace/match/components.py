"""Components of pairs: disjoint sets (union-find with path halving)."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Components(Generic[T]):
    """Items joined into components; a component's root stays the root it is joined to."""

    def __init__(self) -> None:
        self._parent: dict[T, T] = {}

    def root(self, item: T) -> T:
        parent = self._parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, item: T, into: T) -> None:
        """``item``'s component becomes part of ``into``'s (whose root is the root of both)."""
        self._parent[self.root(item)] = self.root(into)

    def members(self) -> list[T]:
        """Every item seen, in the order first seen."""
        return list(self._parent)
