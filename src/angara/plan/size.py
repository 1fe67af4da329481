"""How large a scenario's optimization model will be, known before building it."""

from __future__ import annotations

from angara.chain import expand
from angara.plan.index import build_index
from angara.plan.periods import Periods
from angara.scenario.model import Scenario


def estimated_variables(scenario: Scenario, periods: list[int] | None = None) -> int:
    """Decision variables of the model, estimated from its index without building it:
    per period, capacity and new units per plant slot, activity per mode, flow per
    route, sales and disposal; plus the candidate links.  An upper estimate (combinations
    the model masks out are counted): 18,820 against 18,330 built for the default
    scenario; about 0.3 s."""
    meta = scenario.meta
    index = build_index(
        expand(scenario),
        Periods.of(meta.first_year, meta.last_year, meta.discount_rate, periods or meta.periods),
    )
    per_period = (
        2 * len(index.slots) + len(index.modes) + len(index.routes) + len(index.sales) + len(index.disposal)
    )
    return per_period * len(index.period) + len(index.links)
