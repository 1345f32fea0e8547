"""Fact atoms, their comparison, and the verdicts of an audit."""

from newstrace.audit.engine import audit_articles

__all__ = ["audit_articles"]
