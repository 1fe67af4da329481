"""Write an assessment (``assessment.json`` and its CSV tables), alone or beside its plan.

Every write is all or nothing: the destination folder is replaced only when all its
files are written.
"""

from __future__ import annotations

from pathlib import Path

from angara.assess.assessment import TABLES, Assessment
from angara.atomic import document_and_tables, staged
from angara.plan.result import Plan
from angara.plan.write import plan_files
from angara.scenario.model import Scenario
from angara.scenario.write import write_folder

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


def write_results(plan: Plan, assessment: Assessment, scenario: Scenario, destination: Path) -> list[Path]:
    """Replace ``destination`` with the plan, its assessment and the scenario they used
    (in ``scenario/``, so that ``angara assess`` can re-assess the plan later)."""
    with staged(destination) as folder:
        folder.mkdir()
        written = plan_files(plan, folder) + assessment_files(assessment, folder)
        write_folder(scenario, folder / SCENARIO_FOLDER)
    return [destination / path.name for path in written] + [destination / SCENARIO_FOLDER]
