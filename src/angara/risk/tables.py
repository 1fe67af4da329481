"""The risk analysis's tables, declared once (see :mod:`angara.tables`).  Money in RUB of
the scenario's base year, discounted to its first year."""

from __future__ import annotations

from angara.assess.taxes import LEVELS
from angara.chain.tables import LOCATION, PROCESS
from angara.tables import number, table, text, whole

SAMPLES = table(
    "risk_samples",
    "every Monte Carlo sample's figures for the cluster",
    [
        whole("sample", "", "sample number"),
        number("npv_rub", "RUB", "NPV of the cluster"),
        number("capex_rub", "RUB", "CAPEX over the horizon"),
        number("jobs", "persons", "direct, indirect and induced jobs at full operation"),
        *(
            number(f"taxes_{level}_rub", "RUB", f"taxes to the {level} budget over the horizon")
            for level in LEVELS
        ),
    ],
)
PLANTS = table(
    "risk_plants",
    "each plant's NPV (as its own company) over the samples",
    [
        PROCESS,
        LOCATION,
        number("npv_p10", "RUB", "10th percentile"),
        number("npv_p50", "RUB", "median"),
        number("npv_p90", "RUB", "90th percentile"),
        number("npv_mean", "RUB", "mean"),
        number("prob_npv_negative", "", "share of samples with NPV below zero"),
    ],
)
TORNADO = table(
    "tornado",
    "each driver moved alone to its low and high setting",
    [
        text("driver", "what is moved"),
        text("label", "its name"),
        number("low", "", "low setting (a multiplier, or the discount rate)"),
        number("high", "", "high setting"),
        number("npv_low", "RUB", "NPV at the low setting"),
        number("npv_high", "RUB", "NPV at the high setting"),
        number("jobs_low", "persons", "jobs at the low setting"),
        number("jobs_high", "persons", "jobs at the high setting"),
        number("taxes_low", "RUB", "taxes at the low setting"),
        number("taxes_high", "RUB", "taxes at the high setting"),
        number("swing_rub", "RUB", "|NPV high - NPV low|"),
    ],
)
FREQUENCY_COLUMNS = [
    PROCESS,
    LOCATION,
    whole("built", "plans", "plans that build the plant"),
    number("share", "", "share of the solved plans that build it"),
]
BUILD_FREQUENCY = table(
    "build_frequency", "how often each plant is built across re-planned futures", FREQUENCY_COLUMNS
)
VARIANT_BUILDS = table(
    "variant_builds", "how often each plant is built across named variants", FREQUENCY_COLUMNS
)
RISK_TABLES = {schema.name: schema for schema in (SAMPLES, PLANTS, TORNADO, BUILD_FREQUENCY, VARIANT_BUILDS)}
