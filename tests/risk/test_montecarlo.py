"""Monte Carlo of the mini plan: reproducible, chunked consistently, and right in the limits."""

from __future__ import annotations

import numpy as np
import pytest

from angara.assess.money import Drivers
from angara.assess.money import evaluate as statements
from angara.plan.result import Plan
from angara.risk.evaluate import evaluate
from angara.risk.ledger import NONE, Ledger, build_ledger
from angara.risk.montecarlo import CHUNK, DRIVERS, draw, histogram, simulate
from angara.risk.physical import shift_accounts
from angara.risk.prices import FactorModel
from angara.scenario.model import Scenario
from angara.scenario.schema import MarketAccess


def _certain(scenario: Scenario) -> Scenario:
    """``scenario`` without any uncertainty: prices at their paths, CAPEX as planned."""
    factors = tuple(
        f.model_copy(update={"volatility": 0.0, "start": 1.0, "long_run": 1.0})
        for f in scenario.price_factors
    )
    risk = scenario.meta.risk.model_copy(update={"capex_overrun_median": 1.0, "capex_overrun_sigma": 0.0})
    meta = scenario.meta.model_copy(update={"risk": risk})
    return scenario.model_copy(update={"price_factors": factors, "meta": meta})


def test_the_same_seed_gives_the_same_numbers(risky: Scenario, ledger: Ledger) -> None:
    first = simulate(risky, ledger, 3000, 7).summary()
    again = simulate(risky, ledger, 3000, 7).summary()
    other = simulate(risky, ledger, 3000, 8).summary()
    for document in (first, again, other):
        document.pop("seconds")
    assert first == again
    assert first["npv_p50"] != other["npv_p50"]


def test_a_longer_run_starts_with_the_shorter_one(risky: Scenario, ledger: Ledger) -> None:
    short = simulate(risky, ledger, CHUNK + 10, 3).outcome.npv
    long = simulate(risky, ledger, 2 * CHUNK, 3).outcome.npv
    assert np.array_equal(long[:CHUNK], short[:CHUNK])


def test_without_uncertainty_every_sample_is_the_plan(risky: Scenario, ledger: Ledger) -> None:
    outcome = simulate(_certain(risky), ledger, 100, 1).outcome
    planned = evaluate(ledger, Drivers.planned(ledger.accounts))
    assert outcome.npv == pytest.approx(np.full(100, planned.npv[0]), rel=1e-12)
    summary = simulate(_certain(risky), ledger, 100, 1).summary()
    assert summary["prob_npv_negative"] == (1.0 if planned.npv[0] < 0 else 0.0)


def test_summary_is_ordered_and_complete(risky: Scenario, ledger: Ledger) -> None:
    summary = simulate(risky, ledger, 4000, 2027).summary()
    assert summary["samples"] == 4000 and summary["seed"] == 2027
    assert summary["npv_p10"] <= summary["npv_p50"] <= summary["npv_p90"]
    assert 0.0 <= summary["prob_npv_negative"] <= 1.0
    assert [(p["process"], p["location"]) for p in summary["plants"]] == list(ledger.plants)
    assert sum(summary["histogram"]["counts"]) == 4000
    for level in ("federal", "regional", "local"):
        assert summary["taxes"][level]["p10"] <= summary["taxes"][level]["p90"]


def test_overruns_shift_capex_by_their_median(risky: Scenario, ledger: Ledger) -> None:
    """CAPEX ratios are lognormal with median 1.15: plants' CAPEX is 1.15 times planned at
    the median when every plant shares one ratio (common share 1)."""
    risk = risky.meta.risk.model_copy(update={"capex_overrun_common": 1.0})
    scenario = risky.model_copy(update={"meta": risky.meta.model_copy(update={"risk": risk})})
    summary = simulate(scenario, ledger, 20_000, 5).summary()
    planned, outside = ledger.accounts.capex.sum(), ledger.accounts.infrastructure.sum()
    assert summary["capex"]["p50"] - outside == pytest.approx(1.15 * planned, rel=0.01)


def test_histogram_counts_every_value() -> None:
    values = np.random.default_rng(0).normal(size=1000)
    result = histogram(values, bins=10)
    assert len(result["edges"]) == 11 and sum(result["counts"]) == 1000
    assert histogram(np.array([])) == {"edges": [], "counts": []}


def _with_risks(scenario: Scenario, **risks: object) -> Scenario:
    """``scenario`` with some ``risk`` settings changed (and ``market_access`` rows, if given)."""
    access = risks.pop("market_access", scenario.market_access)
    risk = scenario.meta.risk.model_copy(update=risks)
    meta = scenario.meta.model_copy(update={"risk": risk})
    return scenario.model_copy(update={"meta": meta, "market_access": access})


def test_jobs_are_the_same_in_every_price_sample(risky: Scenario, ledger: Ledger) -> None:
    """Only prices (and CAPEX overruns) move: NPV and taxes spread, jobs stay as planned."""
    outcome = simulate(risky, ledger, 2000, 4).outcome
    planned = evaluate(ledger, Drivers.planned(ledger.accounts))
    assert np.ptp(outcome.npv) > 0 and np.ptp(outcome.taxes.sum(axis=1)) > 0
    assert outcome.jobs == pytest.approx(np.full(len(outcome.jobs), planned.jobs[0]), rel=1e-12)


def test_mean_prices_leave_the_mean_npv_near_the_plan(risky: Scenario, ledger: Ledger) -> None:
    """With prices alone uncertain and the deck their mean, the mean NPV is the plan's but
    for the taxes' nonlinearity, which is small next to the spread."""
    outcome = simulate(_certain_capex(risky), ledger, 20_000, 9).outcome
    planned = evaluate(ledger, Drivers.planned(ledger.accounts)).npv[0]
    spread = outcome.npv.std()
    assert abs(outcome.npv.mean() - planned) < 0.05 * spread + 5 * spread / np.sqrt(20_000)


def _certain_capex(scenario: Scenario) -> Scenario:
    return _with_risks(scenario, capex_overrun_median=1.0, capex_overrun_sigma=0.0)


def test_a_certain_slip_is_the_plan_slipped(risky: Scenario, ledger: Ledger) -> None:
    scenario = _with_risks(_certain(risky), delay_probabilities=[1.0])
    outcome = simulate(scenario, ledger, 50, 1).outcome
    slipped = shift_accounts(ledger.accounts, 1)
    expected = evaluate(ledger, Drivers.planned(slipped), slipped, 1)
    assert outcome.npv == pytest.approx(np.full(50, expected.npv[0]), rel=1e-12)
    assert outcome.npv[0] < evaluate(ledger, Drivers.planned(ledger.accounts)).npv[0]


def test_the_gap_steps_add_up_to_the_mean(risky: Scenario, risky_plan: Plan) -> None:
    scenario = _with_risks(
        risky,
        delay_probabilities=[0.3, 0.1],
        rampup_shortfall=0.2,
        recovery_shortfall=0.05,
        market_access=(MarketAccess(market="abroad", closure_probability=0.2),),
    )
    with_markets = build_ledger(scenario, risky_plan)
    simulation = simulate(scenario, with_markets, 3000, 11, breakdown=True)
    gap = simulation.gap
    assert gap is not None
    planned = evaluate(with_markets, Drivers.planned(with_markets.accounts)).npv[0]
    assert gap["npv_as_planned_rub"] == pytest.approx(planned, rel=1e-12)
    assert gap["npv_mean_rub"] == pytest.approx(simulation.outcome.npv.mean(), rel=1e-12)
    steps = {step["driver"]: step["npv_change_rub"] for step in gap["steps"]}
    assert list(steps) == list(DRIVERS)
    assert sum(steps.values()) == pytest.approx(gap["gap_rub"], rel=1e-9)
    # each physical risk and an overrun can only cost money
    for driver in ("capex", "delay", "rampup", "recovery", "markets"):
        assert steps[driver] < 0, driver
    # the summary carries it, and the spread of jobs now reflects real output only
    assert simulation.summary()["gap"] == gap
    assert np.ptp(simulation.outcome.jobs) > 0


def test_an_offtakes_fixed_price_does_not_move_with_the_sampled_prices(
    offtaken_risky: Scenario, offtaken_ledger: Ledger
) -> None:
    """The 1,000 t a year sold to the state bring 10 bn RUB in every sample; the NdPr oxide
    sold abroad moves with the rare earths' factor and the exchange rate."""
    ledger = offtaken_ledger
    model = FactorModel.from_scenario(offtaken_risky)
    draws = draw(offtaken_risky, model, ledger, 200, np.random.default_rng(5))
    series = {(good, market): e for e, (_, _, good, market) in enumerate(ledger.series) if market}
    state = series[("ndpr_oxide", "state")]
    # revenue per sample and year of each series, as the money engine prices it
    revenue = np.einsum("nte,pte->nte", draws.prices, ledger.accounts.sales)
    contracted = revenue[:, :, state]
    assert contracted.sum(axis=1) == pytest.approx(np.full(200, 2e10))
    outcome = statements(ledger.accounts, Drivers(draws.prices, draws.capex, np.ones(200), np.ones(200)))
    assert outcome.sales.sum(axis=(1, 2)) == pytest.approx(revenue.sum(axis=(1, 2)))
    abroad = [e for e, (factor, usd, good, market) in enumerate(ledger.series) if factor != NONE and usd]
    moved = revenue[:, :, abroad].sum(axis=(1, 2))
    assert moved.std() > 0.05 * moved.mean()
