"""A plan's accounts with every incentive counted from its legal start.

Incentives of the profit tax for regional investment projects and priority development
territories run from a plant's first year with taxable profit (Tax Code art. 284.3,
284.4), which the statements give: :func:`build_accounts` builds the accounts with those
incentives counted from the first year with revenue, finds each plant's first year with
profit before tax as planned, and builds them again.  Profit before tax does not depend
on the profit tax's rates, so once is enough.  The Monte Carlo keeps these years as
planned: it moves amounts, not the schedule of incentives.
"""

from __future__ import annotations

import pandas as pd

from angara.assess.money.accounts import Accounts, PriceSeries
from angara.assess.money.accounts import build_accounts as accounts_from
from angara.assess.money.engine import Drivers, evaluate
from angara.assess.money.rates import first_years
from angara.assess.money.support import instruments, with_support
from angara.assess.operations import Operations
from angara.scenario.model import Scenario


def build_accounts(
    scenario: Scenario,
    ops: Operations,
    series: PriceSeries | None = None,
    calendar: pd.DataFrame | None = None,
) -> Accounts:
    """The accounts of the plan behind ``ops`` (see :func:`angara.assess.money.accounts.build_accounts`)."""
    first = supported(scenario, accounts_from(scenario, ops, series, calendar))
    if not any(incentive.counts_from == "profit" for incentive in scenario.incentives):
        return first
    planned = evaluate(first, Drivers.planned(first))
    starts = first_years(planned.profit_before_tax[0])
    return supported(scenario, accounts_from(scenario, ops, series, calendar, starts))


def supported(scenario: Scenario, accounts: Accounts) -> Accounts:
    """``accounts`` with the flows of the scenario's support instruments for its plants
    (the assessment notes those that cover no plant, :mod:`angara.assess.support`)."""
    found, _ = instruments(scenario.support, accounts)
    return with_support(accounts, found)
