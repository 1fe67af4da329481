"""The table reference in docs/scenario-format.md is generated from the schema and current."""

from __future__ import annotations

from pathlib import Path

from angara.scenario.docs import generated_part, render_tables
from angara.scenario.schema import TABLES

DOCUMENT = Path(__file__).parents[2] / "docs" / "scenario-format.md"


def test_the_reference_is_current() -> None:
    assert generated_part(DOCUMENT) == render_tables(), (
        "docs/scenario-format.md is stale: run python -m angara.scenario.docs docs/scenario-format.md"
    )


def test_every_table_and_column_is_documented() -> None:
    text = render_tables()
    for spec in TABLES:
        assert f"### {spec.name}" in text
        for column in spec.columns:
            assert f"| `{column.name}` |" in text
