"""A fixed plan's accounts grouped by what moves their prices, and its jobs per RUB.

The Monte Carlo moves prices by *series*: a price factor (or none), whether the
market prices in USD (then the exchange rate moves it too) and, for a sale at a market
that may close (:mod:`angara.risk.access`), the good and the market.  :func:`build_ledger` builds
the plan's accounts (:mod:`angara.assess.money`) with sales, payments between plants and
the value of extracted mineral split by series, so that the money engine prices them
with each sample's multipliers; at multipliers of 1 they are the assessment's (tested).
Jobs are not money: the ledger also holds the indirect, induced and construction jobs
per RUB that :mod:`angara.risk.evaluate` applies to each sample's real output valued at
the deck's prices (never the sample's), and who supplies whom for the physical risks
(:mod:`angara.risk.physical`).

Arrays: ``P`` plants, ``T`` years, ``E`` series.  Money in RUB of the base year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.assess.inputoutput import HouseholdClosure, SupplyChain, effects
from angara.assess.io_table import read_table
from angara.assess.jobs import table_product
from angara.assess.money import Accounts, PriceSeries, build_accounts
from angara.assess.operations import Operations, operations, year_periods
from angara.chain import expand
from angara.chain.network import price_paths
from angara.plan.result import Plan
from angara.risk.access import MarketRisk, market_risk
from angara.risk.physical import supplier_weights
from angara.risk.prices import FactorModel, currency_factor, exposure, joint_correction
from angara.scenario.model import Scenario
from angara.scenario.schema import contracted_sales

NONE = -1  # series without a price factor
KINDS = ("indirect", "induced", "direct")
Series = tuple[int, bool, str, str]  # (factor index or NONE, priced in USD, good, market): see price_series


@dataclass(frozen=True)
class Ledger:
    """A fixed plan as the Monte Carlo moves it (see the module docstring)."""

    accounts: Accounts  # with one price series per entry of ``series``
    series: tuple[Series, ...]
    direct_jobs: float  # at full operation
    reference: int  # index of the year of full operation
    suppliers: np.ndarray  # (P, P) share of a plant's purchases from each other plant
    recovering: np.ndarray  # (P,) whether the plant's process has design recoveries (recovery risk)
    markets: MarketRisk  # markets that may close and where their sales go
    products: np.ndarray  # (P, K) 1 where a plant's product is the table's product k
    supply_chain: SupplyChain  # the table's supply chains, to net deliveries between plants
    labour_cost_per_job: float  # RUB per job-year
    induced_per_rub: np.ndarray  # (P,) induced jobs per RUB of external sales
    building_per_rub: float  # supply-chain and induced jobs per RUB of CAPEX (construction phase)
    infrastructure_jobs: float  # those jobs from links and power lines built in the reference year

    @property
    def plants(self) -> tuple[tuple[str, str], ...]:
        """(process, location) of each plant."""
        return self.accounts.plants

    @property
    def years(self) -> tuple[int, ...]:
        return self.accounts.years


def price_series(model: FactorModel, scenario: Scenario) -> tuple[tuple[Series, ...], PriceSeries]:
    """Every series (the fixed one first), and the series of each (good, market) price and
    of each good passed between plants at market price.

    A sale at a market that may close (``market_access``) has a series of its own, named
    by its good and market, so that a closure can send it elsewhere; so has a sale an
    ``offtake`` support row buys at a fixed price (no factor moves it,
    :func:`angara.risk.prices.exposure`), so that no sensitivity moves it either; other
    series leave the good and market empty."""
    usd = {m.id: m.currency == "USD" for m in scenario.markets}
    closing = {row.market for row in scenario.market_access if row.closure_probability > 0}
    # a good priced by its contents moves with its factor too, whatever stream is sold
    priced = {(p.good, p.market) for p in scenario.prices} | {(t.good, t.market) for t in scenario.payability}
    contracted = contracted_sales(scenario.support)
    by_price: dict[tuple[str, str], Series] = {}
    by_good: dict[str, Series] = {}
    # a transfer follows a market's price, not an offtake's contract price (unless only that prices it)
    for good, market in sorted(priced, key=lambda pair: (pair in contracted, pair)):
        factor = exposure(scenario, model, good, market)
        common: Series = (NONE if factor is None else factor, usd.get(market, False), "", "")
        # a closing market's sale and a contracted one each have a series of their own
        own = market in closing or (good, market) in contracted
        by_price[(good, market)] = (*common[:2], good, market) if own else common
        # a transfer at market price is the mean over markets: take the first market's series
        by_good.setdefault(good, common)
    fixed: Series = (NONE, False, "", "")
    keys = tuple(sorted(set(by_price.values()) | set(by_good.values()) | {fixed}))
    return keys, PriceSeries(keys=keys, sales=by_price, transfers=by_good, fixed=fixed)


def build_ledger(scenario: Scenario, plan: Plan, ops: Operations | None = None) -> Ledger:
    """The ledger of ``plan`` under ``scenario`` (``ops``: the plan's operations, computed
    when not given)."""
    ops = ops or operations(scenario, expand(scenario), plan)
    keys, series = price_series(FactorModel.from_scenario(scenario), scenario)
    accounts = build_accounts(scenario, ops, series, year_periods(plan))
    position = {key: e for e, key in enumerate(series.keys)}
    sold = {pair: position[key] for pair, key in series.sales.items()}
    recovering = {row.process for row in scenario.recoveries}
    years = list(accounts.years)
    products, induced, building = _jobs_per_rub(scenario, ops)
    direct = ops.staff.groupby("year")["staff"].sum().reindex(years).fillna(0.0).to_numpy()
    reference = int(np.argmax(direct)) if direct.max() > 0 else len(years) - 1
    # moving people is not construction (as in angara.assess.jobs)
    outside = ops.infrastructure
    built = outside[(outside["item"] != "migration") & (outside["year"] == years[reference])]
    return Ledger(
        accounts=accounts,
        series=keys,
        direct_jobs=float(direct[reference]),
        reference=reference,
        suppliers=supplier_weights(accounts.plants, ops.trade),
        recovering=np.array([process in recovering for process, _ in accounts.plants], dtype=bool),
        markets=market_risk(scenario, price_paths(scenario), accounts.years, sold),
        products=products,
        supply_chain=SupplyChain.of(read_table()),
        labour_cost_per_job=scenario.meta.assessment.labour_cost_per_job,
        induced_per_rub=induced,
        building_per_rub=building,
        infrastructure_jobs=building * float(built["capex_rub"].sum()),
    )


def price_multipliers(ledger: Ledger, model: FactorModel, paths: np.ndarray, first_index: int) -> np.ndarray:
    """(N, T, E) multipliers from log factor paths (N, years, K) of ``model``; the ledger's
    first year is ``paths[:, first_index]``.  A series moved by a factor and the exchange
    rate keeps its mean on the deck (:func:`angara.risk.prices.joint_correction`)."""
    fx = currency_factor(model)
    years = len(ledger.years)
    window = paths[:, first_index : first_index + years, :]
    logs = np.zeros((paths.shape[0], years, len(ledger.series)))
    for e, (factor, usd, _, _) in enumerate(ledger.series):
        moving = [f for f in (factor if factor != NONE else None, fx if usd else None) if f is not None]
        for f in moving:
            logs[:, :, e] += window[:, :, f]
        if len(moving) > 1:
            logs[:, :, e] += joint_correction(model, moving, first_index + years)[first_index:]
    result: np.ndarray = np.exp(logs)
    return result


def _jobs_per_rub(scenario: Scenario, ops: Operations) -> tuple[np.ndarray, np.ndarray, float]:
    """Each plant's product in the input-output table (P, K), induced jobs per RUB of its
    product, and supply-chain and induced jobs per RUB of CAPEX while building (see
    :mod:`angara.assess.jobs`, whose arithmetic this repeats per RUB)."""
    settings = scenario.meta.assessment
    per_job = settings.labour_cost_per_job
    table = read_table()
    closure = HouseholdClosure(propensity_to_consume=settings.propensity_to_consume)
    cache: dict[str, tuple[float, float, float]] = {}

    def per_rub(product: str) -> tuple[float, float, float]:
        """Compensation per RUB of final demand: indirect, induced, direct."""
        if product not in cache:
            one = effects(table, {product: 1.0}, closure)
            indirect, induced, direct = (float(one[f"compensation_{k}"].sum()) for k in KINDS)
            cache[product] = (indirect, induced, direct)
        return cache[product]

    codes = ops.plants["io_product"].to_numpy()
    products = np.zeros((len(codes), table.size))
    induced = np.zeros(len(codes))
    for i, code in enumerate(codes):
        product = table_product(table, str(code or ""))
        if product is not None:
            products[i, table.position(product)] = 1.0
            induced[i] = per_rub(product)[1] / per_job
    works = table_product(table, settings.construction_product)
    equipment = table_product(table, settings.equipment_product)
    building = 0.0
    if works is not None and equipment is not None:
        share = settings.construction_share
        w, e = per_rub(works), per_rub(equipment)
        building = (share * (w[0] + w[1]) + (1 - share) * (e[0] + e[1] + e[2])) / per_job
    return products, induced, building
