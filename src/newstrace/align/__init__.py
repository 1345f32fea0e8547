"""Sentence alignment of a derived article to its source: lexical plus semantic evidence."""

from newstrace.align.features import SentenceFeatures, build_features
from newstrace.align.sentences import align_sentences

__all__ = ["SentenceFeatures", "align_sentences", "build_features"]
