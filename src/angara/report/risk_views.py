"""The risk views of a run: the NPV distribution, the tornado of what moves NPV most and how
often each plant is built over re-planned futures.

Every label is in the reader's language: drivers through the ``figures`` catalog, price
factors and plants by their scenario names (:class:`angara.scenario.names.Names`), shares
with Babel's percent format.  Each view is None when the run has no such analysis.
"""

from __future__ import annotations

import itertools
from typing import Any

import plotly.graph_objects as go

from angara.i18n import Translate
from angara.report.readable import BILLION, N_, percent
from angara.results.read import RunResults
from angara.scenario.names import PLANT_SEPARATOR, Names

COLOURS = ("#1f5f8b", "#d0792b", "#3f8f5a", "#b8423a", "#7a5ea8", "#8c6d3f", "#c45c9a", "#6b7b8c")
DRIVERS = {
    "exchange_rate": N_("Exchange rate (RUB per USD)"),
    "prices": N_("All prices"),
    "discount_rate": N_("Discount rate"),
    "capex": N_("CAPEX of the plants"),
    "transport": N_("Transport tariffs"),
    "electricity": N_("Electricity tariff"),
}
PRICE_DRIVER = "price:"
BAR_HEIGHT = 30  # px per tornado bar: one readable label per bar
FRAME_HEIGHT = 140  # px of title, axis and legend around the bars


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


def npv_histogram(results: RunResults, _: Translate = str, lang: str = "en") -> go.Figure | None:
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
        samples=risk.samples, probability=percent(risk.prob_npv_negative, lang)
    )
    return _layout(
        figure, title, xaxis={"title": _("NPV, bn RUB")}, yaxis={"title": _("Samples")}, bargap=0.02
    )


def driver_label(driver: str, label: str, _: Translate, names: Names | None = None) -> str:
    """A tornado driver in the reader's language; a price factor by its scenario name."""
    if driver in DRIVERS:
        return _(DRIVERS[driver])
    if driver.startswith(PRICE_DRIVER):
        factor = driver[len(PRICE_DRIVER) :]
        named = names.of("price_factors", factor) if names is not None else factor
        if named == factor:  # no scenario name: the one the risk analysis wrote
            named = label.partition(": ")[2] or factor
        return _("Prices: {factor}").format(factor=named)
    return label


def tornado_chart(results: RunResults, _: Translate = str, names: Names | None = None) -> go.Figure | None:
    """NPV (bn RUB) with each driver at its low and high setting, widest swing on top, a
    label on every bar (the figure grows with the number of drivers); None without a tornado."""
    bars = results.table("tornado")
    if bars.empty or results.risk is None:
        return None
    base = results.risk.tornado.base.npv_rub
    bars = bars.sort_values("swing_rub")
    labels = [
        driver_label(str(d), str(lab), _, names) for d, lab in zip(bars["driver"], bars["label"], strict=True)
    ]
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
                customdata=list(bars["driver"].astype(str)),
                hovertemplate="%{y}: %{x:,.1f}<extra>" + name + "</extra>",
            )
        )
    figure.add_vline(x=base / BILLION, line_color="#333")
    # Plotly drops every other category tick when they crowd: name every tick, and give each
    # bar room enough for its label
    return _layout(
        figure,
        _("What moves NPV most"),
        barmode="overlay",
        xaxis={"title": _("NPV, bn RUB")},
        yaxis={"tickmode": "array", "tickvals": labels, "ticktext": labels, "automargin": True},
        height=FRAME_HEIGHT + BAR_HEIGHT * len(labels),
    )


def build_frequency_chart(
    results: RunResults, _: Translate = str, names: Names | None = None
) -> go.Figure | None:
    """Share of re-planned futures that build each plant; None without re-planning."""
    frequency = results.table("build_frequency")
    if frequency.empty:
        return None
    frequency = frequency.sort_values("share")
    named = names or Names("en")
    keys = [
        f"{process}{PLANT_SEPARATOR}{location}"
        for process, location in zip(frequency["process"], frequency["location"], strict=True)
    ]
    labels = [named(key) if named.known(key) else key.replace(PLANT_SEPARATOR, ", ") for key in keys]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=frequency["share"] * 100,
            orientation="h",
            marker_color=COLOURS[0],
            customdata=keys,
            hovertemplate="%{y}: %{x:.0f} %<extra></extra>",
        )
    )
    return _layout(
        figure,
        _("How often each plant is built"),
        xaxis={"title": _("Share of futures, %"), "range": [0, 100]},
        yaxis={"tickmode": "array", "tickvals": labels, "ticktext": labels, "automargin": True},
        height=FRAME_HEIGHT + BAR_HEIGHT * len(labels),
    )
