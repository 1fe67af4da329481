"""Write an assessment (``assessment.json`` and its CSV tables), alone or beside its plan
(a whole result folder is written by :func:`angara.workflow.write_outcome`).

Every write is all or nothing: the destination folder is replaced only when all its
files are written.
"""

from __future__ import annotations

from pathlib import Path

from angara.assess.assessment import TABLES, Assessment
from angara.atomic import document_and_tables, staged

ASSESSMENT_FILE = "assessment.json"
SCENARIO_FOLDER = "scenario"


def assessment_files(assessment: Assessment, folder: Path) -> list[Path]:
    """Write ``assessment.json`` and one CSV per table into the existing ``folder``."""
    tables = {table: assessment.table(table) for table in TABLES}
    return document_and_tables(folder, ASSESSMENT_FILE, assessment.to_json(), tables)


def write_assessment(assessment: Assessment, destination: Path) -> list[Path]:
    """Replace ``destination`` with the assessment's files; return their final paths."""
    with staged(destination) as folder:
        folder.mkdir()
        written = assessment_files(assessment, folder)
    return [destination / path.name for path in written]
