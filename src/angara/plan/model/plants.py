"""Plant modules, what they do and what they take from the ground.

Blocks: ``stock`` (modules standing follow from those built and retired), ``capacity``
(activity within the modules standing, less what new modules lack while they ramp up),
``sellable`` (activity within what anybody could take of the output, per module),
``mining_rate`` and ``reserves`` (deposits).
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd

from angara.plan.model.builder import Builder, block
from angara.plan.model.registry import Constraint, Variable, declare
from angara.plan.model.terms import NONE, Terms, stock_change
from angara.plan.scale import MASS

NEW = declare(
    Variable(
        "new",
        ("slot", "period"),
        "modules",
        "modules commissioned at a slot in the first year of a period; integral through `stock`",
        where="new_allowed",
    )
)
UNITS = declare(
    Variable("units", ("slot", "period"), "modules", "modules standing at a slot", kind="integer")
)
ACTIVITY = declare(
    Variable(
        "activity",
        ("mode", "period"),
        "t/yr",
        "tonnes per year of the process's reference good made (or treated) in a mode",
        scale=MASS,
        where="active",
    )
)
STOCK = declare(
    Constraint(
        "stock",
        ("slot", "period"),
        "modules",
        "units now = units before + new now - new retiring now, + change of existing modules",
    )
)
CAPACITY = declare(
    Constraint(
        "capacity",
        ("slot", "period"),
        "kt/yr",
        "activity of a slot's modes within its modules' capacity, less the shortfall of modules ramping up",
    )
)
SELLABLE = declare(
    Constraint(
        "sellable",
        ("slot", "period"),
        "kt/yr",
        "activity of a slot's modes within what markets and plants downstream could take of its "
        "output, per module standing (where that is less than a module's capacity)",
    )
)
MINING_RATE = declare(
    Constraint(
        "mining_rate", ("deposit", "period"), "kt/yr", "ore mined from a deposit within its yearly rate"
    )
)
RESERVES = declare(
    Constraint(
        "reserves", ("deposit",), "kt", "ore mined from a deposit over the horizon within its reserves"
    )
)


@block
def add_plants(b: Builder) -> None:
    """Modules built and standing per slot, and activity per mode within their capacity."""
    index = b.index
    slots = index.slots
    most = index.array(slots["max_units"].to_numpy(dtype=float)[:, None], "slot", "period")
    new = b.variable(NEW, upper=most, mask=index.new_allowed)
    units = b.variable(UNITS, upper=np.maximum(most, index.existing))
    retired = index.retirements
    change = stock_change(
        b.model,
        units,
        new,
        (retired["slot"].to_numpy(), retired["commission"].to_numpy(), retired["retire"].to_numpy()),
    )
    b.constrain(STOCK, change, "==", index.existing - index.existing.shift(period=1, fill_value=0.0))

    modes = index.modes
    activity = b.variable(ACTIVITY, mask=index.active)
    ones = np.ones(len(modes))
    parts = [Terms.of(activity, modes["slot"].to_numpy(), modes.index.to_numpy(), ones)]
    used = b.terms(("slot", "period"), parts + ramp_up_terms(new, index.ramp, index.capacity.to_numpy()))
    short = index.ramp_existing * index.capacity
    b.constrain(CAPACITY, used - units * index.capacity, "<=", -short)
    # a module bigger than its output's market runs part-loaded: saying so tightens the
    # relaxation, in which a fraction of a module would otherwise do
    below = index.sellable < index.capacity * (1.0 - 1e-9)
    if bool(below.any()):
        busy = b.terms(("slot", "period"), parts)
        b.constrain(SELLABLE, busy - units * index.sellable, "<=", 0.0, mask=below)
    variable_cost = index.array(modes["variable_cost"].to_numpy(), "mode")
    b.cost("operating", (activity * (variable_cost * index.weight)).sum())
    b.cost("fixed", (units * (index.fixed_cost * index.weight)).sum())
    b.cost("sustaining", (units * (index.sustaining * index.weight)).sum())
    b.cost("capital", (new * index.capex_weight).sum())


def ramp_up_terms(new: linopy.Variable, ramp: pd.DataFrame, capacity: np.ndarray) -> list[Terms]:
    """Terms ``capacity x shortfall x new[commission]`` in each slot's row of each period in
    which modules commissioned earlier still ramp up: one set of terms per lag between the
    two periods, so a row holds at most one term per lag."""
    labels = new.labels.to_numpy()
    slots, periods = labels.shape
    parts = []
    lags = ramp["period"].to_numpy() - ramp["commission"].to_numpy()
    for lag in np.unique(lags):
        rows = ramp[lags == lag]
        picked = np.full((slots, periods), NONE, dtype=labels.dtype)
        coefficients = np.zeros((slots, periods))
        slot, commission, period = (rows[c].to_numpy() for c in ("slot", "commission", "period"))
        picked[slot, period] = labels[slot, commission]
        coefficients[slot, period] = capacity[slot] * rows["shortfall"].to_numpy()
        parts.append(Terms(np.arange(slots), picked, coefficients))
    return parts


@block
def add_mining(b: Builder) -> None:
    """Mining within each deposit's yearly rate and, over the horizon, its reserves."""
    index, activity = b.index, b[ACTIVITY]
    extraction = index.extraction
    if extraction.empty:
        return
    deposit = index.deposits.index.get_indexer(extraction["deposit"])
    extracted = b.terms(
        ("deposit", "period"),
        [Terms.of(activity, deposit, extraction["mode"].to_numpy(), extraction["coefficient"].to_numpy())],
    )
    rate = index.array(index.deposits["max_rate"].to_numpy()[:, None], "deposit", "period")
    b.constrain(MINING_RATE, extracted, "<=", rate)
    reserves = index.array(index.deposits["reserves"].to_numpy(), "deposit")
    b.constrain(RESERVES, (extracted * index.length).sum("period"), "<=", reserves)
