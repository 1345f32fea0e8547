"""Each kind of fact change, and the spelling variants that are not changes."""

from __future__ import annotations

import pytest

from newstrace import api
from newstrace.records import SUPPORTED_VERDICTS, AtomKind, Verdict

CHANGES = [
    ("number", "Revenue rose 12% to $4.5 billion in 2023.", "Revenue rose 15% to $4.5 billion in 2023.", "12%", "15%"),
    ("number", "The storm killed 12 people in the valley.", "The storm killed 40 people in the valley.", "12", "40"),
    ("date", "The meeting took place on Friday in Berlin.", "The meeting took place on Monday in Berlin.", "Friday", "Monday"),
    ("date", "Sales fell in March, the company said.", "Sales fell in May, the company said.", "March", "May"),
    ("date", "The plant opened in 2016 near Lyon.", "The plant opened in 2019 near Lyon.", "2016", "2019"),
    ("name", "Prime Minister John Smith met the delegation in Paris.", "Prime Minister Peter Jones met the delegation in Paris.", "John Smith", "Peter Jones"),
    ("negation", "The minister said the plan would be approved.", "The minister said the plan would not be approved.", None, "not"),
    ("negation", "The court did not accept the appeal on Monday.", "The court accepted the appeal on Monday.", "not", None),
    ("quote", '"We will not back down," said Angela Merkel.', '"We will never give up," said Angela Merkel.', "We will not back down", "We will never give up"),
    ("attribution", "Police arrested three men, Reuters reported.", "Police arrested three men, the Associated Press reported.", "Reuters", "Associated Press"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "source", "derived", "before", "after"), CHANGES)
def test_change_is_found_with_both_values(
    kind: str, source: str, derived: str, before: str | None, after: str | None
) -> None:
    finding = api.audit(source, derived).derived_findings[0]
    assert finding.verdict is Verdict.CHANGED_FACT, finding
    change = finding.changes[0]
    assert change.kind is AtomKind(kind)
    if before is not None:
        assert change.source is not None and before in change.source.text
    if after is not None:
        assert change.derived is not None and after in change.derived.text


SAME_FACTS = [
    ("Orbán met Sándor Pintér in Budapest on Friday.", "Orban met Sandor Pinter in Budapest on Friday."),
    ("The storm killed 12 people.", "The storm killed twelve people."),
    ("The 75th anniversary falls this year.", "The seventy-fifth anniversary falls this year."),
    ("Orbán's government met the EU envoy.", "The government of Orbán met the European Union envoy."),
    ("China signed the deal with Hungary.", "The Chinese side signed the deal with Hungarian officials."),
    ("Hungary is the only member that has not ratified the treaty.", "Hungary refused to ratify the treaty, the only member to do so."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "derived"), SAME_FACTS)
def test_spelling_variants_are_not_changes(source: str, derived: str) -> None:
    finding = api.audit(source, derived).derived_findings[0]
    assert finding.verdict in SUPPORTED_VERDICTS, (finding.verdict, finding.changes)


def test_addition_lists_its_unsupported_atoms() -> None:
    source = "The minister visited the factory in Lyon on Tuesday and praised the workers."
    derived = (
        "The minister visited the factory in Lyon on Tuesday, where Emmanuel Macron "
        "announced 500 new jobs."
    )
    finding = api.audit(source, derived).derived_findings[0]
    assert finding.verdict is Verdict.UNSUPPORTED_ADDITION
    texts = {a.text for a in finding.unsupported}
    assert "Emmanuel Macron" in texts and "500" in texts


def test_unrelated_sentence_is_an_addition_and_source_is_dropped() -> None:
    source = "The central bank raised interest rates by a quarter point on Wednesday."
    derived = "Heavy snow closed mountain roads across the Alps for a second day."
    result = api.audit(source, derived)
    assert result.derived_findings[0].verdict is Verdict.UNSUPPORTED_ADDITION
    assert result.derived_findings[0].sources == ()
    assert result.source_findings[0].status.value == "dropped"


def test_verbatim_and_light_edit() -> None:
    source = "The council approved the budget on Tuesday after a long debate."
    same = api.audit(source, source).derived_findings[0]
    assert same.verdict is Verdict.VERBATIM
    edited = api.audit(source, source.replace("long", "lengthy")).derived_findings[0]
    assert edited.verdict is Verdict.LIGHT_EDIT
