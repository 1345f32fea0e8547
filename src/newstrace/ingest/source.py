"""A corpus file as the readers see it, and the refusal a reader turns into ``Rejected``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newstrace.records import Rejected, RejectReason


class Refusal(Exception):
    """Why one record cannot become an article; caught inside ingest, never raised out of it."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class FileRefusal(Refusal):
    """The rest of a corpus file cannot be read (truncated, corrupt, a compression bomb)."""


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """One file of a corpus: its format, compression and the root its ids are relative to."""

    path: Path
    root: Path
    fmt: str
    suffix: str
    """The suffix that chose the format, lower case, e.g. ``.jsonl.gz``."""
    compression: str | None

    @property
    def stem(self) -> str:
        """The file name without its format suffix (``news`` for ``news.jsonl.gz``)."""
        return self.path.name[: len(self.path.name) - len(self.suffix)]

    @property
    def relative(self) -> str:
        """The path relative to the corpus root, with forward slashes."""
        return self.path.relative_to(self.root).as_posix()

    def record_origin(self, number: int) -> str:
        return f"{self.path}:{number}"

    def fallback_id(self, number: int) -> str:
        return f"{self.stem}:{number}"

    def rejected(self, record_id: str, refusal: Refusal, number: int | None = None) -> Rejected:
        origin = str(self.path) if number is None else self.record_origin(number)
        return Rejected(record_id, origin, refusal.reason, refusal.detail)
