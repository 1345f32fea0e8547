"""The evaluation generators make exactly the edits they record, and nothing else."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import eval.factset as factset
import eval.lexicon as lx
import eval.msrp as msrp
from eval.data import load_msrp, split_sentences
from eval.edits import (
    FACT_EDITS,
    Edit,
    NamePool,
    edit_attribution,
    edit_date,
    edit_light,
    edit_name,
    edit_negation,
    edit_number,
    edit_quote,
    speaker_spans,
)

POOL = NamePool(by_len={1: ("Okafor", "Lindqvist"), 2: ("Maria Okafor", "Jan Lindqvist")})


def undo(edit: Edit) -> str:
    """The sentence before the edit, rebuilt from what the edit recorded."""
    return edit.text[: edit.start] + edit.old + edit.text[edit.end :]


def apply(fn: object, sentence: str, seed: int = 0) -> Edit:
    edit = fn(sentence, random.Random(seed), POOL)  # type: ignore[operator]
    assert edit is not None, sentence
    assert edit.text != sentence
    assert undo(edit) == sentence
    assert edit.text[edit.start : edit.end] == edit.new
    return edit


@pytest.mark.parametrize("seed", range(5))
def test_number_edit_changes_a_count_not_a_year(seed: int) -> None:
    edit = apply(edit_number, "In 2019 the firm hired 1,250 workers in March.", seed)
    assert edit.old == "1,250" and re.fullmatch(r"\d{1,3}(,\d{3})*", edit.new)


def test_number_edit_keeps_decimals_and_skips_days_of_month() -> None:
    edit = apply(edit_number, "Gas cost $4.11 on July 17, 2008, the agency said.")
    assert edit.old == "4.11" and re.fullmatch(r"\d+\.\d\d", edit.new)


@pytest.mark.parametrize("seed", range(6))
def test_date_edit_moves_a_year_month_weekday_or_day(seed: int) -> None:
    edit = apply(edit_date, "The talks began on Monday, March 3, 2020, in Geneva.", seed)
    assert edit.old in {"Monday", "March", "3", "2020"}
    assert edit.new not in {"", edit.old}


def test_name_edit_skips_speakers_and_quotes() -> None:
    sentence = 'Officials in Geneva praised the deal, "Geneva Talks work," Anna Berg said.'
    edit = apply(edit_name, sentence)
    assert edit.old == "Geneva" and edit.start == sentence.index("Geneva")
    assert edit.new in POOL.by_len[1]


def test_attribution_edit_changes_the_speaker() -> None:
    edit = apply(edit_attribution, "Prices will rise next year, Anna Berg said on Friday.")
    assert edit.old == "Anna Berg" and edit.new in POOL.by_len[2]
    edit = apply(edit_attribution, "Prices will rise, according to the Kiel Institute.")
    assert edit.old == "Kiel Institute"


@pytest.mark.parametrize(
    ("sentence", "old", "new"),
    [
        ("The bridge was opened to traffic in the spring.", "", " not"),
        ("The mayor has never visited the site.", "never ", ""),
        ("The council didn't approve the plan.", "didn't", "did"),
        ("Residents won't pay more this year.", "won't", "will"),
    ],
)
def test_negation_edit_inserts_or_removes(sentence: str, old: str, new: str) -> None:
    edit = apply(edit_negation, sentence)
    assert (edit.old, edit.new) == (old, new)


def test_negation_edit_leaves_not_only_alone() -> None:
    edit = apply(edit_negation, "Not only has the judge recused himself, he has left town.")
    assert edit.new == " not"


def test_quote_edit_stays_inside_the_quotation() -> None:
    sentence = "“We are happy to provide the experience,” the director said."
    edit = apply(edit_quote, sentence)
    start, end = lx.quote_spans(sentence)[0]
    assert start <= edit.start and edit.start + len(edit.old) <= end
    assert edit.old == "happy" and edit.new == "glad"


@pytest.mark.parametrize("seed", range(6))
def test_quote_deletion_never_cuts_the_quote_end(seed: int) -> None:
    sentence = '"Our members played two horrendous matches," the coach admitted.'
    edit = apply(edit_quote, sentence, seed)
    assert edit.old.strip() in {"members", "played", "horrendous"}


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“I’ve never seen this,” says Tony Kiriakou while seated inside.", "Tony Kiriakou"),
        ("Rain is coming, Anna Berg confirmed on Friday.", "Anna Berg"),
        ("Damson said Calaz was reassuring fans.", None),
    ],
)
def test_speakers_are_who_speaks(sentence: str, speaker: str | None) -> None:
    spans = speaker_spans(sentence)
    assert [sentence[s:e] for s, e in spans] == ([speaker] if speaker else [])


def test_light_edit_touches_no_fact_and_no_quote() -> None:
    sentence = 'The city also said "the very big plan" will cost $4 million in 2021.'
    for seed in range(10):
        edit = apply(edit_light, sentence, seed)
        assert edit.old.strip() in {"also"}
        assert re.findall(r"\d[\d,.]*", edit.text) == re.findall(r"\d[\d,.]*", sentence)


def test_edits_decline_sentences_without_a_target() -> None:
    sentence = "it rained all day and everyone stayed inside"
    for fn in FACT_EDITS.values():
        if fn is not edit_negation:
            assert fn(sentence, random.Random(0), POOL) is None


def test_split_sentences_keeps_abbreviations_and_spans() -> None:
    text = 'Mr. Smith came at 9 a.m. Monday. Then "she left." The U.S. Army won.'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith came at 9 a.m. Monday.",
        'Then "she left."',
        "The U.S. Army won.",
    ]


@pytest.fixture(scope="module")
def cases(shared: Path) -> list[factset.Case]:
    return factset.build_factset(40)


def test_factset_is_deterministic(cases: list[factset.Case]) -> None:
    again = factset.build_factset(40)
    assert [(c.source_text, c.derived_text, c.derived) for c in again] == [
        (c.source_text, c.derived_text, c.derived) for c in cases
    ]


def test_factset_truth_matches_the_texts(cases: list[factset.Case]) -> None:
    for case in cases:
        for truth in case.derived:
            derived = case.derived_text[truth.span[0] : truth.span[1]]
            if truth.kind == "added":
                assert truth.source is None and derived not in case.source_text
                continue
            span = case.source[truth.source].span  # type: ignore[index]
            source = case.source_text[span[0] : span[1]]
            if truth.kind == "untouched":
                assert derived == source  # byte-identical
                continue
            assert truth.edit is not None and derived != source
            start, end = truth.edit
            rebuilt = case.derived_text[truth.span[0] : start] + truth.old
            assert rebuilt + case.derived_text[end : truth.span[1]] == source
            assert case.derived_text[start:end] == truth.new


def test_factset_drops_are_absent_and_every_kind_occurs(cases: list[factset.Case]) -> None:
    for case in cases:
        derived = {case.derived_text[s:e] for s, e in (t.span for t in case.derived)}
        for truth in case.source:
            text = case.source_text[truth.span[0] : truth.span[1]]
            assert (text not in derived) == truth.dropped or not truth.dropped
    counts = factset.kind_counts(cases)
    for kind in (*factset.FACT_KINDS, "untouched", "light", "added", "dropped"):
        assert counts.get(kind, 0) > 0, kind


def test_msrp_fact_cases_change_one_shared_fact(shared: Path) -> None:
    data = load_msrp()
    pairs = msrp.sample_pairs(data, 400)
    cases = msrp.build_fact_cases(data, pairs)
    assert cases == msrp.build_fact_cases(data, pairs)
    assert {c.kind for c in cases} == set(msrp.MSRP_KINDS)
    for case in cases:
        assert case.pair.label == 1 and case.derived != data.texts[case.pair.b]
        assert undo(case.edit) == data.texts[case.pair.b]
        if case.kind != "negation":
            assert case.edit.old in case.source
        else:  # a negation inserted where the source has none, removed where it has one
            assert bool(case.edit.old) == bool(lx.NEGATION.search(case.source))
