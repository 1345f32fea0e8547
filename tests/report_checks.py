"""Checks any audit report must pass, whatever its articles held (shared by several suites).

JSON: it parses, and every span slices its side's article text to the reported text (every
sentence, atom, unsupported atom, change atom, furniture line and evasion offset). HTML: it is
one whole document and article text never adds a tag: the only ``<script`` elements are the
report's own.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

from newstrace import api
from newstrace.config import AlignConfig, Config

JsonDoc = dict[str, Any]
SIDES = ("source", "derived")


def spans(doc: JsonDoc, role: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item with ``start``/``end`` into the text of side ``role``."""
    side = doc[role]
    for sentence in side["sentences"]:
        yield sentence["id"], sentence
        for atom in sentence["atoms"] + sentence.get("unsupported", []):
            yield f"{sentence['id']} atom", atom
    for item in side["furniture"]:
        yield "furniture", item
    for sentence in doc["derived"]["sentences"]:
        for change in sentence["changes"]:
            if change[role] is not None:
                yield f"{sentence['id']} change", change[role]


def check_json_report(text: str) -> JsonDoc:
    """Parse a JSON report and check every offset in it; return the document."""
    doc: JsonDoc = json.loads(text)
    assert doc["schema"] == "newstrace.audit/1"
    for role in SIDES:
        article = doc[role]["article"]["text"]
        assert doc[role]["article"]["length"] == len(article)
        for label, item in spans(doc, role):
            assert 0 <= item["start"] <= item["end"] <= len(article), (role, label, item)
            assert article[item["start"] : item["end"]] == item["text"], (role, label, item)
        for evasion in doc[role]["evasions"]:
            assert article[evasion["offset"]] == evasion["char"], (role, evasion)
    return doc


@functools.cache
def report_script_tags() -> tuple[int, int]:
    """How many ``<script`` and ``</script`` the report itself has (a plain-text audit)."""
    audit = api.audit(
        "A plain sentence.", "A plain sentence.", Config(align=AlignConfig("hashing"))
    )
    html = api.render(audit, "html").lower()
    return html.count("<script"), html.count("</script")


def check_html_report(html: str) -> None:
    """One whole document whose only script elements are the report's own."""
    assert html.lstrip().lower().startswith("<!doctype html"), html[:80]
    assert html.rstrip().lower().endswith("</html>"), html[-80:]
    lowered = html.lower()
    assert (lowered.count("<script"), lowered.count("</script")) == report_script_tags()
    for tag in ("<iframe", "<img", "<svg", "<object", "<embed"):
        assert tag not in lowered, tag
