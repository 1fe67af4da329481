"""The assessment's intermediate tables, declared once (see :mod:`angara.tables`): what
every plant of a plan does year by year (:class:`~angara.assess.operations.Operations`)
and the money of its streams (:class:`~angara.assess.operations.Trade`).  A plant is its
``process`` and ``location``; money in RUB of the scenario's base year."""

from __future__ import annotations

from angara.tables import flag, number, table, text, whole

# What a plant spends to operate, per year (RUB): the columns of the yearly table that the
# statements subtract from revenue.
OPERATING_COSTS = (
    "purchases_rub",
    "opex_rub",
    "electricity_rub",
    "gas_rub",
    "reagents_rub",
    "fixed_opex_rub",
    "wages_rub",
    "insurance_rub",
    "transport_rub",
)
# Every RUB column of the yearly table, per plant and year.
MONEY_COLUMNS = ("capex_rub", "sales_rub", "receipts_rub", *OPERATING_COSTS)

PROCESS = text("process", "process id")
LOCATION = text("location", "site or deposit id")
YEAR = whole("year", "year", "year")
PERIOD = whole("period", "year", "start year of the plan's period")
GOOD = text("good", "good id")
BASIS = text("basis", "how the transfer price was set: market, shadow or none")

MONEY_MEANING = {
    "capex_rub": "CAPEX paid in the year",
    "sales_rub": "its share of the external sales of the streams it makes",
    "receipts_rub": "paid by other plants for the streams it makes",
    "purchases_rub": "paid to other plants for the streams it uses",
    "opex_rub": "variable OPEX",
    "electricity_rub": "electricity",
    "gas_rub": "gas",
    "reagents_rub": "reagents",
    "fixed_opex_rub": "fixed OPEX without labour",
    "wages_rub": "wages",
    "insurance_rub": "insurance contributions on wages",
    "transport_rub": "moving what it makes",
}

PLANTS = table(
    "plants",
    "the plants a plan builds or runs",
    [
        text("stage", "stage of the chain"),
        text("location_kind", "site or deposit"),
        text("region", "region"),
        text("node", "transport node"),
        text("investor", "investor (a project company of the process where none is named)"),
        text("io_product", "product of the input-output table; empty if none"),
        number("lifetime", "yr", "economic lifetime of a module"),
        flag("mining", "takes ore from the ground"),
    ],
    (PROCESS, LOCATION),
)
YEARLY = table(
    "yearly",
    "each plant in each year",
    [
        PROCESS,
        LOCATION,
        YEAR,
        number("units", "modules", "modules standing"),
        number("staff", "persons", "operating staff"),
        number("land_ha", "ha", "land used"),
        *(number(column, "RUB/yr", MONEY_MEANING[column]) for column in MONEY_COLUMNS),
        number("mineral_value_rub", "RUB/yr", "value of the mineral extracted, charged to the mining plants"),
    ],
)
VINTAGES = table(
    "vintages",
    "modules as they were invested in",
    [
        PROCESS,
        LOCATION,
        whole("first_year", "year", "first year of operation"),
        number("capex_rub", "RUB", "CAPEX of the modules"),
        flag("committed", "from the scenario's plants table, not chosen by the plan"),
    ],
)
STAFF = table(
    "staff",
    "operating staff by plant, skill and year",
    [
        PROCESS,
        LOCATION,
        text("region", "region"),
        text("skill", "skill"),
        YEAR,
        number("staff", "persons", "staff"),
    ],
)
INFRASTRUCTURE = table(
    "infrastructure",
    "outlays outside the plants: candidate links, power bought, people moved in",
    [
        YEAR,
        text("item", "links, power or migration"),
        text("region", "region it is placed in; empty when the scenario does not say"),
        number("capex_rub", "RUB", "outlay"),
    ],
)
TRADE_SALES = table(
    "trade_sales",
    "each plant's share of the external sales, by market and good",
    [PROCESS, LOCATION, PERIOD, text("market", "market id"), GOOD, number("sales_rub", "RUB/yr", "sales")],
)
TRADE_RECEIPTS = table(
    "trade_receipts",
    "what other plants pay each plant, by good",
    [PROCESS, LOCATION, PERIOD, GOOD, BASIS, number("receipts_rub", "RUB/yr", "receipts")],
)
TRADE_PURCHASES = table(
    "trade_purchases",
    "what each plant pays other plants, by good",
    [PROCESS, LOCATION, PERIOD, GOOD, BASIS, number("purchases_rub", "RUB/yr", "purchases")],
)
TRADE_TRANSPORT = table(
    "trade_transport",
    "what each plant pays to move what it makes",
    [PROCESS, LOCATION, PERIOD, number("transport_rub", "RUB/yr", "transport")],
)
