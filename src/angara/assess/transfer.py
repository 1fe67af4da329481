"""Transfer prices: what a plant of the cluster pays another for an intermediate.

``assessment.transfer_price`` chooses the basis (docs/assessment.md):

- ``market``: the mean of the good's market prices that year where it has any, else the
  plan's shadow price of the stream at the buyer's node;
- ``shadow``: always the plan's shadow price;
- ``netback`` (the default): the market price where the cluster also sells the stream
  outside that period at a market not filled to its cap (an internal comparable,
  :func:`internal_comparables`), else the
  **netback**: what the buyer earns from everything it makes (its sales, and what
  plants further down pay it) less its own costs: operating costs, transport of what it
  makes, land tax, sustaining capital, a capital charge (the levelized annuity repaying
  its new modules' CAPEX and the property tax on them at the pre-tax cost of capital,
  :func:`capital_charge`) and the cost of carrying its working capital.  So each stage
  downstream earns its costs and its cost of capital, and the value left flows back up
  the chain to the deposit; each plant's NPV shows its share.

A netback moves with the prices of the products it is netted back from: each payment is
split by the price it follows (``index_good``, ``index_market``: a sale of a good at a
market; a good's market transfer price when ``index_market`` is empty; nothing when
both are empty, the fixed part), so that the risk analysis moves every part with its own
price (:mod:`angara.assess.money.accounts`).  Money in RUB of the base year per year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter

import numpy as np
import pandas as pd

from angara.assess.capital import levelized_charges
from angara.assess.taxes import TaxRules
from angara.chain import SLOT, STREAM, Chain
from angara.plan.result import Plan
from angara.scenario.model import Scenario

PLANT = list(SLOT)
DAYS_PER_YEAR = 365.0
INDEX = ["index_good", "index_market"]  # the price a payment follows; both empty: none
Tag = tuple[str, str]
FIXED: Tag = ("", "")
Amounts = dict[Tag, float]
# a plant's own costs per year that a netback deducts (columns of the per-period frame)
OWN_COSTS = (
    "opex_rub",
    "electricity_rub",
    "gas_rub",
    "reagents_rub",
    "fixed_opex_rub",
    "wages_rub",
    "insurance_rub",
)


def reference_prices(chain: Chain, plan: Plan, used: pd.DataFrame) -> pd.DataFrame:
    """Each row of ``used`` (a buyer's ``good``, ``source``, ``node``, ``period``) with the
    good's ``market`` price that year (mean over its markets; NaN without one) and the
    plan's ``shadow`` price at the node (RUB/t)."""
    at = [*STREAM, "node", "period"]
    market = chain.prices.groupby([*STREAM, "year"], as_index=False)["price"].mean()
    market = market.rename(columns={"year": "period", "price": "market"})
    shadow = plan.shadow_prices.rename(columns={"value_rub_per_t": "shadow"})[[*at, "shadow"]]
    return used.merge(market, on=[*STREAM, "period"], how="left").merge(shadow, on=at, how="left")


def internal_comparables(
    priced: pd.DataFrame, sales: pd.DataFrame, caps: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``priced`` (:func:`reference_prices`) with its ``market`` price kept only where the
    cluster also sells the stream (good, source) outside in that period (``sales``:
    ``good``, ``source``, ``market``, ``period``, ``tonnes``, ``revenue_rub``) at a market
    that would take more: the internal comparable of a netback.  A stream the plan never
    sells passes at its netback, since a price the cluster does not trade at (often an
    estimated payability for a concentrate without an open market) says little about what
    the stream is worth to the chain; nor does the price of a market the cluster fills to
    its cap (``caps``: ``market``, ``good``, ``period``, ``max_quantity`` t/yr, NaN
    uncapped), since the tonnes delivered inside could not have been sold there."""
    traded = sales[sales["revenue_rub"] > 0]
    if caps is not None and len(traded):
        filled = traded.groupby(["market", "good", "period"], as_index=False)["tonnes"].sum()
        filled = filled.merge(caps, on=["market", "good", "period"], how="left")
        room = filled["max_quantity"].isna() | (filled["tonnes"] < filled["max_quantity"] * (1.0 - 1e-6))
        open_markets = filled.loc[room, ["market", "good", "period"]]
        traded = traded.merge(open_markets, on=["market", "good", "period"])
    traded = traded[[*STREAM, "period"]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(priced[[*STREAM, "period"]])
    comparable = keys.isin(pd.MultiIndex.from_frame(traded))
    return priced.assign(market=priced["market"].where(comparable))


def pre_tax_rates(scenario: Scenario, plants: pd.DataFrame) -> pd.Series:
    """The pre-tax cost of capital of each plant (indexed like ``plants``, with ``region``):
    the discount rate / (1 − the region's general profit tax rate), which leaves the plant
    the discount rate after profit tax."""
    rules = TaxRules(scenario)
    rate = scenario.meta.discount_rate
    taxed = plants["region"].astype(str).map(lambda region: rules.base_rate("profit", region).rate)
    return rate / (1.0 - taxed.clip(upper=0.99))


def capital_charge(
    scenario: Scenario,
    plants: pd.DataFrame,
    vintages: pd.DataFrame,
    lead_times: pd.Series,
    calendar: pd.DataFrame,
) -> pd.Series:
    """RUB per year that a plant's new modules must earn to repay their CAPEX with the
    property tax on them at the pre-tax cost of capital (:func:`pre_tax_rates`,
    :func:`angara.assess.capital.levelized_charges`), per (process, location, period): the
    mean over the period's years (``calendar``: year, period)."""
    rules = TaxRules(scenario)
    held = plants["region"].astype(str).map(lambda region: rules.base_rate("property", region).rate)
    years = tuple(int(year) for year in calendar["year"])
    charges = levelized_charges(vintages, plants, lead_times, years, pre_tax_rates(scenario, plants), held)
    per_year = calendar.merge(charges, on="year")
    spans = calendar.groupby("period")["year"].count()
    total = per_year.groupby([*PLANT, "period"])["charge_rub"].sum()
    return total / spans.reindex(total.index.get_level_values("period")).to_numpy()


@dataclass(frozen=True)
class _Carry:
    """What carrying working capital costs a plant: its pre-tax ``rates`` on receivables
    (``receivable`` years of revenue) and inventories less payables (``stock`` years of costs)."""

    rates: pd.Series
    receivable: float
    stock: float


def payments(
    scenario: Scenario,
    priced: pd.DataFrame,
    shares: pd.DataFrame,
    sold: pd.DataFrame,
    costs: pd.Series,
    rates: pd.Series,
    notes: list[str],
) -> pd.DataFrame:
    """What each buyer pays for each stream it uses, split by the price each part follows.

    ``priced``: per buyer plant, stream and period, the ``tonnes`` used with the reference
    ``market`` and ``shadow`` prices (:func:`reference_prices`); ``shares``: each
    producer's ``share`` of a stream per period; ``sold``: each plant's ``sales_rub`` per
    period, ``market`` and ``good``; ``costs``: each plant's own costs per year, transport
    and capital charge included, by (process, location, period); ``rates``: each plant's
    pre-tax cost of capital (:func:`pre_tax_rates`), at which it carries its working
    capital (``assessment`` receivable, inventory and payable days).  Returns rows of the buyer,
    ``period``, ``good``, ``source``, ``basis`` (market, shadow, netback or none),
    ``index_good``, ``index_market`` and ``purchases_rub``.
    """
    settings = scenario.meta.assessment
    if settings.transfer_price == "shadow":
        priced = priced.assign(market=np.nan)  # the plan's shadow price even where a market has one
    stock = (settings.inventory_days - settings.payable_days) / DAYS_PER_YEAR
    carry = _Carry(rates, settings.receivable_days / DAYS_PER_YEAR, stock)
    netback = carry if settings.transfer_price == "netback" else None
    rows: list[dict[str, object]] = []
    for period, used in priced.groupby("period", sort=True):
        made = shares[shares["period"] == period]
        sales = sold[sold["period"] == period]
        rows += _payments_in(int(str(period)), used, made, sales, costs, netback, notes)
    columns = [*PLANT, "period", *STREAM, "basis", *INDEX, "purchases_rub"]
    return pd.DataFrame(rows, columns=columns)


def _payments_in(
    period: int,
    used: pd.DataFrame,
    made: pd.DataFrame,
    sales: pd.DataFrame,
    costs: pd.Series,
    netback: _Carry | None,
    notes: list[str],
) -> list[dict[str, object]]:
    """The payments of one period (see :func:`payments`); ``netback``: how to carry
    working capital where the netback sets the price (None: no netback)."""
    paid: dict[int, Amounts] = {}  # by position in ``used``
    pending: list[int] = []
    for i, row in enumerate(used.itertuples(index=False)):
        if not np.isnan(row.market):
            paid[i] = {(str(row.good), ""): float(row.tonnes) * float(row.market)}
        elif netback:
            pending.append(i)
        elif not np.isnan(row.shadow):
            paid[i] = {FIXED: float(row.tonnes) * float(row.shadow)}
        else:
            paid[i] = {}
    looped = _netback(period, used, made, sales, costs, netback, pending, paid) if netback and pending else []
    if looped:
        notes.append(
            f"netback prices of {period} form a loop between plants ({', '.join(looped)}): "
            "their streams are passed at the plan's shadow price"
        )
    rows = []
    for i, row in enumerate(used.itertuples(index=False)):
        if not np.isnan(row.market):
            kind = "market"
        elif i in pending and not looped:
            kind = "netback"
        else:
            kind = "shadow" if not np.isnan(row.shadow) else "none"
        amounts = paid.get(i) or {FIXED: 0.0}
        for (good, market), amount in sorted(amounts.items()):
            rows.append(
                {
                    "process": row.process,
                    "location": row.location,
                    "period": period,
                    "good": row.good,
                    "source": row.source,
                    "basis": kind,
                    "index_good": good,
                    "index_market": market,
                    "purchases_rub": amount,
                }
            )
    return rows


def _netback(
    period: int,
    used: pd.DataFrame,
    made: pd.DataFrame,
    sales: pd.DataFrame,
    costs: pd.Series,
    carry: _Carry,
    pending: list[int],
    paid: dict[int, Amounts],
) -> list[str]:
    """Fill ``paid`` for the ``pending`` rows of ``used`` with netbacks, downstream first.

    A buyer's netback N leaves it its own costs C (market-priced inputs included) and the
    cost of carrying its working capital at its pre-tax rate r: with receivables a share
    ``a`` of its value V and inventories less payables a share ``b`` of its costs,
    ``V − N − C − r (a V + b (N + C)) = 0``, so ``N = V (1 − r a) / (1 + r b) − C``.
    Returns the plants of a loop, whose rows fall back to the shadow price (none if no loop).
    """
    buyer = [(str(p), str(loc)) for p, loc in zip(used["process"], used["location"], strict=True)]
    stream = [(str(g), str(s)) for g, s in zip(used["good"], used["source"], strict=True)]
    makers: dict[tuple[str, str], list[tuple[tuple[str, str], float]]] = defaultdict(list)
    for row in made.itertuples(index=False):
        makers[(str(row.good), str(row.source))].append(((str(row.process), str(row.location)), row.share))
    graph: dict[Hashable, set[Hashable]] = defaultdict(set)
    for i in pending:
        for producer, _ in makers[stream[i]]:
            graph[producer].add(buyer[i])  # a producer's value needs its buyers' netbacks first
    for i in pending:
        graph.setdefault(buyer[i], set())
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        loop = [f"{process} at {location}" for process, location in error.args[1]]
        for i in pending:
            shadow = float(used["shadow"].iloc[i])
            paid[i] = {FIXED: float(used["tonnes"].iloc[i]) * (0.0 if np.isnan(shadow) else shadow)}
        return sorted(set(loop))
    rows_of: dict[Hashable, list[int]] = defaultdict(list)
    for i in pending:
        rows_of[buyer[i]].append(i)
    bought: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(len(used)):
        bought[stream[i]].append(i)
    for plant in order:
        own = rows_of.get(plant)
        if not own:
            continue
        rate = float(carry.rates.get(plant, 0.0))
        kept = (1.0 - rate * carry.receivable) / (1.0 + rate * carry.stock)
        left = {tag: amount * kept for tag, amount in _value(plant, sales, makers, bought, paid).items()}
        left[FIXED] = left.get(FIXED, 0.0) - float(costs.get((*plant, period), 0.0))  # type: ignore[misc]
        for i in range(len(used)):
            if buyer[i] == plant and i not in own:
                for tag, amount in paid.get(i, {}).items():
                    left[tag] = left.get(tag, 0.0) - amount
        total = sum(left.values())
        weights = _weights(used, own)
        for i, weight in zip(own, weights, strict=True):
            paid[i] = {tag: weight * amount for tag, amount in left.items()} if total > 0 else {}
    return []


def _value(
    plant: Hashable,
    sales: pd.DataFrame,
    makers: Mapping[tuple[str, str], list[tuple[tuple[str, str], float]]],
    bought: Mapping[tuple[str, str], list[int]],
    paid: Mapping[int, Amounts],
) -> Amounts:
    """What ``plant`` earns in the period: its sales and its share of what buyers pay for
    each stream it makes, by the price each part follows."""
    value: Amounts = defaultdict(float)
    for row in sales.itertuples(index=False):
        if (str(row.process), str(row.location)) == plant:
            value[(str(row.good), str(row.market))] += float(row.sales_rub)
    for key, producers in makers.items():
        share = sum(s for producer, s in producers if producer == plant)
        if share <= 0:
            continue
        for i in bought.get(key, []):
            for tag, amount in paid.get(i, {}).items():
                value[tag] += share * amount
    return dict(value)


def _weights(used: pd.DataFrame, rows: list[int]) -> np.ndarray:
    """How a buyer splits its netback between its inputs ``rows``: by their value at the
    plan's shadow prices where the plan prices every one, else by tonnes."""
    tonnes = used["tonnes"].iloc[rows].to_numpy(dtype=float)
    shadow = used["shadow"].iloc[rows].to_numpy(dtype=float)
    value = tonnes * shadow
    weights: np.ndarray = np.full(len(rows), 1.0 / len(rows))
    if np.all(np.isfinite(value)) and value.sum() > 0:
        weights = value / value.sum()
    elif tonnes.sum() > 0:
        weights = tonnes / tonnes.sum()
    return weights
