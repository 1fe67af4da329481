"""How the numbers of a built-in scenario are traced: counts by table and status from its
``SOURCES.csv``, written into ``docs/data.md`` between markers by
``python -m angara.scenario.traceability docs/data.md`` (``make docs``); a test checks the
table is current, so the counts never drift from the file."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from angara.scenario.load import BUILTIN_DIR, DEFAULT_SCENARIO

STATUSES = ("sourced", "derived", "calculated", "estimate")
BEGIN = "<!-- generated: traced numbers (python -m angara.scenario.traceability docs/data.md) -->"
END = "<!-- generated: end -->"


def status_counts(sources: Path) -> dict[str, Counter[str]]:
    """Per table (in the file's order), how many of its numbers have each status."""
    counts: dict[str, Counter[str]] = {}
    with sources.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            counts.setdefault(row["table"], Counter())[row["status"]] += 1
    return counts


def render(counts: dict[str, Counter[str]]) -> str:
    """The counts as a Markdown table with a total row."""
    lines = ["| table | " + " | ".join(STATUSES) + " |", "|---" * (len(STATUSES) + 1) + "|"]
    total: Counter[str] = Counter()
    for table, by_status in counts.items():
        lines.append(f"| {table} | " + " | ".join(str(by_status[s]) for s in STATUSES) + " |")
        total.update(by_status)
    cells = " | ".join(f"**{total[s]}**" for s in STATUSES)
    lines.append(f"| **all {sum(total.values())} numbers** | {cells} |")
    return "\n".join(lines)


def rewritten(text: str, sources: Path) -> str:
    """``text`` with the table between the markers replaced by the counts of ``sources``."""
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END, start)
    return text[:start] + "\n\n" + render(status_counts(sources)) + "\n\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    """Rewrite the counts in the document named in ``argv`` (status 2 if it has no markers)."""
    arguments = sys.argv[1:] if argv is None else argv
    path = Path(arguments[0] if arguments else "docs/data.md")
    sources = BUILTIN_DIR / DEFAULT_SCENARIO / "SOURCES.csv"
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text:
        sys.stderr.write(f"{path}: no marker for the traced numbers\n")
        return 2
    updated = rewritten(text, sources)
    if updated == text:
        sys.stdout.write(f"{path} is already current\n")
    else:
        path.write_text(updated, encoding="utf-8")
        sys.stdout.write(f"rewrote the traced numbers of {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
