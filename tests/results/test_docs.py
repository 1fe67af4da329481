"""docs/results-format.md shows the tables as they are declared."""

from __future__ import annotations

from pathlib import Path

from angara.results.docs import begin, main, parts, rewritten

DOCS = Path(__file__).parents[2] / "docs" / "results-format.md"


def test_the_generated_tables_are_current() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert rewritten(text) == text, "run: python -m angara.results.docs docs/results-format.md"


def test_every_declared_column_is_shown() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for part in parts().values():
        assert part in text
    assert "| `source` | text |  |" in text and "| `slot`" not in text


def test_a_document_without_markers_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "results.md"
    plain.write_text("# no markers\n", encoding="utf-8")
    assert main([str(plain)]) == 2
    assert begin("plan tables").startswith("<!-- generated: plan tables")
