"""Checks of numbers across rows: shares that must add up to at most (or exactly)
100 %, contracted quantities within the market's cap, and ramp-up curves that rise
year by year from a module's first year.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import Composition, Grade, Incentive, Price, Profile, RampUp, Tax

# Numbers are read from text and converted between units: allow for rounding in the last digits.
TOLERANCE = 1e-6

Shares = dict[str, list[tuple[float, str, int]]]


def check_shares_at_most(
    groups: Shares, limit: float, what: str, problems: list[Problem], column: str
) -> None:
    """Each group's shares add up to at most ``limit``; a problem names the group's last row."""
    for key, entries in groups.items():
        total = sum(value for value, _, _ in entries)
        if total > limit + TOLERANCE:
            _, where, number = entries[-1]
            problems.append(
                Problem(
                    where,
                    f"{what} of '{key}' add up to {total * 100:.4g} %; expected at most {limit * 100:g} %",
                    row=number,
                    column=column,
                )
            )


def check_composition_totals(tables: Tables, problems: list[Problem]) -> None:
    """A product's element contents add up to at most 100 %."""
    groups: Shares = defaultdict(list)
    for row, where, number in located_rows(tables, "compositions", Composition):
        groups[row.good].append((row.content, where, number))
    check_shares_at_most(groups, 1.0, "contents", problems, "content")


def check_profile_totals(tables: Tables, problems: list[Problem]) -> None:
    """A profile's species shares add up to at most 100 %."""
    groups: Shares = defaultdict(list)
    for row, where, number in located_rows(tables, "profiles", Profile):
        groups[row.profile].append((row.share, where, number))
    check_shares_at_most(groups, 1.0, "shares", problems, "share")


def check_grade_totals(tables: Tables, problems: list[Problem]) -> None:
    """A deposit's grades add up to at most 100 %."""
    groups: Shares = defaultdict(list)
    for row, where, number in located_rows(tables, "deposit_grades", Grade):
        groups[row.deposit].append((row.grade, where, number))
    check_shares_at_most(groups, 1.0, "grades", problems, "grade")


def check_budget_shares(tables: Tables, problems: list[Problem]) -> None:
    """A tax's (or incentive's) receipts are split in full between the federal, regional and
    local budgets, or not at all (a cost such as insurance contributions)."""
    entries: list[tuple[Tax | Incentive, str, int]] = [
        *located_rows(tables, "taxes", Tax),
        *located_rows(tables, "incentives", Incentive),
    ]
    for row, where, number in entries:
        total = row.federal + row.regional + row.local
        if abs(total - 1.0) > TOLERANCE and total > TOLERANCE:
            problems.append(
                Problem(
                    where,
                    f"federal + regional + local shares add up to {total * 100:.4g} %; "
                    "expected 100 % (or 0 for a cost such as insurance)",
                    row=number,
                    column="local",
                )
            )


def check_contracts(tables: Tables, problems: list[Problem]) -> None:
    """A market's contracted quantity is within what it takes at most."""
    for row, where, number in located_rows(tables, "prices", Price):
        if row.max_quantity is not None and row.min_quantity > row.max_quantity + TOLERANCE:
            problems.append(
                Problem(
                    where,
                    "the contracted min_quantity exceeds max_quantity",
                    row=number,
                    column="min_quantity",
                )
            )


def check_ramp_ups(tables: Tables, problems: list[Problem]) -> None:
    """A ramp-up curve gives years 1, 2, 3 … without a gap, and its share never falls."""
    curves: dict[str, list[tuple[RampUp, str, int]]] = defaultdict(list)
    for row, where, number in located_rows(tables, "ramp_ups", RampUp):
        curves[row.curve].append((row, where, number))
    for curve, rows in curves.items():
        rows.sort(key=lambda located: located[0].year)
        for expected, (row, where, number) in enumerate(rows, start=1):
            if row.year != expected:
                problems.append(
                    Problem(
                        where,
                        f"ramp-up curve '{curve}' has no year {expected}; expected years 1, 2, 3 … "
                        "without a gap",
                        row=number,
                        column="year",
                        value=str(row.year),
                    )
                )
                break
        for (before, _, _), (row, where, number) in pairwise(rows):
            if row.share < before.share - TOLERANCE:
                problems.append(
                    Problem(
                        where,
                        f"ramp-up curve '{curve}' falls from {before.share * 100:g} % in year "
                        f"{before.year}; expected a share that never falls",
                        row=number,
                        column="share",
                        value=f"{row.share * 100:g} %",
                    )
                )
