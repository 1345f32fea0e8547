"""Patterns, word lists and value shifts the edit generators share."""

from __future__ import annotations

import random
import re

MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTH_ABBR = "Jan. Feb. Mar. Apr. Aug. Sept. Sep. Oct. Nov. Dec.".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
DATE_WORDS = frozenset(MONTHS + WEEKDAYS + [m.rstrip(".") for m in MONTH_ABBR])

# Capitalised words that start sentences or clauses but are not names.
CAP_STOP = frozenset(
    """The A An In On At But And Or If When While As It He She They We I You This That These
    Those His Her Their Its Our My Your After Before Since For From With Without By Of To Mr
    Mrs Ms Dr So Yet Still Now Then There Here What Who Why How Where Some Many More Most All
    Each Every Both Also Although Though Because However Meanwhile According During Despite
    Under Over About Just Even Not No Yes One Two Three Four Five Six Seven Eight Nine Ten Last
    Next First Instead Once Other Another Such Only Like Until Through Among Against Between
    Any Few Several Whether Which Whose Do Does Did Is Are Was Were Has Have Had Will Would
    Can Could Should Thus Also Overall Earlier Later Today Tomorrow Yesterday Sir""".split()
)

_TOKEN = r"[A-Z][a-z]*(?:['’-]?[A-Z][a-z]+)*[a-z]"
NAME_SEQ = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:[ ]{_TOKEN}){{0,3}}(?![\w-])")

_SAY = (
    r"(?:said|says|added|stated|explained|wrote|announced|noted|argued|warned|claimed|"
    r"confirmed|reported|insisted)"
)
SAID_AFTER = re.compile(rf"(?:,[^,.;\"“”]{{1,80}},)?\s+(?:{_SAY}|told)\b")
# "told X" names the listener, not the speaker, so only say-verbs count before a name.
SAID_BEFORE = re.compile(rf"\b{_SAY},?\s+$")
# After "said X" the name must end the clause, else X is the subject of what was said
# ("Damson said Calaz was reassuring fans").
NAME_ENDS_CLAUSE = re.compile(r"\s*(?:[,.;:)]|$|(?:while|who|in|at|on|during|after)\b)")
TOLD_BEFORE = re.compile(r"\b(?:told|tells|telling)\s+$")
ACCORDING = re.compile(r"\baccording to\s+[^,.;\"“”]{0,40}$", re.I)

NUMBER = re.compile(r"(?<![\w.,/:-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w/:-]|[.,]\d)")
MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(MONTHS + [m[:-1] for m in MONTH_ABBR]) + r")\.?\s+$")
MONTH = re.compile(r"\b(?:" + "|".join(m for m in MONTHS if m != "May") + r")\b")
WEEKDAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b")
DAY_OF_MONTH = re.compile(
    r"\b(?:" + "|".join(MONTHS + [m[:-1] for m in MONTH_ABBR]) + r")\.?\s+(\d{1,2})(?![\d,.]\d)"
)

NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve twenty thirty".split()
NUMBER_WORD = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)

NEGATION = re.compile(
    r"\b(?:not(?! only\b)|never|cannot|"
    r"(?:do|does|did|is|are|was|were|has|have|had|wo|ca|could|would|should)n['’]t)\b",
    re.I,
)
AUX = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|should|might|must)\s+([a-z]+)\b"
)
_DETERMINERS = frozenset(
    "a an the this that these those its his her their our my your no to".split()
)
_BE = frozenset("is are was were".split())

PLAIN_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
QUOTE = re.compile(r"\"[^\"]+\"|“[^”]+”")

SYNONYMS: dict[str, str] = {
    "big": "large",
    "large": "big",
    "huge": "enormous",
    "important": "significant",
    "difficult": "tough",
    "quickly": "rapidly",
    "rapidly": "quickly",
    "often": "frequently",
    "frequently": "often",
    "begin": "start",
    "began": "started",
    "start": "begin",
    "buy": "purchase",
    "bought": "purchased",
    "people": "individuals",
    "children": "kids",
    "kids": "children",
    "problem": "issue",
    "problems": "issues",
    "think": "believe",
    "believe": "think",
    "happy": "glad",
    "wants": "wishes",
    "home": "house",
    "homes": "houses",
    "area": "region",
    "areas": "regions",
    "hard": "tough",
    "good": "fine",
    "great": "terrific",
    "main": "chief",
    "entire": "whole",
    "whole": "entire",
    "help": "aid",
    "fast": "quick",
    "car": "vehicle",
    "cars": "vehicles",
    "trip": "journey",
    "shop": "store",
    "stores": "shops",
}
LIGHT_DELETE = frozenset(
    "also very really just actually simply quite certainly currently even".split()
)


def inside(span: tuple[int, int], regions: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in regions)


def quote_spans(sentence: str) -> list[tuple[int, int]]:
    """Interiors of quotations (without the quote marks)."""
    return [(m.start() + 1, m.end() - 1) for m in QUOTE.finditer(sentence)]


def is_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2099


def shift_number(raw: str, rng: random.Random) -> str:
    """A different value in the same format (thousands commas, decimal places)."""
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    value = float(raw.replace(",", ""))
    for _ in range(20):
        if value < 10:
            new = value + rng.choice([1, 2, 3, 4])
        else:
            new = value * rng.choice([0.5, 0.6, 0.75, 1.25, 1.5, 2.0])
        text = f"{new:,.{decimals}f}" if "," in raw else f"{new:.{decimals}f}"
        if text != raw and not is_year(text) and float(text.replace(",", "")) != value:
            return text
    return str(int(value) + 7)


def shift_number_word(raw: str, rng: random.Random) -> str:
    choices = [w for w in NUMBER_WORDS if w != raw.lower()]
    new = rng.choice(choices)
    return new.capitalize() if raw[0].isupper() else new


def shift_date(raw: str, sub: str, rng: random.Random) -> str:
    if sub == "year":
        return str(int(raw) + rng.choice([-3, -2, -1, 1, 2, 3]))
    if sub == "day":
        return str(rng.choice([d for d in range(1, 29) if d != int(raw)]))
    names = MONTHS if sub == "month" else WEEKDAYS
    return rng.choice([n for n in names if n != raw and n != "May"])


def drop_contraction(word: str) -> str:
    """didn't -> did, won't -> will, cannot -> can."""
    low = word.lower()
    if low == "cannot":
        base = "can"
    elif low[:2] in ("wo", "ca") and len(low) == 5:
        base = {"wo": "will", "ca": "can"}[low[:2]]
    else:
        base = low[:-3]
    return base.capitalize() if word[0].isupper() else base


def can_negate(aux: str, following: str) -> bool:
    """Whether "not" can follow ``aux`` here without reading as nonsense."""
    if following in {"not", "never", "no", "been"} and aux not in _BE:
        return following == "been"
    if following in {"not", "never", "no"}:
        return False
    return aux in _BE or following not in _DETERMINERS


def synonym(word: str) -> str:
    new = SYNONYMS[word.lower()]
    return new.capitalize() if word[0].isupper() else new
