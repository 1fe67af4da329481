"""The model's sets and rows of terms, declared once (see :mod:`angara.tables`).

Each set keyed by position (``slot``, ``mode``, ``balance`` ...) is a table whose row
number is the position along its dimension; a column named like a set (``slot``,
``mode``, ``balance``, ``market_good``, ``workforce``) holds a position in that set.
Numbers are in the model's units (:mod:`angara.plan.scale`): kt, kt/yr, million RUB.
"""

from __future__ import annotations

import pandera.pandas as pa

from angara.chain.tables import GOOD, LOCATION, PROCESS, SITES, SLOTS, SOURCE
from angara.tables import flag, number, table, text, whole

NODE = text("node", "transport node")


def position(dim: str) -> pa.Column:
    """A column holding a position along ``dim``."""
    return whole(dim, "", f"position in the set `{dim}`")


SLOT_SET = table("slots", "plant slots", [PROCESS, LOCATION, *SLOTS.columns.values()])
MODE_SET = table(
    "modes",
    "modes: a slot treating one source's feed",
    [
        PROCESS,
        LOCATION,
        SOURCE,
        number("variable_cost", "million RUB/kt", "OPEX, electricity, gas and reagents per kt of activity"),
        number("opex_cost", "RUB/t", "variable OPEX"),
        number("electricity_cost", "RUB/t", "electricity"),
        number("gas_cost", "RUB/t", "gas"),
        number("reagent_cost", "RUB/t", "reagents"),
        number("residue_cost", "RUB/t", "storage and disposal of thorium- or uranium-bearing residues"),
        position("slot"),
        NODE,
    ],
)
BALANCE_SET = table("balances", "balance rows: a stream at a node", [GOOD, SOURCE, NODE])
COEFFICIENT_TERMS = table(
    "coefficients",
    "what a kt of a mode's activity makes (+) and uses (-) of a stream at its node",
    [
        position("mode"),
        position("balance"),
        GOOD,
        SOURCE,
        NODE,
        number("coefficient", "kt/kt", "coefficient"),
    ],
)
EXTRACTION_TERMS = table(
    "extraction",
    "ore a mode takes from a deposit",
    [
        position("mode"),
        text("deposit", "deposit id"),
        number("coefficient", "t/t", "ore per tonne of activity"),
    ],
)
DEPOSIT_SET = table(
    "deposits",
    "deposits, in model units",
    [
        text("node", "transport node"),
        number("reserves", "kt", "ore reserves"),
        number("max_rate", "kt/yr", "most ore mined a year"),
        whole("earliest_start", "year", "first year mining may start"),
        text("reserve_category", "balance, off_balance or resource"),
        text("licence", "licence status"),
    ],
    [text("deposit", "deposit id")],
)
ROUTE_SET = table(
    "routes",
    "routes: a stream on a directed arc",
    [
        GOOD,
        SOURCE,
        text("link", "link id"),
        text("direction", "forward or back"),
        text("from_node", "node it leaves"),
        text("to_node", "node it reaches"),
        number("cost_rub_per_t", "RUB/t", "transport cost"),
        flag("candidate", "on a link that may be built"),
        whole("earliest_year", "year", "first year the link may be used"),
        number("capacity", "kt/yr", "capacity of the link", nullable=True),
        number("cost", "million RUB/kt", "transport cost"),
        position("from_balance"),
        position("to_balance"),
        number("bound", "kt/yr", "most the stream can be (bounds it on a link not yet open)"),
    ],
)
LINK_SET = table(
    "links",
    "transport links",
    [
        flag("candidate", "may be built"),
        whole("earliest_year", "year", "first year it may be used"),
        number("annuity", "million RUB/yr", "annuity of a candidate's build cost"),
        number("capacity", "t/yr", "capacity", nullable=True),
    ],
    [text("link", "link id")],
)
SALE_SET = table(
    "sales",
    "sales: a stream at a market",
    [text("market", "market id"), GOOD, SOURCE, NODE, position("market_good"), position("balance")],
)
MARKET_GOOD_SET = table("market_goods", "goods at markets", [text("market", "market id"), GOOD])
DISPOSAL_SET = table(
    "disposals", "streams that may be stockpiled where made", [GOOD, SOURCE, NODE, position("balance")]
)
SITE_SET = table(
    "sites",
    "sites",
    [
        *SITES.columns.values(),
        number("expansion_annuity", "million RUB/yr per MW", "annuity of power bought (30 years)"),
    ],
    [text("site", "site id")],
)
STAFF_TERMS = table(
    "staff",
    "operating staff of a module by region and skill",
    [
        position("slot"),
        position("workforce"),
        text("region", "region"),
        text("skill", "skill"),
        number("staff", "persons", "per module"),
        number("per_plant", "persons", "once per plant with any module standing"),
    ],
)
WORKFORCE_SET = table(
    "workforce",
    "labour by region and skill (with data, or needed)",
    [
        text("region", "region"),
        text("skill", "skill"),
        number("pool", "persons", "local workers", nullable=True),
        number("graduates", "persons/yr", "graduates a year", nullable=True),
        number("migration_cost", "million RUB/person", "cost of bringing a worker in", nullable=True),
        number("attrition", "1/yr", "share of the pool leaving each year", nullable=True),
        number("graduate_retention", "share", "share of the graduates who join the pool", nullable=True),
        number("competing_demand", "share", "share of the pool other employers keep", nullable=True),
    ],
)
RETIREMENTS = table(
    "retirements",
    "modules commissioned in one period that retire in another",
    [
        position("slot"),
        whole("commission", "", "position of the period commissioned"),
        whole("retire", "", "position of the period they retire"),
    ],
)
RAMP_TERMS = table(
    "ramp",
    "capacity a slot's modules commissioned in one period lack in a later period while they ramp up",
    [
        position("slot"),
        whole("commission", "", "position of the period the modules are commissioned"),
        whole("period", "", "position of the period they run short"),
        number("shortfall", "1", "share of nameplate short, averaged over the period's years"),
    ],
)
