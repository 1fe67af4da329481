"""Checks of what prices a good by its contents and what refuses a feed by its grade:
the payability table (a good priced either per tonne or by contents at a market, never
both; no reagent sold; a penalty with its threshold) and the cut-offs (of a process that
takes a feed of ore or intermediate, or a mine).
"""

from __future__ import annotations

from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import SOURCED_GOOD_KINDS, Cutoff, Good, Payability, Price, ProcessInput, Recovery
from angara.scenario.schema import ProcessOutput as Output


def check_payability(tables: Tables, goods: dict[str, Good], problems: list[Problem]) -> None:
    """Each payability row prices a sold good that has no per-tonne price at its market."""
    per_tonne = {(row.market, row.good) for row, _, _ in located_rows(tables, "prices", Price)}
    for row, where, number in located_rows(tables, "payability", Payability):
        if (row.market, row.good) in per_tonne:
            problems.append(
                Problem(
                    where,
                    f"'{row.good}' already has a price per tonne at market '{row.market}' (prices table); "
                    "price it there or by its contents here, not both",
                    row=number,
                    column="good",
                    value=row.good,
                )
            )
        good = goods.get(row.good)
        if good is not None and good.kind == "reagent":
            problems.append(
                Problem(
                    where,
                    f"'{row.good}' is a reagent: it is bought, not sold",
                    row=number,
                    column="good",
                    value=row.good,
                )
            )
        if row.penalty > 0 and row.penalty_above is None:
            problems.append(
                Problem(
                    where,
                    "give the content above which the penalty is deducted",
                    row=number,
                    column="penalty_above",
                )
            )


def check_cutoffs(tables: Tables, goods: dict[str, Good], problems: list[Problem]) -> None:
    """A cut-off belongs to a process that takes a feed of one source: one with recoveries
    (its main feed) or a mine (the ore it makes)."""
    split = {row.process for row, _, _ in located_rows(tables, "recoveries", Recovery)}
    with_inputs = {row.process for row, _, _ in located_rows(tables, "process_inputs", ProcessInput)}
    mines = {
        row.process
        for row, _, _ in located_rows(tables, "process_outputs", Output)
        if row.process not in with_inputs and row.good in goods and goods[row.good].kind in SOURCED_GOOD_KINDS
    }
    for row, where, number in located_rows(tables, "cutoffs", Cutoff):
        if row.process not in split | mines:
            problems.append(
                Problem(
                    where,
                    f"process '{row.process}' takes no feed of ore or intermediate from a source (it has no "
                    "recoveries and mines nothing): a cut-off has nothing to refuse",
                    row=number,
                    column="process",
                    value=row.process,
                )
            )
