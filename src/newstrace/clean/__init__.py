"""Page furniture removal and the normalised matching view (with offsets back)."""

from newstrace.clean.furniture import content_text, split_content
from newstrace.clean.lines import Line, split_lines
from newstrace.clean.normalize import MatchView, match_view

__all__ = ["Line", "MatchView", "content_text", "match_view", "split_content", "split_lines"]
