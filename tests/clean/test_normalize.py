"""The matching view folds look-alikes and invisibles while offsets map back."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.clean import match_view
from newstrace.clean.normalize import _COMBINING, MATCH_FOLDS, match_text


def test_diacritics_and_case_kept_for_names() -> None:
    view = match_view("Sándor Pintér")
    assert view.text == "Sandor Pinter"


def test_homoglyphs_zero_width_and_bidi_are_folded_and_reported() -> None:
    text = "Оrbán\u200b met\u202e Рinter"  # Cyrillic О and Р inside Latin words
    view = match_view(text)
    assert view.text == "Orban met Pinter"
    kinds = sorted(e.kind for e in view.evasions)
    assert kinds == ["bidi_control", "homoglyph", "homoglyph", "zero_width"]
    assert all(text[e.offset] == e.char for e in view.evasions)


def test_real_cyrillic_words_are_left_alone() -> None:
    assert match_view("Москва и Орбан").text == "Москва и Орбан"


def test_span_back_covers_the_original_characters() -> None:
    text = "x Or\u200bbán y"
    view = match_view(text, base=10)
    start = view.text.index("Orban")
    span = view.span_back(start, start + 5)
    assert (span.start - 10, span.end - 10) == (2, 8)
    assert text[span.start - 10 : span.end - 10] == "Or\u200bbán"


def test_span_back_keeps_combining_marks_with_their_letter() -> None:
    text = "Pinte\u0301r said"
    view = match_view(text)
    assert view.text.startswith("Pinter")
    span = view.span_back(0, 6)
    assert text[span.start : span.end] == "Pinte\u0301r"
    end = view.span_back(4, 5)
    assert text[end.start : end.end] == "e\u0301"


_FOLDED = st.sampled_from(sorted(MATCH_FOLDS))
_TEXT = st.text(_FOLDED | st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_match_text_folds_what_its_table_says(text: str) -> None:
    """The regex scan replaces exactly what ``str.translate`` with the table would."""
    table = str.maketrans({char: (folded or None) for char, folded in MATCH_FOLDS.items()})
    translated = unicodedata.normalize("NFKD", text.translate(table))
    expected = unicodedata.normalize("NFKC", _COMBINING.sub("", translated))
    assert match_text(text) == (text if text.isascii() else expected)
