"""Known, recorded edits of one sentence: the fact changes and the harmless light edit.

Every edit returns the new sentence with the exact ``[start, end)`` of the changed text in
it and the old and new values, or ``None`` when the sentence offers nothing to edit. Edits
are deterministic given the ``random.Random`` they are handed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from eval import lexicon as lx


@dataclass(frozen=True, slots=True)
class Edit:
    kind: str
    text: str
    start: int
    end: int
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class NamePool:
    """Replacement names (single-token: key 1, multi-token: key 2), and lower-cased text whose
    names must not be reused."""

    by_len: dict[int, tuple[str, ...]]
    avoid: str = ""
    used: frozenset[str] = field(default_factory=frozenset)

    def pick(self, old: str, rng: random.Random) -> str | None:
        choices = self.by_len.get(min(len(old.split()), 2)) or tuple(
            name for names in self.by_len.values() for name in names
        )
        for _ in range(30):
            if not choices:
                return None
            name = rng.choice(choices)
            low = name.lower()
            if low != old.lower() and low not in self.avoid and not _shares_token(name, old):
                return name
        return None


def _shares_token(a: str, b: str) -> bool:
    return bool(set(a.lower().split()) & set(b.lower().split()))


def build_pool(sentences: Iterable[str], speakers_only: bool = False) -> dict[int, tuple[str, ...]]:
    """Names by token count (1, or 2 for several); ``speakers_only``: names seen as speakers.

    A candidate with a token that also occurs in lower case ("Internet", "Civil War") is a
    common word, not a name, and is left out; so is one seen only once (often a misparse).
    """
    texts = list(sentences)
    lower = {w for t in texts for w in re.findall(r"\b[a-z]+\b", t)}
    counts: dict[str, int] = {}
    for sentence in texts:
        speakers = set(speaker_spans(sentence)) if speakers_only else set()
        for start, end, name in find_names(sentence):
            if not speakers_only or (start, end) in speakers:
                counts[name] = counts.get(name, 0) + (2 if speakers_only else 1)
    by_len: dict[int, list[str]] = {}
    for name, count in counts.items():
        if count >= 2 and not any(t.lower() in lower for t in re.split(r"[ -]", name)):
            by_len.setdefault(min(len(name.split()), 2), []).append(name)
    return {n: tuple(sorted(names)) for n, names in by_len.items()}


def _replace(sentence: str, start: int, end: int, new: str, kind: str) -> Edit:
    text = sentence[:start] + new + sentence[end:]
    return Edit(kind, text, start, start + len(new), sentence[start:end], new)


def _delete_word(sentence: str, start: int, end: int, kind: str) -> Edit:
    """Delete the word at ``[start, end)`` and the space after (or before) it."""
    if end < len(sentence) and sentence[end] == " ":
        end += 1
    elif start > 0 and sentence[start - 1] == " ":
        start -= 1
    return Edit(kind, sentence[:start] + sentence[end:], start, start, sentence[start:end], "")


# --- names and attribution -------------------------------------------------------------


def find_names(sentence: str) -> list[tuple[int, int, str]]:
    """Capitalised name sequences, with leading function words stripped."""
    out: list[tuple[int, int, str]] = []
    for match in lx.NAME_SEQ.finditer(sentence):
        start, tokens = match.start(), match.group().split()
        while tokens and tokens[0] in lx.CAP_STOP:
            start = sentence.index(tokens[1], start) if len(tokens) > 1 else match.end()
            tokens = tokens[1:]
        if not tokens or any(t in lx.CAP_STOP or t in lx.DATE_WORDS for t in tokens):
            continue
        if start == 0 and len(tokens) < 2:
            continue
        name = " ".join(tokens)
        if sentence[start : start + len(name)] == name and len(name) > 2:
            out.append((start, start + len(name), name))
    return out


def speaker_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of names in attribution position: "X said", "said X", "according to X"."""
    names = find_names(sentence)
    spans: list[tuple[int, int]] = []
    for start, end, _ in names:
        before, after = sentence[max(0, start - 40) : start], sentence[end : end + 90]
        said_before = lx.SAID_BEFORE.search(before) and lx.NAME_ENDS_CLAUSE.match(after)
        if lx.SAID_AFTER.match(after) or said_before or lx.ACCORDING.search(before):
            spans.append((start, end))
    return spans


def listener_spans(sentence: str) -> list[tuple[int, int]]:
    """Names right after "told": who was told, which reads as attribution too."""
    return [(s, e) for s, e, _ in find_names(sentence) if lx.TOLD_BEFORE.search(sentence[:s])]


def edit_name(sentence: str, rng: random.Random, pool: NamePool) -> Edit | None:
    speakers = speaker_spans(sentence) + listener_spans(sentence)
    quotes = lx.quote_spans(sentence)
    names = [
        n
        for n in find_names(sentence)
        if (n[0], n[1]) not in speakers and not lx.inside((n[0], n[1]), quotes)
    ]
    return _swap_name(sentence, names, rng, pool, "name")


def edit_attribution(sentence: str, rng: random.Random, pool: NamePool) -> Edit | None:
    speakers = set(speaker_spans(sentence))
    names = [n for n in find_names(sentence) if (n[0], n[1]) in speakers]
    return _swap_name(sentence, names, rng, pool, "attribution")


def _swap_name(
    sentence: str,
    names: list[tuple[int, int, str]],
    rng: random.Random,
    pool: NamePool,
    kind: str,
) -> Edit | None:
    rng.shuffle(names)
    for start, end, name in names:
        new = pool.pick(name, rng)
        if new:
            return _replace(sentence, start, end, new, kind)
    return None


# --- numbers and dates -----------------------------------------------------------------


def number_spans(sentence: str) -> list[tuple[int, int]]:
    """Counts and amounts: not years, times, days of the month or parts of identifiers."""
    spans = []
    for match in lx.NUMBER.finditer(sentence):
        raw = match.group()
        after = sentence[match.end() : match.end() + 5].lower()
        if lx.is_year(raw) or lx.MONTH_BEFORE.search(sentence[: match.start()]):
            continue
        if after.startswith((" a.m", " p.m", " am", " pm")):
            continue
        spans.append(match.span())
    return spans


def edit_number(sentence: str, rng: random.Random, pool: NamePool) -> Edit | None:
    quotes = lx.quote_spans(sentence)
    spans = [s for s in number_spans(sentence) if not lx.inside(s, quotes)]
    words = [m.span() for m in lx.NUMBER_WORD.finditer(sentence)]
    # A capitalised number word mid-sentence is part of a name ("the Ten Commandments").
    words = [
        w for w in words if not lx.inside(w, quotes) and (w[0] == 0 or sentence[w[0]].islower())
    ]
    if spans:
        start, end = rng.choice(spans)
        return _replace(sentence, start, end, lx.shift_number(sentence[start:end], rng), "number")
    if words:
        start, end = rng.choice(words)
        return _replace(
            sentence, start, end, lx.shift_number_word(sentence[start:end], rng), "number"
        )
    return None


def date_spans(sentence: str) -> list[tuple[int, int, str]]:
    """Years, month names, weekdays and days of the month, each with its sub-kind."""
    spans = [(*m.span(), "year") for m in lx.NUMBER.finditer(sentence) if lx.is_year(m.group())]
    spans += [(*m.span(), "month") for m in lx.MONTH.finditer(sentence)]
    spans += [(*m.span(), "weekday") for m in lx.WEEKDAY.finditer(sentence)]
    spans += [(*m.span(1), "day") for m in lx.DAY_OF_MONTH.finditer(sentence)]
    return sorted(spans)


def edit_date(sentence: str, rng: random.Random, pool: NamePool) -> Edit | None:
    quotes = lx.quote_spans(sentence)
    spans = [s for s in date_spans(sentence) if not lx.inside((s[0], s[1]), quotes)]
    if not spans:
        return None
    start, end, sub = rng.choice(spans)
    new = lx.shift_date(sentence[start:end], sub, rng)
    return _replace(sentence, start, end, new, "date")


# --- negation --------------------------------------------------------------------------


def edit_negation(sentence: str, rng: random.Random, pool: NamePool) -> Edit | None:
    """Remove a negation when there is one, else insert "not" after an auxiliary."""
    quotes = lx.quote_spans(sentence)
    found = [
        m
        for m in lx.NEGATION.finditer(sentence)
        if m.start() > 0 and not lx.inside(m.span(), quotes)
    ]
    if found:
        match = rng.choice(found)
        word = match.group()
        if word.lower() in {"not", "never"}:
            return _delete_word(sentence, *match.span(), "negation")
        return _replace(sentence, *match.span(), lx.drop_contraction(word), "negation")
    aux = [m for m in lx.AUX.finditer(sentence) if not lx.inside(m.span(), quotes)]
    aux = [m for m in aux if lx.can_negate(m.group(1), m.group(2))]
    if not aux:
        return None
    match = rng.choice(aux)
    return _replace(sentence, match.end(1), match.end(1), " not", "negation")


# --- quotes ----------------------------------------------------------------------------


def edit_quote(sentence: str, rng: random.Random, pool: NamePool) -> Edit | None:
    """Reword a quotation: a synonym swapped in, else a word of it deleted."""
    quotes = [q for q in lx.quote_spans(sentence) if len(sentence[q[0] : q[1]].split()) >= 4]
    if not quotes:
        return None
    q_start, q_end = rng.choice(quotes)
    words = [
        (q_start + m.start(), q_start + m.end())
        for m in lx.PLAIN_WORD.finditer(sentence[q_start:q_end])
        if m.start() > 0
    ]
    synonyms = [w for w in words if sentence[w[0] : w[1]].lower() in lx.SYNONYMS]
    if synonyms:
        start, end = rng.choice(synonyms)
        return _replace(sentence, start, end, lx.synonym(sentence[start:end]), "quote")
    # Not the last word: a quote cut at its end is still a verbatim excerpt.
    last = q_start + max(m.end() for m in re.finditer(r"\w+", sentence[q_start:q_end]))
    long_words = [w for w in words if w[1] - w[0] >= 4 and w[1] != last]
    if not long_words:
        return None
    start, end = rng.choice(long_words)
    return _delete_word(sentence, start, end, "quote")


# --- light edit ------------------------------------------------------------------------


def edit_light(sentence: str, rng: random.Random, pool: NamePool) -> Edit | None:
    """Delete an adverb or swap a plain synonym (else drop a "the"), outside quotes and facts."""
    quotes = lx.quote_spans(sentence)
    words = [m.span() for m in lx.PLAIN_WORD.finditer(sentence)]
    words = [w for w in words if not lx.inside(w, quotes) and w[0] > 0]
    options = [w for w in words if sentence[w[0] : w[1]].lower() in lx.SYNONYMS]
    options += [w for w in words if sentence[w[0] : w[1]] in lx.LIGHT_DELETE]
    if not options:
        options = [w for w in words if sentence[w[0] : w[1]] == "the"]
    if not options:
        return None
    start, end = rng.choice(sorted(options))
    if sentence[start:end].lower() in lx.SYNONYMS:
        return _replace(sentence, start, end, lx.synonym(sentence[start:end]), "light")
    return _delete_word(sentence, start, end, "light")


EditFn = Callable[[str, random.Random, NamePool], "Edit | None"]

FACT_EDITS: dict[str, EditFn] = {
    "number": edit_number,
    "date": edit_date,
    "name": edit_name,
    "negation": edit_negation,
    "quote": edit_quote,
    "attribution": edit_attribution,
}
