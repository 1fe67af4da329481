"""What the pages show, as plain data for the templates: KPI cards, the comparison of two
runs and the editable tables of a scenario."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from angara.i18n import Translate
from angara.report.figures import Kpi, kpis
from angara.report.readable import N_, quantity
from angara.results.read import RunResults
from angara.scenario.model import Scenario

# card (data-testid kpi-<card>) → title and the KPI keys it shows (prefix match)
CARDS: tuple[tuple[str, str, str], ...] = (
    ("npv", N_("Net present value"), "npv"),
    ("irr", N_("Internal rate of return"), "irr"),
    ("capex", N_("Investment"), "capex"),
    ("jobs", N_("Jobs"), "jobs_"),
    ("taxes", N_("Taxes by budget level"), "taxes_"),
    ("diversification", N_("High-tech share of industry"), "diversification_"),
    ("city", N_("Satellite city"), "city"),
)
# words the templates translate from data (a run's status and kind, an account's role)
STATUSES = (N_("queued"), N_("running"), N_("done"), N_("failed"), N_("cancelled"))
KINDS = (N_("plan"), N_("risk"))
ROLES = (N_("viewer"), N_("analyst"), N_("admin"))
# the kinds of mandate, as the run page names them
MANDATE_KINDS = {
    "must_build": N_("must build"),
    "min_output": N_("minimum output"),
    "production_share": N_("production share"),
    "local_processing": N_("local processing"),
    "investment_floor": N_("investment floor"),
    "jobs_floor": N_("jobs floor"),
}
TABLES = ("builds", "sales", "flows", "cashflows", "entities", "taxes", "jobs", "diversification", "city")
RISK_TABLES = ("risk_samples", "risk_plants", "tornado", "build_frequency")


@dataclass
class Line:
    """One figure on a card: its label, value as text and what it covers."""

    label: str
    value: str
    detail: str = ""
    others: list[str] = field(default_factory=list)  # compared runs: more values, then differences


@dataclass
class Card:
    key: str
    title: str
    lines: list[Line]


def slider_years(*runs: RunResults) -> tuple[int, int]:
    """The year slider's range: the first to the last year the runs' plan periods stand for."""
    spans = [run.plan.years() for run in runs]
    return min(first for first, _ in spans), max(last for _, last in spans)


def region_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """Region names in ``lang`` by id."""
    return {r.id: (r.name_ru or r.name) if lang == "ru" else r.name for r in scenario.regions}


def kpi_cards(
    results: RunResults, scenario: Scenario, _: Translate, figures_: Translate, lang: str
) -> list[Card]:
    """The run page's KPI cards."""
    found = kpis(results, figures_, lang, region_names(scenario, lang))
    return [
        Card(
            card,
            _(title),
            [Line(k.label, quantity(k.value, k.unit, lang), k.detail) for k in _pick(found, prefix)],
        )
        for card, title, prefix in CARDS
    ]


def _pick(found: Sequence[Kpi], prefix: str) -> list[Kpi]:
    return [k for k in found if k.key == prefix or (prefix.endswith("_") and k.key.startswith(prefix))]


def compared_cards(
    a: RunResults, b: RunResults, scenario: Scenario, _: Translate, figures_: Translate, lang: str
) -> list[Card]:
    """KPI cards of two runs side by side, with B − A."""
    names = region_names(scenario, lang)
    first = {k.key: k for k in kpis(a, figures_, lang, names)}
    second = {k.key: k for k in kpis(b, figures_, lang, names)}
    cards = []
    for card, title, prefix in CARDS:
        lines = []
        for key in sorted(set(first) | set(second), key=lambda k: list({**first, **second}).index(k)):
            one, two = first.get(key), second.get(key)
            kpi = one or two
            assert kpi is not None
            if not _pick([kpi], prefix):
                continue
            before = one.value if one else None
            after = two.value if two else None
            change = None if before is None or after is None else after - before
            unit = "pp" if kpi.unit == "share" else kpi.unit
            difference = quantity(change, unit, lang)
            lines.append(
                Line(
                    kpi.label,
                    quantity(before, kpi.unit, lang),
                    "",
                    [quantity(after, kpi.unit, lang), difference],
                )
            )
        cards.append(Card(card, _(title), lines))
    return cards


@dataclass(frozen=True)
class BuildRow:
    process: str
    location: str
    region: str
    a: str  # "2031: 2 × 250,000 t/yr" or ""
    b: str


def compared_builds(a: RunResults, b: RunResults) -> dict[str, list[BuildRow]]:
    """Plants (process at location) built only in A, only in B, and in both, with first year
    and modules."""

    def built(results: RunResults) -> dict[tuple[str, str], tuple[str, str]]:
        table = results.table("builds")
        found: dict[tuple[str, str], tuple[str, str]] = {}
        for row in table.itertuples(index=False) if not table.empty else ():
            plant = (str(row.process), str(row.location))
            text = f"{row.period}: {row.units:g} × {row.unit_capacity:,.0f} t/yr"
            previous = found.get(plant, ("", ""))[1]
            found[plant] = (str(row.region), f"{previous}; {text}" if previous else text)
        return found

    first, second = built(a), built(b)
    groups: dict[str, list[BuildRow]] = {"only_a": [], "only_b": [], "both": []}
    for plant in sorted(set(first) | set(second)):
        region = (first.get(plant) or second.get(plant) or ("", ""))[0]
        row = BuildRow(*plant, region, first.get(plant, ("", ""))[1], second.get(plant, ("", ""))[1])
        group = "both" if plant in first and plant in second else "only_a" if plant in first else "only_b"
        groups[group].append(row)
    return groups
