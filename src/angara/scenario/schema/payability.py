"""Goods priced by what they contain: payable species, minimum contents and penalties.

A concentrate or intermediate is not sold at one price per tonne whatever it holds: a
buyer pays for the species it contains (a share of each, the *payable*), refuses a good
below a minimum content and deducts penalties for species above a threshold.  One row
per market, good, species and year; the price of one tonne of a stream (a good from one
source) at the market is then

    sum over species of  payable x price x content  -  penalty x max(0, content - penalty_above)

with every content on the row's ``basis`` (oxide or element), and nothing (the market
does not take it) when a content is below its ``min_content``.
"""

from __future__ import annotations

from pydantic import Field

from angara.scenario.schema.fields import Row, calendar_year, fraction, quantity, reference
from angara.scenario.schema.resources import GradeBasis


class Payability(Row):
    market: str = reference("markets", description="Market.")
    good: str = reference(
        "goods",
        description=(
            "Good priced by its contents at this market (then not in the prices table for this "
            "market): each of its streams gets its own price."
        ),
    )
    species: str = reference("elements", description="Species paid for, required or penalised.")
    year: int = calendar_year(
        "Year from which the row holds (until the next row of the same market, good and species)."
    )
    price: float = quantity(
        "RUB/t",
        "Price per tonne of the contained species on `basis` (e.g. USD/kg Ta2O5 contained); 0 for a "
        "species that is only required or penalised.",
        default=0.0,
        ge=0.0,
    )
    payable: float = fraction("Share of the contained species the buyer pays for.", default=1.0)
    basis: GradeBasis = Field(
        "oxide",
        description="Whether price, contents and thresholds count the species' oxide (elements table) "
        "or the element.",
    )
    min_content: float | None = fraction(
        "Least content of the species in the good for the market to take it (empty: none).", default=None
    )
    penalty_above: float | None = fraction(
        "Content above which the penalty is deducted (empty: no penalty).", default=None
    )
    penalty: float = quantity(
        "RUB/t",
        "Deduction per tonne of the species above `penalty_above`: a tonne of the good loses "
        "penalty x (content - penalty_above). A quote of X per tonne of good for each 0.1 % "
        "above is X / 0.001.",
        default=0.0,
        ge=0.0,
    )
