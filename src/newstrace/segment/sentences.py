"""Split content lines into sentences with sentencex; offsets stay in the original text."""

from __future__ import annotations

import re

import sentencex

from newstrace.clean.lines import Line
from newstrace.records import Sentence, Span

_ALNUM = re.compile(r"[^\W_]")
"""A letter or digit: ``str.isalnum`` (``\\w`` is exactly that plus the underscore)."""


def split_sentences(text: str, lines: list[Line], lang: str = "en") -> list[Sentence]:
    """Sentences of the given content lines (newlines split first, then sentencex)."""
    sentences: list[Sentence] = []
    for line in lines:
        for start, end in _line_boundaries(line.text, lang):
            span = Span(line.span.start + start, line.span.start + end)
            sentences.append(
                Sentence(len(sentences), span, text[span.start : span.end], line.paragraph)
            )
    return sentences


def _line_boundaries(line: str, lang: str) -> list[tuple[int, int]]:
    """sentencex's sentences of ``line``, stripped, those without a letter or digit left out
    (``_ALNUM``: one regex search instead of a generator over characters, 0.11 -> 0.09 s for
    3,000 lines of news; sentencex itself is 0.075 s)."""
    bounds: list[tuple[int, int]] = []
    for item in sentencex.get_sentence_boundaries(lang, line):
        start = item["start_index"]
        piece = line[start : item["end_index"]]
        stripped = piece.strip()
        if _ALNUM.search(stripped):
            lead = start + len(piece) - len(piece.lstrip())
            bounds.append((lead, lead + len(stripped)))
    return bounds
