"""The one place the stages of a run are chained: plan, assess, weigh the risk, write.

:mod:`~angara.workflow.parameters` checks what a run may be told (:class:`RunParameters`);
:mod:`~angara.workflow.stages` runs the stages, reporting to a
:mod:`~angara.workflow.listener` that may stop a run between them;
:mod:`~angara.workflow.replanning` plans again for the risk analysis (in this process or on
Dask); :mod:`~angara.workflow.write` writes a result folder with its ``run.json``.

The command line (``angara plan``, ``assess``, ``risk``) and the server's runs call these
and chain nothing themselves.
"""

from angara.workflow.listener import QUIET, Cancelled, Listener, Stage
from angara.workflow.parameters import OBJECTIVES, RunParameters, parameter_problems
from angara.workflow.replanning import DaskCluster
from angara.workflow.stages import (
    RUN_KINDS,
    Outcome,
    RunKind,
    assess_plan,
    make_plan,
    outcome_of,
    plan_and_assess,
    plan_and_weigh,
    weigh_risk,
)
from angara.workflow.write import run_document, write_outcome

__all__ = [
    "OBJECTIVES",
    "QUIET",
    "RUN_KINDS",
    "Cancelled",
    "DaskCluster",
    "Listener",
    "Outcome",
    "RunKind",
    "RunParameters",
    "Stage",
    "assess_plan",
    "make_plan",
    "outcome_of",
    "parameter_problems",
    "plan_and_assess",
    "plan_and_weigh",
    "run_document",
    "weigh_risk",
    "write_outcome",
]
