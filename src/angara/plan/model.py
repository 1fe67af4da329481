"""The multi-period network-design model, built in vectorized blocks with linopy.

Decisions per period: integer new modules per plant slot; activity per mode; flows of
each stream on each arc; sales per market; disposal; candidate links opened; power
bought per site; workers brought in per region and skill.  Every block is one call
over labelled coordinates, with masks for what cannot exist.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Literal

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from angara.plan.index import MASS, MONEY, POWER_LIFETIME, Index
from angara.plan.periods import annuity

linopy.options["semantics"] = "v1"

Objective = Literal["npv", "cost"]
Slack = Literal["none", "floor", "limits", "all"]
BALANCE = "balance"  # constraints named balance0, balance1, … (blocks of rows by number of terms)
SLACK_PENALTY = 1e5  # MRUB per unit of a relaxed limit (MW, ha, person, t) when explaining infeasibility


@dataclass
class Built:
    """A built model and what is needed to read its solution."""

    model: linopy.Model
    index: Index
    objective: Objective
    slack: Slack
    slacks: dict[str, str] = field(default_factory=dict)  # variable name -> what it relaxes
    staff: linopy.LinearExpression | None = None  # operating staff in the last period (persons)
    min_staff: float | None = None  # persons: the floor on ``staff``


def _term(values: np.ndarray | pd.Index | list[str], name: str = "term") -> pd.Index:
    return pd.Index(range(len(values)), name=name)


def _gather(
    variable: linopy.Variable, dim: str, labels: pd.Series, coefficients: np.ndarray
) -> linopy.LinearExpression:
    """coefficient x variable[label] for each row, along a new ``term`` dimension."""
    term = _term(labels.to_numpy())
    picked = variable.sel({dim: xr.DataArray(labels.to_numpy(), coords=[term])})
    expression: linopy.LinearExpression = picked * xr.DataArray(coefficients, coords=[term])
    return expression


def _group(expression: linopy.LinearExpression, groups: np.ndarray, name: str) -> linopy.LinearExpression:
    """Sum over the expression's first dimension by group label (a new dimension ``name``)."""
    dim = next(str(d) for d in expression.dims if not str(d).startswith("_"))
    labels = xr.DataArray(groups, coords=[expression.indexes[dim]], name=name)
    grouped: linopy.LinearExpression = expression.groupby(labels).sum()
    return grouped


def build(
    index: Index,
    objective: Objective = "npv",
    slack: Slack = "none",
    min_staff: float | None = None,
    staff_weight: float = 0.0,
) -> Built:
    """Build the model.

    ``min_staff`` (persons) is a floor on the operating staff of all plants in the last
    period; ``staff_weight`` (million RUB per person) values that staff in the objective.
    With ``slack`` "floor" only the staff floor gets priced slack; with "limits", power,
    land and staff too; with "all", contracted quantities too (used to explain infeasibility).
    """
    m = linopy.Model()
    built = Built(m, index, objective, slack, min_staff=min_staff)
    period = index.period
    slots = index.slots
    slot = pd.Index(slots.index, name="slot")

    # ---------------------------------------------------------------- plant modules
    max_units = xr.DataArray(slots["max_units"].to_numpy(dtype=float), coords=[slot])
    new = m.add_variables(
        lower=0,
        upper=max_units.broadcast_like(index.new_allowed),
        coords=[slot, period],
        name="new",
        # integral through the stock equation below when units are: branching on the
        # modules standing rather than on when each was built solves several times faster
        integer=False,
        mask=index.new_allowed,
    )
    ceiling = np.maximum(max_units.broadcast_like(index.existing), index.existing)
    units = m.add_variables(lower=0, upper=ceiling, coords=[slot, period], name="units", integer=True)
    m.add_constraints(
        _stock(m, index, new, units) == index.existing - index.existing.shift(period=1, fill_value=0.0),
        name="stock",
    )

    # ---------------------------------------------------------------- activity and capacity
    modes = index.modes
    mode = pd.Index(modes.index, name="mode")
    activity = m.add_variables(lower=0, coords=[mode, period], name="activity", mask=index.active)
    per_slot = _group(activity.to_linexpr(), modes["slot"].to_numpy(), "slot")
    used_slots = per_slot.indexes["slot"]
    capacity = (units * xr.DataArray(slots["unit_capacity"].to_numpy() / MASS, coords=[slot])).sel(
        slot=used_slots
    )
    m.add_constraints(per_slot - capacity <= 0, name="capacity")

    _mining(m, index, activity)
    routes, sell, _ = _balance(m, index, activity)
    _markets(built, sell)
    _transport(m, index, routes)
    expansion = _sites(built, units)
    migrants = _staff(built, units)
    _staff_floor(built, units)

    # ---------------------------------------------------------------- objective (million RUB)
    weight = index.weight
    costs: list[linopy.LinearExpression] = [
        (
            activity
            * (xr.DataArray(modes["variable_cost"].to_numpy() * MASS / MONEY, coords=[mode]) * weight)
        ).sum(),
        (units * xr.DataArray(slots["fixed_cost"].to_numpy() / MONEY, coords=[slot]) * weight).sum(),
        (new * index.capex_weight).sum(),
    ]
    if routes is not None:
        route = pd.Index(index.routes.index, name="route")
        costs.append(
            (routes * (xr.DataArray(index.routes["cost"].to_numpy() * MASS, coords=[route]) * weight)).sum()
        )
    if "open" in m.variables:
        link = pd.Index(index.links.index, name="link")
        costs.append(
            (
                m.variables["open"]
                * (xr.DataArray(index.links["annuity"].to_numpy(), coords=[link]) * weight)
            ).sum()
        )
    if expansion is not None:
        site = expansion.indexes["site"]
        per_mw = [
            annuity(c, index.periods.discount_rate, POWER_LIFETIME, 0.0) / MONEY
            for c in index.sites.loc[site, "expansion_cost"]
        ]
        costs.append((expansion * (xr.DataArray(per_mw, coords=[site]) * weight)).sum())
    if migrants is not None:
        group = migrants.indexes["group"]
        discount = np.array([index.periods.discount(s) for s in index.periods.starts])
        arrival = discount - np.append(discount[1:], 0.0)  # a cumulative count pays once, when people arrive
        cost = index.labour.loc[group, "migration_cost"].to_numpy() / MONEY
        costs.append((migrants * xr.DataArray(np.outer(cost, arrival), coords=[group, period])).sum())
    for name in built.slacks:
        costs.append(m.variables[name].sum() * SLACK_PENALTY)
    total = reduce(operator.add, costs)
    if objective == "npv" and sell is not None:
        total = total - (sell * index.price * MASS).sum()
    if staff_weight and built.staff is not None:
        total = total - staff_weight * built.staff
    m.add_objective(total, sense="min")
    return built


def _stock(
    m: linopy.Model, index: Index, new: linopy.Variable, units: linopy.Variable
) -> linopy.LinearExpression:
    """units now - units before - commissioned now + retiring now, per slot and period.

    Built from label arrays: each row has a few terms, however long the horizon.
    """
    slot, period = units.indexes["slot"], units.indexes["period"]
    unit_labels = units.labels.to_numpy()
    new_labels = new.labels.to_numpy()
    before = np.full_like(unit_labels, -1)
    before[:, 1:] = unit_labels[:, :-1]
    columns = [(unit_labels, 1.0), (before, -1.0), (new_labels, -1.0)]
    retired = index.retirements
    if len(retired):
        s_pos = slot.get_indexer(retired["slot"])
        c_pos = period.get_indexer(retired["commission"])
        k_pos = period.get_indexer(retired["period"])
        order = pd.Series(np.arange(len(retired))).groupby([s_pos, k_pos]).cumcount().to_numpy()
        for depth in range(int(order.max()) + 1):
            labels = np.full_like(unit_labels, -1)
            chosen = order == depth
            labels[s_pos[chosen], k_pos[chosen]] = new_labels[s_pos[chosen], c_pos[chosen]]
            columns.append((labels, 1.0))
    variables = np.stack([labels for labels, _ in columns], axis=-1)
    coefficients = np.stack([np.where(labels >= 0, sign, 0.0) for labels, sign in columns], axis=-1)
    data = xr.Dataset(
        {
            "coeffs": (("slot", "period", "_term"), coefficients),
            "vars": (("slot", "period", "_term"), variables),
        },
        coords={"slot": slot, "period": period},
    )
    return linopy.LinearExpression(data, m)


def _mining(m: linopy.Model, index: Index, activity: linopy.Variable) -> None:
    """Mining within each deposit's yearly rate and, over the horizon, its reserves."""
    if index.extraction.empty:
        return
    extracted = _group(
        _gather(activity, "mode", index.extraction["mode"], index.extraction["coefficient"].to_numpy()),
        index.extraction["deposit"].to_numpy(),
        "deposit",
    )
    deposit = extracted.indexes["deposit"]
    limits = index.deposits.loc[deposit]
    rate = xr.DataArray(limits["max_rate"].to_numpy() / MASS, coords=[deposit])
    m.add_constraints(extracted <= rate.broadcast_like(extracted.const), name="mining_rate")
    reserves = xr.DataArray(limits["reserves"].to_numpy() / MASS, coords=[deposit])
    m.add_constraints((extracted * index.length).sum("period") <= reserves, name="reserves")


@dataclass(frozen=True)
class _Terms:
    """Rows of terms: the row each goes to, the variable labels (per period) and a coefficient."""

    rows: np.ndarray  # position of the target row, per term
    labels: np.ndarray  # (term, period) variable labels, -1 for none
    coefficients: np.ndarray  # per term


def _pack(
    m: linopy.Model, rows: pd.Index, period: pd.Index, parts: list[_Terms]
) -> list[linopy.LinearExpression]:
    """Expressions over (rows, period) holding every term of ``parts``.

    Terms are laid out directly in label arrays, which is much faster than grouping and
    merging expressions for large models.  Rows are split into blocks by how many terms
    they have (up to 4, 8, 16, …), so a few busy rows do not pad all the others.
    """
    target = np.concatenate([p.rows for p in parts])
    labels = np.concatenate([p.labels for p in parts])
    coefficients = np.concatenate([p.coefficients for p in parts])
    depth = pd.Series(target).groupby(target).cumcount().to_numpy()
    count = np.bincount(target, minlength=len(rows))
    tier = np.maximum(2, np.ceil(np.log2(np.maximum(count, 1)))).astype(int)
    blocks = []
    for level in np.unique(tier):
        members = np.flatnonzero(tier == level)
        position = np.full(len(rows), -1)
        position[members] = np.arange(len(members))
        chosen = position[target] >= 0
        width = 2 ** int(level)
        variables = np.full((len(members), width, len(period)), -1, dtype=np.int64)
        coeffs = np.zeros((len(members), width, len(period)))
        here = position[target[chosen]]
        variables[here, depth[chosen], :] = labels[chosen]
        coeffs[here, depth[chosen], :] = np.where(labels[chosen] >= 0, coefficients[chosen][:, None], 0.0)
        dim = str(rows.name)
        data = xr.Dataset(
            {
                "coeffs": ((dim, "period", "_term"), np.ascontiguousarray(np.moveaxis(coeffs, 1, 2))),
                "vars": ((dim, "period", "_term"), np.ascontiguousarray(np.moveaxis(variables, 1, 2))),
            },
            coords={dim: rows[members], "period": period},
        )
        blocks.append(linopy.LinearExpression(data, m))
    return blocks


def _balance(
    m: linopy.Model, index: Index, activity: linopy.Variable
) -> tuple[linopy.Variable | None, linopy.Variable | None, linopy.Variable | None]:
    """For every stream at every node and period: made + arriving = used + leaving + sold + disposed."""
    period = index.period
    coefficients = index.coefficients
    keys = pd.Index(
        sorted(
            set(coefficients["key"])
            | set(index.routes["to_key"])
            | set(index.routes["from_key"])
            | set(index.sales["key"])
        ),
        name="balance",
    )
    mode_position = activity.indexes["mode"].get_indexer(coefficients["mode"])
    parts = [
        _Terms(
            keys.get_indexer(coefficients["key"]),
            activity.labels.to_numpy()[mode_position],
            coefficients["coefficient"].to_numpy(),
        )
    ]
    routes = sell = dispose = None
    if len(index.routes):
        route = pd.Index(index.routes.index, name="route")
        routes = m.add_variables(lower=0, coords=[route, period], name="flow", mask=index.route_active)
        labels = routes.labels.to_numpy()
        ones = np.ones(len(route))
        parts.append(_Terms(keys.get_indexer(index.routes["to_key"]), labels, ones))
        parts.append(_Terms(keys.get_indexer(index.routes["from_key"]), labels, -ones))
    if len(index.sales):
        sale = pd.Index(index.sales.index, name="sale")
        sell = m.add_variables(lower=0, coords=[sale, period], name="sell")
        parts.append(
            _Terms(keys.get_indexer(index.sales["key"]), sell.labels.to_numpy(), -np.ones(len(sale)))
        )
    if len(index.disposal):
        disposal = pd.Index(index.disposal.index, name="disposal")
        dispose = m.add_variables(lower=0, coords=[disposal, period], name="dispose")
        parts.append(_Terms(keys.get_indexer(disposal), dispose.labels.to_numpy(), -np.ones(len(disposal))))
    for number, block in enumerate(_pack(m, keys, period, parts)):
        m.add_constraints(block == 0, name=f"{BALANCE}{number}")
    return routes, sell, dispose


def _markets(built: Built, sell: linopy.Variable | None) -> None:
    """Sales of a good at a market within its cap and at least its contracted quantity."""
    index, m = built.index, built.model
    if sell is None or index.caps.empty:
        return
    sold = _group(sell.to_linexpr(), index.sales["market_good"].to_numpy(), "market_good")
    group = sold.indexes["market_good"]
    caps = index.caps.reindex(
        pd.MultiIndex.from_product([group, index.period], names=["market_good", "period"])
    )
    maximum = xr.DataArray(
        caps["max_quantity"].to_numpy().reshape(len(group), -1) / MASS, coords=[group, index.period]
    )
    minimum = xr.DataArray(
        caps["min_quantity"].fillna(0.0).to_numpy().reshape(len(group), -1) / MASS,
        coords=[group, index.period],
    )
    m.add_constraints(sold <= maximum.fillna(0.0), name="market_cap", mask=maximum.notnull())
    contracted = minimum > 0
    if bool(contracted.any()):
        if built.slack == "all":
            short = m.add_variables(
                lower=0, coords=[group, index.period], name="contract_shortfall", mask=contracted
            )
            built.slacks["contract_shortfall"] = "contracted quantity not delivered (t/yr)"
            m.add_constraints(sold + short >= minimum, name="contract", mask=contracted)
        else:
            m.add_constraints(sold >= minimum, name="contract", mask=contracted)


def _transport(m: linopy.Model, index: Index, routes: linopy.Variable | None) -> None:
    """Links carry no more than their capacity; candidate links carry goods only once opened."""
    if routes is None:
        return
    table = index.routes
    capped = table[table["capacity"].notna()]
    if len(capped):
        carried = _group(
            _gather(routes, "route", pd.Series(capped.index), np.ones(len(capped))),
            capped["link"].to_numpy(),
            "link",
        )
        limit = capped.groupby("link")["capacity"].first() / MASS
        link = carried.indexes["link"]
        m.add_constraints(
            carried
            <= xr.DataArray(limit.reindex(link).to_numpy(), coords=[link]).broadcast_like(carried.const),
            name="link_capacity",
        )
    if index.links.empty:
        return
    link = pd.Index(index.links.index, name="link")
    starts = np.array(index.periods.starts)
    can_open = xr.DataArray(
        starts[None, :] >= index.links["earliest_year"].to_numpy()[:, None], coords=[link, index.period]
    )
    opened = m.add_variables(coords=[link, index.period], name="open", binary=True, mask=can_open)
    candidate = table[table["candidate"]]
    if len(candidate):
        route = pd.Index(candidate.index, name="route")
        gate = opened.sel(link=xr.DataArray(candidate["link"].to_numpy(), coords=[route]))
        bound = xr.DataArray(candidate["bound"].to_numpy(dtype=float) / MASS, coords=[route])
        # each stream on its own: flow <= (most that stream can be) x opened
        m.add_constraints(
            routes.sel(route=route) - gate * bound <= 0,
            name="link_open",
            mask=index.route_active.sel(route=route),
        )
    _never_decreasing(m, opened, "stay_open", can_open)


def _never_decreasing(
    m: linopy.Model, variable: linopy.Variable, name: str, exists: xr.DataArray | None = None
) -> None:
    """variable[period] >= variable[period before]: what is bought or opened stays.

    ``exists`` marks where the variable exists; the constraint is skipped in the first
    period and wherever the period before has no variable.
    """
    period = variable.indexes["period"]
    if len(period) < 2:
        return
    before = xr.DataArray(np.arange(len(period)) > 0, coords=[period]).broadcast_like(variable.labels)
    if exists is not None:
        before = before & exists.shift(period=1, fill_value=False)
    m.add_constraints(variable.shift(period=1) - variable <= 0, name=name, mask=before)


def _sites(built: Built, units: linopy.Variable) -> linopy.Variable | None:
    """Power and land used by the modules standing at each site."""
    index, m = built.index, built.model
    at_sites = index.slots[index.slots["location_kind"] == "site"]
    if at_sites.empty:
        return None
    site_slots = pd.Index(at_sites.index, name="slot")
    site_units = units.sel(slot=site_slots)
    power = _group(
        site_units * xr.DataArray(at_sites["power"].to_numpy(), coords=[site_slots]),
        at_sites["location"].to_numpy(),
        "site",
    )
    land = _group(
        site_units * xr.DataArray(at_sites["land"].to_numpy(), coords=[site_slots]),
        at_sites["location"].to_numpy(),
        "site",
    )
    site = power.indexes["site"]
    available = index.site_power.sel(site=site)
    expansion = None
    growable = index.sites.loc[site, "expansion_max"].to_numpy() > 0
    if growable.any():
        grow = pd.Index(site[growable], name="site")
        maximum = xr.DataArray(index.sites.loc[grow, "expansion_max"].to_numpy(), coords=[grow])
        expansion = m.add_variables(
            lower=0,
            upper=maximum.broadcast_like(available.sel(site=grow)),
            coords=[grow, index.period],
            name="expansion",
        )
        _never_decreasing(m, expansion, "expansion_kept")
        power = linopy.merge([power, -1 * expansion.to_linexpr()], join="left", cls=linopy.LinearExpression)
    land_limit = xr.DataArray(index.sites.loc[site, "land"].to_numpy(), coords=[site])
    if built.slack in ("limits", "all"):
        power_short = m.add_variables(lower=0, coords=[site, index.period], name="power_shortfall")
        land_short = m.add_variables(lower=0, coords=[site, index.period], name="land_shortfall")
        built.slacks["power_shortfall"] = "power missing at a site (MW)"
        built.slacks["land_shortfall"] = "land missing at a site (ha)"
        power = power - power_short
        land = land - land_short
    m.add_constraints(power <= available, name="power")
    m.add_constraints(land <= land_limit.broadcast_like(available), name="land")
    return expansion


def _staff(built: Built, units: linopy.Variable) -> linopy.Variable | None:
    """Operating staff per region and skill within the local pool, graduates and in-migration."""
    index, m = built.index, built.model
    staff = index.staff[index.staff["group"].isin(index.labour.index)]
    if staff.empty:
        return None
    need = _group(
        _gather_expression(units, "slot", staff["slot"], staff["staff"].to_numpy()),
        staff["group"].to_numpy(),
        "group",
    )
    group = need.indexes["group"]
    labour = index.labour.loc[group]
    elapsed = np.array(index.periods.starts) - index.periods.first_year
    local = xr.DataArray(
        labour["pool"].to_numpy()[:, None] + labour["graduates"].to_numpy()[:, None] * elapsed[None, :],
        coords=[group, index.period],
    )
    migrants = None
    movable = labour["migration_cost"].notna().to_numpy()
    if movable.any():
        moving = pd.Index(group[movable], name="group")
        migrants = m.add_variables(lower=0, coords=[moving, index.period], name="migrants")
        _never_decreasing(m, migrants, "migrants_stay")
        need = linopy.merge([need, -1 * migrants.to_linexpr()], join="left", cls=linopy.LinearExpression)
    if built.slack in ("limits", "all"):
        short = m.add_variables(lower=0, coords=[group, index.period], name="staff_shortfall")
        built.slacks["staff_shortfall"] = "operating staff missing in a region (persons)"
        need = need - short
    m.add_constraints(need <= local, name="staff")
    return migrants


def _staff_floor(built: Built, units: linopy.Variable) -> None:
    """Operating staff of all plants in the last period (persons), and its floor if one is set.

    Every plant counts, whether or not its region has a labour pool: the floor is about jobs.
    """
    index, m = built.index, built.model
    if index.slots.empty:
        return
    slot = pd.Index(index.slots.index, name="slot")
    per_module = index.staff.groupby("slot")["staff"].sum().reindex(slot, fill_value=0.0)
    last = index.period[-1]
    built.staff = (units.sel(period=last) * xr.DataArray(per_module.to_numpy(), coords=[slot])).sum()
    if built.min_staff is None:
        return
    # without slack the shortfall is held at zero: it keeps the row (and so an unreachable
    # floor infeasible) even where no plant employs anyone
    relaxed = built.slack != "none"
    short = m.add_variables(
        lower=0,
        upper=np.inf if relaxed else 0.0,
        coords=[pd.Index([last], name="period")],
        name="staff_floor_shortfall",
    )
    if relaxed:
        built.slacks["staff_floor_shortfall"] = "operating staff below the floor in the last period (persons)"
    m.add_constraints(built.staff + short >= built.min_staff, name="staff_floor")


def _gather_expression(
    expression: linopy.LinearExpression | linopy.Variable,
    dim: str,
    labels: pd.Series,
    coefficients: np.ndarray,
) -> linopy.LinearExpression:
    term = _term(labels.to_numpy())
    picked = expression.sel({dim: xr.DataArray(labels.to_numpy(), coords=[term])})
    return picked * xr.DataArray(coefficients, coords=[term])
