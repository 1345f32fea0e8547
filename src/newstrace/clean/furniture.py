"""Line-level page-furniture filter: counters, credits, disclaimers, teasers, share bars.

Works on plain text and on what HTML extraction leaves behind. Each rule is a pattern with
the reason it gives; rules only fire on short lines, so a body sentence that happens to
mention a photo or a video is never removed.
"""

from __future__ import annotations

import re

from newstrace.clean.lines import Line, split_lines
from newstrace.records import Furniture, FurnitureRule

_COUNTER_WORDS = r"(?:views?|reads?|comments?(?:\(s\))?|shares?|likes?|reactions?|votes?|clicks?)"
_COUNTER = re.compile(rf"^(?:[\d.,]+[kKmM]?\s*{_COUNTER_WORDS}[\s|·•,/-]*)+$", re.I)
_CREDIT_WORD = r"(?:photos?|image|picture|pic|foto|illustration|graphic|source|credit|video)"
_PHOTO_CREDIT = re.compile(
    rf"(?:^|[,;|/(–—-]\s*){_CREDIT_WORD}(?:\s+(?:credit|by))?\s*:\s*\S"
    r"|\b(?:getty images|shutterstock|afp photo|ap photo|reuters/|/ ?reuters|epa-efe)\b",
    re.I,
)
_DISCLAIMER = re.compile(
    r"^(?:disclaimer|editor'?s note|note|translation)\s*:"
    r"|\btranslat\w*\b.*\b(?:AI|machine|automatic\w*)\b|\b(?:AI|machine)[- ]translat",
    re.I,
)
_MEDIA_TEASER = re.compile(
    r"^(?:bonus|watch|featured|related|listen|see)?\s*(?:the\s+)?"
    r"(?:video|videos|gallery|photo gallery|podcast|audio|photos)\s*:?$"
    r"|^(?:watch|listen)\s*:",
    re.I,
)
_SHARE = re.compile(
    r"^(?:share(?: this)?(?: article| story| post)?(?: on| via)?|follow us(?: on)?|subscribe"
    r"|sign up|newsletter|like us on|join us on|download (?:our|the) app|click here|print"
    r"|e-?mail this|leave a comment|comments? \(\d+\)|tweet this|whatsapp|facebook|twitter)\b",
    re.I,
)
_RELATED = re.compile(
    r"^(?:read more|read also|also read|see also|more on this|related(?: articles| stories|"
    r" news| content)?|more from|recommended(?: for you)?|most read|you may also like|tags?)\b"
    r"\s*[:.|»>-]?",
    re.I,
)
_ADVERT = re.compile(r"^(?:advertisement|advertising|sponsored(?: content)?|promoted|ad)\s*$", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved", re.I)

# (rule, pattern, reason, most words a line may have for the rule to fire)
RULES: tuple[tuple[FurnitureRule, re.Pattern[str], str, int], ...] = (
    (FurnitureRule.COUNTER, _COUNTER, "view/comment counter", 8),
    (FurnitureRule.PHOTO_CREDIT, _PHOTO_CREDIT, "photo or media credit line", 12),
    (FurnitureRule.DISCLAIMER, _DISCLAIMER, "translation or editorial disclaimer", 40),
    (FurnitureRule.MEDIA_TEASER, _MEDIA_TEASER, "teaser for a video, gallery or podcast", 5),
    (FurnitureRule.SHARE_PROMPT, _SHARE, "share / follow / subscribe prompt", 10),
    (FurnitureRule.RELATED_LINKS, _RELATED, "related-links or tags block", 14),
    (FurnitureRule.ADVERTISEMENT, _ADVERT, "advertisement marker", 3),
    (FurnitureRule.COPYRIGHT, _COPYRIGHT, "copyright notice", 20),
)
_DUPLICATE_MAX_WORDS = 15
_CAPTION_MAX_WORDS = 6


def split_content(text: str) -> tuple[list[Line], list[Furniture]]:
    """Split a text into content lines and furniture lines (each with its rule)."""
    lines = split_lines(text)
    counts = [len(line.text.split()) for line in lines]  # words: every rule below needs them
    verdicts = [_match_rules(line, n) for line, n in zip(lines, counts, strict=True)]
    _mark_duplicates(lines, counts, verdicts)
    _mark_captions(lines, counts, verdicts)
    content = [line for line, v in zip(lines, verdicts, strict=True) if v is None]
    furniture = [v for v in verdicts if v is not None]
    return content, furniture


def content_text(text: str) -> str:
    """The content lines of ``text`` joined by newlines: what the index keeps of an article
    to compare (``ArticleFingerprint.content``). Filtering it again keeps every line (so
    ``match.sketch`` does not; tests/match/test_sketch.py checks it on the seed pair)."""
    lines, _ = split_content(text)
    return "\n".join(line.text for line in lines)


def _match_rules(line: Line, words: int) -> Furniture | None:
    for rule, pattern, reason, max_words in RULES:
        if words <= max_words and pattern.search(line.text):
            return Furniture(line.span, line.text, rule, reason)
    return None


def _mark_duplicates(
    lines: list[Line], counts: list[int], verdicts: list[Furniture | None]
) -> None:
    """A short line repeating an earlier one. Only short lines are compared: a line equals
    another only with as many words, so a long line can never be the earlier one."""
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if counts[i] > _DUPLICATE_MAX_WORDS:
            continue
        key = " ".join(line.text.casefold().split())
        if key in seen and verdicts[i] is None:
            verdicts[i] = Furniture(
                line.span, line.text, FurnitureRule.DUPLICATE_LINE, "repeats an earlier short line"
            )
        seen.add(key)


def _mark_captions(lines: list[Line], counts: list[int], verdicts: list[Furniture | None]) -> None:
    """A short unpunctuated line right next to a photo credit is that photo's caption."""
    for i, line in enumerate(lines):
        if verdicts[i] is not None or not _caption_shaped(line.text, counts[i]):
            continue
        if _is_credit(lines, verdicts, i, i - 1) or _is_credit(lines, verdicts, i, i + 1):
            verdicts[i] = Furniture(
                line.span, line.text, FurnitureRule.CAPTION, "caption next to a photo credit"
            )


def _is_credit(lines: list[Line], verdicts: list[Furniture | None], i: int, j: int) -> bool:
    if not 0 <= j < len(lines) or lines[j].paragraph != lines[i].paragraph:
        return False
    verdict = verdicts[j]
    return verdict is not None and verdict.rule is FurnitureRule.PHOTO_CREDIT


def _caption_shaped(text: str, words: int) -> bool:
    return words <= _CAPTION_MAX_WORDS and not text.rstrip().endswith((".", "!", "?", '"'))
