"""Article texts the hostile inputs are built from: clean English news, RTL, emoji, look-alikes.

Everything here is deterministic: the same bytes on every run and every machine.
"""

from __future__ import annotations

import importlib.resources
import random

SEED = 20240216


def demo_text(name: str) -> str:
    """A text of the bundled seed pair (``source_scraped.txt`` or ``rewrite.txt``)."""
    return (importlib.resources.files("newstrace") / "demo" / name).read_text(encoding="utf-8")


GOOD = (
    "Hungary's interior minister met his Chinese counterpart in Budapest on Friday, the "
    "ministry said. The two men signed an agreement on police training and joint patrols. "
    "Officials said 42 officers would take part in the first exchange in March 2024.\n\n"
    "The agreement was criticised by opposition lawmakers, who called it a risk to the "
    "country's security. The government rejected the criticism on Saturday."
)
"""A clean three-sentence news paragraph (and a second paragraph) in English."""

ARABIC = (
    "قال وزير الداخلية المجري إنه التقى نظيره الصيني في بودابست يوم الجمعة. "
    "ووقع الرجلان اتفاقا بشأن تدريب الشرطة والدوريات المشتركة.\n\n"
    "وقال المسؤولون إن 42 ضابطا سيشاركون في أول تبادل في مارس 2024."
)
HEBREW = (
    "שר הפנים ההונגרי נפגש עם עמיתו הסיני בבודפשט ביום שישי. "
    "השניים חתמו על הסכם בנושא הכשרת שוטרים וסיורים משותפים."
)
EMOJI = (
    "Fans 👨‍👩‍👧‍👦 cheered 🇭🇺🇨🇳 as the minister 👍🏽 arrived in Budapest on Friday. "
    "The café served crème brûlée to 42 guests, the ministry said ✅.\n"
    "Officials called it a nai\u0308ve but histo\u0301ric ste\u0300p 🎉🎉🎉."
)
FURNITURE_ONLY = (
    "12081 views\nPhoto: Reuters\nShare on Facebook\nShare on Twitter\nBonus video:\n"
    "Related articles\nAdvertisement\n© 2024 Example News. All rights reserved.\n"
)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Latin letter -> a Cyrillic or Greek look-alike that newstrace folds back.
HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і", "x": "х", "y": "у"}
GREEK = {"o": "ο", "i": "ι", "v": "ν", "A": "Α", "T": "Τ", "H": "Η"}


def laced(text: str, rate: float = 0.12, seed: int = SEED) -> str:
    """``text`` with Cyrillic/Greek look-alikes in about ``rate`` of its words and zero-width
    and bidi controls inside others: it reads the same but its bytes differ everywhere."""
    rng = random.Random(seed)
    words = text.split(" ")
    out = []
    for word in words:
        roll = rng.random()
        if roll < rate:
            word = "".join(_swap(ch, rng) for ch in word)
        elif roll < 2 * rate and len(word) > 3:
            cut = rng.randrange(1, len(word) - 1)
            word = word[:cut] + rng.choice(ZERO_WIDTH) + word[cut:]
        elif roll < 2.5 * rate and len(word) > 3:
            cut = rng.randrange(1, len(word) - 1)
            word = word[:cut] + rng.choice(BIDI_CONTROLS) + word[cut:]
        out.append(word)
    return " ".join(out)


def _swap(ch: str, rng: random.Random) -> str:
    table = GREEK if rng.random() < 0.3 and ch in GREEK else HOMOGLYPHS
    return table.get(ch, ch)


def random_bytes(size: int, *, low: int = 0, high: int = 255, seed: int = SEED) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randint(low, high) for _ in range(size))


def html_page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html>\n<html><head><title>Minister visits Budapest</title>{head}</head>"
        f"<body>{body}</body></html>\n"
    )


def paragraphs(text: str = GOOD) -> str:
    return "".join(f"<p>{part}</p>" for part in text.split("\n\n"))


def distinct_sentences(count: int) -> str:
    """``count`` short sentences that share almost no words (a vocabulary per sentence)."""
    return " ".join(
        f"Officials in district {i} counted {i * 7} votes on day {i}." for i in range(count)
    )
