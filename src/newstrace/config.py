"""Typed, frozen configuration: one dataclass per stage, composed into ``Config``.

Thresholds carry the evidence that set them. ``Config.tag`` names every setting that
changes results, so an output can say exactly how it was made.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from newstrace.errors import ConfigError

EMBEDDERS = ("static", "hashing", "transformer")


@dataclass(frozen=True, slots=True)
class IngestConfig:
    max_bytes: int = 20_000_000
    """Inputs larger than this are rejected (a news article is rarely over 1 MB)."""


@dataclass(frozen=True, slots=True)
class AlignConfig:
    embedder: str = "static"
    """static: bundled model2vec (no torch); hashing: lexical-only fake; transformer: extra."""
    semantic_weight: float = 0.5
    """Weight of the embedding cosine against lexical overlap in the combined score."""
    support_threshold: float = 0.36
    """Combined score at or above which a derived sentence counts as supported."""
    secondary_gain: float = 0.12
    """Extra derived-token coverage a second source sentence must add to be aligned too."""
    light_edit_ratio: float = 0.8
    """Token-sequence similarity at or above which a supported sentence is a light edit."""
    verbatim_ratio: float = 0.98


@dataclass(frozen=True, slots=True)
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    align: AlignConfig = field(default_factory=AlignConfig)

    def __post_init__(self) -> None:
        if self.align.embedder not in EMBEDDERS:
            raise ConfigError(
                f"embedder {self.align.embedder!r} is not known; use one of {', '.join(EMBEDDERS)}"
            )
        if not 0.0 <= self.align.semantic_weight <= 1.0:
            raise ConfigError(
                f"semantic_weight {self.align.semantic_weight} is outside [0, 1]; pick one in it"
            )
        if self.ingest.max_bytes <= 0:
            raise ConfigError(f"max_bytes {self.ingest.max_bytes} must be positive")

    @property
    def tag(self) -> str:
        """A short stable name of every result-changing setting."""
        blob = json.dumps(asdict(self), sort_keys=True).encode()
        return f"{self.align.embedder}-{hashlib.sha256(blob).hexdigest()[:10]}"
