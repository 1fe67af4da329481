"""Write a risk analysis: ``risk.json`` and its CSV tables, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from angara.atomic import staged
from angara.risk.analysis import RiskAnalysis

RISK_FILE = "risk.json"


def write_risk(analysis: RiskAnalysis, destination: Path) -> list[Path]:
    """Replace the folder ``destination`` with ``risk.json`` and one CSV per table."""
    with staged(destination) as folder:
        folder.mkdir()
        text = json.dumps(analysis.to_json(), ensure_ascii=False, indent=2, allow_nan=False)
        (folder / RISK_FILE).write_text(text + "\n", encoding="utf-8")
        names = [RISK_FILE]
        for name, table in analysis.tables().items():
            table.to_csv(folder / f"{name}.csv", index=False, float_format="%.10g")
            names.append(f"{name}.csv")
    return [destination / name for name in names]
