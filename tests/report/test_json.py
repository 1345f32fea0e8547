"""The JSON report: versioned, every offset exact, furniture and facts carried over."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newstrace import api
from newstrace.errors import ConfigError
from newstrace.records import Article, Audit
from newstrace.report import FORMATS, RENDERERS, render_report
from newstrace.report.json import SCHEMA_VERSION, audit_to_dict, render_json

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "docs" / "audit.schema.json"

TOP_KEYS = ["schema", "config_tag", "summary", "source", "derived"]
DERIVED_KEYS = [
    "id", "index", "paragraph", "start", "end", "text", "verdict", "score", "evidence",
    "sources", "atoms", "changes", "unsupported",
]  # fmt: skip
SOURCE_KEYS = ["id", "index", "paragraph", "start", "end", "text", "status", "derived", "atoms"]


def spans(side: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item of a side whose start/end point into that side's article text."""
    for sentence in side["sentences"]:
        yield sentence["id"], sentence
        for atom in sentence["atoms"] + sentence.get("unsupported", []):
            yield f"{sentence['id']} atom", atom
    for item in side["furniture"]:
        yield "furniture", item


def change_atoms(doc: dict[str, Any], role: str) -> Iterator[dict[str, Any]]:
    for sentence in doc["derived"]["sentences"]:
        for change in sentence["changes"]:
            if change[role] is not None:
                yield change[role]


@pytest.fixture(scope="module")
def doc(demo_audit: Audit) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(render_json(demo_audit))
    return loaded


def test_schema_version_and_key_order(doc: dict[str, Any]) -> None:
    assert doc["schema"] == SCHEMA_VERSION == "newstrace.audit/1"
    assert list(doc) == TOP_KEYS
    assert all(list(s) == DERIVED_KEYS for s in doc["derived"]["sentences"])
    assert all(list(s) == SOURCE_KEYS for s in doc["source"]["sentences"])


def test_render_is_the_dict_as_indented_utf8(demo_audit: Audit) -> None:
    text = render_json(demo_audit)
    assert json.loads(text) == audit_to_dict(demo_audit)
    assert text.startswith('{\n  "schema"') and text.endswith("}\n")
    assert "Orbán" in text  # ensure_ascii=False
    assert render_json(demo_audit) == text  # deterministic


@pytest.mark.parametrize("role", ["source", "derived"])
def test_every_offset_slices_the_original_text(
    doc: dict[str, Any], demo_pair: tuple[Article, Article], role: str
) -> None:
    article = demo_pair[0] if role == "source" else demo_pair[1]
    side = doc[role]
    assert side["article"]["text"] == article.text
    assert side["article"]["length"] == len(article.text)
    checked = 0
    for label, item in spans(side):
        assert article.text[item["start"] : item["end"]] == item["text"], label
        checked += 1
    for atom in change_atoms(doc, role):
        assert article.text[atom["start"] : atom["end"]] == atom["text"]
    assert checked > len(side["sentences"])


def test_changed_fact_atoms_point_into_their_own_article(changed_number_audit: Audit) -> None:
    doc = audit_to_dict(changed_number_audit)
    changed = [s for s in doc["derived"]["sentences"] if s["verdict"] == "changed_fact"]
    assert changed, "the engine should flag 75th -> 76th"
    numbers = [c for s in changed for c in s["changes"] if c["kind"] == "number"]
    assert any(c["derived"] and c["derived"]["text"] == "76th" for c in numbers)
    for role in ("source", "derived"):
        text = doc[role]["article"]["text"]
        for atom in change_atoms(doc, role):
            assert text[atom["start"] : atom["end"]] == atom["text"]


def test_seed_furniture_is_reported_with_rule_and_reason(doc: dict[str, Any]) -> None:
    furniture = doc["source"]["furniture"]
    lines = {item["text"] for item in furniture}
    assert {"12081 views 1 comment(s)", "Viktor Orban, Photo: Reuters", "Bonus video:"} <= lines
    assert all(item["rule"] and item["reason"] for item in furniture)
    assert doc["derived"]["furniture"] == []


def test_ids_cross_reference(doc: dict[str, Any]) -> None:
    source = {s["id"]: s for s in doc["source"]["sentences"]}
    derived = {s["id"]: s for s in doc["derived"]["sentences"]}
    assert list(derived) == [f"d{i}" for i in range(len(derived))]
    assert list(source) == [f"s{i}" for i in range(len(source))]
    for sentence in derived.values():
        assert set(sentence["sources"]) <= set(source)
    for sentence in source.values():
        assert (sentence["status"] == "dropped") == (not sentence["derived"])
        for did in sentence["derived"]:
            assert sentence["id"] in derived[did]["sources"]


def test_unsupported_addition_names_the_new_entities(doc: dict[str, Any]) -> None:
    added = [s for s in doc["derived"]["sentences"] if s["verdict"] == "unsupported_addition"]
    names = " ".join(atom["text"] for s in added for atom in s["unsupported"])
    assert "Xi Jinping" in names
    assert "Belt and Road" in names


def test_summary_counts_every_verdict(doc: dict[str, Any]) -> None:
    counts = doc["summary"]["derived_counts"]
    assert list(counts)[:5] == [
        "verbatim", "light_edit", "paraphrase", "changed_fact", "unsupported_addition",
    ]  # fmt: skip
    assert sum(counts.values()) == len(doc["derived"]["sentences"])
    assert 0.0 <= doc["summary"]["kept_share"] <= 1.0


def test_output_validates_against_the_published_schema(doc: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)
    doc["derived"]["sentences"][0]["surprise"] = 1
    assert not jsonschema.Draft202012Validator(schema).is_valid(doc)


def test_render_report_dispatches_and_rejects_unknown_formats(demo_audit: Audit) -> None:
    assert set(FORMATS) == set(RENDERERS)
    assert render_report(demo_audit, "json") == render_json(demo_audit)
    assert api.render(demo_audit, "json") == render_json(demo_audit)
    with pytest.raises(ConfigError, match=r"'xml'.*text, json, html"):
        render_report(demo_audit, "xml")


def test_every_emitted_key_is_documented(demo_audit: Audit) -> None:
    doc_text = (REPO / "docs" / "audit-json.md").read_text(encoding="utf-8")
    keys: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(audit_to_dict(demo_audit))
    missing = sorted(key for key in keys if f"`{key}`" not in doc_text)
    assert not missing, f"document these fields in docs/audit-json.md: {missing}"


def test_evasions_are_reported_with_codepoints(evasion_audit: Audit) -> None:
    side = audit_to_dict(evasion_audit)["derived"]
    found = {item["codepoints"]: item for item in side["evasions"]}
    assert {"U+200B", "U+0430"} <= set(found)
    for item in found.values():
        assert side["article"]["text"][item["offset"]] == item["char"]
