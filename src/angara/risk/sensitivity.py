"""Sensitivity of a fixed plan: one driver at a time moved down and up (a tornado).

Each price factor, all prices together (but an offtake's contract price), the exchange
rate (every price of a market in USD), the plants' CAPEX and the electricity and transport tariffs move by
``risk.sensitivity`` (0.2: -20 % and +20 %); the discount rate moves to
``risk.discount_low`` and ``risk.discount_high``.  Everything else stays as planned,
and the plan itself does not change (re-planning is what ensembles are for).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from angara.assess.money import Drivers
from angara.risk.evaluate import Outcome, evaluate
from angara.risk.ledger import NONE, Ledger
from angara.risk.prices import EXCHANGE_RATE
from angara.scenario.model import Scenario
from angara.scenario.schema import contracted_sales


@dataclass(frozen=True)
class Bar:
    """One driver's effect: the outcome at its low and high setting (RUB, persons)."""

    driver: str
    label: str
    low: float  # the driver's low setting: a ratio, or a discount rate
    high: float
    npv_low: float
    npv_high: float
    jobs_low: float
    jobs_high: float
    taxes_low: float
    taxes_high: float

    @property
    def swing(self) -> float:
        """How far NPV moves between the two settings (RUB)."""
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True)
class Tornado:
    """The plan's NPV, jobs and taxes as planned, and one bar per driver, widest first."""

    npv: float
    jobs: float
    taxes: float
    bars: tuple[Bar, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "base": {"npv_rub": self.npv, "jobs": self.jobs, "taxes_rub": self.taxes},
            "bars": [asdict(bar) | {"swing_rub": bar.swing} for bar in self.bars],
        }


def tornado(scenario: Scenario, ledger: Ledger) -> Tornado:
    """Move each driver of ``ledger``'s plan down and up by the scenario's swing."""
    risk = scenario.meta.risk
    down, up = 1.0 - risk.sensitivity, 1.0 + risk.sensitivity
    names = {factor.id: factor.name for factor in scenario.price_factors}
    factors = [i for i, (factor, *_) in enumerate(ledger.series) if factor != NONE]
    ids = _factor_ids(scenario)
    settings: list[tuple[str, str, Drivers, Drivers]] = []
    for factor in sorted({ledger.series[i][0] for i in factors}):
        moved = np.array([f == factor for f, *_ in ledger.series])
        if ids[factor] == EXCHANGE_RATE:
            continue
        settings.append(
            (f"price:{ids[factor]}", f"Prices: {names[ids[factor]]}", *_prices(ledger, moved, down, up))
        )
    contracted = contracted_sales(scenario.support)  # an offtake's contract price holds
    everything = np.array([(good, market) not in contracted for _, _, good, market in ledger.series])
    settings.append(("prices", "All prices", *_prices(ledger, everything, down, up)))
    in_usd = np.array([usd for _, usd, *_ in ledger.series])
    if in_usd.any():
        settings.append(("exchange_rate", "Exchange rate (RUB per USD)", *_prices(ledger, in_usd, down, up)))
    base = Drivers.planned(ledger.accounts)
    settings.append(("capex", "CAPEX of the plants", _with(base, capex=down), _with(base, capex=up)))
    settings.append(
        ("electricity", "Electricity tariff", _with(base, electricity=down), _with(base, electricity=up))
    )
    settings.append(
        ("transport", "Transport tariffs", _with(base, transport=down), _with(base, transport=up))
    )
    stacked = _stack([d for _, _, low, high in settings for d in (low, high)])
    outcome = evaluate(ledger, stacked)
    planned = evaluate(ledger, base)
    bars = [
        _bar(driver, label, down, up, outcome, 2 * k, 2 * k + 1)
        for k, (driver, label, _, _) in enumerate(settings)
    ]
    rates = (risk.discount_low, risk.discount_high)
    discounted = [evaluate(ledger, _with(base, discount_rate=rate)) for rate in rates]
    bars.append(
        Bar(
            "discount_rate",
            "Discount rate",
            rates[0],
            rates[1],
            float(discounted[0].npv[0]),
            float(discounted[1].npv[0]),
            float(planned.jobs[0]),
            float(planned.jobs[0]),
            float(planned.taxes[0].sum()),
            float(planned.taxes[0].sum()),
        )
    )
    return Tornado(
        npv=float(planned.npv[0]),
        jobs=float(planned.jobs[0]),
        taxes=float(planned.taxes[0].sum()),
        bars=tuple(sorted(bars, key=lambda bar: -bar.swing)),
    )


def _factor_ids(scenario: Scenario) -> list[str]:
    return [factor.id for factor in scenario.price_factors]


def _prices(ledger: Ledger, moved: np.ndarray, down: float, up: float) -> tuple[Drivers, Drivers]:
    base = Drivers.planned(ledger.accounts)
    low, high = base.prices.copy(), base.prices.copy()
    low[:, :, moved] = down
    high[:, :, moved] = up
    return _with(base, prices=low), _with(base, prices=high)


def _with(
    base: Drivers,
    prices: np.ndarray | None = None,
    capex: float | None = None,
    electricity: float | None = None,
    transport: float | None = None,
    discount_rate: float | None = None,
) -> Drivers:
    return Drivers(
        prices=base.prices if prices is None else prices,
        capex=base.capex if capex is None else np.full_like(base.capex, capex),
        electricity=base.electricity if electricity is None else np.full_like(base.electricity, electricity),
        transport=base.transport if transport is None else np.full_like(base.transport, transport),
        discount_rate=discount_rate,
    )


def _stack(drivers: list[Drivers]) -> Drivers:
    return Drivers(
        prices=np.concatenate([d.prices for d in drivers]),
        capex=np.concatenate([d.capex for d in drivers]),
        electricity=np.concatenate([d.electricity for d in drivers]),
        transport=np.concatenate([d.transport for d in drivers]),
    )


def _bar(driver: str, label: str, down: float, up: float, outcome: Outcome, low: int, high: int) -> Bar:
    taxes = outcome.taxes.sum(axis=1)
    return Bar(
        driver,
        label,
        down,
        up,
        float(outcome.npv[low]),
        float(outcome.npv[high]),
        float(outcome.jobs[low]),
        float(outcome.jobs[high]),
        float(taxes[low]),
        float(taxes[high]),
    )
