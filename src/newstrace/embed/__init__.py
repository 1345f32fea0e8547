"""Sentence embedders behind one protocol; heavy ones are imported lazily."""

from newstrace.embed.base import Embedder, get_embedder
from newstrace.embed.hashing import HashingEmbedder

__all__ = ["Embedder", "HashingEmbedder", "get_embedder"]
