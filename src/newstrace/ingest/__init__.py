"""Read one input (file, stdin bytes or a string) into an ``Article``."""

from newstrace.ingest.reader import article_from_text, load_article, read_article

__all__ = ["article_from_text", "load_article", "read_article"]
