"""Sentences with code-point offsets into the original text."""

from newstrace.segment.sentences import split_sentences

__all__ = ["split_sentences"]
