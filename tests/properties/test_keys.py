"""The salient-key regex finds what its plain reading (look behind, then match) finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.fingerprint.features import _SALIENT

PLAIN = re.compile(r"(?<=[a-z,;:] )[A-Z][\w'’-]{2,}|\b\d[\d.,]*\d\b")
"""A capitalised word after a lower-case word or a comma, colon or semicolon and a space; a
number of two or more digits, not inside a word."""
PIECES = st.sampled_from(
    ["a ", "b, ", "c; ", "d: ", ". ", "  ", "Orbán", "Wang", "É", "12", "3.5", "1,200", "٣٤",
     "x9", "9x", "_", "'", "’s", "-", "Über", "AB", "\n"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=30).map("".join))
def test_the_keys_are_those_of_the_plain_pattern(text: str) -> None:
    assert [m.group() for m in _SALIENT.finditer(text)] == [m.group() for m in PLAIN.finditer(text)]
