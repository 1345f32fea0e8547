"""A small real corpus for the server tests: the seed pair, a light edit of the source that
carries an XSS payload, and English SemEval articles around them, indexed and traced."""

from __future__ import annotations

import json
from pathlib import Path

from newstrace import api

PAYLOAD = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
    '"><svg onload="window.__pwned=3"> </script><script>window.__pwned=4</script>'
)
SEMEVAL_ARTICLES = 40
SLASHED_ID = "archive/2020/last article.txt"


def records(shared: Path) -> list[dict[str, object]]:
    seeds = shared / "seeds"
    source = (seeds / "source_scraped.txt").read_text(encoding="utf-8")
    rewrite = (seeds / "rewrite.txt").read_text(encoding="utf-8")
    copied = source.replace("75th", "70th") + f"\n\nReader comment: {PAYLOAD}\n"
    rows: list[dict[str, object]] = [
        {
            "id": "seed-source",
            "text": source,
            "outlet": "Daily Source",
            "published": "2024-05-10T08:00:00",
            "title": "China offers Hungary security help",
            "lang": "en",
        },
        {
            "id": "seed-rewrite",
            "text": rewrite,
            "outlet": "Rewrite Weekly",
            "published": "2024-05-10T15:30:00",
            "title": "Rewritten: security cooperation",
            "lang": "en",
        },
        {
            "id": "seed-copy",
            "text": copied,
            "outlet": f"Copy Farm {PAYLOAD}",
            "published": "2024-05-11T09:00:00",
            "title": f"Copied {PAYLOAD}",
            "lang": "en",
            "section": "world",
        },
    ]
    corpus = shared / "data" / "semeval2022_dev" / "corpus.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        english = [json.loads(line) for line in lines]
    english = [row for row in english if row.get("lang") == "en"][:SEMEVAL_ARTICLES]
    for n, row in enumerate(english):
        rows.append({**row, "outlet": f"Outlet {n % 5}", "published": f"2020-0{1 + n % 9}-15"})
    rows[-1]["id"] = SLASHED_ID  # ids of directory corpora are relative paths
    return rows


def build_index(shared: Path, folder: Path) -> Path:
    corpus = folder / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in records(shared)),
        encoding="utf-8",
    )
    index = folder / "served.sqlite"
    api.index_add(corpus, index)
    api.trace(index)
    return index
