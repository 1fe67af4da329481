"""Write a risk analysis: ``risk.json`` and its CSV tables, all or nothing."""

from __future__ import annotations

from pathlib import Path

from angara.atomic import document_and_tables, staged
from angara.risk.analysis import RiskAnalysis

RISK_FILE = "risk.json"


def write_risk(analysis: RiskAnalysis, destination: Path) -> list[Path]:
    """Replace the folder ``destination`` with ``risk.json`` and one CSV per table."""
    with staged(destination) as folder:
        folder.mkdir()
        written = document_and_tables(folder, RISK_FILE, analysis.to_json(), analysis.tables())
    return [destination / path.name for path in written]
