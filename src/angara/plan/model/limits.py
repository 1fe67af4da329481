"""Limits of places and people: power and land at sites, operating staff per region and
skill (a crew per operating plant plus a crew per module), and an optional floor on the
staff of all plants.

Each limit is declared with the words that explain a shortfall (when a scenario is
infeasible) and with the plan table that reports its use.
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd

from angara.plan.labour import graduate_weights
from angara.plan.model.builder import Builder, block
from angara.plan.model.plants import ACTIVITY, UNITS
from angara.plan.model.registry import Constraint, Found, LimitTable, Shortfall, Variable, declare, report
from angara.plan.model.terms import NONE, Terms, never_decreasing_mask
from angara.plan.scale import MASS, rubles

EXPANSION = declare(Variable("expansion", ("site", "period"), "MW", "power bought for a site, cumulative"))
MIGRANTS = declare(
    Variable(
        "migrants", ("workforce", "period"), "persons", "workers brought into a region, by skill, cumulative"
    )
)
POWER = report(
    declare(
        Constraint(
            "power", ("site", "period"), "MW", "power of the modules standing at a site within what it has"
        )
    ),
    LimitTable("power", use="used_mw", available="available_mw", reliefs={"expansion": "bought_mw"}),
)
LAND = report(
    declare(
        Constraint("land", ("site", "period"), "ha", "land of the modules standing at a site within its land")
    ),
    LimitTable("land", use="used_ha", available="available_ha"),
)
STAFF = report(
    declare(
        Constraint(
            "staff",
            ("workforce", "period"),
            "persons",
            "operating staff in a region and skill within the local pool, its graduates and the "
            "workers brought in",
        )
    ),
    LimitTable(
        "staff", use="needed", available="local_available", reliefs={"migrants": "migrants"}, rows="used"
    ),
)
OPERATING = declare(
    Variable(
        "operating",
        ("slot", "period"),
        "plants",
        "share of a plant's per-plant crew at work: at least its modules over the most its feed keeps busy",
        where="crewed",
    )
)
OPERATES = declare(
    Constraint(
        "operates",
        ("slot", "period"),
        "modules",
        "modules stand only at an operating plant: units <= most modules x operating",
    )
)
EXPANSION_KEPT = declare(Constraint("expansion_kept", ("site", "period"), "MW", "power bought stays bought"))
MIGRANTS_STAY = declare(
    Constraint("migrants_stay", ("workforce", "period"), "persons", "workers brought in stay")
)
STAFF_FLOOR = declare(
    Constraint(
        "staff_floor",
        ("period",),
        "persons",
        "operating staff of all plants in the last period at least the floor",
    )
)


def _power_short(found: Found) -> str:
    site, period = found.at["site"], found.at["period"]
    available = float(found.index.site_power.sel(site=site, period=period))
    bought = found.value("expansion", site=site, period=period)
    have = available + bought
    extra = f" (incl. {bought:,.0f} MW that can be bought)" if bought > 1e-4 else ""
    return f"{site} needs {have + found.amount:,.0f} MW in {period}; {have:,.0f} MW available{extra}"


def _land_short(found: Found) -> str:
    site, period = found.at["site"], found.at["period"]
    available = float(found.index.sites.loc[site, "land"])
    return f"{site} needs {available + found.amount:,.0f} ha in {period}; {available:,.0f} ha available"


def _staff_short(found: Found) -> str:
    region, skill, period = found.at["region"], found.at["skill"], found.at["period"]
    workforce = found.index.workforce
    row = int(
        np.flatnonzero((workforce["region"] == region).to_numpy() & (workforce["skill"] == skill).to_numpy())[
            0
        ]
    )
    local = float(found.index.local_labour.sel(period=period).to_numpy()[row])
    moving = "" if pd.notna(workforce.at[row, "migration_cost"]) else " and no in-migration is allowed"
    return (
        f"{region} is short of {found.amount:,.0f} {skill} staff in {period}: "
        f"{local + found.amount:,.0f} needed, {local:,.0f} local{moving}"
    )


def _floor_short(found: Found) -> str:
    floor = float(found.min_staff or 0.0)
    return (
        f"the plan cannot employ {floor:,.0f} people in {found.at['period']}; "
        f"at most {max(floor - found.amount, 0.0):,.0f}"
    )


for _variable, _relaxes, _explain, _total in (
    (
        Variable("power_shortfall", ("site", "period"), "MW", "power missing at a site"),
        "power",
        _power_short,
        "MW-periods of power",
    ),
    (
        Variable("land_shortfall", ("site", "period"), "ha", "land missing at a site"),
        "land",
        _land_short,
        "ha-periods of land",
    ),
    (
        Variable(
            "staff_shortfall", ("workforce", "period"), "persons", "operating staff missing in a region"
        ),
        "staff",
        _staff_short,
        "person-periods of staff",
    ),
):
    declare(Shortfall(_variable, relaxes=_relaxes, level="limits", explain=_explain, total=_total))
FLOOR_SHORTFALL = declare(
    Shortfall(
        Variable(
            "staff_floor_shortfall",
            ("period",),
            "persons",
            "operating staff below the floor in the last period",
        ),
        relaxes="staff_floor",
        level="floor",
        explain=_floor_short,
        total="persons of the jobs floor",
    )
)


@block
def add_sites(b: Builder) -> None:
    """Power and land used by the modules standing at each site; power may be bought."""
    index, units = b.index, b[UNITS]
    slots = index.slots
    at_site = np.flatnonzero((slots["location_kind"] == "site").to_numpy())
    if not len(at_site):
        return
    site = index.sites.index.get_indexer(slots["location"].to_numpy()[at_site])
    dims = ("site", "period")
    power = b.terms(
        dims, [Terms.of(units, site, at_site, slots["power"].to_numpy()[at_site]), *power_made(b)]
    )
    land = b.terms(dims, [Terms.of(units, site, at_site, slots["land"].to_numpy()[at_site])])
    growable = index.array((index.sites["expansion_max"].to_numpy() > 0)[:, None], *dims)
    maximum = index.array(index.sites["expansion_max"].to_numpy()[:, None], *dims)
    with_slots = index.array(np.isin(np.arange(len(index.sites)), site)[:, None], *dims)
    expansion = b.variable(EXPANSION, upper=maximum, mask=growable & with_slots)
    b.constrain(
        EXPANSION_KEPT,
        expansion.shift(period=1) - expansion,
        "<=",
        0.0,
        mask=never_decreasing_mask(expansion),
    )
    b.limit(POWER, power, index.site_power, reliefs={"expansion": expansion})
    b.limit(LAND, land, index.array(index.sites["land"].to_numpy()[:, None], *dims))
    b.cost(
        "power bought",
        (expansion * (index.array(index.sites["expansion_annuity"].to_numpy(), "site") * index.weight)).sum(),
    )


def power_made(b: Builder) -> list[Terms]:
    """Firm power made at a site by its energy solutions (modes whose reference good has the
    role site_power: a gas unit, a substation upgrade), as negative use: MW-years a year of
    activity are MW, paid for (fuel, variable OPEX) per MW-year run."""
    index = b.index
    modes, slots = index.modes, index.slots
    slot = modes["slot"].to_numpy()
    making = np.flatnonzero(
        (slots["role"].to_numpy()[slot] == "site_power") & (slots["location_kind"].to_numpy()[slot] == "site")
    )
    if not len(making):
        return []
    site = index.sites.index.get_indexer(slots["location"].to_numpy()[slot[making]])
    return [Terms.of(b[ACTIVITY], site, making, np.full(len(making), -MASS))]


@block
def add_crews(b: Builder) -> None:
    """A plant's per-plant crew works once any module stands (staff economy of scale:
    docs/model.md).  ``operating`` is the relaxation ``units / useful modules <= operating <= 1``
    of the binary: exact where a plant has as many modules as its feed keeps busy; as a
    binary the default's solve did not reach its 1 % gap in 200 s."""
    index, units = b.index, b[UNITS]
    if not bool(index.crewed.any()):
        return
    operating = b.variable(OPERATING, upper=1.0, mask=index.crewed)
    slots = index.slots
    b.constrain(OPERATES, units - operating * index.useful_units, "<=", 0.0, mask=index.crewed)
    crew_cost = index.array(rubles(slots["plant_labour_cost"].to_numpy(dtype=float)), "slot")
    b.cost("plant crews", (operating * (crew_cost * index.weight)).sum())


def crew_terms(b: Builder) -> list[Terms]:
    """The per-plant crews' staff by workforce and period, where there are any."""
    staff = b.index.staff
    crews = staff[staff["per_plant"] > 0]
    if crews.empty or OPERATING.name not in b.model.variables:
        return []
    return [
        Terms.of(
            b[OPERATING],
            crews["workforce"].to_numpy(),
            crews["slot"].to_numpy(),
            crews["per_plant"].to_numpy(),
        )
    ]


@block
def add_staff(b: Builder) -> None:
    """Operating staff per region and skill within the local pool, graduates and in-migration."""
    index, units = b.index, b[UNITS]
    staff = index.staff
    dims = ("workforce", "period")
    need = b.terms(
        dims,
        [
            Terms.of(
                units, staff["workforce"].to_numpy(), staff["slot"].to_numpy(), staff["staff"].to_numpy()
            ),
            *crew_terms(b),
            *graduate_terms(b),
        ],
    )
    movable = index.array(index.workforce["migration_cost"].notna().to_numpy()[:, None], *dims)
    with_staff = index.array(np.isin(np.arange(len(index.workforce)), staff["workforce"])[:, None], *dims)
    migrants = b.variable(MIGRANTS, mask=movable & with_staff)
    b.constrain(
        MIGRANTS_STAY, migrants.shift(period=1) - migrants, "<=", 0.0, mask=never_decreasing_mask(migrants)
    )
    b.limit(STAFF, need, index.local_labour, reliefs={"migrants": migrants})
    discount = np.array([index.periods.discount(s) for s in index.periods.starts])
    arrival = discount - np.append(discount[1:], 0.0)  # a cumulative count pays once, when people arrive
    cost = index.workforce["migration_cost"].fillna(0.0).to_numpy()
    b.cost("in-migration", (migrants * index.array(np.outer(cost, arrival), *dims)).sum())


def graduate_terms(b: Builder) -> list[Terms]:
    """Graduates of the training places filled in earlier periods, as negative need of their
    region and skill (:func:`~angara.plan.labour.graduate_weights`): one set of terms per
    period the places were filled in."""
    index = b.index
    modes, slots, workforce = index.modes, index.slots, index.workforce
    slot = modes["slot"].to_numpy()
    training = np.flatnonzero(slots["role"].to_numpy()[slot] == "training")
    if not len(training):
        return []
    keys = pd.MultiIndex.from_frame(workforce[["region", "skill"]])
    rows = keys.get_indexer(
        pd.MultiIndex.from_arrays(
            [slots["region"].to_numpy()[slot[training]], slots["trains"].to_numpy()[slot[training]]]
        )
    )
    known = rows >= 0  # a region and skill without labour data has no limit to lift
    training, rows = training[known], rows[known]
    if not len(training):
        return []
    labels = b[ACTIVITY].labels.to_numpy()[training]  # (mode, period)
    starts = np.array(index.periods.starts)
    weights = np.stack(
        [
            graduate_weights(
                starts,
                index.periods.years,
                float(slots["programme_length"].to_numpy()[slot[mode]]),
                float(workforce["attrition"].to_numpy()[row]),
                float(workforce["graduate_retention"].to_numpy()[row]),
                float(workforce["competing_demand"].to_numpy()[row]),
            )
            for mode, row in zip(training, rows, strict=True)
        ]
    )  # (mode, q, p)
    parts = []
    for p in range(len(starts)):
        picked = np.where(weights[:, :, p] > 0, labels[:, [p]], NONE)
        parts.append(Terms(rows, picked, -MASS * weights[:, :, p]))
    return parts


def staff_in_last_period(b: Builder) -> linopy.LinearExpression:
    """Operating staff of all plants in the last period (persons); every plant counts,
    whether or not its region has labour data: it is about jobs."""
    index, units = b.index, b[UNITS]
    per_module = index.staff.groupby("slot")["staff"].sum().reindex(index.slots.index, fill_value=0.0)
    last = index.period[-1]
    staff: linopy.LinearExpression = (
        units.sel(period=last) * index.array(per_module.to_numpy(), "slot")
    ).sum()
    if OPERATING.name in b.model.variables:
        per_plant = index.staff.groupby("slot")["per_plant"].sum().reindex(index.slots.index, fill_value=0.0)
        staff = staff + (b[OPERATING].sel(period=last) * index.array(per_plant.to_numpy(), "slot")).sum()
    return staff


@block
def add_staff_floor(b: Builder) -> None:
    """At least the builder's ``min_staff`` persons of operating staff in the last period
    (nothing without a floor).

    Without slack the shortfall is held at zero: it keeps the row (and so an unreachable
    floor infeasible) even where no plant employs anyone.
    """
    if b.min_staff is None or b.index.slots.empty:
        return
    floor, staff = b.min_staff, staff_in_last_period(b)
    relaxed = b.slack != "none"
    last = b.index.period[-1:]
    short = b.model.add_variables(
        lower=0, upper=np.inf if relaxed else 0.0, coords=[last], name=FLOOR_SHORTFALL.variable.name
    )
    if relaxed:
        b.slacks.append(FLOOR_SHORTFALL.variable.name)
    b.model.add_constraints(staff + short >= floor, name=STAFF_FLOOR.name)
