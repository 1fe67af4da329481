"""Write what a run gives to a folder, all or nothing: ``plan.json`` and the assessment with
their tables, the scenario used (``scenario/``), ``run.json`` and, for a risk run, the risk
analysis in ``risk/`` (docs/results-format.md).

``plan.json`` and ``assessment.json`` depend only on the scenario and the parameters;
what differs between two equal runs (timings, the Angara version) is in ``run.json``.
"""

from __future__ import annotations

from pathlib import Path

from angara import __version__
from angara.assess.write import SCENARIO_FOLDER, assessment_files
from angara.atomic import document_and_tables, staged
from angara.plan.write import plan_files
from angara.results.documents import RISK_FOLDER, RUN_FILE, RunDocument
from angara.risk.write import RISK_FILE
from angara.scenario.model import Scenario
from angara.scenario.write import write_folder
from angara.workflow.stages import Outcome


def run_document(outcome: Outcome) -> RunDocument:
    """run.json of ``outcome``: parameters as given, solver, timings, Angara's version."""
    return RunDocument(
        angara_version=__version__,
        scenario=outcome.plan.scenario,
        kind=outcome.kind,
        parameters=outcome.parameters.given(),
        solver=outcome.plan.solver,
        seconds=outcome.seconds.model_copy(
            update={key: round(value, 3) for key, value in outcome.seconds if value is not None}
        ),
    )


def write_outcome(outcome: Outcome, scenario: Scenario, folder: Path) -> list[Path]:
    """Replace ``folder`` with the files of ``outcome`` made from ``scenario``; return the
    paths written (final names; ``scenario/`` and ``risk/`` as folders)."""
    with staged(folder) as target:
        target.mkdir()
        written = plan_files(outcome.plan, target) + assessment_files(outcome.assessment, target)
        document = run_document(outcome).model_dump(mode="json")
        written += document_and_tables(target, RUN_FILE, document, {})
        write_folder(scenario, target / SCENARIO_FOLDER)
        written.append(target / SCENARIO_FOLDER)
        if outcome.risk is not None:
            (target / RISK_FOLDER).mkdir()
            document_and_tables(
                target / RISK_FOLDER, RISK_FILE, outcome.risk.to_json(), outcome.risk.tables()
            )
            written.append(target / RISK_FOLDER)
    return [folder / path.name for path in written]
