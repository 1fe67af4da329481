"""``angara io``: input-output multipliers from the Rosstat 2021 table shipped with Angara."""

from __future__ import annotations

import math
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from angara.assess import inputoutput
from angara.assess.inputoutput import LABOUR_COST_PER_JOB, HouseholdClosure, UnknownProductError
from angara.cli.console import out
from angara.cli.exits import guarded, print_json
from angara.scenario.problems import Problem, ScenarioError

NAME_WIDTH = 18

io_app = typer.Typer(
    no_args_is_help=True,
    help="Input-output multipliers of the Russian economy (Rosstat 2021 table of domestic products).",
)


@io_app.command()
def multipliers(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON to standard output.")] = False,
    codes: Annotated[
        list[str] | None,
        typer.Option("--code", help="Only this product code, e.g. 07.2; repeat for more."),
    ] = None,
    propensity: Annotated[
        float,
        typer.Option("--propensity", help="Share of disposable income households spend.", min=0.0, max=1.0),
    ] = HouseholdClosure.propensity_to_consume,
    labour_cost: Annotated[
        float,
        typer.Option("--labour-cost", help="Labour cost per job-year, RUB, for jobs per bn RUB.", min=1.0),
    ] = LABOUR_COST_PER_JOB,
) -> None:
    """Output, value added, compensation and jobs per rouble of final demand, type I and II.

    Type I: the product and its domestic supply chain.  Type II: plus household spending
    of the wages earned (closure in docs/assessment.md).
    """
    table = guarded(inputoutput.read_table, "The input-output table cannot be used")
    closure = HouseholdClosure(propensity_to_consume=propensity)
    frame = inputoutput.multipliers(table, closure, labour_cost_per_job=labour_cost)
    if codes:
        positions = guarded(lambda: _positions(table, codes), "Unknown product codes")
        frame = frame.iloc[positions]
    if as_json:
        print_json(_as_json(frame))
    else:
        _show(frame, closure.spending_per_rouble(table))


def _positions(table: inputoutput.InputOutputTable, codes: list[str]) -> list[int]:
    positions, problems = [], []
    for code in codes:
        try:
            positions.append(table.position(code))
        except UnknownProductError:
            message = f"unknown product code; known codes: {', '.join(table.codes)}"
            problems.append(Problem("--code", message, value=code))
    if problems:
        raise ScenarioError(problems)
    return positions


def _as_json(frame: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {
        str(code): {column: _plain(value) for column, value in row.items()} for code, row in frame.iterrows()
    }


def _plain(value: object) -> object:
    if isinstance(value, int | float):
        return None if math.isnan(value) else round(float(value), 6)
    return value


def _show(frame: pd.DataFrame, spending: float) -> None:
    table = Table(
        title="Per rouble of final demand (Rosstat 2021 symmetric table of domestic products)",
        title_justify="left",
    )
    for column, justify in (
        ("code", "left"),
        ("product", "left"),
        ("out I", "right"),
        ("out II", "right"),
        ("GVA I", "right"),
        ("jobs/bn I", "right"),
        ("jobs/bn II", "right"),
    ):
        if column == "product":
            # names take what the numbers leave of the terminal's width
            width = max(NAME_WIDTH, out.width - 62)
            table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=width)
        else:
            table.add_column(column, justify=justify, no_wrap=True, min_width=len(column))  # type: ignore[arg-type]
    for code, row in frame.iterrows():
        table.add_row(
            str(code),
            str(row["name"]),
            f"{row['output_type1']:.3f}",
            f"{row['output_type2']:.3f}",
            f"{row['gva_type1']:.3f}",
            f"{row['jobs_per_bn_type1']:.0f}",
            f"{row['jobs_per_bn_type2']:.0f}",
        )
    out.print(table)
    out.print(
        f"Type I: product and domestic supply chain; type II adds household spending, "
        f"{spending:.3f} RUB per RUB of compensation. Jobs assume one average labour cost."
    )
