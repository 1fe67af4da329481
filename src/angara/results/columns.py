"""The result tables a run folder holds, each with its declaration: the one place that
knows them.  The plan, the assessment and the risk analysis declare their tables
(:mod:`angara.plan.tables`, :mod:`angara.assess.tables`, :mod:`angara.risk.tables`);
:mod:`angara.results.read` reads every table through its declaration, so the report and
the web pages get the columns and types the producers wrote.
"""

from __future__ import annotations

import pandera.pandas as pa

from angara.assess.tables import ASSESSMENT_TABLES as _ASSESSMENT
from angara.plan.result import TABLES as _PLAN
from angara.plan.tables import PLAN_TABLES as _PLAN_SCHEMAS
from angara.risk.tables import RISK_TABLES as _RISK

PLAN_TABLES: tuple[str, ...] = _PLAN
ASSESSMENT_TABLES: tuple[str, ...] = tuple(str(schema.name) for schema in _ASSESSMENT)
# the risk analysis' tables: always written beside risk.json, and written only when re-planned
RISK_TABLES = ("risk_samples", "risk_plants", "tornado")
REPLANNED_TABLES = ("build_frequency", "variant_builds")
# plan tables that folders written before they existed lack: read when present
LATER_PLAN_TABLES = ("mandates",)
ALL_TABLES = (*PLAN_TABLES, *ASSESSMENT_TABLES, *RISK_TABLES, *REPLANNED_TABLES)
DECLARED: dict[str, pa.DataFrameSchema] = {
    **_PLAN_SCHEMAS,
    **{str(schema.name): schema for schema in _ASSESSMENT},
    **{str(name): schema for name, schema in _RISK.items()},
}
