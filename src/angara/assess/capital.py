"""Capital over a plant's life: the modules invested in, CAPEX by year, sustaining
capital and closure.

A module (vintage) is paid for before it first operates (:func:`construction_years`).
While it stands it needs **sustaining capital**, a share of its CAPEX each year it
operates (``sustaining_capex`` of the plant, from the chain's slots); at the end of its
lifetime its **closure** (decommissioning, reclamation) costs a share of its CAPEX
(``closure_cost``), paid in the year after its last year of operation.  A module still
standing at the horizon's end has its closure counted in the last year at its value
then, discounted from the end of its life at the scenario's rate: the liability a buyer
of the plant would take on, beside the residual value of its book.  The netback's
capital charge repays a vintage's CAPEX the same way (:func:`levelized_charges`).  Money
in RUB of the base year.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from angara.assess.taxes import property_tax
from angara.chain import SLOT, Chain
from angara.plan.result import Plan
from angara.scenario.model import Scenario

PLANT = list(SLOT)


def vintages_of(scenario: Scenario, chain: Chain, plan: Plan, plants: pd.Index) -> pd.DataFrame:
    """Modules invested in: the plan's builds and the scenario's committed plants not yet built."""
    built = plan.builds.loc[plan.builds["units"] > 0, [*PLANT, "period", "capex_rub"]]
    built = built.rename(columns={"period": "first_year"}).assign(committed=False)
    first = scenario.meta.first_year
    later = chain.existing[chain.existing["first_year"] > first]
    existing = later[pd.MultiIndex.from_frame(later[PLANT]).isin(plants)]
    capex = chain.slots["capex"].reindex(pd.MultiIndex.from_frame(existing[PLANT])).to_numpy()
    committed = existing[[*PLANT, "first_year"]].assign(
        capex_rub=existing["units"].to_numpy() * capex, committed=True
    )
    frames = [f for f in (built, committed) if len(f)]
    if not frames:
        return pd.DataFrame(columns=[*PLANT, "first_year", "capex_rub", "committed"])
    return pd.concat(frames, ignore_index=True)


def construction_years(first_year: int, lead_time: float, horizon_start: int) -> list[int]:
    """Years in which a module that first operates in ``first_year`` is paid for.

    CAPEX is spread evenly over the ``ceil(lead_time)`` years before commissioning,
    never before the horizon starts; a module without lead time is paid in its first year.
    """
    span = math.ceil(lead_time - 1e-9)
    years = [y for y in range(first_year - span, first_year) if y >= horizon_start]
    return years or [first_year]


def capex_by_year(
    vintages: pd.DataFrame, chain: Chain, horizon_start: int, years: tuple[int, ...]
) -> pd.DataFrame:
    """CAPEX paid per plant and year (``capex_rub``): each vintage spread over its
    :func:`construction_years`."""
    lead_times = chain.slots["lead_time"]
    rows = []
    for vintage in vintages.itertuples(index=False):
        spread = construction_years(
            int(vintage.first_year), float(lead_times[(vintage.process, vintage.location)]), horizon_start
        )
        rows += [
            (vintage.process, vintage.location, y, float(vintage.capex_rub) / len(spread)) for y in spread
        ]
    frame = pd.DataFrame(rows, columns=[*PLANT, "year", "capex_rub"])
    frame = frame[frame["year"].isin(years)]
    return frame.groupby([*PLANT, "year"], as_index=False)["capex_rub"].sum()


def sustaining(yearly: pd.DataFrame, plants: pd.DataFrame) -> np.ndarray:
    """Sustaining capital per row of ``yearly`` (a plant's year, with its ``units``
    standing): units × CAPEX of a module × the plant's ``sustaining_capex`` share (RUB)."""
    info = plants.loc[pd.MultiIndex.from_frame(yearly[PLANT])]
    per_unit = info["module_capex"].to_numpy(dtype=float) * info["sustaining_capex"].to_numpy(dtype=float)
    result: np.ndarray = yearly["units"].to_numpy(dtype=float) * per_unit
    return result


def closure(
    vintages: pd.DataFrame, plants: pd.DataFrame, years: tuple[int, ...], rate: float
) -> pd.DataFrame:
    """Closure cost per plant and year (``closure_rub``) of the ``vintages`` (see the module
    docstring): paid in the year after a module's life, or, for a module outliving the
    horizon, counted in its last year discounted at ``rate`` from the end of its life."""
    rows = []
    last = max(years)
    for vintage in vintages.itertuples(index=False):
        info = plants.loc[(vintage.process, vintage.location)]
        cost = float(vintage.capex_rub) * float(info["closure_cost"])
        if cost <= 0:
            continue
        ends = int(vintage.first_year) + math.ceil(float(info["lifetime"]) - 1e-9)
        if ends <= last:
            rows.append((vintage.process, vintage.location, ends, cost))
        else:
            rows.append((vintage.process, vintage.location, last, cost * (1.0 + rate) ** -(ends - last)))
    frame = pd.DataFrame(rows, columns=[*PLANT, "year", "closure_rub"])
    return frame.groupby([*PLANT, "year"], as_index=False)["closure_rub"].sum()


def levelized_charges(
    vintages: pd.DataFrame,
    plants: pd.DataFrame,
    lead_times: pd.Series,
    years: tuple[int, ...],
    rates: pd.Series,
    property_rates: pd.Series,
) -> pd.DataFrame:
    """The charge per year that repays each vintage's CAPEX at the plant's ``rates`` over
    the years it stands within the horizon, as the money engine counts them: CAPEX paid
    over its construction years (compounded to its first year), the property tax on its
    immovable part at ``property_rates`` (both indexed by plant) while it stands, and its
    book value left at the horizon's end counted back.  Columns: process, location, year,
    ``charge_rub`` (RUB/yr)."""
    rows = []
    last = max(years)
    for vintage in vintages.itertuples(index=False):
        plant = (vintage.process, vintage.location)
        info = plants.loc[plant]
        rate, capex, first = float(rates[plant]), float(vintage.capex_rub), int(vintage.first_year)
        life = max(float(info["lifetime"]), 1.0)
        standing = min(last, first + math.ceil(life - 1e-9) - 1) - first + 1
        if standing <= 0 or capex <= 0:
            continue
        paid = construction_years(first, float(lead_times[plant]), min(years))
        value = capex / len(paid) * sum((1.0 + rate) ** (first - year) for year in paid)
        age = np.arange(standing)
        factor = (1.0 + rate) ** -age
        book_start = np.clip(capex - capex / life * age, 0.0, None)
        book_end = np.clip(capex - capex / life * (age + 1), 0.0, None)
        taxed = float(info["immovable"]) * float(property_rates[plant])
        value += float((property_tax(book_start, book_end, np.full(standing, taxed)) * factor).sum())
        value -= float(book_end[-1] * factor[-1])
        charge = value / float(factor.sum())
        rows += [(vintage.process, vintage.location, first + j, charge) for j in range(standing)]
    frame = pd.DataFrame(rows, columns=[*PLANT, "year", "charge_rub"])
    return frame.groupby([*PLANT, "year"], as_index=False)["charge_rub"].sum()
