"""The tax rates in force for a plan's plants: which incentives each plant may have, and
the rate of every tax per plant and year.

A plant has an incentive granted by status only if it claims the regime
(``plant_incentives``; :func:`claimed_regimes`) and meets the incentive's conditions in
this plan: the least CAPEX (``min_capex``) within ``capex_years`` of its first CAPEX, and
its first CAPEX no later than ``apply_by``.  A claim that fails is refused with a note, and
the plant pays the general rate.  Where a claim names a place the regime does not cover,
validation refuses it already (:mod:`angara.scenario.checks.incentives`).

Arrays: P plants, T years, K taxes (:data:`TAXES`), L budget levels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from angara.assess.taxes import LEVELS, TaxRules
from angara.scenario.model import Scenario
from angara.scenario.schema import WILDCARD

TAXES = ("profit", "property", "land", "mineral_extraction", "personal_income")
BN = 1e9


def claimed_regimes(
    scenario: Scenario,
    plants: Sequence[tuple[str, str]],
    regions: Sequence[str],
    sites: Sequence[str | None],
    capex: np.ndarray,
    years: Sequence[int],
) -> tuple[list[frozenset[str]], list[str]]:
    """The regimes each plant claims and qualifies for in this plan, and a note per refusal.

    ``plants``: (process, location); ``regions``, ``sites``: where each stands (site None
    at a deposit); ``capex`` (P, T): CAPEX paid per year over ``years``.
    """
    rules = TaxRules(scenario)
    result: list[frozenset[str]] = []
    notes: list[str] = []
    for p, (process, location) in enumerate(plants):
        claims = {
            row.regime
            for row in scenario.plant_incentives
            if row.process in (WILDCARD, process) and row.location in (WILDCARD, location)
        }
        granted = set()
        for regime in sorted(claims):
            covering = [
                incentive
                for tax in TAXES
                for incentive in rules.applicable(tax, regions[p], sites[p], frozenset({regime}))
                if incentive.regime == regime and incentive.granted == "status"
            ]
            if not covering:
                continue  # a claim everywhere holds only where the regime applies
            refusals = [
                reason
                for i in covering
                if (reason := _refused(i.min_capex, i.capex_years, i.apply_by, capex[p], years))
            ]
            if refusals:
                notes.append(
                    f"{process} at {location} claims {regime} but {refusals[0]}: it pays the general rates"
                )
            else:
                granted.add(regime)
        result.append(frozenset(granted))
    return result, notes


def _refused(
    least: float | None, within: int | None, deadline: int | None, capex: np.ndarray, years: Sequence[int]
) -> str | None:
    """Why a plant with this CAPEX per year does not qualify (None if it does)."""
    spent = np.flatnonzero(capex > 0)
    if (least or deadline) and not len(spent):
        return "invests nothing in the plan's years"
    if not len(spent):
        return None
    first = int(spent[0])
    if deadline is not None and years[first] > deadline:
        return f"starts investing in {years[first]}, after the deadline {deadline}"
    if least:
        window = capex[first : first + within] if within else capex[first:]
        if window.sum() < least:
            span = f"in its first {within} years" if within else "in the plan's years"
            required = f"less than the {least / BN:,.2f} bn RUB required"
            return f"invests {window.sum() / BN:,.2f} bn RUB {span}, {required}"
    return None


def first_years(amounts: np.ndarray) -> list[int | None]:
    """Per plant, the index of the first year with a positive amount in ``amounts`` (P, T)."""
    return [int(found[0]) if len(found := np.flatnonzero(row > 0)) else None for row in amounts]


def rates_in_force(
    scenario: Scenario,
    regions: Sequence[str],
    sites: Sequence[str | None],
    starts: Mapping[str, Sequence[int | None]],
    claims: Sequence[frozenset[str]],
    years: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per tax, plant and year (K, P, T): the rate in force, its budget shares (…, L) and
    regime.  ``starts``: per ``counts_from`` (revenue, profit, extraction) the year index
    each plant's incentives count from (None: never)."""
    rules = TaxRules(scenario)
    count = len(regions)
    rates = np.zeros((len(TAXES), count, years))
    shares = np.zeros((len(TAXES), count, years, len(LEVELS)))
    regimes = np.full((len(TAXES), count, years), "", dtype=object)
    for p in range(count):
        plant_starts = {kind: values[p] for kind, values in starts.items()}
        for k, tax in enumerate(TAXES):
            found = rules.yearly(tax, regions[p], sites[p], plant_starts, years, claims[p])
            rates[k, p], shares[k, p], regimes[k, p] = found.rates, found.shares, found.regimes
    return rates, shares, regimes
