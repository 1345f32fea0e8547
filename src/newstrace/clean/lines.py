"""Lines of a text with their code-point spans (any newline convention)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrace.records import Span

_LINE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x85]+")


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: ``span`` covers it without surrounding white space."""

    span: Span
    text: str
    paragraph: int


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with spans; a blank line starts a new paragraph."""
    lines: list[Line] = []
    paragraph = 0
    previous_end = 0
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        if lines and _has_blank_line(text[previous_end : match.start()]):
            paragraph += 1
        start = match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(Span(start, start + len(stripped)), stripped, paragraph))
        previous_end = match.end()
    return lines


def _has_blank_line(gap: str) -> bool:
    newlines = gap.count("\n") + gap.count("\u2029") + gap.count("\u2028")
    if "\n" not in gap:
        newlines += gap.count("\r")
    return newlines >= 2 or "\u2029" in gap
