"""The production chart: what the plan sells each year, as stacked areas by product family.

A good's **family** is the chain stage of the process that makes it (the ``stage`` of the
first process in the scenario's ``processes`` table with the good among its
``process_outputs``), so the families follow any scenario's own chain: separated oxides,
metals and alloys, magnets, niobium products, lithium chemicals, ...  A good no process makes
(bought in and resold) is in the family "Other products".  Goods measured in another unit than
tonnes (MW*yr of computing, place*yr of training) form a family of their own per unit, since
their amounts cannot be stacked on tonnes.

The first view stacks the families (t/yr, every family measured in tonnes); a selector above
the chart (a Plotly dropdown, no page script) switches to one family with its products stacked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from angara.i18n import Translate
from angara.report.readable import N_
from angara.report.stages import stage_label
from angara.results.read import RunResults
from angara.scenario.model import Scenario
from angara.scenario.names import Names

TONNE = "t"
OTHER = "other"
OTHER_LABEL = N_("Other products")
# a year of a good measured in its own unit, read as the reader says it (MW*yr a year is MW)
PER_YEAR = {
    "MW*yr": N_("MW"),
    "kW*yr": N_("kW"),
    "place*yr": N_("places"),
    "GWh": N_("GWh/yr"),
    "MWh": N_("MWh/yr"),
    "unit": N_("units/yr"),
}


def per_year(unit: str, _: Translate) -> str:
    """What a good in ``unit`` amounts to per year, in the reader's words (``t/yr``, ``MW``);
    a unit not listed keeps its own symbol."""
    if unit == TONNE:
        return _("t/yr")
    if unit in PER_YEAR:
        return _(PER_YEAR[unit])
    return _("{unit} per year").format(unit=unit)


@dataclass(frozen=True)
class Family:
    """Goods sold together in one stacked view: ``key`` is ``stage`` or ``stage unit``."""

    key: str
    stage: str
    unit: str

    def label(self, _: Translate) -> str:
        """The family as the reader sees it: its stage, with the unit when not tonnes."""
        name = _(OTHER_LABEL) if self.stage == OTHER else stage_label(self.stage, _)
        return name if self.unit == TONNE else f"{name} ({per_year(self.unit, _)})"


def product_families(scenario: Scenario) -> dict[str, Family]:
    """The family of every good of ``scenario`` (by good id), as the module says."""
    stage_of = {process.id: process.stage for process in scenario.processes}
    # the first process making a good in the processes table's order decides, not the outputs' order
    order = {process.id: i for i, process in enumerate(scenario.processes)}
    first: dict[str, tuple[int, str]] = {}
    for output in scenario.process_outputs:
        rank = order.get(output.process, len(order))
        if output.good not in first or rank < first[output.good][0]:
            first[output.good] = (rank, stage_of.get(output.process, OTHER))
    families = {}
    for good in scenario.goods:
        stage = first[good.id][1] if good.id in first else OTHER
        unit = good.unit or TONNE
        families[good.id] = Family(stage if unit == TONNE else f"{stage} {unit}", stage, unit)
    return families


def _yearly_sales(results: RunResults) -> pd.DataFrame:
    """Tonnes sold per good and year (each plan period repeated for the years it stands for)."""
    sales = results.table("sales")
    if sales.empty:
        return pd.DataFrame({"good": [], "year": [], "tonnes": []})
    years = {period.start: period.years for period in results.plan.periods}
    spread = sales.assign(year=sales["period"].map(lambda p: years.get(int(p), [int(p)])))
    spread = spread.explode("year").astype({"year": int})
    return spread.groupby(["good", "year"], as_index=False)["tonnes"].sum()


def family_production(results: RunResults, scenario: Scenario) -> pd.DataFrame:
    """Amount sold per family, good and year (``family``, ``good``, ``year``, ``tonnes``)."""
    sold = _yearly_sales(results)
    families = product_families(scenario)
    unknown = Family(OTHER, OTHER, TONNE)
    return sold.assign(family=[families.get(str(g), unknown).key for g in sold["good"]])


def production_chart(
    results: RunResults, scenario: Scenario, _: Translate = str, names: Names | None = None
) -> go.Figure:
    """Amounts sold per year as stacked areas: the families first, one family's products by
    the selector (see the module)."""
    names = names or Names.of_scenario(scenario, "en")
    sold = family_production(results, scenario)
    families = {f.key: f for f in product_families(scenario).values()}
    families.setdefault(OTHER, Family(OTHER, OTHER, TONNE))
    order = [key for key in dict.fromkeys(families) if key in set(sold["family"])]
    order.sort(key=lambda key: (families[key].unit != TONNE, list(families).index(key)))
    tonnes_a_year = per_year(TONNE, _)
    figure = go.Figure()
    views: list[tuple[str, list[int], str]] = []  # label, traces shown, y-axis title

    def area(x: pd.Series, y: pd.Series, name: str, group: str, key: str, unit: str) -> int:
        figure.add_trace(
            go.Scatter(
                x=list(x),
                y=list(y),
                name=name,
                mode="lines",
                stackgroup=group,
                line={"width": 0.5},
                customdata=[key] * len(x),
                hovertemplate="%{x}: %{y:,.1f} " + unit + "<extra>" + name + "</extra>",
                visible=not views,
            )
        )
        return len(figure.data) - 1

    tonnes = sold[sold["family"].map(lambda k: families[k].unit == TONNE)]
    totals = tonnes.groupby(["family", "year"], as_index=False)["tonnes"].sum()
    shown = [
        area(rows["year"], rows["tonnes"], families[key].label(_), "families", key, tonnes_a_year)
        for key in order
        for rows in [totals[totals["family"] == key]]
        if not rows.empty
    ]
    views.append((_("All product families"), shown, tonnes_a_year))
    for key in order:
        family = families[key]
        unit = per_year(family.unit, _)
        rows = sold[sold["family"] == key]
        traces = [
            area(good_rows["year"], good_rows["tonnes"], names.of("goods", good), key, str(good), unit)
            for good, good_rows in rows.groupby("good", sort=False)
        ]
        views.append((family.label(_), traces, unit))
    count = len(figure.data)
    buttons = [
        {
            "label": label,
            "method": "update",
            "args": [{"visible": [i in traces for i in range(count)]}, {"yaxis.title.text": unit}],
        }
        for label, traces, unit in views
    ]
    figure.update_layout(
        title={"text": _("Products sold"), "x": 0.01},
        template="plotly_white",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        margin={"l": 60, "r": 20, "t": 90, "b": 50},
        legend={"orientation": "h", "y": -0.18},
        # whole tonnes with the locale's grouping ("50 000", not Plotly's "50k")
        yaxis={"title": {"text": tonnes_a_year}, "rangemode": "tozero", "tickformat": ",~g"},
        xaxis={"dtick": 2},  # years need no title
        updatemenus=[
            {
                "type": "dropdown",
                "buttons": buttons,
                "active": 0,
                # on the left under the title: Plotly's tool bar takes the top right on hover
                "x": 0.0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
                "showactive": True,
            }
        ],
    )
    return figure


def without_selector(figure: go.Figure) -> go.Figure:
    """The chart for a printed report: the first view (the families stacked) without the
    selector, which a page can use and paper cannot."""
    figure.layout.updatemenus = ()  # update_layout would merge an empty list into the menus
    figure.update_layout(margin={"t": 50})
    return figure
