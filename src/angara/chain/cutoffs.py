"""Which feeds a process takes: cut-off grades and per-deposit flowsheets.

A process with a cut-off (``cutoffs`` table) refuses the feed of a source whose content
of the species is below it: it gets no mode for that source, as a concentrator refuses
ore below its design grade.  A deposit process listed in ``process_sites`` is built only
at the deposits listed there, so a deposit whose ore differs gets its own flowsheet.  A
deposit whose ore no process then takes goes nowhere: :func:`stranded_deposits` says so
in words, with the cut-offs that refused it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from angara.scenario.model import Scenario

if TYPE_CHECKING:
    from angara.chain.streams import ModeSpec, StreamSpec


@dataclass(frozen=True)
class Limit:
    """A process's least content of one species in its feed: ``content`` on the element
    basis, ``grade`` as written, of ``label`` (the oxide's formula or the element)."""

    species: str
    content: float
    grade: float
    label: str
    factor: float  # element mass per mass of what ``grade`` counts (metal fraction, or 1)


@dataclass
class Refusals:
    """The cut-offs of every process, and each feed they refused (process, source) with why."""

    limits: dict[str, list[Limit]]
    refused: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario) -> Refusals:
        elements = {e.id: e for e in scenario.elements}
        limits: dict[str, list[Limit]] = defaultdict(list)
        for row in scenario.cutoffs:
            element = elements.get(row.species)
            oxide = row.basis == "oxide" and element is not None
            factor = element.metal_fraction if oxide and element is not None else 1.0
            label = (element.oxide or row.species) if oxide and element is not None else row.species
            limits[row.process].append(Limit(row.species, row.grade * factor, row.grade, label, factor))
        return cls(dict(limits))

    def takes(self, process: str, feed: StreamSpec) -> bool:
        """Whether ``process`` takes ``feed``; a refusal is remembered with its reason."""
        for limit in self.limits.get(process, []):
            held = feed.composition.get(limit.species, 0.0)
            if held < limit.content * (1 - 1e-9):
                self.refused[(process, feed.source)] = (
                    f"'{process}' refuses it: {held / limit.factor:.4%} {limit.label} is below its "
                    f"cut-off of {limit.grade:.4%} {limit.label}"
                )
                return False
        return True


def allowed_deposits(scenario: Scenario) -> dict[str, set[str]]:
    """The deposits each deposit process listed in ``process_sites`` may be built at
    (a deposit process not listed there may be built at every deposit whose feed it takes)."""
    at_deposit = {p.id for p in scenario.processes if p.location == "deposit"}
    deposits = {d.id for d in scenario.deposits}
    allowed: dict[str, set[str]] = defaultdict(set)
    for row in scenario.process_sites:
        if row.process in at_deposit and row.site in deposits:
            allowed[row.process].add(row.site)
    return dict(allowed)


def stranded_deposits(scenario: Scenario, modes: list[ModeSpec], refusals: Refusals) -> list[str]:
    """A note for each enabled deposit whose ore no usable mode takes (nor any market buys)."""
    used = {key for mode in modes for key, c in mode.coefficients.items() if c < 0}
    sold = {row.good for row in scenario.prices} | {row.good for row in scenario.payability}
    notes = []
    for deposit in scenario.deposits:
        if not deposit.enabled or (deposit.ore, deposit.id) in used or deposit.ore in sold:
            continue
        reasons = [why for (_, source), why in sorted(refusals.refused.items()) if source == deposit.id]
        because = "; ".join(reasons) if reasons else "no process treats its ore"
        notes.append(f"deposit '{deposit.id}' goes nowhere: {because}")
    return notes
