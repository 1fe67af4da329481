"""Plan: the optimal build-out of a cluster (linopy + HiGHS)."""

from angara.plan.diagnose import PlanFailure
from angara.plan.result import Plan
from angara.plan.solve import PlanOptions, optimize

__all__ = ["Plan", "PlanFailure", "PlanOptions", "optimize"]
