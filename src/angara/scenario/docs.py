"""The table reference of ``docs/scenario-format.md``, generated from the schema.

The document's prose is written by hand; the part between the markers below is
rewritten by ``python -m angara.scenario.docs docs/scenario-format.md`` and a test
checks that it is current.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from angara.scenario.schema import TABLES, ColumnSpec, Meta

BEGIN = "<!-- generated tables: begin (python -m angara.scenario.docs docs/scenario-format.md) -->"
END = "<!-- generated tables: end -->"


def _kind(column: ColumnSpec) -> str:
    if column.kind == "quantity":
        return "fraction" if column.unit == "1" else f"number [{column.unit}]"
    if column.kind == "choice":
        return " \\| ".join(column.choices)
    if column.references:
        return "id of " + " or ".join(column.references) + (" (or *)" if column.wildcard else "")
    return {"integer": "whole number", "boolean": "yes / no", "text": "text"}[column.kind]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _meta_fields(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, FieldInfo]]:
    """Every key of scenario.yaml, nested settings flattened as ``solver.time_limit``."""
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _meta_fields(annotation, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", info


def render_tables() -> str:
    """Markdown: the meta keys, then one section per table with its columns."""
    lines = ["### scenario.yaml (sheet `meta`)", "", "| key | required | description |", "|---|---|---|"]
    for name, info in _meta_fields(Meta, ""):
        default = "" if info.is_required() else f" Default: `{info.get_default(call_default_factory=True)}`."
        required = "yes" if info.is_required() else ""
        lines.append(f"| `{name}` | {required} | {_cell((info.description or '') + default)} |")
    for spec in TABLES:
        key = ", ".join(f"`{k}`" for k in spec.key)
        lines += ["", f"### {spec.name}", "", f"{spec.description} Key: {key}.", ""]
        lines += ["| column | holds | required | description |", "|---|---|---|---|"]
        for column in spec.columns:
            lines.append(
                f"| `{column.name}` | {_cell(_kind(column))} | {'yes' if column.required else ''} | "
                f"{_cell(column.description)} |"
            )
    return "\n".join(lines) + "\n"


def update_document(path: Path) -> bool:
    """Rewrite the generated part of ``path``; return whether it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    updated = text[:start] + "\n\n" + render_tables() + "\n" + text[end:]
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


def generated_part(path: Path) -> str:
    """The generated part as it stands in ``path``."""
    text = path.read_text(encoding="utf-8")
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip("\n") + "\n"


if __name__ == "__main__":
    changed = update_document(Path(sys.argv[1]))
    print("updated" if changed else "already current")
