"""Which incentives a plant has in a plan: claimed, and meeting the law's conditions; and
the profit tax incentives counted from the plant's first year with taxable profit."""

from __future__ import annotations

import numpy as np

from angara.assess.money import build_accounts
from angara.assess.money.rates import claimed_regimes
from angara.scenario.schema import Incentive, PlantIncentive
from tests.assess.test_money import PROFIT, _one_plant, _scenario

YEARS = (2027, 2028, 2029, 2030, 2031)
CAPEX = np.array([[0.0, 300e6, 300e6, 0.0, 0.0]])  # 600 mn RUB over 2028-2029


def _rip(**conditions: object) -> Incentive:
    values: dict[str, object] = {
        "id": "rip",
        "name": "Regional investment project",
        "regime": "rip",
        "tax": "profit",
        "region": "r",
        "rate": 0.05,
        "federal": 0.0,
        "regional": 1.0,
        "local": 0.0,
        "duration": 5,
    }
    return Incentive.model_validate(values | conditions)


def _claims(
    incentive: Incentive, claims: tuple[PlantIncentive, ...]
) -> tuple[list[frozenset[str]], list[str]]:
    scenario = _scenario(incentives=(incentive,), plant_incentives=claims)
    return claimed_regimes(scenario, [("p", "s")], ["r"], ["s"], CAPEX, YEARS)


CLAIM = (PlantIncentive(process="p", location="s", regime="rip"),)


def test_a_claim_meeting_the_conditions_is_granted() -> None:
    # at least 500 mn RUB within 5 years of the first CAPEX (Tax Code art. 25.8): 600 mn in 2028-2029
    granted, notes = _claims(_rip(min_capex=500e6, capex_years=5, apply_by=2030), CLAIM)
    assert granted == [frozenset({"rip"})] and notes == []


def test_no_claim_no_incentive() -> None:
    granted, notes = _claims(_rip(), ())
    assert granted == [frozenset()] and notes == []


def test_too_little_investment_is_refused_with_a_note() -> None:
    granted, notes = _claims(_rip(min_capex=500e6, capex_years=1), CLAIM)
    assert granted == [frozenset()]
    assert notes == [
        "p at s claims rip but invests 0.30 bn RUB in its first 1 years, less than the 0.50 bn RUB "
        "required: it pays the general rates"
    ]


def test_a_status_after_the_deadline_is_refused_with_a_note() -> None:
    granted, notes = _claims(_rip(apply_by=2027), CLAIM)
    assert granted == [frozenset()]
    assert notes == [
        "p at s claims rip but starts investing in 2028, after the deadline 2027: it pays the general rates"
    ]


def test_a_claim_everywhere_holds_where_the_regime_applies() -> None:
    everywhere = (PlantIncentive(process="*", location="*", regime="rip"),)
    assert _claims(_rip(), everywhere)[0] == [frozenset({"rip"})]
    elsewhere = _rip(region=None, site="other_site")
    assert _claims(elsewhere, everywhere) == ([frozenset()], [])


def test_a_regime_granted_by_law_needs_no_claim() -> None:
    scenario = _scenario(incentives=(_rip(granted="law"),), plant_incentives=())
    accounts = build_accounts(scenario, _one_plant())
    assert list(accounts.rates[PROFIT, 0]) == [0.2, 0.05, 0.05, 0.05, 0.05]


def test_an_incentive_from_the_first_profit_starts_after_the_first_loss() -> None:
    """The one plant sells from 2028 but loses 21.8 that year: a 2-year incentive counted
    from revenue covers 2028-2029, counted from profit (Tax Code art. 284.3) 2029-2030."""
    from_revenue = build_accounts(_scenario(), _one_plant())
    assert list(from_revenue.rates[PROFIT, 0]) == [0.2, 0.05, 0.05, 0.2, 0.2]
    scenario = _scenario(incentives=(_rip(duration=2, counts_from="profit"),))
    from_profit = build_accounts(scenario, _one_plant())
    assert list(from_profit.rates[PROFIT, 0]) == [0.2, 0.2, 0.05, 0.05, 0.2]
