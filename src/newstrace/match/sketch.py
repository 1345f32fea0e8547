"""Per-article sentence features, computed once and reused for every pair it is in."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.align.features import SentenceFeatures, build_word_features
from newstrace.clean.lines import split_lines
from newstrace.embed.base import Embedder
from newstrace.records import Sentence, Span
from newstrace.segment.sentences import split_sentences

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Sketch:
    """An article's content sentences with their words, stems and sentence embeddings.

    Compact by design (arrays and strings, no per-sentence or per-word objects): trace
    verification builds one per article, ships it between processes, keeps thousands in
    memory and reads each back from the spool every time it left a worker's cache, so
    loading one is a few arrays and one string split (0.23 -> 0.07 ms)."""

    content: str
    spans: npt.NDArray[np.int64]
    """One row per sentence: start and end offsets into ``content``, paragraph number."""
    joined_words: tuple[str, ...]
    """Each sentence's lower-cased matching-view words joined by single spaces (``words``)."""
    vectors: Vectors
    """Unit sentence embeddings, one row per sentence, rounded to float16 precision: they are
    most of a sketch's bytes, and are pickled as float16 without loss (``__reduce__``). The 1M
    scale corpus's spool was 20 GB with them as float32 (14 GB now), more than the page cache
    held beside the index, so verification waited on the disk (~10% I/O wait)."""
    stem_rows: npt.NDArray[np.intp]
    """Sentence of each (sentence, stem) occurrence, for ``match.support``."""
    stem_ids: npt.NDArray[np.int64]
    """Id of each occurrence's content stem (``stem_id``: equal stems, equal ids)."""
    distinct: npt.NDArray[np.int64]
    """The article's distinct stem ids, sorted (for ``verify.stem_share``)."""

    def __len__(self) -> int:
        """Sentences."""
        return len(self.joined_words)

    def words(self, k: int) -> tuple[str, ...]:
        """Sentence ``k``'s words (for the verbatim test)."""
        line = self.joined_words[k]
        return tuple(line.split(" ")) if line else ()

    def span(self, k: int) -> Span:
        start, end, _ = self.spans[k].tolist()
        return Span(start, end)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences as records (built on every call: for the few pairs that need them)."""
        return tuple(
            Sentence(k, Span(start, end), self.content[start:end], paragraph)
            for k, (start, end, paragraph) in enumerate(self.spans.tolist())
        )

    def __reduce__(self) -> tuple[Callable[..., Sketch], tuple[Any, ...]]:
        """Pickled as a few arrays and strings: about 10x faster to load than objects."""
        words = "\n".join(self.joined_words)
        halves = self.vectors.astype(np.float16)
        arrays = (halves, self.stem_rows, self.stem_ids, self.distinct)
        return _restore, (self.content, self.spans, words, *arrays)


def _restore(
    content: str,
    spans: npt.NDArray[np.int64],
    words: str,
    vectors: npt.NDArray[np.float16],
    stem_rows: npt.NDArray[np.intp],
    stem_ids: npt.NDArray[np.int64],
    distinct: npt.NDArray[np.int64],
) -> Sketch:
    joined = tuple(words.split("\n"))[: len(spans)]
    floats = vectors.astype(np.float32)
    return Sketch(content, spans, joined, floats, stem_rows, stem_ids, distinct)


MAX_SENTENCES = 400
"""Sentences of an article that trace verification looks at: its first 400 (a news article has
20-80). The pair matrices are quadratic in sentences, so one 6,000-"sentence" record (a
crawl dump, a book) made a 51-article trace take 1.3 GB; the audit of a pair still reads
every sentence, within its own limits (``AlignConfig.max_chars``/``max_matrix_mib``)."""


def stem_id(stem: str) -> int:
    """A stem's id: its string hash, the same in this process and every process it forks
    (ids are only compared within one pair; two stems sharing a 64-bit hash are not a concern)."""
    return hash(stem)


def sketch(content: str, embedder: Embedder) -> Sketch:
    return sketch_batch([content], embedder)[0]


def sketch_batch(contents: Sequence[str], embedder: Embedder) -> list[Sketch]:
    """The sketch of each content (an article's ``clean.content_text``, as the index stores
    it: page furniture already removed). A sentence met more than once in the batch (copies
    side by side: ``pool.copy_order``) has its words, stems and vector computed once; they
    depend on its text alone."""
    segmented = [_content_sentences(content) for content in contents]
    first: dict[str, Sentence] = {}
    for sentences in segmented:
        for sentence in sentences:
            first.setdefault(sentence.text, sentence)
    features = build_word_features(list(first.values()))
    row = {f.sentence.text: k for k, f in enumerate(features)}
    vectors = (
        embedder.encode([f.view.text for f in features])
        if features
        else np.zeros((0, 1), dtype=np.float32)
    )
    made = []
    for content, sentences in zip(contents, segmented, strict=True):
        rows = [row[s.text] for s in sentences]
        made.append(_sketch(content, sentences, [features[k] for k in rows], vectors[rows]))
    return made


def _content_sentences(content: str) -> list[Sentence]:
    """The sentences of a fingerprint's ``content``: its lines are what the furniture filter
    kept, so they are split as they are. Filtering them again found nothing to drop in any of
    109,389 contents (the 100k scale corpus, every text of ../shared/data) and was a tenth of
    sketching (tests/match check the two agree)."""
    return split_sentences(content, split_lines(content))[:MAX_SENTENCES]


def _sketch(
    content: str, sentences: list[Sentence], features: list[SentenceFeatures], vectors: Vectors
) -> Sketch:
    """One article's sketch from its sentences and each one's features and vector."""
    rows = [row for row, f in enumerate(features) for _ in f.stems]
    ids = np.array([stem_id(t) for f in features for t in f.stems], dtype=np.int64)
    spans = [(s.span.start, s.span.end, s.paragraph) for s in sentences]
    return Sketch(
        content,
        np.array(spans, dtype=np.int64).reshape(-1, 3),
        tuple(" ".join(f.words) for f in features),
        vectors.astype(np.float16).astype(np.float32),
        np.array(rows, dtype=np.intp),
        ids,
        np.unique(ids),
    )


class SketchCache:
    """Least-recently-used sketches by article id (bounded memory at corpus scale).

    ``make`` gives the sketch of an article id that is not cached (``of_contents``: build it
    from the article's content; trace workers: read it from the spool)."""

    def __init__(self, make: Callable[[str], Sketch], size: int = 4096) -> None:
        self._make = make
        self._size = size
        self._items: OrderedDict[str, Sketch] = OrderedDict()

    @classmethod
    def of_contents(
        cls, load: Callable[[str], str], embedder: Embedder, size: int = 4096
    ) -> SketchCache:
        """A cache that sketches an article's content (``load``) with ``embedder``."""
        return cls(lambda article_id: sketch(load(article_id), embedder), size)

    def get(self, article_id: str) -> Sketch:
        found = self._items.get(article_id)
        if found is not None:
            self._items.move_to_end(article_id)
            return found
        made = self._make(article_id)
        self._items[article_id] = made
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return made
