"""The key tables of a report, as rows of formatted cells in the reader's language.

Money in the tables is in billions of RUB of the scenario's base year (the header says
so); the Excel workbook keeps every number unformatted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from angara.i18n import Translate
from angara.report.labels import TAXES
from angara.report.numerals import Numbers
from angara.report.results import RunResults
from angara.scenario.model import Scenario

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


@dataclass(frozen=True)
class Names:
    """Readable names of the scenario's ids (regions in the reader's language)."""

    names: dict[str, str]

    @classmethod
    def of(cls, scenario: Scenario, lang: str, _: Translate) -> Names:
        names: dict[str, str] = {REST_OF_RUSSIA: _("rest of Russia"), "cluster": _("cluster")}
        for table in ("goods", "processes", "sites", "deposits", "markets", "skills"):
            for row in scenario.table(table):
                names[str(row.id)] = str(row.name)  # type: ignore[attr-defined]
        for region in scenario.regions:
            names[region.id] = region.name_ru if lang == "ru" and region.name_ru else region.name
        return cls(names)

    def __call__(self, key: Any) -> str:
        text = "" if key is None or (isinstance(key, float) and pd.isna(key)) else str(key)
        return self.names.get(text, text)


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
            self.output(),
            self.cashflow(),
            self.taxes_by_region(),
            self.taxes_by_tax(),
            self.jobs_by_region(),
            self.diversification(),
            self.targets(),
            self.investors(),
        ]
        if self.results.risk is not None:
            tables.append(self.risk_ranges())
        return [table for table in tables if table.rows]

    def builds(self) -> Table:
        _, n = self._, self.n
        rows = [
            [
                str(int(row["period"])),
                self.names(row["process"]),
                self.names(row["location"]),
                self.names(row["region"]),
                n.number(row["units"]),
                n.number(row["capacity"]),
                n.billions(row["capex_rub"], 2),
            ]
            for row in sorted(
                self.results.plan.get("builds", []), key=lambda r: (r["period"], r["process"], r["location"])
            )
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

    def output(self) -> Table:
        _, n = self._, self.n
        output = pd.DataFrame(self.results.plan.get("output", []))
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
        taxes = self.results.assessment.get("taxes") or {}
        by_region: dict[str, dict[str, float]] = taxes.get("by_region") or {}
        rows = [
            [
                self.names(region),
                *(n.billions(levels.get(level, 0.0)) for level in LEVELS),
                n.billions(sum(levels.values())),
            ]
            for region, levels in sorted(by_region.items(), key=lambda item: self.names(item[0]))
        ]
        by_level: dict[str, float] = taxes.get("by_level") or {}
        if rows:
            rows.append(
                [
                    _("Total"),
                    *(n.billions(by_level.get(level, 0.0)) for level in LEVELS),
                    n.billions(taxes.get("total_rub")),
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
        taxes = self.results.assessment.get("taxes") or {}
        by_tax: dict[str, float] = taxes.get("by_tax") or {}
        rows = [[_(TAXES.get(tax, tax)), n.billions(amount)] for tax, amount in sorted(by_tax.items())]
        if rows:
            rows.append([_("Total"), n.billions(taxes.get("total_rub"))])
        insurance = taxes.get("insurance_contributions_rub")
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
        jobs = self.results.assessment.get("jobs") or {}
        by_region: dict[str, dict[str, float]] = jobs.get("by_region") or {}
        kinds = ("direct", "indirect", "induced", "construction_person_years")
        ordered = sorted(by_region, key=lambda region: (region == REST_OF_RUSSIA, self.names(region)))
        rows = [[self.names(r), *(n.number(by_region[r].get(k)) for k in kinds)] for r in ordered]
        if rows:
            rows.append([_("Total"), *(n.number(jobs.get(k)) for k in kinds)])
        year = jobs.get("year")
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
        regions: dict[str, dict[str, Any]] = self.results.assessment.get("diversification") or {}
        rows = []
        for region, values in sorted(regions.items(), key=lambda item: self.names(item[0])):
            before, after = values.get("before", {}), values.get("after", {})

            def change(key: str, share: bool, b: dict[str, Any] = before, a: dict[str, Any] = after) -> str:
                if share:
                    return f"{n.percent(b.get(key))} → {n.percent(a.get(key))}"
                return f"{n.number(b.get(key), 3)} → {n.number(a.get(key), 3)}"

            rows.append(
                [
                    self.names(region),
                    str(values.get("year", "")),
                    change("manufacturing_share", True),
                    change("high_tech_share", True),
                    change("hhi", False),
                    change("shannon", False),
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
        for target in self.results.assessment.get("targets") or []:
            share = target.get("indicator", "").endswith("share")
            show = n.percent if share else n.number
            rows.append(
                [
                    self.names(target.get("region")),
                    str(target.get("name", "")),
                    str(target.get("year", "")),
                    show(target.get("target")),
                    show(target.get("plan_in_target_year")),
                    show(target.get("plan_at_full_operation")),
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
        investors = sorted(self.results.assessment.get("investors") or [], key=lambda i: -(i["npv_rub"] or 0))
        rows = [
            [
                str(i["investor"]),
                n.billions(i.get("capex_rub")),
                n.billions(i.get("npv_rub")),
                n.percent(i.get("irr")),
                n.number(i.get("payback_years"), 1),
                n.billions(i.get("taxes_paid_rub")),
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

    def risk_ranges(self) -> Table:
        _, n = self._, self.n
        risk = self.results.risk or {}
        taxes = (risk.get("taxes") or {}).get("total") or {}
        ranges = [
            (
                _("NPV, bn RUB"),
                {"p10": risk.get("npv_p10"), "p50": risk.get("npv_p50"), "p90": risk.get("npv_p90")},
            ),
            (_("CAPEX, bn RUB"), risk.get("capex") or {}),
            (_("Taxes, bn RUB"), taxes),
        ]
        rows = [[label, *(n.billions(r.get(p)) for p in ("p10", "p50", "p90"))] for label, r in ranges]
        jobs = risk.get("jobs") or {}
        rows.append([_("Jobs"), *(n.number(jobs.get(p)) for p in ("p10", "p50", "p90"))])
        return Table(
            "risk_ranges",
            _("Ranges over {samples} sampled futures").format(samples=n.number(risk.get("samples"))),
            ["", "P10", "P50", "P90"],
            rows,
            [False, True, True, True],
        )
