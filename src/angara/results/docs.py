"""The table reference of ``docs/results-format.md``, generated from the tables' declarations.

The document's prose is written by hand; each part between a pair of markers below is
rewritten by ``python -m angara.results.docs docs/results-format.md`` and a test checks
that it is current, so a column added, renamed or retyped in a declaration shows here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandera.pandas as pa

from angara.assess.tables import ASSESSMENT_TABLES
from angara.plan.tables import PLAN_TABLES
from angara.results.columns import PLAN_TABLES as PLAN_ORDER
from angara.results.columns import REPLANNED_TABLES, RISK_TABLES
from angara.risk.tables import RISK_TABLES as RISK_SCHEMAS
from angara.tables import markdown

COMMAND = "python -m angara.results.docs docs/results-format.md"
END = "<!-- generated: end -->"


def begin(part: str) -> str:
    """The marker that opens the generated ``part``."""
    return f"<!-- generated: {part} ({COMMAND}) -->"


def _sections(schemas: list[pa.DataFrameSchema]) -> str:
    blocks = []
    for schema in schemas:
        description = str(schema.description)
        blocks.append(
            f"### {schema.name}.csv\n\n{description[:1].upper()}{description[1:]}.\n\n{markdown(schema)}"
        )
    return "\n\n".join(blocks)


def parts() -> dict[str, str]:
    """Each generated part of the document by name: plan, assessment and risk tables."""
    return {
        "plan tables": _sections([PLAN_TABLES[name] for name in PLAN_ORDER]),
        "assessment tables": _sections(list(ASSESSMENT_TABLES)),
        "risk tables": _sections([RISK_SCHEMAS[name] for name in (*RISK_TABLES, *REPLANNED_TABLES)]),
    }


def rewritten(text: str) -> str:
    """``text`` with every generated part replaced by what the declarations give now."""
    for part, content in parts().items():
        start = text.index(begin(part)) + len(begin(part))
        end = text.index(END, start)
        text = text[:start] + "\n\n" + content + "\n\n" + text[end:]
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated parts of the document named in ``argv`` (status 2 if it has no markers)."""
    arguments = sys.argv[1:] if argv is None else argv
    path = Path(arguments[0] if arguments else "docs/results-format.md")
    text = path.read_text(encoding="utf-8")
    missing = [part for part in parts() if begin(part) not in text]
    if missing:
        sys.stderr.write(f"{path}: no markers for {', '.join(missing)}\n")
        return 2
    updated = rewritten(text)
    if updated == text:
        sys.stdout.write(f"{path} is already current\n")
    else:
        path.write_text(updated, encoding="utf-8")
        sys.stdout.write(f"rewrote the generated tables of {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
