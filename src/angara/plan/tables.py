"""The plan's tables, declared once (see :mod:`angara.tables`); the limit tables (power,
land, staff ...) follow from the model's registry.

Values are per period: a period (its start year) stands for the years up to the next
one, and every quantity of a period holds in each of its years.
"""

from __future__ import annotations

import pandera.pandas as pa

from angara.chain.tables import GOOD, LOCATION, PROCESS, SOURCE
from angara.plan.index import key_columns
from angara.plan.model import REGISTRY
from angara.plan.model.registry import LimitTable
from angara.tables import flag, number, table, text, whole

NODE = text("node", "transport node")
PERIOD = whole("period", "year", "start year of the period")
TONNES = number("tonnes", "t/yr", "tonnes per year")

BUILDS = table(
    "builds",
    "new modules commissioned",
    [
        PROCESS,
        LOCATION,
        text("stage", "stage of the chain"),
        text("location_kind", "site or deposit"),
        text("region", "region"),
        NODE,
        whole("period", "year", "first year of operation"),
        number("units", "modules", "modules built"),
        number("capacity", "t/yr", "their capacity, in tonnes of the process's reference good"),
        number("capex_rub", "RUB", "their CAPEX"),
        number("unit_capacity", "t/yr", "capacity of a module"),
    ],
)
CAPACITY = table(
    "capacity",
    "plant in operation",
    [
        PROCESS,
        LOCATION,
        PERIOD,
        number("units", "modules", "modules standing, existing ones included"),
        number("unit_capacity", "t/yr", "capacity of a module"),
        number("capacity", "t/yr", "capacity standing"),
    ],
)
ACTIVITIES = table(
    "activities",
    "mode running",
    [
        PROCESS,
        LOCATION,
        SOURCE,
        PERIOD,
        number("activity", "t/yr", "tonnes of the reference good made or treated"),
        NODE,
    ],
)
MINING = table(
    "mining",
    "deposit mined",
    [text("deposit", "deposit id"), PERIOD, number("ore_tonnes", "t/yr", "ore mined")],
)
FLOWS = table(
    "flows",
    "stream on a link",
    [
        GOOD,
        SOURCE,
        text("link", "link id"),
        text("direction", "forward (from_node -> to_node of the link) or back"),
        PERIOD,
        TONNES,
        text("from_node", "node it leaves"),
        text("to_node", "node it reaches"),
        text("mode", "transport mode"),
        number("cost_rub", "RUB/yr", "transport cost"),
    ],
)
SALES = table(
    "sales",
    "sale",
    [
        text("market", "market id"),
        GOOD,
        SOURCE,
        PERIOD,
        TONNES,
        NODE,
        number("price_rub_per_t", "RUB/t", "price, the mean over the period's years"),
        number("revenue_rub", "RUB/yr", "revenue"),
    ],
)
DISPOSAL = table(
    "disposal", "stream stockpiled or discarded where it is made", [GOOD, SOURCE, NODE, PERIOD, TONNES]
)
LINKS = table(
    "links", "candidate link opened", [text("link", "link id"), PERIOD, number("open", "", "1 when open")]
)
SHADOW_PRICES = table(
    "shadow_prices",
    "stream at a node: what one more tonne there would be worth per year (the transfer price of an "
    "intermediate), from the linear program with the build decisions fixed",
    [GOOD, SOURCE, NODE, PERIOD, number("value_rub_per_t", "RUB/t", "value of one more tonne a year")],
)
ELEMENT_BALANCE = table(
    "element_balance",
    "species at a node: what comes in equals what goes out",
    [
        text("species", "element or group"),
        NODE,
        PERIOD,
        number("inflow", "t/yr", "mined or taken from outside the chain"),
        number("arrived", "t/yr", "arrived by transport"),
        number("left", "t/yr", "left by transport"),
        number("sold", "t/yr", "sold"),
        number("disposed", "t/yr", "stockpiled"),
        number("lost", "t/yr", "lost in tailings, residues, yields"),
        number("residual", "t/yr", "inflow + arrived - left - sold - disposed - lost (0 on a correct plan)"),
    ],
)
MANDATES = table(
    "mandates",
    "the scenario's mandates: whether the plan meets each and, once costed (angara.workflow.mandates), "
    "what each alone costs the cluster and what it brings",
    [
        text("id", "mandate id"),
        text("kind", "kind of mandate"),
        whole("year", "year", "year by which (or from which) it holds"),
        flag("enforced", "whether the plan was made to meet it"),
        flag("met", "whether the plan meets it"),
        number(
            "cost_rub",
            "RUB",
            "objective of the plan without mandates minus that with this mandate alone (NPV given up)",
            nullable=True,
        ),
        number(
            "direct_jobs",
            "persons",
            "direct jobs of the plan with this mandate alone, less without",
            nullable=True,
        ),
        number("taxes_rub", "RUB", "taxes of the plan with this mandate alone, less without", nullable=True),
    ],
)
OWN_TABLES = (
    BUILDS,
    CAPACITY,
    ACTIVITIES,
    MINING,
    FLOWS,
    SALES,
    DISPOSAL,
    LINKS,
    SHADOW_PRICES,
    ELEMENT_BALANCE,
    MANDATES,
)


def limit_table(name: str, declared: LimitTable) -> pa.DataFrameSchema:
    """The table reporting the use of the limit ``name`` of the registry."""
    constraint = REGISTRY.constraints[name]
    unit = constraint.unit
    keys = [PERIOD if part == "period" else text(part, f"{part} id") for part in key_columns(constraint.dims)]
    reliefs = [
        number(column, unit, REGISTRY.variables[variable].description)
        for variable, column in declared.reliefs.items()
    ]
    return table(
        declared.table,
        f"use of the limit `{name}`: {constraint.description}",
        [
            *keys,
            number(declared.use, unit, "what the plan uses"),
            number(declared.available, unit, "what the scenario gives", nullable=True),
            *reliefs,
        ],
    )


LIMIT_TABLES = tuple(limit_table(name, declared) for name, declared in REGISTRY.limits.items())
PLAN_TABLES = {schema.name: schema for schema in (*OWN_TABLES, *LIMIT_TABLES)}
