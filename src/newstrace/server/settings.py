"""The settings of one server run, frozen when it starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newstrace.config import DEFAULT_INDEX

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServerSettings:
    index: Path = Path(DEFAULT_INDEX)
    """The index to serve (read-only: the server never writes to it)."""
    max_body_bytes: int = 4 * MiB
    """Largest request body (a pasted or uploaded pair); larger requests get 413."""
    timeout_s: float = 30.0
    """Longest a request may take; slower ones get 408 with the limit named."""
    page_size: int = 50
    max_page_size: int = 500
    search_limit: int = 50
    fact_sample: int = 200
    """How many derivation edges the dashboard audits in the background (0: none)."""
    audit_workers: int = 2
    """Processes that run audits (0: in the request's thread, blocking the others' reads)."""

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "page_size", "max_page_size", "search_limit"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
        if self.timeout_s <= 0 or self.fact_sample < 0 or self.audit_workers < 0:
            raise ValueError("timeout_s must be positive; fact_sample, audit_workers >= 0")
