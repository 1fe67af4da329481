"""What a report says, independent of its format: facts, headline figures, figures, tables,
assumptions and sources, every label in the reader's language.

:func:`compose` gathers it once; the HTML and the PDF are drawn from the same
:class:`Report`, so both say the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date

from angara.i18n import translator
from angara.report.charts import Chart, report_figures
from angara.report.labels import LEVELS, PLAN_STATUSES, STATUSES, TAXES, TRANSFER_PRICES
from angara.report.numerals import Numbers
from angara.report.sources import Source, scenario_sources
from angara.report.tables import Table, Tables, report_names
from angara.results.read import RunResults
from angara.scenario.model import Scenario
from angara.scenario.names import Names

DOMAIN = "report"


@dataclass(frozen=True)
class Fact:
    """A labelled value, with an optional line of detail under it."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Report:
    """Everything a report shows; ``problems`` says what is missing from it and why."""

    lang: str
    title: str
    facts: list[Fact]
    kpis: list[Fact]
    structure: list[Fact]
    risk: list[Fact]
    map: Chart | None
    figures: list[Chart]
    tables: list[Table]
    assumptions: list[Fact]
    rules: list[Table]
    notes: list[str]
    sources: list[Source]
    source_statuses: list[Fact]
    problems: list[str] = field(default_factory=list)


def compose(results: RunResults, scenario: Scenario, lang: str, *, draw: bool = True) -> Report:
    """The report of ``results`` (a run of ``scenario``) in ``lang`` (``ru`` or ``en``).

    With ``draw=False`` the map and charts are left out (each with a note), which saves
    starting a browser.
    """
    _ = translator(lang, DOMAIN)
    n = Numbers(lang, _)
    names = report_names(scenario, lang, _)
    meta = scenario.meta
    title = meta.title_ru if lang == "ru" and meta.title_ru else meta.title
    map_figure, figures = report_figures(results, scenario, lang, _, draw=draw)
    sources, statuses = scenario_sources(scenario)
    problems = [
        _("{title}: not drawn ({reason})").format(title=figure.title, reason=figure.missing)
        for figure in ([map_figure] if map_figure else []) + figures
        if figure.missing
    ]
    return Report(
        lang=lang,
        title=title,
        facts=_facts(results, scenario, n, _),
        kpis=_kpis(results, n, _),
        structure=_structure(results, names, n, _),
        risk=_risk(results, n, _),
        map=map_figure,
        figures=figures,
        tables=Tables(results, names, n, _).all(),
        assumptions=_assumptions(results, scenario, n, _),
        rules=_rules(scenario, names, n, _),
        notes=[*results.plan.notes, *results.assessment.notes],
        sources=sources,
        source_statuses=[Fact(_(STATUSES.get(k, k)), n.number(v)) for k, v in statuses.items()],
        problems=problems,
    )


def _facts(results: RunResults, scenario: Scenario, n: Numbers, _: Any) -> list[Fact]:
    meta, plan, assessment = scenario.meta, results.plan, results.assessment
    status = plan.status
    facts = [
        Fact(_("Scenario"), meta.name, meta.description or ""),
        Fact(_("Report date"), format_date(datetime.date.today(), format="long", locale=n.lang)),
        Fact(
            _("Money"),
            _("RUB of {year}").format(year=assessment.money_of_year),
            _("constant prices"),
        ),
        Fact(
            _("Discount rate"),
            n.percent(assessment.discount_rate),
            _("real, discounted to {year}").format(year=assessment.discounted_to_year),
        ),
        Fact(_("Horizon"), f"{meta.first_year}–{meta.last_year}"),
        Fact(
            _("Plan"),
            _(PLAN_STATUSES.get(status, status)),
            _("MIP gap {gap}, solver {solver}").format(gap=n.percent(plan.mip_gap, 2), solver=plan.solver),
        ),
    ]
    if results.risk is not None:
        facts.append(
            Fact(
                _("Risk analysis"),
                _("{samples} samples").format(samples=n.number(results.risk.samples)),
                _("seed {seed}").format(seed=results.risk.seed),
            )
        )
    return facts


def _kpis(results: RunResults, n: Numbers, _: Any) -> list[Fact]:
    a = results.assessment
    jobs, taxes, city = a.jobs, a.taxes, a.city
    by_level = taxes.by_level
    kpis = [
        Fact(_("NPV after tax"), n.money(a.npv_rub), n.money(a.npv_usd, "USD")),
        Fact(_("IRR"), n.percent(a.irr)),
        Fact(_("CAPEX"), n.money(a.capex_rub), n.money(a.capex_usd, "USD")),
        Fact(
            _("Payback"),
            n.years(a.payback_years),
            _("discounted: {years}").format(years=n.years(a.discounted_payback_years)),
        ),
        Fact(_("Direct jobs"), n.number(jobs.direct), _("at full operation, {year}").format(year=jobs.year)),
        Fact(_("Indirect jobs"), n.number(jobs.indirect), _("suppliers (type I)")),
        Fact(_("Induced jobs"), n.number(jobs.induced), _("household spending (type II)")),
        Fact(_("Construction"), n.number(jobs.construction_person_years), _("person-years")),
        Fact(_("Taxes"), n.money(taxes.total_rub), _("all budgets, undiscounted")),
    ]
    if taxes.total_discounted_rub is not None:
        kpis.append(
            Fact(
                _("Taxes, discounted"),
                n.money(taxes.total_discounted_rub),
                _("all budgets, discounted to {year}").format(year=a.discounted_to_year),
            )
        )
    kpis += [
        Fact(_("Taxes: {level}").format(level=_(label)), n.money(by_level.get(level)))
        for level, label in LEVELS.items()
    ]
    kpis.append(
        Fact(
            _("Satellite city"),
            _("{residents} residents").format(residents=n.number(city.residents)),
            _("{migrants} in-migrating workers, {cost}").format(
                migrants=n.number(city.migrants), cost=n.money(city.cost_rub)
            ),
        )
    )
    return kpis


def _structure(results: RunResults, names: Names, n: Numbers, _: Any) -> list[Fact]:
    """Diversification change per region: manufacturing share, with the HHI beside it."""
    facts = []
    regions = results.assessment.diversification
    for region, values in sorted(regions.items(), key=lambda item: names(item[0])):
        before, after = values.before, values.after
        facts.append(
            Fact(
                _("Manufacturing share: {region}").format(region=names(region)),
                f"{n.percent(before.manufacturing_share)} → {n.percent(after.manufacturing_share)}",
                _("HHI {before} → {after}").format(
                    before=n.number(before.hhi, 3), after=n.number(after.hhi, 3)
                ),
            )
        )
    return facts


def _risk(results: RunResults, n: Numbers, _: Any) -> list[Fact]:
    risk = results.risk
    if risk is None:
        return []
    return [
        Fact(_("NPV P10"), n.money(risk.npv_p10)),
        Fact(_("NPV P50"), n.money(risk.npv_p50)),
        Fact(_("NPV P90"), n.money(risk.npv_p90)),
        Fact(_("P(NPV < 0)"), n.percent(risk.prob_npv_negative, 2)),
    ]


def _assumptions(results: RunResults, scenario: Scenario, n: Numbers, _: Any) -> list[Fact]:
    meta, settings = scenario.meta, scenario.meta.assessment
    prices = scenario.prices
    years = sorted({price.year for price in prices})
    rates = "; ".join(
        _("{rate} RUB/USD from {year}").format(rate=n.number(rate.rub_per_usd, 1), year=rate.year)
        for rate in scenario.exchange_rates
    )
    facts = [
        Fact(_("Money"), _("constant RUB of {year}").format(year=meta.base_year)),
        Fact(
            _("Discount rate"),
            n.percent(meta.discount_rate),
            _("real, discounted to {year}").format(year=meta.first_year),
        ),
        Fact(
            _("Prices"),
            _("{rows} prices of {goods} goods on {markets} markets").format(
                rows=n.number(len(prices)),
                goods=n.number(len({p.good for p in prices})),
                markets=n.number(len({p.market for p in prices})),
            ),
            _("given from {first} to {last}; each holds until the next; in constant {year} RUB").format(
                first=years[0] if years else "—", last=years[-1] if years else "—", year=meta.base_year
            ),
        ),
        Fact(_("Exchange rate"), rates or "—"),
        Fact(_("Transfer prices"), _(TRANSFER_PRICES.get(settings.transfer_price, settings.transfer_price))),
        Fact(_("Construction share of CAPEX"), n.percent(settings.construction_share)),
        Fact(_("Labour cost per job"), n.money(settings.labour_cost_per_job)),
        Fact(_("Propensity to consume"), n.percent(settings.propensity_to_consume)),
        Fact(_("Local share of indirect and induced jobs"), n.percent(settings.local_share)),
    ]
    risk = meta.risk
    samples = results.risk.samples if results.risk else risk.samples
    seed = results.risk.seed if results.risk else risk.seed
    facts += [
        Fact(
            _("Monte Carlo"), _("{samples} samples, seed {seed}").format(samples=n.number(samples), seed=seed)
        ),
        Fact(
            _("CAPEX overrun"),
            _("median × {median}, log σ {sigma}, common to all plants {common}").format(
                median=n.number(risk.capex_overrun_median, 2),
                sigma=n.number(risk.capex_overrun_sigma, 2),
                common=n.percent(risk.capex_overrun_common, 0),
            ),
        ),
        Fact(
            _("Sensitivity"),
            _("each driver ± {swing}; discount rate {low} and {high}").format(
                swing=n.percent(risk.sensitivity, 0),
                low=n.percent(risk.discount_low),
                high=n.percent(risk.discount_high),
            ),
        ),
    ]
    return facts


def _rules(scenario: Scenario, names: Names, n: Numbers, _: Any) -> list[Table]:
    """The tax rules and incentives the assessment applied."""
    everywhere = _("every region")
    taxes = Table(
        "tax_rules",
        _("Tax rules"),
        [_("Tax"), _("Region"), _("Rate"), _("federal"), _("regional"), _("local"), _("Base")],
        [
            [
                _(TAXES.get(tax.tax, tax.tax)),
                everywhere if tax.region == "*" else names(tax.region),
                n.percent(tax.rate, 2),
                n.percent(tax.federal, 0),
                n.percent(tax.regional, 0),
                n.percent(tax.local, 0),
                tax.base or "",
            ]
            for tax in scenario.taxes
        ],
        [False, False, True, True, True, True, False],
        _("Shares of the receipts going to each budget level."),
    )
    incentives = Table(
        "incentives",
        _("Tax incentives"),
        [_("Incentive"), _("Tax"), _("Where"), _("Rate"), _("Starts, year of revenue"), _("Years")],
        [
            [
                incentive.name,
                _(TAXES.get(incentive.tax, incentive.tax)),
                names(incentive.site or incentive.region or "") or everywhere,
                n.percent(incentive.rate, 2),
                str(incentive.start + 1),
                str(incentive.duration),
            ]
            for incentive in scenario.incentives
        ],
        [False, False, False, True, True, True],
    )
    return [table for table in (taxes, incentives) if table.rows]
