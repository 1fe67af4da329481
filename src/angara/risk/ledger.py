"""A fixed plan's accounts grouped by what moves their prices, and its jobs per RUB.

The Monte Carlo moves prices by *series*: a price factor (or none) and whether the
market prices in USD (then the exchange rate moves it too).  :func:`build_ledger` builds
the plan's accounts (:mod:`angara.assess.money`) with sales, payments between plants and
the value of extracted mineral split by series, so that the money engine prices them
with each sample's multipliers; at multipliers of 1 they are the assessment's (tested).
Jobs are not money: the ledger also holds the plan's direct staff at full operation and
the indirect, induced and construction jobs per RUB that :mod:`angara.risk.evaluate`
applies to each sample's sales and CAPEX.

Arrays: ``P`` plants, ``T`` years, ``E`` series.  Money in RUB of the base year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.assess.inputoutput import HouseholdClosure, effects
from angara.assess.io_table import read_table
from angara.assess.jobs import table_product
from angara.assess.money import Accounts, PriceSeries, build_accounts
from angara.assess.operations import Operations, operations, year_periods
from angara.chain import expand
from angara.plan.result import Plan
from angara.risk.prices import FactorModel, exposure
from angara.scenario.model import Scenario

NONE = -1  # series without a price factor
KINDS = ("indirect", "induced", "direct")
Series = tuple[int, bool]  # (factor index or NONE, priced in USD)


@dataclass(frozen=True)
class Ledger:
    """A fixed plan as the Monte Carlo moves it (see the module docstring)."""

    accounts: Accounts  # with one price series per entry of ``series``
    series: tuple[Series, ...]
    direct_jobs: float  # at full operation
    reference: int  # index of the year of full operation
    indirect_per_rub: np.ndarray  # (P,) indirect jobs per RUB of external sales
    induced_per_rub: np.ndarray  # (P,) induced jobs per RUB of external sales
    own_per_rub: np.ndarray  # (P,) jobs already direct per RUB delivered to other plants
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
    of each good passed between plants at market price."""
    usd = {m.id: m.currency == "USD" for m in scenario.markets}
    # a good priced by its contents moves with its factor too, whatever stream is sold
    priced = {(p.good, p.market) for p in scenario.prices} | {(t.good, t.market) for t in scenario.payability}
    by_price: dict[tuple[str, str], Series] = {}
    for good, market in priced:
        factor = exposure(scenario, model, good, market)
        by_price[(good, market)] = (NONE if factor is None else factor, usd.get(market, False))
    by_good: dict[str, Series] = {}
    for (good, _), series in sorted(by_price.items()):
        # a transfer at market price is the mean over markets: take the first market's series
        by_good.setdefault(good, series)
    fixed: Series = (NONE, False)
    keys = tuple(sorted(set(by_price.values()) | set(by_good.values()) | {fixed}))
    return keys, PriceSeries(keys=keys, sales=by_price, transfers=by_good, fixed=fixed)


def build_ledger(scenario: Scenario, plan: Plan, ops: Operations | None = None) -> Ledger:
    """The ledger of ``plan`` under ``scenario`` (``ops``: the plan's operations, computed
    when not given)."""
    ops = ops or operations(scenario, expand(scenario), plan)
    keys, series = price_series(FactorModel.from_scenario(scenario), scenario)
    accounts = build_accounts(scenario, ops, series, year_periods(plan))
    years = list(accounts.years)
    indirect, induced, own, building = _jobs_per_rub(scenario, ops)
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
        indirect_per_rub=indirect,
        induced_per_rub=induced,
        own_per_rub=own,
        building_per_rub=building,
        infrastructure_jobs=building * float(built["capex_rub"].sum()),
    )


def price_multipliers(ledger: Ledger, paths: np.ndarray, first_index: int, fx: int | None) -> np.ndarray:
    """(N, T, E) multipliers from log factor paths (N, years, K); the ledger's first year
    is ``paths[:, first_index]``."""
    window = paths[:, first_index : first_index + len(ledger.years), :]
    logs = np.zeros((paths.shape[0], len(ledger.years), len(ledger.series)))
    for e, (factor, usd) in enumerate(ledger.series):
        if factor != NONE:
            logs[:, :, e] += window[:, :, factor]
        if usd and fx is not None:
            logs[:, :, e] += window[:, :, fx]
    result: np.ndarray = np.exp(logs)
    return result


def _jobs_per_rub(scenario: Scenario, ops: Operations) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Jobs per RUB of each plant's product, and per RUB of CAPEX while building (see
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

    products = ops.plants["io_product"].to_numpy()
    indirect, induced, own = (np.zeros(len(products)) for _ in range(3))
    for i, code in enumerate(products):
        product = table_product(table, str(code or ""))
        if product is not None:
            indirect[i], induced[i], own[i] = (value / per_job for value in per_rub(product))
    works = table_product(table, settings.construction_product)
    equipment = table_product(table, settings.equipment_product)
    building = 0.0
    if works is not None and equipment is not None:
        share = settings.construction_share
        w, e = per_rub(works), per_rub(equipment)
        building = (share * (w[0] + w[1]) + (1 - share) * (e[0] + e[1] + e[2])) / per_job
    return indirect, induced, own, building
