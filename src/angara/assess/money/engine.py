"""The money engine: a plan's statements, taxes and NPV under drivers, many samples at once.

The one place where revenue, operating cost, the taxes (property, land, mineral
extraction, profit with losses carried forward, personal income), depreciation and
residual value, free cash flow, discounting and NPV, and the split of each tax between
the budget levels are computed.  The rates in force were looked up once, in the
:class:`~angara.assess.money.accounts.Accounts`.  Arrays are (samples N, plants P,
years T): the assessment is one sample of drivers as planned, the Monte Carlo and the
tornado many.  The one Python loop runs over years, because losses carried forward make
each year's profit tax depend on the years before.

Money is RUB of the scenario's base year; NPV is discounted to ``Accounts.first_year``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.assess.money.accounts import Accounts


@dataclass(frozen=True)
class Drivers:
    """What moves, per sample N: price multipliers (N, T, E) per year and price series,
    ratios of actual to planned CAPEX (N, P), electricity and transport tariff ratios
    (N,), and the real discount rate of every sample (None: the scenario's).

    Physical risks (None: as planned): ``output`` (N, P, T), the share of its planned
    output a plant makes, scales its sales, receipts and extracted mineral; ``throughput``
    (N, P, T), the share of its planned feed it processes, scales its purchases from
    other plants and its costs per tonne (:data:`~angara.assess.money.accounts.VARIABLE_COSTS`,
    electricity, transport).
    """

    prices: np.ndarray
    capex: np.ndarray
    electricity: np.ndarray
    transport: np.ndarray
    discount_rate: float | None = None
    output: np.ndarray | None = None
    throughput: np.ndarray | None = None

    @classmethod
    def planned(cls, accounts: Accounts, samples: int = 1) -> Drivers:
        """Everything as planned, ``samples`` times."""
        return cls(
            prices=np.ones((samples, len(accounts.years), len(accounts.series))),
            capex=np.ones((samples, len(accounts.plants))),
            electricity=np.ones(samples),
            transport=np.ones(samples),
        )


@dataclass(frozen=True)
class Statements:
    """Every item of the plants' statements per sample, plant and year (N, P, T), in RUB.

    Items that no driver moves (land and personal income tax) have one sample (1, P, T)
    and broadcast.  ``discount`` (T,) turns RUB of each year into RUB of the first year;
    ``plant_npv`` (N, P) is each plant's NPV as its own company, ``npv`` (N,) the
    cluster's: its plants' less the infrastructure's outlays.
    """

    accounts: Accounts
    drivers: Drivers
    sales: np.ndarray
    receipts: np.ndarray
    purchases: np.ndarray
    revenue: np.ndarray  # sales and receipts
    operating: np.ndarray  # operating costs other than purchases from other plants
    property_tax: np.ndarray
    land_tax: np.ndarray  # (1, P, T)
    extraction_tax: np.ndarray
    profit_tax: np.ndarray
    income_tax: np.ndarray  # (1, P, T) withheld from wages: budget revenue, not a plant's cost
    depreciation: np.ndarray
    profit_before_tax: np.ndarray
    free_cash_flow: np.ndarray
    discount: np.ndarray
    plant_npv: np.ndarray
    npv: np.ndarray

    @property
    def operating_cost(self) -> np.ndarray:
        """Purchases from other plants and every other operating cost."""
        total: np.ndarray = self.purchases + self.operating
        return total

    @property
    def electricity(self) -> np.ndarray:
        """Electricity at the sampled tariff."""
        return _per_sample(self.accounts.electricity, self.drivers.electricity)

    @property
    def transport(self) -> np.ndarray:
        """Transport of what the plant makes, at the sampled tariffs."""
        return _per_sample(self.accounts.transport, self.drivers.transport)

    @property
    def capex(self) -> np.ndarray:
        """CAPEX paid, at the sampled overruns."""
        result: np.ndarray = self.accounts.capex * self.drivers.capex[:, :, None]
        return result

    @property
    def residual_value(self) -> np.ndarray:
        """Book value left at the horizon's end, counted in the last year."""
        result: np.ndarray = residual(self.accounts.book_end) * self.drivers.capex[:, :, None]
        return result

    @property
    def infrastructure_npv(self) -> float:
        """NPV of the outlays outside the plants (negative)."""
        return -float(self.accounts.infrastructure @ self.discount)

    def taxes(self) -> tuple[np.ndarray, ...]:
        """Each tax's amount, in the order of :data:`~angara.assess.money.accounts.TAXES`."""
        return (self.profit_tax, self.property_tax, self.land_tax, self.extraction_tax, self.income_tax)

    def by_level(self, per_plant_year: bool = False) -> np.ndarray:
        """Each tax divided between the budget levels: (N, K, L) over the horizon, or
        (N, P, T, K, L) with ``per_plant_year``."""
        parts = np.broadcast_arrays(
            *(
                split(amount, shares, per_plant_year)
                for amount, shares in zip(self.taxes(), self.accounts.shares, strict=True)
            )
        )
        return np.stack(parts, axis=-2)

    def discounted(self, flows: np.ndarray) -> np.ndarray:
        """``flows`` (…, T) in RUB of each year as RUB of the first year."""
        result: np.ndarray = flows * self.discount
        return result


def evaluate(accounts: Accounts, drivers: Drivers) -> Statements:
    """The statements of ``accounts``' plan for every sample of ``drivers``."""
    sales, receipts, purchases, mineral = _priced(accounts, drivers.prices)
    made = 1.0 if drivers.output is None else drivers.output
    fed = 1.0 if drivers.throughput is None else drivers.throughput
    sales, receipts, mineral, purchases = sales * made, receipts * made, mineral * made, purchases * fed
    ratio = drivers.capex[:, :, None]
    profit_rate, property_rate, land_rate, extraction_rate, income_rate = accounts.rates
    extraction = extraction_tax(mineral, extraction_rate)
    held = property_tax(accounts.book_start, accounts.book_end, property_rate) * ratio
    land = land_tax(accounts.land_value, land_rate)
    operating = (
        accounts.fixed_costs
        + (fed - 1.0) * accounts.variable_costs
        + _per_sample(accounts.electricity, drivers.electricity) * fed
        + _per_sample(accounts.transport, drivers.transport) * fed
    )
    revenue = sales + receipts
    cash = revenue - purchases - operating - land - extraction - held
    depreciation = accounts.depreciation * ratio
    before_tax = cash - depreciation
    profit, _ = profit_tax(before_tax, profit_rate)
    free = cash - profit - (accounts.capex - residual(accounts.book_end)) * ratio
    rate = accounts.discount_rate if drivers.discount_rate is None else drivers.discount_rate
    discount = discount_factors(rate, accounts.first_year, accounts.years)
    plant_npv = free @ discount
    return Statements(
        accounts=accounts,
        drivers=drivers,
        sales=sales,
        receipts=receipts,
        purchases=purchases,
        revenue=revenue,
        operating=operating,
        property_tax=held,
        land_tax=land[None],
        extraction_tax=extraction,
        profit_tax=profit,
        income_tax=income_tax(accounts.costs["wages_rub"], income_rate)[None],
        depreciation=depreciation,
        profit_before_tax=before_tax,
        free_cash_flow=free,
        discount=discount,
        plant_npv=plant_npv,
        npv=plant_npv.sum(axis=1) - accounts.infrastructure @ discount,
    )


def _priced(accounts: Accounts, prices: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sales, receipts, purchases and mineral value (N, P, T) at price multipliers (N, T, E).

    One batched matrix product per year, (N, E) @ (E, 4P): BLAS does the work.
    """
    stacked = np.concatenate([accounts.sales, accounts.receipts, accounts.purchases, accounts.mineral])
    by_year = np.matmul(prices.transpose(1, 0, 2), stacked.transpose(1, 2, 0))  # (T, N, 4P)
    plants = len(accounts.plants)
    parts = by_year.reshape(by_year.shape[0], by_year.shape[1], 4, plants).transpose(2, 1, 3, 0)
    return tuple(np.ascontiguousarray(part) for part in parts)


def _per_sample(planned: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """A (P, T) amount at each sample's ratio (N,): (N, P, T)."""
    result: np.ndarray = planned * ratio[:, None, None]
    return result


def property_tax(book_start: np.ndarray, book_end: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Tax on the average book value of the fixed assets over the year (RUB)."""
    result: np.ndarray = 0.5 * (book_start + book_end) * rate
    return result


def land_tax(land_value: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Tax on the cadastral value of the land a plant occupies (RUB)."""
    result: np.ndarray = land_value * rate
    return result


def extraction_tax(mineral_value: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Mineral extraction tax on the value of the extracted mineral (RUB).

    A deposit whose products fetch less than its inputs cost yields no value, not a refund.
    """
    result: np.ndarray = rate * np.clip(mineral_value, 0.0, None)
    return result


def income_tax(wages: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Personal income tax withheld from wages (RUB); paid by employees, not a plant's cost."""
    result: np.ndarray = wages * rate
    return result


def profit_tax(profit_before_tax: np.ndarray, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Profit tax with losses carried forward without limit, over the last axis (years).

    ``profit_before_tax`` (…, T) in RUB, ``rates`` broadcasting to it.  Returns the tax
    and the loss still to carry at each year's end (RUB).  A year's loss reduces the
    taxable profit of later years until used up (Tax Code art. 283; its 50 % cap on the
    offset in 2017-2030 is not modelled).
    """
    rates = np.broadcast_to(rates, profit_before_tax.shape)
    tax = np.zeros_like(profit_before_tax)
    carried = np.zeros_like(profit_before_tax)
    pool = np.zeros(profit_before_tax.shape[:-1])
    for t in range(profit_before_tax.shape[-1]):
        earned = profit_before_tax[..., t]
        offset = np.minimum(pool, np.clip(earned, 0.0, None))
        tax[..., t] = np.clip(earned - offset, 0.0, None) * rates[..., t]
        pool = pool - offset + np.clip(-earned, 0.0, None)
        carried[..., t] = pool
    return tax, carried


def residual(book_end: np.ndarray) -> np.ndarray:
    """The book value left at the horizon's end (P, T): counted in the last year only, as the
    plan's annuitized objective implies."""
    result = np.zeros_like(book_end)
    result[..., -1:] = book_end[..., -1:]
    return result


def discount_factors(rate: float, first_year: int, years: tuple[int, ...]) -> np.ndarray:
    """``(1 + rate) ** -(year - first_year)`` per year (T,): RUB of a year in RUB of the first."""
    result: np.ndarray = (1.0 + rate) ** -(np.array(years, dtype=float) - first_year)
    return result


def split(amount: np.ndarray, shares: np.ndarray, per_plant_year: bool = False) -> np.ndarray:
    """A tax's ``amount`` (N, P, T) divided between the budget levels by ``shares`` (P, T, L):
    (N, L) summed over plants and years, or (N, P, T, L) with ``per_plant_year``."""
    result: np.ndarray = np.einsum(
        "npt,ptl->nptl" if per_plant_year else "npt,ptl->nl", amount, shares, optimize=True
    )
    return result
