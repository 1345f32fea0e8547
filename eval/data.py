"""Loaders for the shared development sets, and the sentence splitter the generators use.

The shared data lives next to the repository (``../shared``); ``NEWSTRACE_SHARED`` overrides
it. The generators split sentences with their own regex on purpose: the evaluation sets must
not change when the engine's segmenter does, so truth is recorded as character spans and the
scorer maps engine sentences onto it by overlap.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

MSRP_DIR = ("data", "msrp_dev")
SEMEVAL_DIR = ("data", "semeval2022_dev")


def shared_dir() -> Path:
    """The shared data root: ``$NEWSTRACE_SHARED`` or ``../shared`` next to the repo."""
    env = os.environ.get("NEWSTRACE_SHARED")
    return Path(env) if env else SHARED


def ensure_src_on_path() -> None:
    """Make ``newstrace`` importable from the checkout when it is not installed."""
    src = str(REPO / "src")
    if src not in sys.path:
        sys.path.insert(0, src)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def data_files() -> list[Path]:
    """Every input file the evaluation reads; their hashes pin the baseline."""
    root = shared_dir()
    return [
        root.joinpath(*MSRP_DIR, "corpus.jsonl"),
        root.joinpath(*MSRP_DIR, "pairs.jsonl"),
        root.joinpath(*SEMEVAL_DIR, "corpus.jsonl"),
    ]


def data_sha256() -> dict[str, str]:
    """SHA-256 per input file, keyed by its path relative to the shared root."""
    root = shared_dir()
    out: dict[str, str] = {}
    for path in data_files():
        out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@dataclass(frozen=True, slots=True)
class MsrpPair:
    a: str
    b: str
    label: int


@dataclass(frozen=True, slots=True)
class Msrp:
    texts: dict[str, str]
    pairs: list[MsrpPair]


def load_msrp() -> Msrp:
    root = shared_dir().joinpath(*MSRP_DIR)
    texts = {row["id"]: row["text"] for row in load_jsonl(root / "corpus.jsonl")}
    pairs = [
        MsrpPair(a=row["a"], b=row["b"], label=int(row["label"]))
        for row in load_jsonl(root / "pairs.jsonl")
        if row["a"] in texts and row["b"] in texts
    ]
    return Msrp(texts=texts, pairs=pairs)


@dataclass(frozen=True, slots=True)
class Doc:
    """A real English article reduced to clean, self-contained sentences."""

    id: str
    sentences: tuple[str, ...]


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) then whitespace and
# an opening capital, digit or quote. Abbreviations below do not end a sentence.
_BOUNDARY = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ave|Blvd|Mt|Ft|a\.m|p\.m|U\.S|"
    r"U\.K|U\.N|e\.g|i\.e)|\b[A-Z])\.$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of ``text`` (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ABBREV.search(text[max(start, match.start() - 12) : match.start()]):
            continue
        spans.append((start, match.end(1)))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in _trim(text, spans) if e > s]


def _trim(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, start + len(chunk.rstrip())))
    return out


_CLEAN_END = re.compile(r"[.!?][\"'”’)]*$")
_INNER_STOP = re.compile(r"[.!?][\"'”’)]*\s+[\"'“‘(]?[A-Z]")
_JUNK = re.compile(
    r"https?://|www\.|@\w|\bclick\b|\bsubscribe\b|\bnewsletter\b|[|•]|\.\.|share this|"
    r"sign up|read more|advertisement|all rights reserved|copyright|\bphoto\b",
    re.I,
)
_TITLE_WORDS = re.compile(r"^(?:[\"“‘']?[A-Z0-9][\w'’:-]*\s+){6}")


def is_clean_sentence(sentence: str) -> bool:
    """Prose that any reasonable segmenter keeps as exactly one sentence."""
    words = sentence.split()
    if not 6 <= len(words) <= 60 or not _CLEAN_END.search(sentence):
        return False
    if not (sentence[0].isupper() or sentence[0] in "\"“'‘"):
        return False
    if _JUNK.search(sentence) or _INNER_STOP.search(sentence[:-1]):
        return False
    if _TITLE_WORDS.match(sentence):  # a headline glued to the first sentence
        return False
    return sentence.count('"') % 2 == 0 and sentence.count("“") == sentence.count("”")


def clean_sentences(text: str) -> list[str]:
    """The clean sentences of ``text``; the first one is skipped (usually a scraped headline)."""
    sentences = [text[s:e] for s, e in split_sentences(" ".join(text.split()))]
    return [s for s in sentences[1:] if is_clean_sentence(s)]


def load_semeval_en(min_sentences: int = 6) -> list[Doc]:
    """English SemEval articles with at least ``min_sentences`` clean sentences, deduplicated."""
    root = shared_dir().joinpath(*SEMEVAL_DIR)
    docs: list[Doc] = []
    seen: set[str] = set()
    for row in load_jsonl(root / "corpus.jsonl"):
        if row.get("lang") != "en":
            continue
        sentences = _dedupe(clean_sentences(row["text"]), seen)
        if len(sentences) >= min_sentences:
            docs.append(Doc(id=str(row["id"]), sentences=tuple(sentences)))
    return sorted(docs, key=lambda d: d.id)


def _dedupe(sentences: list[str], seen: set[str]) -> list[str]:
    """Drop sentences already used by an earlier article (syndicated copies share them)."""
    out: list[str] = []
    for sentence in sentences:
        key = " ".join(re.findall(r"\w+", sentence.lower()))
        if key not in seen:
            seen.add(key)
            out.append(sentence)
    return out
