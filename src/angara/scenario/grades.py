"""Element grades of deposits, with group grades split by their profiles."""

from __future__ import annotations

from collections import defaultdict

from angara.scenario.model import Scenario


def element_grades(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Mass of each element per mass of ore, element basis, for every deposit.

    A group grade (e.g. TREO 4.585 % with a profile) is split by the profile's
    oxide shares; oxide grades are turned into element grades with each
    element's ``metal_fraction``.
    """
    metal = {e.id: e.metal_fraction for e in scenario.elements}
    profiles: dict[str, dict[str, float]] = defaultdict(dict)
    for entry in scenario.profiles:
        profiles[entry.profile][entry.species] = entry.share
    grades: dict[str, dict[str, float]] = {d.id: {} for d in scenario.deposits}
    for grade in scenario.deposit_grades:
        shares = profiles[grade.profile] if grade.profile else {grade.species: 1.0}
        for species, share in shares.items():
            factor = metal.get(species, 1.0) if grade.basis == "oxide" else 1.0
            target = grades.setdefault(grade.deposit, {})
            target[species] = target.get(species, 0.0) + grade.grade * share * factor
    return grades


def contained(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Tonnes of each element contained in each deposit's reserves (element basis)."""
    reserves = {d.id: d.reserves for d in scenario.deposits}
    return {
        deposit: {species: reserves[deposit] * grade for species, grade in by_species.items()}
        for deposit, by_species in element_grades(scenario).items()
    }
