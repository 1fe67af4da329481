"""Readable summary of a risk analysis for the terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.table import Table

from angara.cli.console import number, out
from angara.risk.analysis import RiskAnalysis

BN = 1e9
TORNADO_BARS = 10


def _bn(value: float | None) -> str:
    return "—" if value is None else f"{value / BN:,.1f}"


def show_risk(analysis: RiskAnalysis, names: dict[str, str]) -> None:
    """NPV distribution, the plants most at risk, the widest tornado bars, re-planning."""
    summary = analysis.simulation.summary()
    out.print(
        f"[bold]Risk of the plan[/] ({analysis.scenario}): {summary['samples']:,} samples, seed "
        f"{summary['seed']}, {summary['seconds']:.1f} s.  NPV as planned "
        f"[bold]{_bn(analysis.tornado.npv)} bn RUB[/]; P10 / P50 / P90 "
        f"[bold]{_bn(summary['npv_p10'])} / {_bn(summary['npv_p50'])} / {_bn(summary['npv_p90'])} bn RUB[/]; "
        f"mean [bold]{_bn(summary['npv_mean'])} bn RUB[/]; "
        f"P(NPV < 0) [bold]{summary['prob_npv_negative']:.1%}[/]"
    )
    ranges = Table(title="Ranges over the samples", title_justify="left")
    for column in ("", "P10", "P50", "P90", "mean"):
        ranges.add_column(column, justify="right" if column else "left")
    ranges.add_row("CAPEX, bn RUB", *_row(summary["capex"], _bn))
    ranges.add_row("taxes over the horizon (undiscounted), bn RUB", *_row(summary["taxes"]["total"], _bn))
    for level in ("federal", "regional", "local"):
        ranges.add_row(f"  {level}", *_row(summary["taxes"][level], _bn))
    ranges.add_row("jobs at full operation", *_row(summary["jobs"], number))
    out.print(ranges)
    if "gap" in summary:
        _gap(summary["gap"])
    _plants(summary["plants"], names)
    _tornado(analysis)
    for key, title in (("ensemble", "Re-planned futures"), ("variants", "Scenario variants")):
        if key in analysis.extra:
            _ensemble(analysis.extra[key], title, names)
    if "pareto" in analysis.extra:
        _pareto(analysis.extra["pareto"])


def _row(spread: dict[str, float], shown: Callable[[float], str]) -> list[str]:
    return [shown(spread[key]) for key in ("p10", "p50", "p90", "mean")]


def _gap(gap: dict[str, Any]) -> None:
    """Why the mean NPV differs from the NPV as planned: each driver switched on in turn."""
    table = Table(
        title=f"From NPV as planned ({_bn(gap['npv_as_planned_rub'])} bn RUB) to the mean NPV "
        f"({_bn(gap['npv_mean_rub'])} bn RUB): each driver switched on after those above it",
        title_justify="left",
    )
    for column in ("driver", "change of mean NPV, bn RUB", "± standard error"):
        table.add_column(column, justify="left" if column == "driver" else "right")
    for step in gap["steps"]:
        table.add_row(step["label"], _bn(step["npv_change_rub"]), _bn(step["standard_error_rub"]))
    table.add_row("[bold]gap[/]", f"[bold]{_bn(gap['gap_rub'])}[/]", "")
    out.print(table)


def _plants(plants: list[dict[str, Any]], names: dict[str, str]) -> None:
    table = Table(title="Plants (NPV of each as its own company, bn RUB)", title_justify="left")
    for column in ("plant", "P10", "P50", "P90", "P(NPV < 0)"):
        table.add_column(column, justify="left" if column == "plant" else "right")
    for plant in sorted(plants, key=lambda p: -p["prob_npv_negative"]):
        table.add_row(
            _plant_name(plant, names),
            _bn(plant["npv_p10"]),
            _bn(plant["npv_p50"]),
            _bn(plant["npv_p90"]),
            f"{plant['prob_npv_negative']:.0%}",
        )
    out.print(table)


def _plant_name(plant: dict[str, Any], names: dict[str, str]) -> str:
    process, location = str(plant["process"]), str(plant["location"])
    return f"{names.get(process, process)} at {names.get(location, location)}"


def _tornado(analysis: RiskAnalysis) -> None:
    table = Table(
        title=f"Sensitivity (each driver alone; NPV as planned {_bn(analysis.tornado.npv)} bn RUB)",
        title_justify="left",
    )
    table.add_column("driver", overflow="fold")
    for column in ("low / high", "NPV, bn RUB", "jobs", "taxes, bn RUB"):
        table.add_column(column, justify="right", no_wrap=True)
    for bar in analysis.tornado.bars[:TORNADO_BARS]:
        percent = bar.driver == "discount_rate"
        table.add_row(
            bar.label,
            f"{bar.low:.0%} / {bar.high:.0%}" if percent else f"×{bar.low:.2f} / ×{bar.high:.2f}",
            f"{_bn(bar.npv_low)} – {_bn(bar.npv_high)}",
            f"{number(bar.jobs_low)} – {number(bar.jobs_high)}",
            f"{_bn(bar.taxes_low)} – {_bn(bar.taxes_high)}",
        )
    out.print(table)


def _ensemble(document: dict[str, Any], title: str, names: dict[str, str]) -> None:
    members = document.get("members", [])
    solved = [m for m in members if m.get("npv_rub") is not None]
    out.print(
        f"[bold]{title}[/]: {len(solved)} of {len(members)} solved on {document.get('workers', '?')} "
        f"worker(s) in {document.get('seconds', 0):.0f} s"
    )
    table = Table(title_justify="left")
    for column in ("plant", "built in", "share"):
        table.add_column(column, justify="left" if column == "plant" else "right")
    for row in document.get("frequency", []):
        table.add_row(_plant_name(row, names), str(row["built"]), f"{row['share']:.0%}")
    out.print(table)


def _pareto(points: list[dict[str, Any]]) -> None:
    table = Table(title="NPV versus jobs (maximum NPV at each jobs floor)", title_justify="left")
    for column in ("jobs floor", "status", "staff", "NPV, bn RUB"):
        table.add_column(column, justify="right")
    for point in points:
        table.add_row(
            number(point.get("floor")),
            str(point.get("status")),
            number(point.get("staff")),
            _bn(point.get("npv_rub")),
        )
    out.print(table)
