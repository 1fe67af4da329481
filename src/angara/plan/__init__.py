"""Plan: the optimal build-out of a cluster (linopy + HiGHS)."""

from angara.plan.diagnose import PlanFailure
from angara.plan.model import OBJECTIVES, Objective
from angara.plan.result import Plan
from angara.plan.solve import PlanOptions, optimize

__all__ = ["OBJECTIVES", "Objective", "Plan", "PlanFailure", "PlanOptions", "optimize"]
