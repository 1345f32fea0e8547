"""The furniture filter generalises beyond the seed page and never eats body sentences."""

from __future__ import annotations

import pytest

from newstrace.clean import split_content
from newstrace.records import FurnitureRule

FURNITURE = [
    ("12081 views 1 comment(s)", FurnitureRule.COUNTER),
    ("3.2k shares", FurnitureRule.COUNTER),
    ("457 Comments", FurnitureRule.COUNTER),
    ("Viktor Orban, Photo: Reuters", FurnitureRule.PHOTO_CREDIT),
    ("Photo credit: John Doe/AFP", FurnitureRule.PHOTO_CREDIT),
    ("(Photo by Jane Roe/Getty Images)", FurnitureRule.PHOTO_CREDIT),
    ("Disclaimer: The translations are mostly done through AI translator.", FurnitureRule.DISCLAIMER),
    ("This article was machine-translated from Hungarian.", FurnitureRule.DISCLAIMER),
    ("Bonus video:", FurnitureRule.MEDIA_TEASER),
    ("Watch the video", FurnitureRule.MEDIA_TEASER),
    ("Share this article on Facebook", FurnitureRule.SHARE_PROMPT),
    ("Subscribe to our newsletter", FurnitureRule.SHARE_PROMPT),
    ("Read more: Budget talks stall again", FurnitureRule.RELATED_LINKS),
    ("Related articles", FurnitureRule.RELATED_LINKS),
    ("Tags: politics, economy", FurnitureRule.RELATED_LINKS),
    ("Advertisement", FurnitureRule.ADVERTISEMENT),
    ("© 2024 Example Media. All rights reserved.", FurnitureRule.COPYRIGHT),
]  # fmt: skip


@pytest.mark.parametrize(("line", "rule"), FURNITURE)
def test_furniture_line_is_removed_with_its_rule(line: str, rule: FurnitureRule) -> None:
    text = f"The talks resumed on Monday in Geneva.\n\n{line}\n\nBoth sides called them useful."
    content, furniture = split_content(text)
    assert [f.rule for f in furniture] == [rule]
    assert (
        furniture[0].text == line and text[furniture[0].span.start : furniture[0].span.end] == line
    )
    assert [c.text for c in content] == [
        "The talks resumed on Monday in Geneva.",
        "Both sides called them useful.",
    ]


BODY = [
    "The photo: a crowd outside parliament, was shared 12,000 times on social media by the evening.",
    "Police said the video showed the suspect entering the building shortly after midnight on Sunday.",
    "Read the full statement, the minister urged reporters, before drawing any conclusions about it.",
    "Share prices fell 3% in early trading after the announcement of the merger.",
]  # fmt: skip


@pytest.mark.parametrize("line", BODY)
def test_body_sentences_that_mention_media_are_kept(line: str) -> None:
    content, furniture = split_content(line)
    assert not furniture and [c.text for c in content] == [line]


def test_caption_next_to_credit_and_duplicate_lines() -> None:
    text = "Wang Xiaohong\nphoto: REUTERS\n\nBody text here.\n\nSee it\nSee it"
    content, furniture = split_content(text)
    rules = [f.rule for f in furniture]
    assert FurnitureRule.CAPTION in rules and FurnitureRule.PHOTO_CREDIT in rules
    assert FurnitureRule.DUPLICATE_LINE in rules
    assert "Body text here." in [c.text for c in content]
