"""Sequences whose elements are built from columns when read (``match.edges``, ``match.pairs``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class RowSequence(Sequence[T]):
    """A ``Sequence`` of ``len(self)`` rows; a subclass builds row ``k`` in ``_item(k)``."""

    def __len__(self) -> int:
        raise NotImplementedError

    def _item(self, k: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._item(k) for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"row {index} of {len(self)}")
        return self._item(index)

    def __iter__(self) -> Iterator[T]:
        return (self._item(k) for k in range(len(self)))
