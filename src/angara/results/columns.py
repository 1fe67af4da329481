"""The result tables a run folder holds and the columns their readers rely on: the one
place that knows them (the plan, the assessment, the risk analysis, the report and the
web pages read the tables through :mod:`angara.results.read`, which checks these).

Each table maps the columns it must have to what each must hold: ``TEXT`` (anything),
``WHOLE`` (a whole number: a year, a period, a sample), ``NUMBER`` (a number in every row)
or ``NUMBER_OR_EMPTY``.  Columns not listed are read as they come.
"""

from __future__ import annotations

from typing import Literal

from angara.assess.assessment import TABLES as _ASSESSMENT
from angara.plan.result import TABLES as _PLAN

Content = Literal["text", "whole number", "number", "number or empty"]
TEXT: Content = "text"
WHOLE: Content = "whole number"
NUMBER: Content = "number"
NUMBER_OR_EMPTY: Content = "number or empty"

PLAN_TABLES: tuple[str, ...] = _PLAN
ASSESSMENT_TABLES: tuple[str, ...] = _ASSESSMENT
# the risk analysis' tables: always written beside risk.json, and written only when re-planned
RISK_TABLES = ("risk_samples", "risk_plants", "tornado")
REPLANNED_TABLES = ("build_frequency", "variant_builds")
ALL_TABLES = (*PLAN_TABLES, *ASSESSMENT_TABLES, *RISK_TABLES, *REPLANNED_TABLES)

REQUIRED_COLUMNS: dict[str, dict[str, Content]] = {
    # the plan: what re-assessing a saved plan, the map, the Sankey and the report use
    "builds": {
        "slot": TEXT,
        "process": TEXT,
        "location": TEXT,
        "region": TEXT,
        "period": WHOLE,
        "units": NUMBER,
        "capacity": NUMBER,
        "capex_rub": NUMBER,
        "unit_capacity": NUMBER,
    },
    "capacity": {"slot": TEXT, "period": WHOLE, "units": NUMBER},
    "activities": {
        "mode": TEXT,
        "period": WHOLE,
        "activity": NUMBER,
        "slot": TEXT,
        "source": TEXT,
        "process": TEXT,
    },
    "flows": {
        "period": WHOLE,
        "tonnes": NUMBER,
        "stream": TEXT,
        "from_node": TEXT,
        "to_node": TEXT,
        "cost_rub": NUMBER,
    },
    "sales": {
        "period": WHOLE,
        "tonnes": NUMBER,
        "market": TEXT,
        "stream": TEXT,
        "good": TEXT,
        "revenue_rub": NUMBER,
    },
    "disposal": {"period": WHOLE, "tonnes": NUMBER, "stream": TEXT},
    "power": {"site": TEXT, "period": WHOLE, "bought_mw": NUMBER},
    "staff": {
        "region": TEXT,
        "skill": TEXT,
        "period": WHOLE,
        "needed": NUMBER,
        "local_available": NUMBER_OR_EMPTY,
        "migrants": NUMBER,
    },
    "links": {"link": TEXT, "period": WHOLE, "open": NUMBER},
    "shadow_prices": {"stream": TEXT, "node": TEXT, "period": WHOLE, "value_rub_per_t": NUMBER_OR_EMPTY},
    "element_balance": {"species": TEXT, "node": TEXT, "period": WHOLE, "residual": NUMBER_OR_EMPTY},
    # the assessment: the cash-flow chart and table
    "cashflows": {
        "entity_kind": TEXT,
        "entity": TEXT,
        "year": WHOLE,
        "capex_rub": NUMBER,
        "revenue_rub": NUMBER,
        "operating_cost_rub": NUMBER,
        "property_tax_rub": NUMBER,
        "land_tax_rub": NUMBER,
        "extraction_tax_rub": NUMBER,
        "profit_tax_rub": NUMBER,
        "free_cash_flow_rub": NUMBER,
        "discounted_fcf_rub": NUMBER,
    },
    # the risk analysis: its charts
    "risk_samples": {"sample": WHOLE, "npv_rub": NUMBER},
    "tornado": {
        "driver": TEXT,
        "label": TEXT,
        "npv_low": NUMBER,
        "npv_high": NUMBER,
        "swing_rub": NUMBER,
    },
    "build_frequency": {"slot": TEXT, "built": NUMBER, "share": NUMBER},
}
