"""At multipliers of 1 the ledger's evaluation is the assessment, figure for figure: the
accounts split by price series hold the same money as the assessment's in one series."""

from __future__ import annotations

import numpy as np
import pytest

from angara.assess.assessment import assess
from angara.assess.finance import taxes_by_level
from angara.assess.money import Drivers, build_accounts
from angara.assess.money import evaluate as statements
from angara.assess.operations import operations
from angara.assess.taxes import LEVELS
from angara.chain import expand
from angara.plan import optimize
from angara.plan.result import Plan
from angara.risk.evaluate import evaluate
from angara.risk.ledger import NONE, Ledger, build_ledger
from angara.scenario.model import Scenario
from angara.scenario.schema import Support


def test_npv_of_the_cluster_and_each_plant_is_the_assessments(
    risky: Scenario, risky_plan: Plan, ledger: Ledger
) -> None:
    assessment = assess(risky, risky_plan)
    outcome = evaluate(ledger, Drivers.planned(ledger.accounts))
    assert outcome.npv[0] == pytest.approx(assessment.cluster["npv_rub"], rel=1e-9)
    plants = assessment.entities[assessment.entities["entity_kind"] == "plant"].set_index(
        ["process", "location"]
    )
    assert outcome.plant_npv[0] == pytest.approx(
        plants.loc[list(ledger.plants), "npv_rub"].to_numpy(), rel=1e-9
    )
    assert outcome.capex[0] == pytest.approx(assessment.cluster["capex_rub"], rel=1e-9)


def test_taxes_by_level_and_jobs_are_the_assessments(
    risky: Scenario, risky_plan: Plan, ledger: Ledger
) -> None:
    assessment = assess(risky, risky_plan)
    outcome = evaluate(ledger, Drivers.planned(ledger.accounts))
    by_level = taxes_by_level(assessment.taxes)
    assert outcome.taxes[0] == pytest.approx([by_level[level] for level in LEVELS], rel=1e-9)
    jobs = assessment.to_json()["jobs"]
    assert outcome.jobs[0] == pytest.approx(jobs["direct"] + jobs["indirect"] + jobs["induced"], rel=1e-9)


def test_every_sale_is_in_exactly_one_series(risky_plan: Plan, ledger: Ledger) -> None:
    """Sales in the ledger add up to the plan's revenue, year by year over the periods."""
    periods = {p["start"]: p["years"] for p in risky_plan.periods}
    revenue = sum(
        row.revenue_rub * len(periods[row.period]) for row in risky_plan.sales.itertuples() if row.revenue_rub
    )
    assert ledger.accounts.sales.sum() == pytest.approx(revenue, rel=1e-9)


def test_series_follow_the_exposures(ledger: Ledger) -> None:
    """The mini scenario's exports are in USD and moved by a factor; the fixed series is first."""
    assert ledger.series[0] == (NONE, False, "", "")
    moved = [factor for factor, *_ in ledger.series if factor != NONE]
    assert moved and all(f in (0, 1) for f in moved)
    discount = statements(ledger.accounts, Drivers.planned(ledger.accounts)).discount
    assert np.all(discount[1:] < discount[:-1])


def test_every_statement_is_the_one_of_the_accounts_in_one_series(
    risky: Scenario, risky_plan: Plan, ledger: Ledger
) -> None:
    whole = build_accounts(risky, operations(risky, expand(risky), risky_plan))
    assert len(whole.series) == 1 and len(ledger.series) > 1
    assert ledger.accounts.plants == whole.plants
    one, split = (statements(a, Drivers.planned(a)) for a in (whole, ledger.accounts))
    for item in ("revenue", "operating_cost", "extraction_tax", "profit_tax", "free_cash_flow"):
        assert getattr(split, item) == pytest.approx(getattr(one, item), rel=1e-9, abs=1e-3), item
    assert split.plant_npv == pytest.approx(one.plant_npv, rel=1e-9)


def test_goods_priced_by_their_contents_move_with_their_factor_and_keep_the_assessments_npv(
    graded_risky: Scenario,
) -> None:
    plan = optimize(graded_risky)
    ledger = build_ledger(graded_risky, plan)
    assessment = assess(graded_risky, plan)
    outcome = evaluate(ledger, Drivers.planned(ledger.accounts))
    assert outcome.npv[0] == pytest.approx(assessment.cluster["npv_rub"], rel=1e-9)
    # every RUB of the concentrate's sales is in the niobium series (exported in USD)
    niobium = [f.id for f in graded_risky.price_factors].index("niobium")
    moved = [e for e, (factor, usd, _, _) in enumerate(ledger.series) if factor == niobium and usd]
    periods = {p["start"]: len(p["years"]) for p in plan.periods}
    sold = plan.sales[plan.sales["good"] == "nb_concentrate"]
    revenue = sum(row.revenue_rub * periods[row.period] for row in sold.itertuples())
    assert revenue > 0
    assert ledger.accounts.sales[:, :, moved].sum() == pytest.approx(revenue, rel=1e-9)


def test_a_netback_moves_with_the_prices_it_is_netted_back_from(ledger: Ledger) -> None:
    """The mini scenario passes ore and concentrate at netback prices: what the mine earns
    follows the prices of the rare earths sold downstream (a factor's series), less the
    downstream costs (the fixed series)."""
    mine = ledger.plants.index(("mine", "dep"))
    receipts = ledger.accounts.receipts[mine].sum(axis=0)  # per series over the horizon
    moved = [e for e, (factor, *_) in enumerate(ledger.series) if factor != NONE]
    assert receipts[moved].sum() > 0
    fixed = [e for e, (factor, usd, *_) in enumerate(ledger.series) if factor == NONE and not usd]
    assert receipts[fixed].sum() < 0


def test_the_planned_sample_with_support_is_the_assessments(risky: Scenario, risky_plan: Plan) -> None:
    """A grant, a loan and a discount for every plant move the NPV of the assessment and of
    the Monte Carlo's planned sample alike."""
    rows = (
        Support(id="grant", kind="capital_grant", process="*", location="*", capex_share=0.2),
        Support(
            id="idf",
            kind="subsidised_loan",
            process="*",
            location="*",
            capex_share=0.5,
            rate=0.03,
            market_rate=0.12,
            term=7,
            grace=3,
        ),
        Support(
            id="power", kind="tariff_discount", process="*", location="*", tariff="electricity", discount=0.3
        ),
    )
    supported = risky.model_copy(update={"support": rows})
    assessment = assess(supported, risky_plan)
    ledger = build_ledger(supported, risky_plan)
    outcome = evaluate(ledger, Drivers.planned(ledger.accounts))
    assert outcome.npv[0] == pytest.approx(assessment.cluster["npv_rub"], rel=1e-9)
    assert outcome.npv[0] > assess(risky, risky_plan).cluster["npv_rub"]
    assert set(assessment.support["support"]) == {"grant", "idf", "power"}
    # the committed mine invests nothing: its grant and loan cost nothing, the others' do
    assert (assessment.support.groupby("support")["budget_cost_rub"].sum() > 0).all()
