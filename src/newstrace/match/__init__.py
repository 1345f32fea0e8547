"""Corpus-scale matching: candidate pairs from three channels, verified and classified."""
