"""The money engine: a plan's statements, taxes and NPV under drivers, many samples at once.

The one place where revenue, operating cost, the taxes (property on immovable property,
land, mineral extraction, profit with losses carried forward, personal income),
depreciation, sustaining capital, closure, working capital and residual value, free cash
flow, discounting and NPV, and the split of each tax between the budget levels are
computed.  The rates in force were looked up once, in the
:class:`~angara.assess.money.accounts.Accounts`.  Arrays are (samples N, plants P,
years T): the assessment is one sample of drivers as planned, the Monte Carlo and the
tornado many.  The one Python loop runs over years, because losses carried forward make
each year's profit tax depend on the years before.  Each plant is a taxpayer of its own;
``groups`` consolidates plants into one taxpayer each, whose members' losses offset the
others' profits (the consolidated view, :mod:`angara.assess.finance`).

Money is RUB of the scenario's base year; NPV is discounted to ``Accounts.first_year``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.assess.money.accounts import Accounts
from angara.assess.taxes import land_tax, property_tax


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
    cluster's: its plants' less the infrastructure's outlays.  ``losses_carried`` (N, T):
    losses carried forward at each year's end, summed over the taxpayers.
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
    sustaining: np.ndarray  # sustaining capital paid
    closure: np.ndarray  # closure cost, deducted from profit
    profit_before_tax: np.ndarray
    working_capital: np.ndarray  # at each year's end
    working_capital_change: np.ndarray  # cash tied up in the year
    residual_value: np.ndarray  # book value and working capital left, in the last year
    free_cash_flow: np.ndarray
    discount: np.ndarray
    plant_npv: np.ndarray
    npv: np.ndarray
    losses_carried: np.ndarray
    grants: np.ndarray  # (N, P, T) capital grants received
    grant_income: np.ndarray  # (N, P, T) grants recognised as taxable income
    loan_principal: np.ndarray  # (P, T) subsidised loans drawn less repaid
    loan_interest: np.ndarray  # (P, T) interest paid on them, deducted from profit
    tariff_discount: np.ndarray  # (N, P, T) electricity and rail cost the discounts save

    @property
    def operating_cost(self) -> np.ndarray:
        """Purchases from other plants and every other operating cost."""
        total: np.ndarray = self.purchases + self.operating
        return total

    @property
    def electricity(self) -> np.ndarray:
        """Electricity at the sampled tariff, less a support discount."""
        share = 1.0 - self.accounts.support("electricity_discount")
        return _per_sample(self.accounts.electricity * share, self.drivers.electricity)

    @property
    def transport(self) -> np.ndarray:
        """Transport of what the plant makes, at the sampled tariffs, less a support discount."""
        share = 1.0 - self.accounts.support("transport_discount")
        return _per_sample(self.accounts.transport * share, self.drivers.transport)

    @property
    def capex(self) -> np.ndarray:
        """CAPEX paid, at the sampled overruns."""
        result: np.ndarray = self.accounts.capex * self.drivers.capex[:, :, None]
        return result

    @property
    def infrastructure_npv(self) -> float:
        """NPV of the outlays outside the plants (negative)."""
        return -float(self.accounts.infrastructure @ self.discount)

    def taxes(self) -> tuple[np.ndarray, ...]:
        """Each tax's amount, in the order of :data:`~angara.assess.money.accounts.TAXES`."""
        return (self.profit_tax, self.property_tax, self.land_tax, self.extraction_tax, self.income_tax)

    def by_level(self, per_plant_year: bool = False, discounted: bool = False) -> np.ndarray:
        """Each tax divided between the budget levels: (N, K, L) over the horizon, or
        (N, P, T, K, L) with ``per_plant_year``; in RUB of each year, or ``discounted`` to
        the first year."""
        factor = self.discount if discounted else 1.0
        parts = np.broadcast_arrays(
            *(
                split(amount * factor, shares, per_plant_year)
                for amount, shares in zip(self.taxes(), self.accounts.shares, strict=True)
            )
        )
        return np.stack(parts, axis=-2)

    def discounted(self, flows: np.ndarray) -> np.ndarray:
        """``flows`` (…, T) in RUB of each year as RUB of the first year."""
        result: np.ndarray = flows * self.discount
        return result


def evaluate(accounts: Accounts, drivers: Drivers, groups: np.ndarray | None = None) -> Statements:
    """The statements of ``accounts``' plan for every sample of ``drivers``; ``groups`` (P,):
    the consolidated taxpayer of each plant (None: each plant its own)."""
    sales, receipts, purchases, mineral = _priced(accounts, drivers.prices)
    made = 1.0 if drivers.output is None else drivers.output
    fed = 1.0 if drivers.throughput is None else drivers.throughput
    sales, receipts, mineral, purchases = sales * made, receipts * made, mineral * made, purchases * fed
    ratio = drivers.capex[:, :, None]
    profit_rate, property_rate, land_rate, extraction_rate, income_rate = accounts.rates
    extraction = extraction_tax(mineral, extraction_rate)
    held = property_tax(accounts.taxable_start, accounts.taxable_end, property_rate) * ratio
    land = land_tax(accounts.land_value, land_rate)
    electricity = _per_sample(accounts.electricity, drivers.electricity) * fed
    transport = _per_sample(accounts.transport, drivers.transport) * fed
    discount = electricity * accounts.support("electricity_discount") + transport * accounts.support(
        "transport_discount"
    )
    operating = (
        accounts.fixed_costs + (fed - 1.0) * accounts.variable_costs + electricity + transport - discount
    )
    revenue = sales + receipts
    cash = revenue - purchases - operating - land - extraction - held
    depreciation = accounts.depreciation * ratio
    closing = accounts.closure * ratio
    grants = accounts.support("grants_capex") * ratio + accounts.support("grants_fixed")
    grant_income = accounts.support("grant_income_capex") * ratio + accounts.support("grant_income_fixed")
    interest, principal = accounts.support("loan_interest"), accounts.support("loan_principal")
    before_tax = cash - depreciation - closing + grant_income - interest
    if groups is None:
        profit, carried = profit_tax(before_tax, profit_rate)
    else:
        profit, carried = consolidated_profit_tax(before_tax, profit_rate, groups)
    working = working_capital(accounts, revenue, purchases + operating)
    change = np.diff(working, axis=-1, prepend=0.0)
    left = residual(accounts.book_end) * ratio + residual(working)
    sustaining = accounts.sustaining * ratio
    financing = grants + principal - interest
    free = cash - profit - accounts.capex * ratio - sustaining - closing - change + left + financing
    rate = accounts.discount_rate if drivers.discount_rate is None else drivers.discount_rate
    factors = discount_factors(rate, accounts.first_year, accounts.years)
    plant_npv = free @ factors
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
        sustaining=sustaining,
        closure=closing,
        profit_before_tax=before_tax,
        working_capital=working,
        working_capital_change=change,
        residual_value=left,
        free_cash_flow=free,
        discount=factors,
        plant_npv=plant_npv,
        npv=plant_npv.sum(axis=1) - accounts.infrastructure @ factors,
        losses_carried=carried.reshape(carried.shape[0], -1, carried.shape[-1]).sum(axis=1),
        grants=np.broadcast_to(grants, free.shape),
        grant_income=np.broadcast_to(grant_income, free.shape),
        loan_principal=principal,
        loan_interest=interest,
        tariff_discount=discount,
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


def consolidated_profit_tax(
    profit_before_tax: np.ndarray, rates: np.ndarray, groups: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Profit tax of plants consolidated into taxpayers: (N, P, T) profits, ``groups`` (P,)
    the taxpayer of each plant.

    Each year a taxpayer's base is its members' profits less its members' losses of the
    year and its losses carried forward; the offset reduces each profitable member's
    profit in proportion, and each member pays its own rate on what is left.  Returns the
    tax (N, P, T) and the losses carried at each year's end per taxpayer (N, G, T), G the
    number of taxpayers.  With one plant per taxpayer it is :func:`profit_tax`.
    """
    rates = np.broadcast_to(rates, profit_before_tax.shape)
    labels, member = np.unique(groups, return_inverse=True)
    membership = np.zeros((len(groups), len(labels)))
    membership[np.arange(len(groups)), member] = 1.0
    samples, _, years = profit_before_tax.shape
    tax = np.zeros_like(profit_before_tax)
    carried = np.zeros((samples, len(labels), years))
    pool = np.zeros((samples, len(labels)))
    for t in range(years):
        earned = profit_before_tax[:, :, t]
        gains = np.clip(earned, 0.0, None) @ membership
        available = pool + np.clip(-earned, 0.0, None) @ membership
        offset = np.minimum(available, gains)
        kept = 1.0 - np.divide(offset, gains, out=np.zeros_like(gains), where=gains > 0)
        tax[:, :, t] = np.clip(earned, 0.0, None) * (kept @ membership.T) * rates[:, :, t]
        pool = available - offset
        carried[:, :, t] = pool
    return tax, carried


def working_capital(accounts: Accounts, revenue: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """Working capital at each year's end (RUB): receivables (a share of the year's revenue)
    and inventories less payables (shares of the year's operating costs)."""
    result: np.ndarray = accounts.receivable * revenue + (accounts.inventory - accounts.payable) * costs
    return result


def residual(book_end: np.ndarray) -> np.ndarray:
    """What is left at the horizon's end (…, T), counted in the last year only, as the
    plan's annuitized objective implies: the book value, or the working capital."""
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
