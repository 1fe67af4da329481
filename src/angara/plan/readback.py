"""Read a solved model back into the plan's tables, through the registry.

Every variable is read with its declared dimensions and scale
(:func:`solution_frame`), every reported limit with its declared table
(:func:`limit_tables`); the rest are joins with the index's sets.
"""

from __future__ import annotations

import linopy
import pandas as pd

from angara.chain import Chain
from angara.plan.balance import element_balance
from angara.plan.index import key_columns
from angara.plan.model import REGISTRY, Built
from angara.plan.scale import MASS, MONEY
from angara.plan.tables import BUILDS, MINING, PLAN_TABLES, SHADOW_PRICES
from angara.tables import declared, empty, names

ACTIVE = 1e-6  # t/yr, modules, MW, persons below which a value is reported as zero


def frame_of(array: object, dims: tuple[str, ...], value: str) -> pd.DataFrame:
    """An xarray DataArray over ``dims`` as a table: key columns, then ``value``."""
    data = array.to_dataframe(name=value).reset_index()  # type: ignore[attr-defined]
    columns = key_columns(dims)
    return data[[*columns, value]]


def solution_frame(model: linopy.Model, name: str, value: str = "value") -> pd.DataFrame:
    """The solution of the declared variable ``name`` in its reported unit: its key columns
    and ``value``, without the entries that do not exist or are (nearly) zero."""
    declared = REGISTRY.variables[name]
    columns = [*key_columns(declared.dims), value]
    if name not in model.variables:
        return pd.DataFrame(columns=columns)
    variable = model.variables[name]
    frame = frame_of(variable.solution * declared.scale, declared.dims, value)
    frame = frame[frame[value].notna() & (frame[value].abs() > ACTIVE)]
    return frame.reset_index(drop=True)


def limit_tables(built: Built) -> dict[str, pd.DataFrame]:
    """Each reported limit's table: its key columns, what the plan uses, what is
    available and the relief variables (see :class:`~angara.plan.model.registry.LimitTable`)."""
    tables = {}
    for name, reported in REGISTRY.limits.items():
        constraint = REGISTRY.constraints[name]
        dims = constraint.dims
        limit = built.limits.get(name)
        if limit is None:
            tables[reported.table] = empty(PLAN_TABLES[reported.table])
            continue
        frame = frame_of(limit.use.solution, dims, reported.use)
        frame[reported.available] = frame_of(limit.available, dims, "available")["available"].to_numpy()
        for variable, column in reported.reliefs.items():
            solved = limit.reliefs[variable].solution.fillna(0.0)
            frame[column] = frame_of(solved, dims, column)[column].to_numpy()
        if reported.rows == "used":
            frame = frame[frame[reported.use] > ACTIVE]
        tables[reported.table] = frame.reset_index(drop=True)
    return tables


def plan_tables(built: Built, chain: Chain) -> dict[str, pd.DataFrame]:
    """Every table of the plan but the shadow prices (t/yr, RUB, RUB/yr, modules)."""
    index, m = built.index, built.model
    slots = index.slots
    new = solution_frame(m, "new", "units")
    new["units"] = new["units"].round()
    new = new[new["units"] > 0]
    builds = new.merge(slots, on=["process", "location"])
    builds["capacity"] = builds["units"] * builds["unit_capacity"]
    builds["capex_rub"] = builds["units"] * builds["capex"]
    builds = builds[names(BUILDS)]
    units = solution_frame(m, "units", "units")
    units["units"] = units["units"].round(6)
    units = units[units["units"] > ACTIVE]
    capacity = units.merge(slots[["process", "location", "unit_capacity"]], on=["process", "location"])
    capacity["capacity"] = capacity["units"] * capacity["unit_capacity"]

    activity = solution_frame(m, "activity", "activity")
    activity = activity.merge(
        index.modes[["process", "location", "source", "node"]], on=["process", "location", "source"]
    )
    mining = empty(MINING)
    if not index.extraction.empty and len(activity):
        mined = index.extraction.assign(
            process=index.modes["process"].to_numpy()[index.extraction["mode"].to_numpy()],
            location=index.modes["location"].to_numpy()[index.extraction["mode"].to_numpy()],
            source=index.modes["source"].to_numpy()[index.extraction["mode"].to_numpy()],
        ).merge(activity, on=["process", "location", "source"])
        mined["ore_tonnes"] = mined["activity"] * mined["coefficient"]
        mining = mined.groupby(["deposit", "period"], as_index=False)["ore_tonnes"].sum()

    flows = solution_frame(m, "flow", "tonnes")
    route_info = index.routes[
        ["good", "source", "link", "direction", "from_node", "to_node", "cost_rub_per_t"]
    ]
    flows = flows.merge(route_info, on=["good", "source", "link", "direction"])
    flows = flows.merge(chain.arcs["mode"].reset_index(), on=["link", "direction"])
    flows["cost_rub"] = flows["tonnes"] * flows.pop("cost_rub_per_t")

    sales = solution_frame(m, "sell", "tonnes")
    sales = sales.merge(index.sales[["market", "good", "source", "node"]], on=["market", "good", "source"])
    per_tonne = frame_of(index.price / index.weight * (MONEY / MASS), ("sale", "period"), "price_rub_per_t")
    sales = sales.merge(per_tonne, on=["market", "good", "source", "period"])
    sales["revenue_rub"] = sales["tonnes"] * sales["price_rub_per_t"]

    disposal = solution_frame(m, "dispose", "tonnes")
    balance = element_balance(
        activity[["process", "location", "source", "node", "period", "activity"]],
        chain.elements,
        chain.composition,
        flows,
        sales,
        disposal,
    )
    links = solution_frame(m, "open", "open")
    tables = {
        "builds": builds.reset_index(drop=True),
        "capacity": capacity,
        "activities": activity,
        "mining": mining,
        "flows": flows,
        "sales": sales,
        "disposal": disposal,
        **limit_tables(built),
        "links": links,
        "element_balance": balance,
    }
    return {name: declared(PLAN_TABLES[name], frame) for name, frame in tables.items()}


def shadow_prices(built: Built) -> pd.DataFrame:
    """RUB per tonne per year of one more tonne of each stream at each node: the duals of
    the balance rows divided by the period's discounted weight."""
    duals = built.model.constraints["balance"].dual
    weight = built.index.weight
    frame = frame_of(duals * (MONEY / MASS) / weight, ("balance", "period"), "value_rub_per_t")
    return declared(SHADOW_PRICES, frame[frame["value_rub_per_t"].notna()].reset_index(drop=True))


__all__ = ["ACTIVE", "limit_tables", "plan_tables", "shadow_prices", "solution_frame"]
