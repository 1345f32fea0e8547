"""The audit as a readable terminal report (``rich``), plain text when ``color`` is off.

Article text only ever enters rich as ``rich.text.Text`` (never as markup), so brackets in an
article are shown, not interpreted; and it passes ``shown`` first, which swaps every control
character for a visible symbol (ESC for ``␛``), so an article's escape sequences cannot
clear the screen, retitle the terminal or fake colours.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable, Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from newstrace.records import (
    Atom,
    Audit,
    DerivedFinding,
    Evasion,
    FactChange,
    Furniture,
    Sentence,
    SourceStatus,
    Verdict,
)

PLAIN_WIDTH = 100
"""Line width of the plain report (piped or written to a file): stable across machines."""

VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.VERBATIM: "VERBATIM",
    Verdict.LIGHT_EDIT: "LIGHT EDIT",
    Verdict.PARAPHRASE: "PARAPHRASE",
    Verdict.CHANGED_FACT: "CHANGED FACT",
    Verdict.UNSUPPORTED_ADDITION: "UNSUPPORTED ADDITION",
}

VERDICT_STYLES: dict[Verdict, str] = {
    Verdict.VERBATIM: "bold green",
    Verdict.LIGHT_EDIT: "bold bright_green",
    Verdict.PARAPHRASE: "bold cyan",
    Verdict.CHANGED_FACT: "bold black on yellow",
    Verdict.UNSUPPORTED_ADDITION: "bold white on red",
}

COUNT_STYLES: dict[Verdict, str] = {
    Verdict.VERBATIM: "green",
    Verdict.LIGHT_EDIT: "bright_green",
    Verdict.PARAPHRASE: "cyan",
    Verdict.CHANGED_FACT: "yellow",
    Verdict.UNSUPPORTED_ADDITION: "red",
}

SOURCE_FACT_STYLE = "bold yellow"
DERIVED_FACT_STYLE = "bold yellow underline"
UNSUPPORTED_STYLE = "bold red underline"
DIM = "dim"
HEADING = "bold"

# C0 controls but tab and newline -> their Control Pictures, DEL -> ␡, C1 controls -> U+FFFD:
# one character for one, so offsets into the shown text stay those of the article text.
_VISIBLE = str.maketrans(
    {
        **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"},
        0x7F: 0x2421,
        **{code: 0xFFFD for code in range(0x80, 0xA0)},
    }
)


def shown(text: str) -> str:
    """Article text safe to print on a terminal: control characters made visible."""
    return text.translate(_VISIBLE)


def render_text(audit: Audit, *, color: bool = False) -> str:
    """The full report: derived sentences, dropped sources, furniture, evasions, summary."""
    console, buffer = _console(color)
    console.print(_header(audit))
    _print_section(console, f"Derived sentences ({len(audit.derived_findings)})")
    console.print(_derived_table(audit))
    dropped = [f.sentence for f in audit.source_findings if f.status is SourceStatus.DROPPED]
    _print_section(console, f"Dropped source sentences ({len(dropped)} of {_n_source(audit)})")
    console.print(_sentence_table("s", dropped) if dropped else Text("none", style=DIM))
    furniture = _furniture_rows(audit)
    _print_section(console, f"Furniture removed ({len(furniture)})")
    console.print(_furniture_table(furniture) if furniture else Text("none", style=DIM))
    evasions = _evasion_lines(audit)
    if evasions:
        _print_section(console, f"Evasion characters ({len(evasions)})")
        console.print(Group(*evasions))
    console.print()
    console.print(summary_text(audit), soft_wrap=True)
    return _finish(buffer.getvalue(), color)


def render_summary(audit: Audit, *, color: bool = False) -> str:
    """Only the one-line summary, as printed at the end of the full report."""
    console, buffer = _console(color)
    console.print(summary_text(audit), soft_wrap=True)
    return _finish(buffer.getvalue(), color)


def summary_text(audit: Audit) -> Text:
    """Counts per verdict and the share of source sentences kept, on one line."""
    counts = audit.summary.derived_counts
    line = Text().append("Summary: ", style=HEADING)
    for number, verdict in enumerate(Verdict):
        if number:
            line.append(" · ", style=DIM)
        line.append(f"{counts.get(verdict.value, 0)} {verdict.value}", style=COUNT_STYLES[verdict])
    kept = audit.summary.source_counts.get(SourceStatus.KEPT.value, 0)
    line.append(" | ", style=DIM)
    line.append(
        f"source kept {kept}/{_n_source(audit)} sentences ({audit.summary.kept_share:.0%})",
        style=HEADING,
    )
    return line


def _console(color: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    width = shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if color else PLAIN_WIDTH
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="truecolor" if color else None,
        no_color=not color,
        width=max(60, min(width, 140)),
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    return console, buffer


def _finish(output: str, color: bool) -> str:
    """Plain output loses the padding rich adds to table rows; coloured output is as is."""
    if color:
        return output
    return "\n".join(line.rstrip() for line in output.splitlines()) + "\n"


def _n_source(audit: Audit) -> int:
    return len(audit.source_findings)


def _header(audit: Audit) -> Text:
    header = Text().append("newstrace audit", style=HEADING)
    header.append("\nsource:  ", style=DIM).append(shown(audit.source.article.origin))
    header.append("\nderived: ", style=DIM).append(shown(audit.derived.article.origin))
    header.append("\nconfig:  ", style=DIM).append(audit.config_tag)
    return header


def _print_section(console: Console, title: str) -> None:
    console.print()
    console.rule(Text(title, style=HEADING), align="left", style=DIM)


def _grid() -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, min_width=4)
    table.add_column(ratio=1)
    return table


def _derived_table(audit: Audit) -> Table:
    sources = {finding.sentence.index: finding.sentence for finding in audit.source_findings}
    table = _grid()
    for number, finding in enumerate(audit.derived_findings):
        if number:
            table.add_row("", "")
        table.add_row(
            Text(f"d{finding.sentence.index}", style=DIM), _finding_block(finding, sources)
        )
    return table


def _finding_block(finding: DerivedFinding, sources: dict[int, Sentence]) -> RenderableType:
    lines: list[RenderableType] = [_verdict_line(finding), _derived_text(finding)]
    for index in finding.sources:
        if index in sources:
            lines.append(_source_line(sources[index], finding.changes))
    lines.extend(_change_line(change) for change in finding.changes)
    if finding.unsupported:
        lines.append(_unsupported_line(finding.unsupported))
    return Group(*lines)


def _verdict_line(finding: DerivedFinding) -> Text:
    line = Text().append(
        f" {VERDICT_LABELS[finding.verdict]} ", style=VERDICT_STYLES[finding.verdict]
    )
    line.append(f"  score {finding.score:.2f}", style=DIM)
    evidence = finding.evidence
    line.append(
        f"  (lexical {evidence.lexical:.2f}, semantic {evidence.semantic:.2f}, "
        f"chars {evidence.char_ratio:.2f})",
        style=DIM,
    )
    return line


def _derived_text(finding: DerivedFinding) -> Text:
    marks = [(c.derived, DERIVED_FACT_STYLE) for c in finding.changes if c.derived is not None]
    marks += [(atom, UNSUPPORTED_STYLE) for atom in finding.unsupported]
    return _highlighted(finding.sentence, marks)


def _source_line(sentence: Sentence, changes: Sequence[FactChange]) -> Text:
    marks = [(c.source, SOURCE_FACT_STYLE) for c in changes if c.source is not None]
    line = Text().append(f"↳ s{sentence.index}: ", style=DIM)
    body = _highlighted(sentence, marks)
    body.stylize(DIM)
    return line.append_text(body)


def _highlighted(sentence: Sentence, marks: Iterable[tuple[Atom, str]]) -> Text:
    """The sentence text with each atom that lies inside it styled."""
    text = Text(shown(sentence.text))
    for atom, style in marks:
        start = atom.span.start - sentence.span.start
        end = atom.span.end - sentence.span.start
        if 0 <= start < end <= len(sentence.text):
            text.stylize(style, start, end)
    return text


def _change_line(change: FactChange) -> Text:
    line = Text().append(f"≠ {change.kind.value}: ", style=SOURCE_FACT_STYLE)
    line.append(_atom_value(change.source), style=SOURCE_FACT_STYLE)
    line.append(" (source) → ", style=DIM)
    line.append(_atom_value(change.derived), style=DERIVED_FACT_STYLE)
    return line.append(" (derived)", style=DIM)


def _unsupported_line(atoms: Sequence[Atom]) -> Text:
    line = Text().append("+ not in source: ", style=UNSUPPORTED_STYLE)
    for number, atom in enumerate(atoms):
        if number:
            line.append("; ", style=DIM)
        line.append(f"{atom.kind.value} ", style=DIM).append(_atom_value(atom), style="bold red")
    return line


def _atom_value(atom: Atom | None) -> str:
    return "(absent)" if atom is None else f"“{shown(atom.text)}”"


def _sentence_table(prefix: str, sentences: Sequence[Sentence]) -> Table:
    table = _grid()
    for sentence in sentences:
        table.add_row(Text(f"{prefix}{sentence.index}", style=DIM), Text(shown(sentence.text)))
    return table


def _furniture_rows(audit: Audit) -> list[tuple[str, Furniture]]:
    return [("source", item) for item in audit.source.furniture] + [
        ("derived", item) for item in audit.derived.furniture
    ]


def _furniture_table(rows: Sequence[tuple[str, Furniture]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style=DIM)
    table.add_column(no_wrap=True, style="magenta")
    table.add_column(ratio=1)
    for side, item in rows:
        body = Text(shown(item.text)).append(f"  ({item.reason})", style=DIM)
        table.add_row(side, item.rule.value, body)
    return table


def _evasion_lines(audit: Audit) -> list[Text]:
    return [_evasion_line("source", item) for item in audit.source.evasions] + [
        _evasion_line("derived", item) for item in audit.derived.evasions
    ]


def _evasion_line(side: str, item: Evasion) -> Text:
    codepoints = " ".join(f"U+{ord(ch):04X}" for ch in item.char)
    line = Text().append(f"{side} @{item.offset}: ", style=DIM)
    line.append(f"{item.kind} {codepoints}", style="bold magenta")
    return line.append(f" → {item.replacement!r}", style=DIM)
