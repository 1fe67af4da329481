"""Figures of a run, shared by the web pages and the reports: KPI cards, production,
cash flow, the Sankey of element flows, and the risk views.

Pure functions of a run's results (and, for the Sankey, its scenario); every label goes
through ``_`` (catalog domain ``figures``).  Money is RUB of the scenario's base year,
shown in billions; quantities per year.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from angara.i18n import Translate
from angara.report.element_flows import ElementFlows, Node, element_flows
from angara.report.readable import BILLION, N_, number, percent
from angara.results.read import RunResults
from angara.scenario.model import Scenario

COLOURS = ("#1f5f8b", "#d0792b", "#3f8f5a", "#b8423a", "#7a5ea8", "#8c6d3f", "#c45c9a", "#6b7b8c")
BUDGET_LEVELS = (
    ("federal", N_("Federal budget")),
    ("regional", N_("Regional budgets")),
    ("local", N_("Local budgets")),
)
JOB_KINDS = {"direct": N_("Direct jobs"), "indirect": N_("Indirect jobs"), "induced": N_("Induced jobs")}
STAGES = {
    "mining": N_("Mining"),
    "beneficiation": N_("Beneficiation"),
    "cracking": N_("Cracking and leaching"),
    "hydrometallurgy": N_("Hydrometallurgy"),
    "separation": N_("Separation"),
    "metal": N_("Metals and alloys"),
    "magnet": N_("Magnets"),
    "niobium": N_("Niobium"),
    "tantalum": N_("Tantalum"),
    "lithium": N_("Lithium"),
    "scandium": N_("Scandium"),
    "gallium": N_("Gallium"),
    "germanium": N_("Germanium"),
}
DRIVERS = {
    "exchange_rate": N_("Exchange rate (RUB per USD)"),
    "prices": N_("All prices"),
    "discount_rate": N_("Discount rate"),
    "capex": N_("CAPEX of the plants"),
    "transport": N_("Transport tariffs"),
    "electricity": N_("Electricity tariff"),
}


@dataclass(frozen=True)
class Kpi:
    """One headline figure: ``value`` in ``unit`` (``RUB``, ``share``, ``pp`` — a change
    of a share —, ``person``), None where undefined; ``detail`` says what it covers."""

    key: str
    label: str
    value: float | None
    unit: str
    detail: str


def kpis(
    results: RunResults, _: Translate = str, lang: str = "en", region_names: Mapping[str, str] | None = None
) -> list[Kpi]:
    """NPV, IRR, CAPEX, jobs (direct, indirect, induced at full operation), taxes by budget
    level (undiscounted sums), the change of each region's high-tech share (with its HHI
    before and after) and the satellite city's residents, as ``assessment.json`` gives them;
    regions are labelled with ``region_names`` (by id) where given."""
    a = results.assessment
    jobs = a.jobs
    found = [
        Kpi(
            "npv",
            _("NPV"),
            a.npv_rub,
            "RUB",
            _("after tax, discounted at {rate} to {year}").format(
                rate=percent(a.discount_rate, lang), year=a.discounted_to_year
            ),
        ),
        Kpi(
            "irr",
            _("IRR"),
            a.irr,
            "share",
            _("payback {years} years").format(years=number(a.payback_years, lang, 1)),
        ),
        Kpi("capex", _("CAPEX"), a.capex_rub, "RUB", _("plants and infrastructure over the horizon")),
    ]
    detail = _("at full operation ({year})").format(year=jobs.year or "—")
    for kind, label, value in (
        ("direct", JOB_KINDS["direct"], jobs.direct),
        ("indirect", JOB_KINDS["indirect"], jobs.indirect),
        ("induced", JOB_KINDS["induced"], jobs.induced),
    ):
        found.append(Kpi(f"jobs_{kind}", _(label), value, "person", detail))
    levels = a.taxes.by_level
    for level, label in BUDGET_LEVELS:
        found.append(Kpi(f"taxes_{level}", _(label), levels.get(level), "RUB", _("taxes, undiscounted sum")))
    for region, change in sorted(a.diversification.items()):
        before, after = change.before, change.after
        high_before, high_after = before.high_tech_share, after.high_tech_share
        shift = None if high_before is None or high_after is None else high_after - high_before
        detail = _("high-tech share {before} → {after}, HHI {hhi_before} → {hhi_after} ({year})").format(
            before=percent(high_before, lang),
            after=percent(high_after, lang),
            hhi_before=number(before.hhi, lang, 3),
            hhi_after=number(after.hhi, lang, 3),
            year=change.year or "",
        )
        label = (region_names or {}).get(region, region)
        found.append(Kpi(f"diversification_{region}", label, shift, "pp", detail))
    city = a.city
    found.append(
        Kpi(
            "city",
            _("Satellite city residents"),
            city.residents,
            "person",
            _("{migrants} workers moving in; construction {cost} bn RUB").format(
                migrants=number(city.migrants, lang),
                cost=number(city.cost_rub / BILLION, lang, 1),
            ),
        )
    )
    return found


def localized(figure: go.Figure, lang: str) -> go.Figure:
    """Decimal comma and thin-space thousands for Russian, as Babel writes them."""
    figure.update_layout(separators=", " if lang == "ru" else ".,")
    return figure


def _layout(figure: go.Figure, title: str, **axes: Any) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0.01},
        template="plotly_white",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": -0.18},
        colorway=list(COLOURS),
        **axes,
    )
    return figure


def yearly(table: pd.DataFrame, results: RunResults) -> pd.DataFrame:
    """A per-period plan table repeated for every year its period stands for (``year``)."""
    years = {period.start: period.years for period in results.plan.periods}
    if table.empty:
        return table.assign(year=pd.Series(dtype=int))
    spread = table.assign(year=table["period"].map(lambda p: years.get(int(p), [int(p)])))
    return spread.explode("year").astype({"year": int})


def production_chart(results: RunResults, _: Translate = str) -> go.Figure:
    """Tonnes per year sold of each good, year by year (log scale: products span 1 t to 10⁵ t)."""
    sales = yearly(results.table("sales"), results)
    figure = go.Figure()
    if not sales.empty:
        by_good = sales.groupby(["good", "year"], as_index=False)["tonnes"].sum()
        for good, rows in by_good.groupby("good"):
            figure.add_trace(
                go.Scatter(
                    x=rows["year"],
                    y=rows["tonnes"],
                    name=str(good),
                    mode="lines+markers",
                    hovertemplate="%{x}: %{y:,.1f} " + _("t/yr") + "<extra>" + str(good) + "</extra>",
                )
            )
    return _layout(
        figure,
        _("Products sold"),
        yaxis={"title": _("t/yr"), "type": "log", "dtick": 1},
        xaxis={"title": _("Year"), "dtick": 2},
    )


def cashflow_chart(results: RunResults, _: Translate = str) -> go.Figure:
    """The cluster's yearly revenue, costs, taxes and free cash flow (bn RUB), with the
    cumulative discounted free cash flow."""
    flows = results.table("cashflows")
    cluster = flows[flows["entity_kind"] == "cluster"] if not flows.empty else flows
    figure = go.Figure()
    if not cluster.empty:
        cluster = cluster.sort_values("year")
        taxes = cluster[["property_tax_rub", "land_tax_rub", "extraction_tax_rub", "profit_tax_rub"]].sum(
            axis=1
        )
        parts = (
            (_("Revenue"), cluster["revenue_rub"]),
            (_("Operating cost"), -cluster["operating_cost_rub"]),
            (_("Taxes"), -taxes),
            (_("CAPEX"), -cluster["capex_rub"]),
        )
        for name, values in parts:
            figure.add_trace(go.Bar(x=cluster["year"], y=values / BILLION, name=name))
        figure.add_trace(
            go.Scatter(
                x=cluster["year"],
                y=cluster["free_cash_flow_rub"] / BILLION,
                name=_("Free cash flow"),
                mode="lines",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=cluster["year"],
                y=cluster["discounted_fcf_rub"].cumsum() / BILLION,
                name=_("Cumulative discounted cash flow"),
                mode="lines",
                line={"dash": "dot"},
            )
        )
    return _layout(
        figure,
        _("Cash flow of the cluster"),
        barmode="relative",
        yaxis={"title": _("bn RUB")},
        xaxis={"title": _("Year"), "dtick": 2},
    )


def node_label(node: Node, _: Translate) -> str:
    """How a node of the element-flow diagram is named."""
    if node.kind == "stage":
        return _(STAGES[node.name]) if node.name in STAGES else node.name
    if node.kind == "deposit":
        return node.name
    if node.kind == "product":
        return node.name
    return {
        "loss": _("Losses (tailings, residues)"),
        "stockpile": _("Stockpiled"),
        "outside": _("Bought in"),
    }.get(node.kind, node.kind)


def sankey_chart(
    results: RunResults,
    scenario: Scenario,
    _: Translate = str,
    year: int | None = None,
    species: str | None = None,
) -> go.Figure:
    """Contained elements (t/yr) from deposits through each stage to the products sold, in
    the period of ``year`` (default: full operation); see :mod:`angara.report.element_flows`."""
    flows: ElementFlows = element_flows(results, scenario, year, species)
    nodes = flows.nodes()
    index = {node: i for i, node in enumerate(nodes)}
    colour = {"deposit": "#8c6d3f", "stage": "#1f5f8b", "product": "#3f8f5a", "loss": "#b8423a"}
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.1f",
            valuesuffix=" " + _("t/yr"),
            node={
                "label": [node_label(n, _) for n in nodes],
                "color": [colour.get(n.kind, "#6b7b8c") for n in nodes],
                "pad": 12,
                "thickness": 14,
            },
            link={
                "source": [index[s] for s, _t, _v in flows.links],
                "target": [index[t] for _s, t, _v in flows.links],
                "value": [v for _s, _t, v in flows.links],
                "color": "rgba(31, 95, 139, 0.25)",
            },
        )
    )
    title = _("Element flows from ore to products, {period}").format(period=flows.period or "—")
    return _layout(figure, title)


def npv_histogram(results: RunResults, _: Translate = str) -> go.Figure | None:
    """The Monte Carlo distribution of NPV (bn RUB) with P10, P50 and P90; None without risk."""
    risk = results.risk
    if risk is None or not risk.histogram.edges:
        return None
    edges, counts = risk.histogram.edges, risk.histogram.counts
    centres = [(lo + hi) / 2 / BILLION for lo, hi in itertools.pairwise(edges)]
    width = (edges[1] - edges[0]) / BILLION if len(edges) > 1 else 1.0
    figure = go.Figure(go.Bar(x=centres, y=counts, width=width, name=_("Samples"), marker_color=COLOURS[0]))
    for value, label in ((risk.npv_p10, "P10"), (risk.npv_p50, "P50"), (risk.npv_p90, "P90")):
        figure.add_vline(x=value / BILLION, line_dash="dash", line_color=COLOURS[3], annotation_text=label)
    title = _("NPV over {samples} futures; P(NPV < 0) = {probability}").format(
        samples=risk.samples, probability=f"{risk.prob_npv_negative:.1%}"
    )
    return _layout(
        figure, title, xaxis={"title": _("NPV, bn RUB")}, yaxis={"title": _("Samples")}, bargap=0.02
    )


def driver_label(driver: str, label: str, _: Translate) -> str:
    """A tornado driver in the reader's language (price factors keep their scenario names)."""
    if driver in DRIVERS:
        return _(DRIVERS[driver])
    if driver.startswith("price:"):
        return _("Prices: {factor}").format(factor=label.partition(": ")[2] or driver[len("price:") :])
    return label


def tornado_chart(results: RunResults, _: Translate = str) -> go.Figure | None:
    """NPV (bn RUB) with each driver at its low and high setting, widest swing on top;
    None without a tornado."""
    bars = results.table("tornado")
    if bars.empty or results.risk is None:
        return None
    base = results.risk.tornado.base.npv_rub
    bars = bars.sort_values("swing_rub")
    labels = [driver_label(str(d), str(lab), _) for d, lab in zip(bars["driver"], bars["label"], strict=True)]
    figure = go.Figure()
    for column, name, colour in (
        ("npv_low", _("Low setting"), COLOURS[3]),
        ("npv_high", _("High setting"), COLOURS[2]),
    ):
        figure.add_trace(
            go.Bar(
                y=labels,
                x=(bars[column] - base) / BILLION,
                base=base / BILLION,
                orientation="h",
                name=name,
                marker_color=colour,
            )
        )
    figure.add_vline(x=base / BILLION, line_color="#333")
    return _layout(figure, _("What moves NPV most"), barmode="overlay", xaxis={"title": _("NPV, bn RUB")})


def build_frequency_chart(results: RunResults, _: Translate = str) -> go.Figure | None:
    """Share of re-planned futures that build each plant; None without re-planning."""
    frequency = results.table("build_frequency")
    if frequency.empty:
        return None
    frequency = frequency.sort_values("share")
    figure = go.Figure(
        go.Bar(
            y=[
                f"{process} at {location}"
                for process, location in zip(frequency["process"], frequency["location"], strict=True)
            ],
            x=frequency["share"] * 100,
            orientation="h",
            marker_color=COLOURS[0],
            hovertemplate="%{y}: %{x:.0f} %<extra></extra>",
        )
    )
    return _layout(
        figure,
        _("How often each plant is built"),
        xaxis={"title": _("Share of futures, %"), "range": [0, 100]},
    )
