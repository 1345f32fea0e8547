"""Split content lines into sentences with sentencex; offsets stay in the original text."""

from __future__ import annotations

import sentencex

from newstrace.clean.lines import Line
from newstrace.records import Sentence, Span


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
    bounds: list[tuple[int, int]] = []
    for item in sentencex.get_sentence_boundaries(lang, line):
        start, end = int(item["start_index"]), int(item["end_index"])
        piece = line[start:end]
        stripped = piece.strip()
        if not stripped or not any(c.isalnum() for c in stripped):
            continue
        lead = len(piece) - len(piece.lstrip())
        bounds.append((start + lead, start + lead + len(stripped)))
    return bounds
