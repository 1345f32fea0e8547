"""cydifflib (what the audit uses) answers exactly as the standard library's difflib."""

from __future__ import annotations

import difflib

import cydifflib
from hypothesis import given, settings
from hypothesis import strategies as st

WORDS = st.lists(
    st.sampled_from(["the", "said", "Orban", "12", "a", "of", "not", "x"]), max_size=40
)
TEXT = st.text(alphabet="abcdeé ", max_size=30)


@given(WORDS, WORDS, st.booleans())
@settings(max_examples=400)
def test_word_sequences_match_the_same_way(a: list[str], b: list[str], autojunk: bool) -> None:
    ours = cydifflib.SequenceMatcher(None, a, b, autojunk=autojunk)
    theirs = difflib.SequenceMatcher(None, a, b, autojunk=autojunk)
    assert ours.ratio() == theirs.ratio()
    assert ours.get_opcodes() == theirs.get_opcodes()
    assert list(ours.get_matching_blocks()) == list(theirs.get_matching_blocks())


@given(TEXT, TEXT)
def test_strings_match_the_same_way(a: str, b: str) -> None:
    assert (
        cydifflib.SequenceMatcher(None, a, b).ratio() == difflib.SequenceMatcher(None, a, b).ratio()
    )


def test_long_sequences_with_popular_items_match_the_same_way() -> None:
    """Past 200 items autojunk drops popular ones: both must drop the same."""
    a = ["the", "x"] * 150 + ["end"]
    b = ["the", "y"] * 140 + ["x", "end"]
    for autojunk in (True, False):
        ours = cydifflib.SequenceMatcher(None, a, b, autojunk=autojunk)
        theirs = difflib.SequenceMatcher(None, a, b, autojunk=autojunk)
        assert ours.get_opcodes() == theirs.get_opcodes()
