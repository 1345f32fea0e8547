"""The stem-share gate: pairs that share few content stems are not aligned; related ones are."""

from __future__ import annotations

from pathlib import Path

from newstrace.clean import content_text
from newstrace.config import Config
from newstrace.embed.base import get_embedder
from newstrace.match.sketch import sketch
from newstrace.match.verify import NO_EVIDENCE, pair_settings, stem_share, verify_pair

COOKING = (
    "Preheat the oven to a moderate heat and butter a deep baking tin.\n"
    "Whisk eggs with sugar until pale, then fold in sifted flour and a pinch of salt.\n"
    "Pour the batter into the tin and bake until golden and springy to the touch.\n"
    "Leave the sponge on a wire rack before dusting it with icing sugar.\n"
    "Serve slices with whipped cream and fresh strawberries."
)


def test_the_gate_keeps_the_seed_pair_and_skips_an_unrelated_text(shared: Path) -> None:
    config = Config()
    align = pair_settings(config, "en", "en")
    assert align.align is not None and align.min_stem_share == config.trace.min_stem_share > 0
    embedder = get_embedder(config.fingerprint.embedder)
    seeds = shared / "seeds"
    source, rewrite, cooking = (
        sketch(content_text(text), embedder)
        for text in (
            (seeds / "source_scraped.txt").read_text(encoding="utf-8"),
            (seeds / "rewrite.txt").read_text(encoding="utf-8"),
            COOKING,
        )
    )
    assert stem_share(source, rewrite) >= align.min_stem_share
    gated = verify_pair(source, rewrite, align.align, align.min_stem_share)
    assert gated == verify_pair(source, rewrite, align.align) and gated.aligned > 5
    assert stem_share(source, cooking) < align.min_stem_share
    assert verify_pair(source, cooking, align.align, align.min_stem_share) is NO_EVIDENCE


def test_lexical_only_pairs_are_not_gated() -> None:
    assert pair_settings(Config(), "de", "de").min_stem_share == 0.0
