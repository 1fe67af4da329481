"""Figures of a run, shared by the web pages and the reports: KPI cards, production,
cash flow, the Sankey of element flows, and the risk views.

Pure functions of a run's results (and, for the Sankey, its scenario); every label goes
through ``_`` (catalog domain ``figures``).  Money is RUB of the scenario's base year,
shown in billions; quantities per year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from angara.i18n import Translate
from angara.report.element_flows import ElementFlows, Node, element_flows
from angara.report.production import production_chart
from angara.report.readable import BILLION, N_, number, percent
from angara.report.risk_views import build_frequency_chart, driver_label, npv_histogram, tornado_chart
from angara.report.stages import STAGES, stage_label
from angara.results.read import RunResults
from angara.scenario.model import Scenario
from angara.scenario.names import Names

# the production and risk views live in their own modules; shown here with the other figures
__all__ = [
    "STAGES",
    "Kpi",
    "build_frequency_chart",
    "cashflow_chart",
    "driver_label",
    "kpis",
    "localized",
    "node_label",
    "npv_histogram",
    "production_chart",
    "sankey_chart",
    "tornado_chart",
]

COLOURS = ("#1f5f8b", "#d0792b", "#3f8f5a", "#b8423a", "#7a5ea8", "#8c6d3f", "#c45c9a", "#6b7b8c")
BUDGET_LEVELS = (
    ("federal", N_("Federal budget")),
    ("regional", N_("Regional budgets")),
    ("local", N_("Local budgets")),
)
JOB_KINDS = {"direct": N_("Direct jobs"), "indirect": N_("Indirect jobs"), "induced": N_("Induced jobs")}


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


def node_label(node: Node, _: Translate, names: Names | None = None) -> str:
    """How a node of the element-flow diagram is named: stages through the catalog,
    deposits and products by their scenario names (``names``; the id without one)."""
    if node.kind == "stage":
        return stage_label(node.name, _)
    if node.kind == "deposit":
        return names.of("deposits", node.name) if names is not None else node.name
    if node.kind == "product":
        return names.of("goods", node.name) if names is not None else node.name
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
    names: Names | None = None,
) -> go.Figure:
    """Contained elements (t/yr) from deposits through each stage to the products sold, in
    the period of ``year`` (default: full operation); see :mod:`angara.report.element_flows`.
    Nodes are named in the reader's language (``names``, default the scenario's English
    names); their ids are the nodes' customdata."""
    names = names or Names.of_scenario(scenario, "en")
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
                "label": [node_label(n, _, names) for n in nodes],
                "customdata": [f"{n.kind}:{n.name}" if n.name else n.kind for n in nodes],
                "hovertemplate": "%{label}: %{value:,.1f} " + _("t/yr") + "<extra></extra>",
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
