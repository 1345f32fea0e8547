"""Read inputs into ``Article`` records: one file, stdin bytes, a string, or a whole corpus."""

from newstrace.ingest.corpus import iter_corpus
from newstrace.ingest.reader import article_from_text, load_article, read_article

__all__ = ["article_from_text", "iter_corpus", "load_article", "read_article"]
