"""Article-level fingerprints for corpus-scale candidate search.

Three channels, one per kind of reuse: a character-shingle MinHash signature (copies and
light edits), a static-embedding vector (rewrites, same story) and salient keys (rare
names and numbers that a rewrite keeps while it paraphrases everything around them).
"""

from newstrace.fingerprint.features import ArticleFingerprint, fingerprint_articles

__all__ = ["ArticleFingerprint", "fingerprint_articles"]
