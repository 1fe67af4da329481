"""docs/data.md's counts of traced numbers are those of the default's SOURCES.csv."""

from __future__ import annotations

import csv
from pathlib import Path

from angara.scenario.load import BUILTIN_DIR, DEFAULT_SCENARIO
from angara.scenario.traceability import STATUSES, main, rewritten, status_counts

DATA_DOC = Path(__file__).parents[2] / "docs" / "data.md"
SOURCES = BUILTIN_DIR / DEFAULT_SCENARIO / "SOURCES.csv"


def test_the_counts_in_the_docs_are_current() -> None:
    text = DATA_DOC.read_text(encoding="utf-8")
    assert rewritten(text, SOURCES) == text, "run: python -m angara.scenario.traceability docs/data.md"


def test_every_row_is_counted_once_under_a_known_status() -> None:
    with SOURCES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts = status_counts(SOURCES)
    assert sum(sum(c.values()) for c in counts.values()) == len(rows)
    assert {row["status"] for row in rows} <= set(STATUSES)


def test_a_document_without_the_marker_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "data.md"
    plain.write_text("# data\n", encoding="utf-8")
    assert main([str(plain)]) == 2
