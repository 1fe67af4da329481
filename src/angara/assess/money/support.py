"""Support instruments in a plan's accounts: grants, subsidised loans and tariff discounts.

:func:`instruments` lays out each row of the scenario's ``support`` table for each plant of
the plan it covers, year by year, once; :func:`with_support` adds them to the accounts the
money engine evaluates, for the assessment and the Monte Carlo alike.  Tax holidays are
incentives (``incentives``, ``plant_incentives``): the accounts' rates carry them already,
and :mod:`angara.assess.support` measures what they cost the budget.  An offtake is a
market: its sales are in the accounts as any other (:mod:`angara.assess.offtake`).

How the Tax Code treats the flows (docs/taxes.md, "Support instruments"):

- a capital grant is cash when the CAPEX it finances is spent, and non-operating income as
  the assets it financed are depreciated (art. 250, art. 271 para. 4.1): each year its
  share of the plant's CAPEX of the plant's depreciation;
- a loan's draws and repayments are neither income nor expense (art. 251 para. 1 subpara.
  10, art. 270 para. 12); its interest is an expense (art. 265 para. 1 subpara. 2);
- a tariff discount lowers the plant's electricity or rail cost, an expense like any other.

A grant given as a share of CAPEX follows the CAPEX actually spent (a sampled overrun
raises it); a grant of a fixed amount and a loan do not move.  Loans are drawn as the
CAPEX is spent, pay interest on the balance after the year's draw, repay in equal parts
after the grace period, and repay what is left in the horizon's last year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from angara.assess.money.accounts import Accounts
from angara.scenario.schema import WILDCARD, Support

# the accounts' arrays (P, T) an instrument adds to
FLOWS = (
    "grants_capex",
    "grants_fixed",
    "grant_income_capex",
    "grant_income_fixed",
    "loan_principal",
    "loan_interest",
    "electricity_discount",
    "transport_discount",
)


@dataclass(frozen=True)
class Instrument:
    """One support row for one plant (position ``plant`` along ``Accounts.plants``): its
    flows per year (T,) in RUB, named as the accounts' fields of :data:`FLOWS`, and the
    interest a loan of its balance would pay at the market rate."""

    row: Support
    plant: int
    flows: dict[str, np.ndarray]
    market_interest: np.ndarray

    @property
    def subsidy(self) -> np.ndarray:
        """Budget outlay per year (T,) of a grant or a loan, in RUB: the grant paid as
        planned, or the market interest less the interest paid."""
        grants = self.flows["grants_capex"] + self.flows["grants_fixed"]
        result: np.ndarray = grants + self.market_interest - self.flows["loan_interest"]
        return result


def covered(row: Support, plant: tuple[str, str]) -> bool:
    """Whether ``row`` applies to the plant (process, location)."""
    process, location = plant
    return row.process in (WILDCARD, process) and row.location in (WILDCARD, location)


def instruments(rows: Sequence[Support], accounts: Accounts) -> tuple[list[Instrument], list[str]]:
    """Each row's instrument for each plant of the plan it covers, and a note per row that
    covers no plant of the plan (it costs nothing).  Tax holidays are left to the rates,
    offtakes to the sales."""
    years = np.array(accounts.years)
    result: list[Instrument] = []
    notes: list[str] = []
    for row in rows:
        if row.kind in ("tax_holiday", "offtake"):
            continue
        plants = [p for p, plant in enumerate(accounts.plants) if covered(row, plant)]
        if not plants:
            notes.append(
                f"support {row.id} ({row.kind}) for {row.process} at {row.location}: the plan builds no "
                "such plant, it costs the budget nothing"
            )
        since = years >= (row.year if row.year is not None else years[0])
        for p in plants:
            flows = {name: np.zeros(len(years)) for name in FLOWS}
            market = np.zeros(len(years))
            if row.kind == "capital_grant":
                _grant(row, accounts, p, since, flows)
            elif row.kind == "subsidised_loan":
                market = _loan(row, accounts.capex[p] * since, flows)
            elif row.kind == "tariff_discount":
                lasting = since & (years < years[since.argmax()] + row.years if row.years else since)
                share = (row.discount or 0.0) * lasting
                flows["electricity_discount" if row.tariff == "electricity" else "transport_discount"] = share
            result.append(Instrument(row, p, flows, market))
    return result, notes


def _grant(row: Support, accounts: Accounts, p: int, since: np.ndarray, flows: dict[str, np.ndarray]) -> None:
    """A capital grant paid as the plant's CAPEX is spent from its year, and recognised as
    income in step with the plant's depreciation."""
    spent = accounts.capex[p] * since
    total_capex = accounts.capex[p].sum()
    if not spent.sum() > 0:
        return
    if row.capex_share is not None:
        paid, kind = row.capex_share * spent, "capex"
    else:
        paid, kind = (row.amount or 0.0) * spent / spent.sum(), "fixed"
    flows[f"grants_{kind}"] = paid
    flows[f"grant_income_{kind}"] = accounts.depreciation[p] * paid.sum() / total_capex


def _loan(row: Support, spent: np.ndarray, flows: dict[str, np.ndarray]) -> np.ndarray:
    """A loan's principal flows and interest per year (RUB) into ``flows``; returns the
    interest its balance would pay at the market rate."""
    if not spent.sum() > 0:
        return np.zeros_like(spent)
    lent = (
        row.capex_share * spent if row.capex_share is not None else (row.amount or 0.0) * spent / spent.sum()
    )
    term = row.term or 1
    first = int(np.flatnonzero(lent > 0)[0])
    instalment = lent.sum() / (term - row.grace)
    balance = 0.0
    bearing = np.zeros_like(spent)  # the balance that pays interest each year
    principal = np.zeros_like(spent)
    for t in range(len(spent)):
        balance += lent[t]
        bearing[t] = balance
        due = balance if t == len(spent) - 1 or t >= first + term - 1 else instalment
        repaid = min(balance, due) if t >= first + row.grace else 0.0
        balance -= repaid
        principal[t] = lent[t] - repaid
    flows["loan_principal"] = principal
    flows["loan_interest"] = (row.rate or 0.0) * bearing
    result: np.ndarray = (row.market_rate or 0.0) * bearing
    return result


def with_support(accounts: Accounts, found: Sequence[Instrument]) -> Accounts:
    """``accounts`` with the flows of ``found`` added per plant (discounts add up to 100 %
    at most); without instruments, the accounts as they are."""
    if not found:
        return accounts
    shape = (len(accounts.plants), len(accounts.years))
    totals = {name: np.zeros(shape) for name in FLOWS}
    for instrument in found:
        for name, values in instrument.flows.items():
            totals[name][instrument.plant] += values
    for name in ("electricity_discount", "transport_discount"):
        totals[name] = np.clip(totals[name], 0.0, 1.0)
    return dataclasses.replace(accounts, **totals)  # type: ignore[arg-type]
