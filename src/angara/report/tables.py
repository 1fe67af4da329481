"""The key tables of a report, as rows of formatted cells in the reader's language.

Money in the tables is in billions of RUB of the scenario's base year (the header says
so); the Excel workbook keeps every number unformatted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from angara.i18n import Translate
from angara.report.labels import MANDATE_KINDS, SUPPORT_KINDS, TAXES
from angara.report.numerals import Numbers
from angara.results.documents import Jobs, Range, RegionJobs
from angara.results.read import RunResults
from angara.scenario.model import Scenario
from angara.scenario.names import Names

LEVELS = ("federal", "regional", "local")
REST_OF_RUSSIA = "rest_of_russia"


@dataclass(frozen=True)
class Table:
    """A table of the report: ``numeric[i]`` right-aligns column ``i``."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    note: str = ""
    total: bool = False  # the last row is a total, printed bold


def report_names(scenario: Scenario, lang: str, _: Translate) -> Names:
    """The scenario's names in ``lang``, with the ids the results add (the rest of Russia,
    the whole cluster)."""
    return Names.of_scenario(scenario, lang, {REST_OF_RUSSIA: _("rest of Russia"), "cluster": _("cluster")})


@dataclass(frozen=True)
class Tables:
    """Builds the key tables of one run."""

    results: RunResults
    names: Names
    n: Numbers
    _: Translate

    def all(self) -> list[Table]:
        """Every key table the run has data for, in reading order."""
        tables = [
            self.builds(),
            self.mandates(),
            self.output(),
            self.cashflow(),
            self.taxes_by_region(),
            self.taxes_by_tax(),
            self.jobs_by_region(),
            self.diversification(),
            self.targets(),
            self.investors(),
            self.support(),
        ]
        if self.results.risk is not None:
            tables.append(self.risk_ranges())
        return [table for table in tables if table.rows]

    def builds(self) -> Table:
        _, n = self._, self.n
        builds = self.results.table("builds")
        ordered = builds.sort_values(["period", "process", "location"]) if not builds.empty else builds
        rows = [
            [
                str(int(row.period)),
                self.names(row.process),
                self.names(row.location),
                self.names(row.region),
                n.number(float(row.units)),
                n.number(float(row.capacity)),
                n.billions(float(row.capex_rub), 2),
            ]
            for row in ordered.itertuples(index=False)
        ]
        columns = [_("From"), _("Plant"), _("Location"), _("Region"), _("Modules"), _("Capacity, t/yr")]
        return Table(
            "builds",
            _("Plants built"),
            [*columns, _("CAPEX, bn RUB")],
            rows,
            [False, False, False, False, True, True, True],
            _("From: the first year of operation. Capacity in tonnes a year of the plant's reference good."),
        )

    def mandates(self) -> Table:
        """What each commitment costs the cluster, and what it brings in jobs and taxes."""
        _, n = self._, self.n
        mandates = self.results.table("mandates")
        rows = [
            [
                str(row.id),
                _(MANDATE_KINDS.get(str(row.kind), str(row.kind))),
                str(row.year),
                _("yes") if str(row.met).lower() in ("true", "1") else _("no"),
                n.billions(_finite(row.cost_rub), 2),
                n.number(_finite(row.direct_jobs)),
                n.billions(_finite(row.taxes_rub), 2),
            ]
            for row in mandates.itertuples(index=False)
        ]
        together = self.results.plan.mandates_together or {}
        if rows and together:
            rows.append(
                [
                    _("All together"),
                    "",
                    "",
                    "",
                    n.billions(together.get("cost_rub"), 2),
                    n.number(together.get("direct_jobs")),
                    n.billions(together.get("taxes_rub"), 2),
                ]
            )
        columns = [_("Commitment"), _("Kind"), _("Year"), _("Met"), _("Cost, bn RUB")]
        return Table(
            "mandates",
            _("What each commitment costs the cluster, and what it brings in jobs and taxes"),
            [*columns, _("Direct jobs"), _("Taxes, bn RUB")],
            rows,
            [False, False, True, False, True, True, True],
            _(
                "Cost: the NPV of the plan without commitments less that with this one alone, each "
                "re-solved; jobs and taxes: what it adds to the plan without commitments."
            ),
            total=bool(together),
        )

    def output(self) -> Table:
        _, n = self._, self.n
        output = pd.DataFrame([row.model_dump() for row in self.results.plan.output])
        if output.empty:
            return Table("output", _("Output by product, t/yr"), [], [])
        tonnes = output.pivot_table(index="good", columns="period", values="tonnes", aggfunc="sum")
        revenue = output.pivot_table(index="period", values="revenue_rub", aggfunc="sum")["revenue_rub"]
        periods = [int(p) for p in tonnes.columns]
        rows = [
            [self.names(good), *(n.number(tonnes.at[good, p], 1) for p in tonnes.columns)]
            for good in sorted(tonnes.index, key=self.names)
        ]
        rows.append([_("Revenue, bn RUB/yr"), *(n.billions(revenue.get(p), 1) for p in tonnes.columns)])
        return Table(
            "output",
            _("Output by product, t/yr"),
            [_("Product"), *(str(p) for p in periods)],
            rows,
            [False, *[True] * len(periods)],
            _("Tonnes sold a year in each period (the column is the period's first year)."),
            total=True,
        )

    def cashflow(self) -> Table:
        _, n = self._, self.n
        flows = self.results.table("cashflows")
        if flows.empty:
            return Table("cashflow", _("Cash flow of the cluster, bn RUB"), [], [])
        cluster = flows[flows["entity_kind"] == "cluster"].sort_values("year")
        taxes = sum(
            (
                cluster[c]
                for c in ("property_tax_rub", "land_tax_rub", "extraction_tax_rub", "profit_tax_rub")
            ),
            start=pd.Series(0.0, index=cluster.index),
        )
        cumulative = cluster["free_cash_flow_rub"].cumsum()
        rows = [
            [
                str(int(row.year)),
                n.billions(row.revenue_rub),
                n.billions(row.operating_cost_rub),
                n.billions(taxes[index]),
                n.billions(row.capex_rub),
                n.billions(row.free_cash_flow_rub),
                n.billions(row.discounted_fcf_rub),
                n.billions(cumulative[index]),
            ]
            for index, row in cluster.iterrows()
        ]
        columns = [_("Year"), _("Revenue"), _("Operating costs"), _("Taxes"), _("CAPEX")]
        return Table(
            "cashflow",
            _("Cash flow of the cluster, bn RUB"),
            [*columns, _("Free cash flow"), _("Discounted"), _("Cumulative")],
            rows,
            [False, *[True] * 7],
            _("Taxes: property, land, mineral extraction and profit tax paid by the plants."),
        )

    def taxes_by_region(self) -> Table:
        _, n = self._, self.n
        taxes = self.results.assessment.taxes
        rows = [
            [
                self.names(region),
                *(n.billions(levels.get(level, 0.0)) for level in LEVELS),
                n.billions(sum(levels.values())),
            ]
            for region, levels in sorted(taxes.by_region.items(), key=lambda item: self.names(item[0]))
        ]
        if rows:
            rows.append(
                [
                    _("Total"),
                    *(n.billions(taxes.by_level.get(level, 0.0)) for level in LEVELS),
                    n.billions(taxes.total_rub),
                ]
            )
        return Table(
            "taxes_by_region",
            _("Taxes by budget level and region, bn RUB"),
            [_("Region"), _("federal"), _("regional"), _("local"), _("Total")],
            rows,
            [False, True, True, True, True],
            _("Sums over the horizon, undiscounted."),
            total=True,
        )

    def taxes_by_tax(self) -> Table:
        _, n = self._, self.n
        taxes = self.results.assessment.taxes
        rows = [[_(TAXES.get(tax, tax)), n.billions(amount)] for tax, amount in sorted(taxes.by_tax.items())]
        if rows:
            rows.append([_("Total"), n.billions(taxes.total_rub)])
        insurance = taxes.insurance_contributions_rub
        note = _("Insurance contributions (a labour cost, not in the totals): {amount}.").format(
            amount=n.money(insurance)
        )
        return Table(
            "taxes_by_tax",
            _("Taxes by tax, bn RUB"),
            [_("Tax"), _("Amount")],
            rows,
            [False, True],
            note,
            total=True,
        )

    def jobs_by_region(self) -> Table:
        _, n = self._, self.n
        jobs = self.results.assessment.jobs
        ordered = sorted(jobs.by_region, key=lambda region: (region == REST_OF_RUSSIA, self.names(region)))
        rows = [[self.names(region), *_job_counts(jobs.by_region[region], n)] for region in ordered]
        if rows:
            rows.append([_("Total"), *_job_counts(jobs, n)])
        year = jobs.year
        return Table(
            "jobs_by_region",
            _("Jobs by region at full operation ({year})").format(year=year),
            [_("Region"), _("Direct"), _("Indirect"), _("Induced"), _("Construction, person-years")],
            rows,
            [False, True, True, True, True],
            _("Construction: person-years over the whole horizon."),
            total=True,
        )

    def diversification(self) -> Table:
        _, n = self._, self.n
        regions = self.results.assessment.diversification
        rows = []
        for region, values in sorted(regions.items(), key=lambda item: self.names(item[0])):
            before, after = values.before, values.after
            rows.append(
                [
                    self.names(region),
                    str(values.year or ""),
                    f"{n.percent(before.manufacturing_share)} → {n.percent(after.manufacturing_share)}",
                    f"{n.percent(before.high_tech_share)} → {n.percent(after.high_tech_share)}",
                    f"{n.number(before.hhi, 3)} → {n.number(after.hhi, 3)}",
                    f"{n.number(before.shannon, 3)} → {n.number(after.shannon, 3)}",
                ]
            )
        columns = [_("Region"), _("Year"), _("Manufacturing share"), _("High-tech share")]
        return Table(
            "diversification",
            _("Industrial structure before → after"),
            [*columns, _("HHI"), _("Shannon index")],
            rows,
            [False, False, True, True, True, True],
            _(
                "Manufacturing share of industrial output; high-tech: high and medium-high tech branches' "
                "share of manufacturing. HHI: lower is more diverse; Shannon: higher is more diverse."
            ),
        )

    def targets(self) -> Table:
        _, n = self._, self.n
        rows = []
        for target in self.results.assessment.targets:
            show = n.percent if target.indicator.endswith("share") else n.number
            rows.append(
                [
                    self.names(target.region),
                    target.name,
                    str(target.year),
                    show(target.target),
                    show(target.plan_in_target_year),
                    show(target.plan_at_full_operation),
                ]
            )
        columns = [_("Region"), _("Target"), _("Year"), _("Value"), _("Plan in that year")]
        return Table(
            "targets",
            _("Strategy targets"),
            [*columns, _("Plan at full operation")],
            rows,
            [False, False, False, True, True, True],
        )

    def investors(self) -> Table:
        _, n = self._, self.n
        investors = sorted(self.results.assessment.investors, key=lambda i: -(i.npv_rub or 0))
        rows = [
            [
                i.investor,
                n.billions(i.capex_rub),
                n.billions(i.npv_rub),
                n.percent(i.irr),
                n.number(i.payback_years, 1),
                n.billions(i.taxes_paid_rub),
            ]
            for i in investors
        ]
        columns = [_("Investor"), _("CAPEX, bn RUB"), _("NPV, bn RUB"), _("IRR")]
        return Table(
            "investors",
            _("Investors"),
            [*columns, _("Payback, years"), _("Taxes paid, bn RUB")],
            rows,
            [False, True, True, True, True, True],
        )

    def support(self) -> Table:
        """Each support instrument's budget cost beside its plants' NPV gain, taxes and jobs."""
        _, n = self._, self.n
        support = self.results.assessment.support
        rows = [
            [
                row.id,
                _(SUPPORT_KINDS.get(row.kind, row.kind)),
                n.number(row.plants),
                n.billions(row.budget_cost_rub, 2),
                n.billions(row.budget_cost_discounted_rub, 2),
                n.billions(row.plant_npv_effect_rub, 2),
                n.billions(row.taxes_rub, 2),
                n.number(row.jobs),
            ]
            for row in (support.instruments if support is not None else [])
        ]
        columns = [_("Instrument"), _("Kind"), _("Plants"), _("Budget cost"), _("Discounted")]
        return Table(
            "support",
            _("Support instruments: budget cost, bn RUB"),
            [*columns, _("Plants' NPV gain"), _("Taxes to the paying budgets"), _("Jobs")],
            rows,
            [False, False, True, True, True, True, True, True],
            _(
                "Budget cost over the horizon; taxes: what the supported plants pay over the horizon "
                "to the budgets that pay for the instrument; jobs: direct, indirect and induced at full "
                "operation."
            ),
        )

    def risk_ranges(self) -> Table:
        _, n = self._, self.n
        risk = self.results.risk
        if risk is None:
            return Table("risk_ranges", "", [], [])
        ranges = [
            (_("NPV, bn RUB"), Range(p10=risk.npv_p10, p50=risk.npv_p50, p90=risk.npv_p90)),
            (_("CAPEX, bn RUB"), risk.capex),
        ]
        if "total" in risk.taxes:
            ranges.append((_("Taxes, bn RUB, undiscounted"), risk.taxes["total"]))
        rows = [[label, n.billions(r.p10), n.billions(r.p50), n.billions(r.p90)] for label, r in ranges]
        jobs = risk.jobs
        rows.append([_("Jobs"), n.number(jobs.p10), n.number(jobs.p50), n.number(jobs.p90)])
        return Table(
            "risk_ranges",
            _("Ranges over {samples} sampled futures").format(samples=n.number(risk.samples)),
            ["", "P10", "P50", "P90"],
            rows,
            [False, True, True, True],
        )


def _job_counts(jobs: Jobs | RegionJobs, n: Numbers) -> list[str]:
    """Direct, indirect, induced jobs and construction person-years, formatted."""
    return [
        n.number(jobs.direct),
        n.number(jobs.indirect),
        n.number(jobs.induced),
        n.number(jobs.construction_person_years),
    ]


def _finite(value: Any) -> float | None:
    """A number read from a results table, or None when empty or not finite."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if pd.notna(number) and abs(number) != float("inf") else None
