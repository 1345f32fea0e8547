"""Fast word lists are the tokenizer's own, on any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newstrace.align.tokens import tokenize, words

PIECES = st.sampled_from(
    ["U.S.", "İstanbul", "STRASSE", "Straße", "ΣΊΣΥΦΟΣ", "ﬁnal", "don’t", "O'Neil", "e\u0301",
     "12.5", "\n", " ", ".", "Оrban", "K.", "ǅ", "ß.ß."]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map(" ".join)


@given(TEXTS)
def test_words_are_the_lower_of_each_token(text: str) -> None:
    assert words(text) == tuple(token.lower for token in tokenize(text))
