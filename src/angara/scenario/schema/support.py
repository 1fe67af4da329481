"""Support instruments granted to plants, with the budget level that pays for them.

One row is one instrument for a plant (its process and location, or ``*`` for every
one) from a year.  The kind says which columns matter:

- ``capital_grant``: ``amount`` (RUB) or ``capex_share`` of the plant's CAPEX, paid in the
  years the CAPEX is spent;
- ``subsidised_loan``: ``amount`` or ``capex_share`` lent, drawn as the CAPEX is spent, at
  ``rate`` for ``term`` years of which ``grace`` pay interest only; its budget cost is the
  interest at ``market_rate`` less the interest paid;
- ``tax_holiday``: the incentive ``regime`` of the ``incentives`` table (its rules and
  claims stay there); its budget cost is the tax the plant would pay without it;
- ``tariff_discount``: ``discount`` off the plant's ``tariff`` (electricity or rail) for
  ``years`` years; its budget cost is the discount;
- ``offtake``: the state buys ``good`` at ``market`` (a market of the ``markets`` table,
  open, whose ``prices`` rows give the contract price and the contracted volume as its
  ``max_quantity``) for ``years`` years; its budget cost is what the plan sells there times
  the contract price less the ``reference_market``'s price (empty: the best price any
  other open market gives), and it falls on the plants that make the good.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

from pydantic import Field

from angara.scenario.schema.fields import Row, calendar_year, fraction, identifier, quantity, reference

SupportKind = Literal["capital_grant", "subsidised_loan", "tax_holiday", "tariff_discount", "offtake"]
SUPPORT_KINDS: tuple[SupportKind, ...] = get_args(SupportKind)
BudgetLevel = Literal["federal", "regional", "local"]
BUDGET_LEVELS: tuple[BudgetLevel, ...] = get_args(BudgetLevel)
Tariff = Literal["electricity", "rail"]
TARIFFS: tuple[Tariff, ...] = get_args(Tariff)


class Support(Row):
    id: str = identifier()
    kind: SupportKind = Field(..., description="Which instrument (see the kinds in the table's description).")
    process: str = reference(
        "processes",
        description="Process of the plant, or * for every process (an offtake: *, it buys from every plant "
        "making the good).",
        wildcard=True,
    )
    location: str = reference(
        "sites",
        "deposits",
        description="Site or deposit of the plant, or * for every one (an offtake: *).",
        wildcard=True,
    )
    year: int | None = calendar_year(
        "First year the instrument applies (empty: from the first year of the plan).", default=None
    )
    level: BudgetLevel = Field(
        "federal",
        description="Budget that pays: federal, regional or local (a tax holiday's cost falls on the "
        "budgets that share the tax).",
    )
    amount: float | None = quantity(
        "RUB", "Grant or loan amount (empty: capex_share of the plant's CAPEX).", default=None, ge=0.0
    )
    capex_share: float | None = fraction(
        "Grant or loan as a share of the plant's CAPEX spent from the year on.", default=None
    )
    rate: float | None = fraction("Loan interest rate per year (3 % or 0.03).", default=None)
    market_rate: float | None = fraction(
        "Market interest rate per year the subsidised loan's budget cost is measured against.", default=None
    )
    term: int | None = Field(None, description="Loan term in years from the first draw.", ge=1, le=50)
    grace: int = Field(0, description="Years of the term with interest only, no repayment.", ge=0, le=50)
    regime: str | None = Field(None, description="Tax holiday: the incentives' regime it is.")
    tariff: Tariff | None = Field(None, description="Tariff discounted: electricity or rail.")
    discount: float | None = fraction("Share off the tariff.", default=None)
    years: int | None = Field(
        None,
        description="Years the tariff discount or offtake lasts from its first year (empty: to the horizon).",
        ge=1,
    )
    market: str | None = reference(
        "markets",
        description="Offtake: the buyer, an open market pricing the good at the contract price.",
        default=None,
    )
    good: str | None = reference("goods", description="Offtake: the good bought.", default=None)
    reference_market: str | None = reference(
        "markets",
        description="Offtake: the market whose price the budget cost is measured against (empty: the best "
        "price any other open market gives for the good that year).",
        default=None,
    )


def contracted_sales(rows: Iterable[Support]) -> set[tuple[str, str]]:
    """The (good, market) pairs the ``offtake`` rows of ``rows`` buy at a fixed price."""
    return {
        (row.good, row.market)
        for row in rows
        if row.kind == "offtake" and row.good is not None and row.market is not None
    }
