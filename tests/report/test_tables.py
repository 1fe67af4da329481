"""The report's support table, in Russian and English, from the assessment's support summary."""

from __future__ import annotations

import dataclasses

from angara.i18n import translator
from angara.report.content import DOMAIN
from angara.report.numerals import Numbers
from angara.report.tables import Tables, report_names
from angara.results.documents import SupportInstrument, SupportSummary
from angara.results.read import RunResults
from angara.scenario.model import Scenario

LOAN = SupportInstrument(
    id="frp_ge",
    kind="subsidised_loan",
    plants=1,
    budget_cost_rub=2.5e9,
    budget_cost_discounted_rub=2.0e9,
    by_level={"federal": 2.5e9},
    plant_npv_effect_rub=1.5e9,
    taxes_rub=4.0e9,
    taxes_discounted_rub=3.0e9,
    jobs=120.0,
    notes=[],
)


def _support_table(
    results: RunResults, scenario: Scenario, lang: str
) -> tuple[str, list[str], list[list[str]]]:
    summary = SupportSummary(
        basis="", budget_cost_rub=2.5e9, budget_cost_discounted_rub=2.0e9, instruments=[LOAN]
    )
    supported = dataclasses.replace(
        results, assessment=results.assessment.model_copy(update={"support": summary})
    )
    _ = translator(lang, DOMAIN)
    table = Tables(supported, report_names(scenario, lang, _), Numbers(lang, _), _).support()
    return table.title, table.columns, table.rows


def test_the_support_table_in_both_languages(results: RunResults, scenario: Scenario) -> None:
    title, columns, [row] = _support_table(results, scenario, "en")
    assert title == "Support instruments: budget cost, bn RUB"
    assert row[:3] == ["frp_ge", "subsidised loan", "1"]
    assert row[3].startswith("2.5") and row[5].startswith("1.5") and row[6].startswith("4")
    title, columns, [row] = _support_table(results, scenario, "ru")
    assert title.startswith("Меры поддержки") and row[1] == "льготный заём"
    assert "Стоимость для бюджета" in columns


def test_a_run_without_support_has_no_support_table(results: RunResults, scenario: Scenario) -> None:
    _ = translator("en", DOMAIN)
    assert Tables(results, report_names(scenario, "en", _), Numbers("en", _), _).support().rows == []
