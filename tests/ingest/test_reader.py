"""Inputs of any encoding decode; empty, binary and oversize inputs are refused clearly."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newstrace.config import Config, IngestConfig
from newstrace.errors import InputError
from newstrace.ingest import load_article, read_article

TEXT = "Sándor Pintér met Wang Xiaohong in Budapest on Friday. Both sides signed documents."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    article = read_article(data, "<test>")
    assert article.text == TEXT and article.encoding == encoding


def test_legacy_single_byte_encoding_is_detected() -> None:
    text = "Árvíztűrő tükörfúrógép: a magyar kormány pénteken döntött a költségvetésről."
    article = read_article(text.encode("iso-8859-2"), "<latin2>")
    assert "kormány" in article.text


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"  \n\t ", "empty"), (b"\x00\x01\x02\x03binary\x00" * 50, "binary")],
)
def test_bad_input_is_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_article(data, "<bad>")


def test_missing_file_and_size_limit_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        load_article(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputError, match="over the limit"):
        load_article(big, config=Config(ingest=IngestConfig(max_bytes=100)))


def test_html_keeps_metadata_and_drops_page_chrome(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Talks resume</title>"
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2024-03-05"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Talks resume</h1>"
        + "".join(f"<p>{TEXT} Paragraph {i} adds detail about the talks.</p>" for i in range(4))
        + "</article><footer>Cookie settings</footer></body></html>",
        encoding="utf-8",
    )
    article = load_article(page)
    assert article.input_format == "html"
    assert article.meta.title == "Talks resume" and article.meta.published == "2024-03-05"
    assert "Sándor Pintér" in article.text and "Cookie" not in article.text
