"""Per-sentence matching features: normalised view, word tokens and content stems."""

from __future__ import annotations

from dataclasses import dataclass

from newstrace.align.tokens import Token, tokenize, words
from newstrace.clean.normalize import MatchView, match_view, view_text
from newstrace.records import Sentence

# Function words carry no content; they are left out of lexical overlap.
STOPWORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as into onto over under
    about after before between through during against among within without than then
    so such this that these those there here it its it's he she they them their his
    her him we us our you your i me my is are was were be been being has have had
    having do does did will would shall should can could may might must also very more
    most much many some any each every all both either other another same own which
    who whom whose what when where why how not no nor only just too up down out off
    again further once while until because although though however said says say told
    according one
    """.split()
)


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """A sentence with its matching view, lower-cased words and content stems."""

    sentence: Sentence
    view: MatchView
    tokens: tuple[Token, ...]
    words: tuple[str, ...]
    stems: frozenset[str]


def stem(word: str) -> str:
    """Truncation stemmer: possessive dropped, then the first five letters (Paice's truncation)."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word[:5] if len(word) > 5 else word


_STEMS: dict[str, str] = {}
"""Content stem of each word met ("" for a stop word): a lookup is ~5x faster than ``stem``."""
_STEMS_MAX = 1 << 19
_NO_STEM = frozenset({""})


def content_stems(words: tuple[str, ...]) -> frozenset[str]:
    """The stems of the words that are not stop words."""
    if len(_STEMS) > _STEMS_MAX:
        _STEMS.clear()  # bounded: a corpus's vocabulary fills it again in a few articles
    for word in words:
        if word not in _STEMS:
            _STEMS[word] = "" if word in STOPWORDS else stem(word)
    return frozenset(map(_STEMS.__getitem__, words)) - _NO_STEM


def build_features(sentences: list[Sentence]) -> list[SentenceFeatures]:
    """Matching features for each sentence; views keep offsets into the original text."""
    features = []
    for sentence in sentences:
        view = match_view(sentence.text, base=sentence.span.start)
        tokens = tuple(tokenize(view.text))
        words = tuple(t.lower for t in tokens)
        features.append(SentenceFeatures(sentence, view, tokens, words, content_stems(words)))
    return features


def build_word_features(sentences: list[Sentence]) -> list[SentenceFeatures]:
    """``build_features`` without word tokens (``tokens`` is empty) nor view offsets: words
    and stems only, for callers that never map words back to offsets (trace verification)."""
    features = []
    for sentence in sentences:
        view = _text_view(sentence)
        lowered = words(view.text)
        features.append(SentenceFeatures(sentence, view, (), lowered, content_stems(lowered)))
    return features


def _text_view(sentence: Sentence) -> MatchView:
    """The matching view's text without its per-character offset maps and evasion report:
    those maps were most of a cached trace sketch's memory, and building them most of the
    view's cost."""
    return MatchView(view_text(sentence.text), (), (), ())
