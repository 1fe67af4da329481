"""Plans solved again for a risk analysis: sampled futures, scenario variants and the
NPV-versus-jobs front, as extra parts of ``risk.json`` and extra tables.

Futures are planned on Dask when a cluster is given, else one after another in this
process (a server run is already one task of the server's cluster).  Variants and the
front always go to Dask (an in-process cluster when none is named).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from angara.plan.solve import PlanOptions
from angara.scenario.model import Scenario
from angara.workflow.listener import Listener, Stage

if TYPE_CHECKING:  # Dask loads with these: imported where they are used
    from angara.risk.ensemble import Ensemble
    from angara.risk.futures import Future


SCHEDULER_SCHEMES = ("tcp://", "tls://")  # how a Dask scheduler's address starts


@dataclass(frozen=True)
class DaskCluster:
    """Where re-plans run: the cluster behind ``scheduler`` (``tcp://HOST:PORT``), or an
    in-process cluster of ``workers`` single-threaded workers when it is None."""

    scheduler: str | None = None
    workers: int = 2


@dataclass(frozen=True)
class Replanning:
    """What to plan again: ``futures`` sampled futures (drawn with ``seed``), ``variants``
    (other scenarios) and ``pareto`` points of the NPV-versus-jobs front, on ``cluster``."""

    futures: int = 0
    seed: int = 0
    variants: Sequence[Scenario] = ()
    pareto: int = 0
    cluster: DaskCluster | None = None

    @property
    def wanted(self) -> bool:
        return bool(self.futures or self.variants or self.pareto)


def replanned(
    scenario: Scenario, wanted: Replanning, options: PlanOptions, listener: Listener
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The JSON parts (``ensemble``, ``variants``, ``pareto``) and tables
    (``build_frequency``, ``variant_builds``) of the re-plans ``wanted``.

    Raises :class:`angara.risk.ensemble.SchedulerUnreachable` when a named cluster does not answer.
    """
    # Dask is imported only here: it takes a second to import and most runs do not need it
    from angara.risk.ensemble import compare_variants, replan
    from angara.risk.pareto import pareto_front

    extra: dict[str, Any] = {}
    tables: dict[str, pd.DataFrame] = {}
    cluster = wanted.cluster
    place: dict[str, Any] = {}
    if cluster is not None:
        place = {"scheduler": cluster.scheduler, "workers": cluster.workers}
    if wanted.futures:
        from angara.risk.futures import sample_futures

        futures = sample_futures(scenario, wanted.futures, wanted.seed)
        listener.stage("replanning", f"risk: planning {len(futures)} sampled futures again")
        if cluster is None:
            ensemble = _one_after_another(scenario, futures, options, listener)
        else:
            ensemble = replan(
                scenario, futures, options=options, progress=_counting(listener, "replanning"), **place
            )
        extra["ensemble"] = ensemble.to_json()
        tables["build_frequency"] = ensemble.frequency
    if wanted.variants:
        listener.stage("variants", f"risk: planning {len(wanted.variants)} scenario variants")
        compared = compare_variants(
            wanted.variants, options=options, progress=_counting(listener, "variants"), **place
        )
        extra["variants"] = compared.to_json()
        tables["variant_builds"] = compared.frequency
    if wanted.pareto:
        listener.stage("pareto", f"risk: {wanted.pareto} points of the NPV-versus-jobs front")
        front = pareto_front(
            scenario, wanted.pareto, options=options, progress=_counting(listener, "pareto"), **place
        )
        extra["pareto"] = [point.to_json() for point in front]
    return extra, tables


def _one_after_another(
    scenario: Scenario, futures: Sequence[Future], options: PlanOptions, listener: Listener
) -> Ensemble:
    """An ensemble of ``futures`` planned in this process, one at a time, reporting each."""
    from angara.risk.ensemble import Ensemble, build_frequency, deterministic, future_member, plan_member

    members = []
    listener.advance("replanning", 0, len(futures))
    for done, future in enumerate(futures, start=1):
        listener.log(f"risk: planning sampled future {done} of {len(futures)}")
        members.append(plan_member(future_member(future.index), scenario, deterministic(options), future))
        listener.advance("replanning", done, len(futures))
    seconds = sum(member.seconds for member in members)
    return Ensemble(tuple(members), build_frequency(members), workers=1, seconds=seconds)


def _counting(listener: Listener, stage: Stage) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        listener.advance(stage, done, total)

    return progress
