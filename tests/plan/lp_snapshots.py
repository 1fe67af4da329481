"""LP snapshots of the mini scenario's model, one file per constraint group.

Regenerate them after a deliberate change of the model with ``make lp-snapshots``
(``python -m tests.plan.lp_snapshots``); review the diff like any other change.
"""

from __future__ import annotations

import sys
from pathlib import Path

from angara.chain import expand
from angara.plan.index import build_index
from angara.plan.lp import lp_sections
from angara.plan.model import build
from angara.plan.periods import Periods
from angara.scenario.load import load
from tests.conftest import MINI

SNAPSHOTS = Path(__file__).parent / "snapshots" / "mini"


def mini_sections() -> dict[str, str]:
    """The LP text of each constraint group, the objective and the bounds of the mini model."""
    scenario = load(MINI)
    meta = scenario.meta
    periods = Periods.of(meta.first_year, meta.last_year, meta.discount_rate, meta.periods)
    return lp_sections(build(build_index(expand(scenario), periods)))


def main() -> None:
    """Write every section to ``tests/plan/snapshots/mini/<name>.lp``, removing stale ones."""
    sections = mini_sections()
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for stale in SNAPSHOTS.glob("*.lp"):
        if stale.stem not in sections:
            stale.unlink()
    for name, text in sections.items():
        (SNAPSHOTS / f"{name}.lp").write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {len(sections)} snapshots to {SNAPSHOTS}\n")


if __name__ == "__main__":
    main()
