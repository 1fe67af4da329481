"""The assessment's intermediate tables, declared once (see :mod:`angara.tables`): what
every plant of a plan does year by year (:class:`~angara.assess.operations.Operations`)
and the money of its streams (:class:`~angara.assess.operations.Trade`).  A plant is its
``process`` and ``location``; money in RUB of the scenario's base year."""

from __future__ import annotations

from angara.chain.tables import GOOD, LOCATION, PROCESS
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

YEAR = whole("year", "year", "year")
PERIOD = whole("period", "year", "start year of the plan's period")
BASIS = text("basis", "how the transfer price was set: market, shadow, netback or none")
# the price a payment between plants follows (see angara.assess.transfer)
INDEX = [
    text("index_good", "the good whose price this part of the payment follows; empty: no price"),
    text("index_market", "the market of that price; empty: the good's market transfer price"),
]

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
        number("module_capex", "RUB", "CAPEX of a module"),
        number("immovable", "", "share of CAPEX that is immovable property, the property tax base"),
        number("sustaining_capex", "1/yr", "sustaining capital per year of operation, a share of CAPEX"),
        number("closure_cost", "", "closure cost at the end of a module's life, a share of its CAPEX"),
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
        number("closure_rub", "RUB/yr", "closure of modules at the end of their life (see assess.capital)"),
        number("sustaining_capex_rub", "RUB/yr", "sustaining capital of the modules standing"),
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
    [
        PROCESS,
        LOCATION,
        PERIOD,
        text("market", "market id"),
        GOOD,
        number("tonnes", "t/yr", "the plant's share of the quantity sold (in the good's own unit)"),
        number("sales_rub", "RUB/yr", "sales"),
    ],
)
TRADE_RECEIPTS = table(
    "trade_receipts",
    "what other plants pay each plant, by good",
    [PROCESS, LOCATION, PERIOD, GOOD, BASIS, *INDEX, number("receipts_rub", "RUB/yr", "receipts")],
)
TRADE_PURCHASES = table(
    "trade_purchases",
    "what each plant pays other plants, by good",
    [PROCESS, LOCATION, PERIOD, GOOD, BASIS, *INDEX, number("purchases_rub", "RUB/yr", "purchases")],
)
TRADE_TRANSPORT = table(
    "trade_transport",
    "what each plant pays to move what it makes",
    [PROCESS, LOCATION, PERIOD, number("transport_rub", "RUB/yr", "transport")],
)

ENTITY_KIND = text("entity_kind", "plant, investor, infrastructure or cluster")
ENTITY = text("entity", "the investor's name, infrastructure or cluster; empty for a plant")
PLANT_PROCESS = text("process", "a plant's process; empty for the other entities")
PLANT_LOCATION = text("location", "a plant's site or deposit; empty for the other entities")
INVESTOR = text("investor", "investor of the plant (for an investor's row, itself); empty otherwise")
REGION = text("region", "region of the plant; empty otherwise")
CASH_MEANING = {
    "capex_rub": "CAPEX paid",
    "sustaining_capex_rub": "sustaining capital paid (capitalized and depreciated like CAPEX)",
    "closure_rub": "closure cost (decommissioning, reclamation): a deductible expense",
    "revenue_rub": "revenue: external sales and what other plants pay (the cluster's: external sales only)",
    "operating_cost_rub": "operating costs: materials, energy, labour, transport, intermediates bought",
    "property_tax_rub": "property tax",
    "land_tax_rub": "land tax",
    "extraction_tax_rub": "mineral extraction tax",
    "profit_tax_rub": "profit tax",
    "depreciation_rub": "depreciation",
    "profit_before_tax_rub": "profit before profit tax",
    "working_capital_rub": "working capital at the year's end: receivables and inventories less payables",
    "working_capital_change_rub": "increase of working capital in the year (cash tied up; negative: freed)",
    "residual_value_rub": "book value and working capital left in the last year, counted as a residual value",
    "free_cash_flow_rub": "free cash flow",
}
CASH = [number(column, "RUB/yr", meaning) for column, meaning in CASH_MEANING.items()]
WHO = [ENTITY_KIND, ENTITY, PLANT_PROCESS, PLANT_LOCATION, INVESTOR, REGION]  # the entity of a row
STATEMENTS = table(
    "statements",
    "each plant's statement in each year",
    [
        ENTITY,
        PLANT_PROCESS,
        PLANT_LOCATION,
        INVESTOR,
        REGION,
        YEAR,
        *CASH,
        number("staff", "persons", "operating staff"),
        *(
            number(column, "RUB/yr", MONEY_MEANING[column])
            for column in MONEY_COLUMNS
            if column != "capex_rub"
        ),
    ],
)
CASHFLOWS = table(
    "cashflows",
    "per entity (plant, investor, infrastructure, cluster) and year",
    [
        *WHO,
        YEAR,
        *CASH,
        number("wages_rub", "RUB/yr", "wages"),
        number("insurance_rub", "RUB/yr", "insurance contributions"),
        number("staff", "persons", "operating staff"),
        number("discount_factor", "", "discount factor to the first year"),
        number("discounted_fcf_rub", "RUB", "free cash flow discounted to the first year"),
        number("free_cash_flow_usd", "USD/yr", "free cash flow at the year's exchange rate"),
    ],
)
ENTITIES = table(
    "entities",
    "NPV, IRR and paybacks per plant, investor, the infrastructure and the cluster",
    [
        *WHO,
        number("capex_rub", "RUB", "CAPEX over the horizon"),
        number("revenue_rub", "RUB", "revenue over the horizon"),
        number("npv_rub", "RUB", "net present value at the scenario's discount rate, to the first year"),
        number("irr", "", "internal rate of return", nullable=True),
        number("payback_years", "yr", "years until the cash flows add up to zero", nullable=True),
        number("discounted_payback_years", "yr", "the same, discounted", nullable=True),
        number(
            "taxes_paid_rub",
            "RUB",
            "property, land, extraction and profit taxes over the horizon, undiscounted",
        ),
        number("taxes_paid_discounted_rub", "RUB", "the same taxes discounted to the first year"),
    ],
)
TAXES = table(
    "taxes",
    "tax receipts per plant, year, tax and budget level",
    [
        PROCESS,
        LOCATION,
        text("region", "region"),
        YEAR,
        text("tax", "profit, property, land, mineral_extraction or personal_income"),
        text("regime", "general, or the incentive whose rate applies"),
        text("level", "federal, regional or local budget"),
        number("amount_rub", "RUB/yr", "receipts in the year, undiscounted"),
        number("discounted_rub", "RUB", "the receipts discounted to the first year at the discount rate"),
    ],
)
CONSOLIDATION = table(
    "consolidation",
    "profit tax per year: each plant a taxpayer of its own (the law) beside a consolidated group",
    [
        text("view", "per_plant, or consolidated: the group of assessment.consolidated_group"),
        YEAR,
        number("profit_before_tax_rub", "RUB/yr", "profit before profit tax, summed over the plants"),
        number("profit_tax_rub", "RUB/yr", "profit tax"),
        number("losses_carried_rub", "RUB", "losses carried forward at the year's end"),
        number("free_cash_flow_rub", "RUB/yr", "free cash flow of the plants"),
        number("discounted_profit_tax_rub", "RUB", "the profit tax discounted to the first year"),
    ],
)
JOBS = table(
    "jobs",
    "jobs per region and year",
    [
        text("region", "region; rest_of_russia for jobs outside the cluster's regions"),
        YEAR,
        number("direct", "persons", "operating staff of the plants"),
        number("construction", "person-years", "building the plants and infrastructure"),
        number("indirect", "persons", "in supplying industries (input-output multipliers)"),
        number("induced", "persons", "from the spending of wages"),
    ],
)
STRUCTURE = table(
    "structure",
    "industrial output per region, year and sector, before and with the plan",
    [
        text("region", "region"),
        YEAR,
        text("sector", "sector of the regional economy"),
        number("baseline_rub", "RUB/yr", "output before the plan"),
        number("added_rub", "RUB/yr", "output the plan adds"),
        number("share_before", "", "share of industrial output before"),
        number("share_after", "", "share of industrial output with the plan"),
    ],
)
DIVERSIFICATION = table(
    "diversification",
    "diversification indicators per region and year, before and with the plan",
    [
        text("region", "region"),
        YEAR,
        text("indicator", "mining_share, manufacturing_share, high_tech_share, hhi or shannon"),
        number("before", "", "before the plan", nullable=True),
        number("after", "", "with the plan", nullable=True),
    ],
)
CITY = table(
    "city",
    "the satellite city per region and year: labour gap, in-migrants, residents, facilities, cost",
    [
        text("region", "region"),
        YEAR,
        number("needed", "persons", "operating staff needed"),
        number("local_available", "persons", "local pool and graduates", nullable=True),
        number("gap", "persons", "needed beyond the local supply", nullable=True),
        number("migrants", "persons", "workers brought in"),
        number("residents", "persons", "new residents: workers and their households"),
        number("housing_m2", "m2", "housing needed"),
        number("kindergarten_places", "places", "kindergarten places needed"),
        number("school_places", "places", "school places needed"),
        number("outpatient_visits_per_shift", "visits/shift", "outpatient clinic capacity needed"),
        number("cost_rub", "RUB", "cost of the city's new housing and facilities in the year"),
    ],
)
SUPPORT = table(
    "support",
    "each support instrument's budget cost per plant and budget level, against the plant's taxes to "
    "that level and its jobs",
    [
        text("support", "id of the support row"),
        text("kind", "capital_grant, subsidised_loan, tax_holiday, tariff_discount or offtake"),
        PROCESS,
        LOCATION,
        text("region", "region of the plant; empty where the plan builds no plant the row covers"),
        text("level", "federal, regional or local budget"),
        number(
            "budget_cost_rub", "RUB", "what the instrument costs this budget over the horizon, undiscounted"
        ),
        number("budget_cost_discounted_rub", "RUB", "the same, discounted to the first year"),
        number(
            "plant_npv_effect_rub",
            "RUB",
            "the plant's NPV with every instrument less without this one (the same on each level's row)",
        ),
        number("taxes_rub", "RUB", "taxes the plant pays to this budget over the horizon, undiscounted"),
        number("taxes_discounted_rub", "RUB", "the same, discounted to the first year"),
        number("direct_jobs", "persons", "the plant's operating staff at full operation"),
        number(
            "indirect_jobs",
            "persons",
            "its share of its region's indirect jobs (by its share of direct jobs)",
        ),
        number("induced_jobs", "persons", "its share of its region's induced jobs, the same way"),
        text(
            "note",
            "why it costs nothing, where it does not; an offtake below the market or with no reference price",
        ),
    ],
)
ASSESSMENT_TABLES = (
    CASHFLOWS,
    ENTITIES,
    TAXES,
    CONSOLIDATION,
    JOBS,
    STRUCTURE,
    DIVERSIFICATION,
    CITY,
    SUPPORT,
)
