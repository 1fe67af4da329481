"""What every plant does each year: modules, output, inputs, costs and sales before tax.

A plan holds values per investment period; each year of a period repeats them.
Events (modules commissioned, links opened, MW bought, people arriving) happen in
the first year of their period.  Money is in RUB of the scenario's base year.

Revenue is split between plants by their share of each stream's production:
a plant earns its share of the stream's external sales and of what other plants
pay for the stream.  Plants pay for intermediates at a transfer price
(:mod:`angara.assess.transfer`: market, shadow or netback), so the cluster's total
revenue is exactly its external sales.  Sustaining capital (a share of the CAPEX of the
modules standing, each year they operate) and closure (a share of a module's CAPEX at the
end of its life) come from the chain's slots where it has them (``sustaining_capex``,
``closure_cost``; 0 without).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.assess.capital import capex_by_year, closure, sustaining, vintages_of
from angara.assess.tables import (
    INFRASTRUCTURE,
    PLANTS,
    STAFF,
    TRADE_PURCHASES,
    TRADE_RECEIPTS,
    TRADE_SALES,
    TRADE_TRANSPORT,
    VINTAGES,
    YEARLY,
)
from angara.assess.taxes import TaxRules, land_tax
from angara.assess.transfer import (
    INDEX,
    OWN_COSTS,
    capital_charge,
    internal_comparables,
    payments,
    pre_tax_rates,
    reference_prices,
)
from angara.chain import MODE, SLOT, STREAM, Chain
from angara.plan.result import Plan
from angara.scenario.model import Scenario
from angara.scenario.schema import WILDCARD
from angara.tables import declared

PLANT = list(SLOT)  # a plant is a process at a location: the key columns of every table here
MODE_KEY = list(MODE)


@dataclass(frozen=True)
class Operations:
    """A plan's plants, year by year.

    The tables are declared in :mod:`angara.assess.tables`: ``plants``
    (:data:`~angara.assess.tables.PLANTS`, indexed by process and location), ``yearly``
    (:data:`~angara.assess.tables.YEARLY`), ``vintages``, ``staff``, ``infrastructure``.
    notes: what the reader should know about gaps in the data.
    trade: the money of each plant's streams by good and market (:class:`Trade`).
    calendar: each year and the period it belongs to (:func:`year_periods`); without it,
    each year is a period of its own.
    """

    years: tuple[int, ...]
    plants: pd.DataFrame
    yearly: pd.DataFrame
    vintages: pd.DataFrame
    staff: pd.DataFrame
    infrastructure: pd.DataFrame
    notes: tuple[str, ...]
    trade: Trade | None = None
    calendar: pd.DataFrame | None = None

    def periods(self) -> pd.DataFrame:
        """Each year and the period (start year) it belongs to."""
        if self.calendar is not None:
            return self.calendar
        return pd.DataFrame({"year": list(self.years), "period": list(self.years)})


def year_periods(plan: Plan) -> pd.DataFrame:
    """Each planning year and the period (start year) it belongs to."""
    rows = [(year, int(p["start"])) for p in plan.periods for year in p["years"]]
    return pd.DataFrame(rows, columns=["year", "period"])


def operations(scenario: Scenario, chain: Chain, plan: Plan) -> Operations:
    """Expand ``plan`` into yearly operations of each plant (see :class:`Operations`)."""
    calendar = year_periods(plan)
    years = tuple(int(y) for y in calendar["year"])
    notes: list[str] = []
    plants = _plants(scenario, chain, plan, notes)
    own = _own_per_period(chain, plan, plants)
    vintages = vintages_of(scenario, chain, plan, plants.index)
    charges = capital_charge(scenario, plants, vintages, chain.slots["lead_time"], calendar)
    trade = allocate_trade(
        scenario, chain, plan, notes, plants, _netback_costs(scenario, plants, own, charges)
    )
    per_period = own.merge(_trade(trade), on=[*PLANT, "period"], how="outer").fillna(0.0)
    yearly = calendar.merge(per_period, on="period").drop(columns="period")
    capex = capex_by_year(vintages, chain, scenario.meta.first_year, years)
    closing = closure(vintages, plants, years, scenario.meta.discount_rate)
    for frame in (capex, closing):
        yearly = yearly.merge(frame, on=[*PLANT, "year"], how="outer")
    yearly = yearly.fillna(0.0).sort_values([*PLANT, "year"]).reset_index(drop=True)
    yearly["mineral_value_rub"] = mineral_value(yearly, plants)
    yearly["sustaining_capex_rub"] = sustaining(yearly, plants)
    staff = _staff(chain, plan, plants, calendar)
    return Operations(
        years=years,
        plants=declared(PLANTS, plants),
        yearly=declared(YEARLY, yearly),
        vintages=declared(VINTAGES, vintages),
        staff=declared(STAFF, staff),
        infrastructure=declared(INFRASTRUCTURE, _infrastructure(scenario, chain, plan)),
        notes=tuple(notes),
        trade=trade,
        calendar=calendar,
    )


def _plants(scenario: Scenario, chain: Chain, plan: Plan, notes: list[str]) -> pd.DataFrame:
    standing = plan.capacity.loc[plan.capacity["units"] > 0, PLANT]
    used = pd.MultiIndex.from_frame(pd.concat([standing, plan.builds[PLANT]]).drop_duplicates())
    mining_modes = chain.elements.loc[chain.elements["inflow"] > 0, PLANT].drop_duplicates()
    slots = chain.slots.loc[chain.slots.index.intersection(used).sort_values()].copy()
    names = {p.id: p.name for p in scenario.processes}
    # without a named owner, each process's plants form one project company
    slots["investor"] = [
        owner or f"{names.get(process, process)}: project company"
        for owner, process in zip(slots["owner"], slots.index.get_level_values("process"), strict=True)
    ]
    slots["mining"] = slots.index.isin(pd.MultiIndex.from_frame(mining_modes))
    slots["module_capex"] = slots["capex"]
    # the chain's RUB per module (sustaining a year, closure once) as shares of its CAPEX
    capex = slots["capex"].where(slots["capex"] > 0)
    for column in ("sustaining_capex", "closure_cost"):
        rub = slots[column] if column in slots.columns else 0.0
        slots[column] = (rub / capex).fillna(0.0)
    slots["immovable"] = _immovable_shares(scenario, slots["stage"], notes)
    columns = ["stage", "location_kind", "region", "node", "investor", "io_product", "lifetime"]
    money = ["module_capex", "immovable", "sustaining_capex", "closure_cost"]
    return slots[[*columns, "mining", *money]]


def _immovable_shares(scenario: Scenario, stages: pd.Series, notes: list[str]) -> np.ndarray:
    """The share of CAPEX that is immovable property for each of ``stages`` (asset_classes:
    the stage's row, else the ``*`` row, else all of it, as before movable property was
    exempt; a note names such stages)."""
    shares = {row.stage: row.immovable for row in scenario.asset_classes}
    fallback = shares.get(WILDCARD)
    missing = sorted({str(stage) for stage in stages if stage not in shares} if fallback is None else set())
    if missing:
        stages_named = ", ".join(missing)
        notes.append(f"no asset_classes row for stage {stages_named}: all its CAPEX is taxed as immovable")
    default = 1.0 if fallback is None else fallback
    return np.array([shares.get(str(stage), default) for stage in stages], dtype=float)


def _of_plants(frame: pd.DataFrame, plants: pd.Index) -> pd.DataFrame:
    """The rows of ``frame`` whose plant (process, location) is among ``plants``."""
    return frame[pd.MultiIndex.from_frame(frame[PLANT]).isin(plants)]


def _own_per_period(chain: Chain, plan: Plan, plants: pd.DataFrame) -> pd.DataFrame:
    """Per plant and period: units, staff, land and the yearly RUB costs of its own
    (everything but what it buys from other plants and the transport of what it makes)."""
    frame = _of_plants(plan.capacity.groupby([*PLANT, "period"], as_index=False)["units"].sum(), plants.index)
    keys = pd.MultiIndex.from_frame(frame[PLANT])
    info = chain.slots.loc[keys]
    per_plant = chain.staff.groupby(PLANT)[["staff", "per_plant"]].sum().reindex(keys).fillna(0.0)
    units = frame["units"].to_numpy()
    operating = (units > 0).astype(float)  # a plant's per-plant crew works once any module stands
    frame["staff"] = units * per_plant["staff"].to_numpy() + operating * per_plant["per_plant"].to_numpy()
    frame["land_ha"] = units * info["land"].to_numpy()
    crew_wages, crew_cost = info["plant_wages"].to_numpy(), info["plant_labour_cost"].to_numpy()
    frame["wages_rub"] = units * info["wages"].to_numpy() + operating * crew_wages
    frame["insurance_rub"] = units * (info["labour_cost"] - info["wages"]).to_numpy() + operating * (
        crew_cost - crew_wages
    )
    frame["fixed_opex_rub"] = units * (info["fixed_cost"] - info["labour_cost"]).to_numpy()

    activity = plan.activities[[*MODE_KEY, "period", "activity"]]
    modes = chain.modes.loc[pd.MultiIndex.from_frame(activity[MODE_KEY])]
    tonnes = activity["activity"].to_numpy()
    variable = activity[[*PLANT, "period"]].assign(
        # residue handling (thorium, uranium) is an operating cost of its own kind, booked with OPEX
        opex_rub=tonnes * (modes["opex_cost"] + modes["residue_cost"]).to_numpy(),
        electricity_rub=tonnes * modes["electricity_cost"].to_numpy(),
        gas_rub=tonnes * modes["gas_cost"].to_numpy(),
        reagents_rub=tonnes * modes["reagent_cost"].to_numpy(),
    )
    variable = variable.groupby([*PLANT, "period"], as_index=False).sum()
    return frame.merge(variable, on=[*PLANT, "period"], how="outer").fillna(0.0)


def _streams_made_and_used(chain: Chain, plan: Plan) -> pd.DataFrame:
    """Tonnes per year of each stream (good, source) each plant makes (positive) or uses
    (negative), with the plant's node."""
    activity = plan.activities[[*MODE_KEY, "period", "activity"]]
    coefficients = chain.coefficients.rename(columns={"source": "mode_source", "stream_source": "source"})
    joined = activity.rename(columns={"source": "mode_source"}).merge(
        coefficients, on=[*PLANT, "mode_source"]
    )
    joined["tonnes"] = joined["activity"] * joined["coefficient"]
    grouped = joined.groupby([*PLANT, *STREAM, "period"], as_index=False)["tonnes"].sum()
    return grouped.merge(chain.slots[["node"]], left_on=PLANT, right_index=True)


@dataclass(frozen=True)
class Trade:
    """Money of each plant's streams per period (RUB/yr), by good: the tables
    :data:`~angara.assess.tables.TRADE_SALES`, ``TRADE_RECEIPTS``, ``TRADE_PURCHASES`` and
    ``TRADE_TRANSPORT``."""

    sales: pd.DataFrame
    receipts: pd.DataFrame
    purchases: pd.DataFrame
    transport: pd.DataFrame


def _netback_costs(
    scenario: Scenario, plants: pd.DataFrame, own: pd.DataFrame, charges: pd.Series
) -> pd.Series:
    """Each plant's own costs per period that a netback deducts (RUB/yr, by process,
    location and period): operating costs, land tax, sustaining capital and the capital
    charge of its new modules; transport is added where the trade is allocated."""
    at = [*PLANT, "period"]
    rules = TaxRules(scenario)
    info = plants.loc[pd.MultiIndex.from_frame(own[PLANT])]
    per_ha = {region.id: (region.land_value or 0.0) for region in scenario.regions}
    land = own["land_ha"].to_numpy() * info["region"].astype(str).map(per_ha).fillna(0.0).to_numpy()
    taxed = info["region"].astype(str).map(lambda region: rules.base_rate("land", region).rate).to_numpy()
    keep = own["units"].to_numpy() * info["module_capex"].to_numpy() * info["sustaining_capex"].to_numpy()
    costs = own.set_index(at)[list(OWN_COSTS)].sum(axis=1) + land_tax(land, taxed) + keep
    return costs.add(charges, fill_value=0.0)


def allocate_trade(
    scenario: Scenario,
    chain: Chain,
    plan: Plan,
    notes: list[str],
    plants: pd.DataFrame,
    costs: pd.Series,
) -> Trade:
    """Split each stream's sales, transfers and transport between the plants making it.

    ``plants`` and ``costs``: the plan's plants and their own costs per period, which a
    netback deducts (:mod:`angara.assess.transfer`) with the transport allocated here.
    """
    made = _streams_made_and_used(chain, plan)
    stream = [*STREAM, "period"]
    producers = made[made["tonnes"] > 0].copy()
    producers["share"] = producers["tonnes"] / producers.groupby(stream)["tonnes"].transform("sum")
    sales = plan.sales.groupby([*stream, "market"], as_index=False)[["tonnes", "revenue_rub"]].sum()
    moved = plan.flows.groupby(stream, as_index=False)["cost_rub"].sum()
    shares = producers[[*PLANT, *stream, "share"]]
    sold = shares.merge(sales, on=stream)
    sold["sales_rub"] = sold["revenue_rub"] * sold["share"]
    sold["tonnes"] = sold["tonnes"] * sold["share"]
    carried = shares.merge(moved, on=stream)
    carried["transport_rub"] = carried["cost_rub"] * carried["share"]
    at = [*PLANT, "period"]
    transport = carried.groupby(at, as_index=False)["transport_rub"].sum()

    used = made[made["tonnes"] < 0].assign(tonnes=lambda frame: -frame["tonnes"])
    priced = reference_prices(chain, plan, used)
    if scenario.meta.assessment.transfer_price == "netback":
        caps = chain.prices.drop_duplicates(["market", "good", "year"]).rename(columns={"year": "period"})
        priced = internal_comparables(priced, sales, caps[["market", "good", "period", "max_quantity"]])
    costs = costs.add(transport.set_index(at)["transport_rub"], fill_value=0.0)
    paid = payments(scenario, priced, shares, sold, costs, pre_tax_rates(scenario, plants), notes)
    unpriced = paid.loc[paid["basis"] == "none", list(STREAM)].drop_duplicates().sort_values(list(STREAM))
    if len(unpriced):
        names = [
            f"{good} from {source}" if source else good for good, source in unpriced.itertuples(index=False)
        ]
        notes.append(f"no market or shadow price for {', '.join(names)}: passed between plants at 0 RUB/t")
    received = shares.merge(paid.drop(columns=PLANT), on=stream)
    received["receipts_rub"] = received["purchases_rub"] * received["share"]
    made_somewhere = pd.MultiIndex.from_frame(producers[stream])
    orphan = ~pd.MultiIndex.from_frame(sales[stream]).isin(made_somewhere)
    lost = float(sales.loc[orphan, "revenue_rub"].sum())
    if lost > 0:
        notes.append(f"{lost:,.0f} RUB/yr of sales have no producing plant in the plan and are not allocated")
    by = [*at, "good", "basis", *INDEX]
    return Trade(
        sales=declared(
            TRADE_SALES, sold.groupby([*at, "market", "good"], as_index=False)[["tonnes", "sales_rub"]].sum()
        ),
        receipts=declared(TRADE_RECEIPTS, received.groupby(by, as_index=False)["receipts_rub"].sum()),
        purchases=declared(TRADE_PURCHASES, paid.groupby(by, as_index=False)["purchases_rub"].sum()),
        transport=declared(TRADE_TRANSPORT, transport),
    )


def transfer_prices(trade: Trade, used: pd.DataFrame) -> pd.DataFrame:
    """RUB per tonne each plant pays for each good per period, and the basis: the trade's
    purchases over the ``tonnes`` in ``used`` (process, location, good, period)."""
    keys = [*PLANT, "good", "period"]
    paid = trade.purchases.groupby([*keys, "basis"], as_index=False)["purchases_rub"].sum()
    tonnes = used.groupby(keys, as_index=False)["tonnes"].sum()
    frame = paid.merge(tonnes, on=keys, how="left")
    frame["price_rub_per_t"] = frame["purchases_rub"] / frame["tonnes"].where(frame["tonnes"] > 0)
    return frame[[*keys, "basis", "tonnes", "price_rub_per_t"]]


def _trade(trade: Trade) -> pd.DataFrame:
    """Per plant and period: sales, receipts and payments for intermediates, transport."""
    keys = [*PLANT, "period"]
    parts = [
        trade.sales.groupby(keys)["sales_rub"].sum(),
        trade.receipts.groupby(keys)["receipts_rub"].sum(),
        trade.transport.groupby(keys)["transport_rub"].sum(),
        trade.purchases.groupby(keys)["purchases_rub"].sum(),
    ]
    return pd.concat(parts, axis=1).fillna(0.0).reset_index()


def mineral_value(yearly: pd.DataFrame, plants: pd.DataFrame) -> np.ndarray:
    """Value of the extracted mineral, charged to the mining plants of each deposit.

    The mineral is valued as the first product that leaves the deposit (Tax Code
    art. 337: concentrate made by the licensed process counts as extracted): the
    revenue of all plants at the deposit less what they pay one another.
    """
    info = plants.loc[pd.MultiIndex.from_frame(yearly[PLANT])]
    at_deposit = info["location_kind"].to_numpy() == "deposit"
    mining = info["mining"].to_numpy(dtype=bool)
    frame = yearly.copy()
    frame["net"] = np.where(
        at_deposit, frame["sales_rub"] + frame["receipts_rub"] - frame["purchases_rub"], 0.0
    )
    frame["mining_revenue"] = np.where(mining, frame["sales_rub"] + frame["receipts_rub"], 0.0)
    frame["mines"] = np.where(mining, 1.0, 0.0)
    totals = frame.groupby(["location", "year"])[["net", "mining_revenue", "mines"]].transform("sum")
    # several mines at one deposit share its value by their revenue (or equally without any)
    share = np.where(
        totals["mining_revenue"] > 0,
        frame["mining_revenue"] / totals["mining_revenue"].where(totals["mining_revenue"] > 0, 1.0),
        frame["mines"] / totals["mines"].clip(lower=1.0),
    )
    return np.where(mining, totals["net"].clip(lower=0.0) * share, 0.0)


def _staff(chain: Chain, plan: Plan, plants: pd.DataFrame, calendar: pd.DataFrame) -> pd.DataFrame:
    units = plan.capacity.groupby([*PLANT, "period"], as_index=False)["units"].sum()
    units = _of_plants(units, plants.index).merge(chain.staff, on=PLANT)
    units["staff"] = units["units"] * units["staff"] + (units["units"] > 0) * units["per_plant"]
    units["region"] = plants["region"].reindex(pd.MultiIndex.from_frame(units[PLANT])).to_numpy()
    yearly = calendar.merge(units, on="period")
    return yearly[[*PLANT, "region", "skill", "year", "staff"]].reset_index(drop=True)


def _infrastructure(scenario: Scenario, chain: Chain, plan: Plan) -> pd.DataFrame:
    """Outlays outside the plants: candidate links, power bought for sites, moving people.

    Each is placed in a region: a link in its start node's, power in its site's, people
    in the region they move to ("" when the scenario does not say).
    """
    rows: list[tuple[int, str, str, float]] = []
    opened = plan.links[plan.links["open"] > 0.5].groupby("link")["period"].min()
    links = chain.arcs.groupby("link")[["build_cost", "from_node"]].first()
    node_region = {n.id: n.region or "" for n in scenario.nodes}
    for link, period in opened.items():
        if link in links.index:
            start = str(links.at[link, "from_node"])
            rows.append(
                (int(period), "links", node_region.get(start, ""), float(links.at[link, "build_cost"]))
            )
    power = plan.power.assign(region=plan.power["site"].map(chain.sites["region"]).fillna(""))
    rows += _increments(power, ["site", "region"], "bought_mw", chain.sites["expansion_cost"], "power")
    migration = chain.labour.set_index(["region", "skill"])["migration_cost"].fillna(0.0)
    staff = plan.staff.assign(key=list(zip(plan.staff["region"], plan.staff["skill"], strict=True)))
    rows += _increments(staff, ["key", "region"], "migrants", migration, "migration")
    frame = pd.DataFrame(rows, columns=["year", "item", "region", "capex_rub"])
    frame = frame[frame["capex_rub"] > 0]
    return frame.groupby(["year", "item", "region"], as_index=False)["capex_rub"].sum()


def _increments(
    frame: pd.DataFrame, keys: list[str], stock: str, price: pd.Series, item: str
) -> list[tuple[int, str, str, float]]:
    """Cost of each rise of a stock (MW, people) in the period it rises, at ``price`` per
    unit of the first key; the second key is the region."""
    rows = []
    for (name, region), group in frame.sort_values("period").groupby(keys):
        levels = group[stock].to_numpy(dtype=float)
        rises = np.diff(np.concatenate([[0.0], levels])).clip(min=0.0)
        unit_price = float(price.get(name, 0.0))
        rows += [
            (int(p), item, str(region), float(r) * unit_price)
            for p, r in zip(group["period"], rises, strict=True)
            if r > 0
        ]
    return rows
