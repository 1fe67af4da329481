"""The chain's tables, declared once (see :mod:`angara.tables`).

Keys: a *stream* is (``good``, ``source``): ``source`` is the deposit whose contents the
good carries, "" for products of fixed composition.  A *slot* is (``process``,
``location``): a process at a site or deposit.  A *mode* is (``process``, ``location``,
``source``): a slot treating one source's feed ("" for recipes).  An *arc* is (``link``,
``direction``): a transport link travelled ``forward`` or ``back``.  Money in RUB of the
scenario's base year.
"""

from __future__ import annotations

from angara.tables import flag, number, table, text, whole

PROCESS = text("process", "process id")
LOCATION = text("location", "site or deposit id")
SOURCE = text(
    "source", "deposit whose feed a mode treats, or whose contents a stream carries; empty for none"
)
GOOD = text("good", "good id")
SPECIES = text("species", "element or group tracked (La, NdPr, Nb ...)")
SLOT_KEY = (PROCESS, LOCATION)
MODE_KEY = (PROCESS, LOCATION, SOURCE)

STREAMS = table(
    "streams",
    "every good from every source",
    [
        text("kind", "ore, intermediate or product"),
        flag("mass", "measured by mass (tonnes): travels; else made and used or sold at its node"),
    ],
    (GOOD, SOURCE),
)
COMPOSITION = table(
    "composition",
    "element contents of each stream",
    [GOOD, SOURCE, SPECIES, number("content", "t/t", "tonnes of the species per tonne of the stream")],
)
SLOTS = table(
    "slots",
    "where each process may be (or is) built",
    [
        text("stage", "stage of the chain (mining, beneficiation, separation ...)"),
        text("location_kind", "site or deposit"),
        text("node", "transport node of the location"),
        text("region", "region of the location"),
        number("unit_capacity", "t/yr", "capacity of a module, in tonnes of the reference good"),
        number("capex", "RUB", "CAPEX of a module: direct, plus owner's costs and contingency"),
        number("direct_capex", "RUB", "direct CAPEX of a module, as the scenario gives it"),
        number(
            "sustaining_capex",
            "RUB/yr",
            "sustaining capital of a module in each year it stands (not in OPEX)",
        ),
        number("closure_cost", "RUB", "closure and rehabilitation of a module at the end of its life"),
        text("ramp_up", "ramp-up curve of a new module (ramp_ups table); empty: nameplate at once"),
        number("fixed_cost", "RUB/yr", "fixed OPEX of a module, labour included"),
        number(
            "labour_cost", "RUB/yr", "wages plus insurance contributions of a module (part of fixed_cost)"
        ),
        number("wages", "RUB/yr", "wages of a module before contributions"),
        number(
            "plant_labour_cost",
            "RUB/yr",
            "wages plus contributions of the per-plant staff, once per operating plant",
        ),
        number("plant_wages", "RUB/yr", "wages of the per-plant staff before contributions"),
        number("land", "ha", "land of a module at a site (0 at a deposit)"),
        number("power", "MW", "power of a module at a site (0 at a deposit)"),
        number("lead_time", "yr", "years from investment to operation"),
        number("lifetime", "yr", "economic lifetime of a module"),
        whole("max_units", "modules", "most new modules"),
        whole("earliest", "year", "first year a new module may operate"),
        text("reference", "good its capacity is counted in"),
        text("io_product", "product of the input-output table; empty if none"),
        text("owner", "investor; empty if none is given"),
        text(
            "role",
            "what its reference good does: site_power (adds to its site's power limit), training "
            "(adds graduates to its region's labour) or empty",
        ),
        text("trains", "skill of a training slot's graduates; empty if none"),
        number(
            "programme_length",
            "yr",
            "years from a training place's opening to its first graduates; 0 if none",
        ),
    ],
    SLOT_KEY,
)
STAFF = table(
    "staff",
    "operating staff of a module by skill",
    [
        PROCESS,
        LOCATION,
        text("skill", "skill id"),
        number("staff", "persons", "staff per module"),
        number("per_plant", "persons", "staff once per plant with any module standing"),
    ],
)
EXISTING = table(
    "existing",
    "modules of the scenario's plants table (existing or committed)",
    [
        PROCESS,
        LOCATION,
        number("units", "modules", "modules"),
        whole("first_year", "year", "first year of operation"),
        whole("last_year", "year", "last year of operation (9999: none given)"),
    ],
)
MODES = table(
    "modes",
    "every slot treating every feed it can take",
    [
        number("variable_cost", "RUB/t", "OPEX, electricity, gas and reagents per tonne of activity"),
        number("opex_cost", "RUB/t", "variable OPEX"),
        number("electricity_cost", "RUB/t", "electricity"),
        number("gas_cost", "RUB/t", "gas"),
        number("reagent_cost", "RUB/t", "reagents"),
        number("residue_cost", "RUB/t", "storage and disposal of thorium- or uranium-bearing residues"),
    ],
    MODE_KEY,
)
COEFFICIENTS = table(
    "coefficients",
    "what a tonne of activity of a mode makes (+) and uses (-)",
    [
        *MODE_KEY,
        GOOD,
        text("stream_source", "source of the stream made or used"),
        number("coefficient", "t/t", "tonnes of the stream per tonne of activity"),
    ],
)
ELEMENTS = table(
    "elements",
    "what a tonne of activity of a mode takes from outside the chain and loses, per species",
    [
        *MODE_KEY,
        SPECIES,
        number("inflow", "t/t", "tonnes taken from the ground or from outside"),
        number("loss", "t/t", "tonnes lost (tailings, residues, yields)"),
    ],
)
DEPOSITS = table(
    "deposits",
    "enabled deposits",
    [
        text("node", "transport node"),
        number("reserves", "t", "ore reserves that may be mined: 0 when their category is not counted"),
        number("max_rate", "t/yr", "most ore mined a year"),
        whole(
            "earliest_start", "year", "first year mining may start, never before its licence status allows"
        ),
        text("reserve_category", "balance, off_balance or resource"),
        text("licence", "licensed, auction_planned, unlicensed or unknown"),
    ],
    [text("deposit", "deposit id")],
)
RAMP_UPS = table(
    "ramp_ups",
    "share of nameplate a new module reaches in each year of operation (later years: nameplate)",
    [
        text("curve", "ramp-up curve"),
        whole("year", "year", "year of operation: 1 for a module's first year"),
        number("share", "1", "share of nameplate"),
    ],
)
ARCS = table(
    "arcs",
    "every link in each direction it may be travelled",
    [
        text("from_node", "node the arc leaves"),
        text("to_node", "node the arc reaches"),
        number("cost", "RUB/t", "transport cost: the explicit cost, or length x tariff"),
        flag("candidate", "a link that may be built"),
        number("build_cost", "RUB", "cost to build a candidate link"),
        whole("earliest_year", "year", "first year the link may be used"),
        number("capacity", "t/yr", "most tonnes a year on the link", nullable=True),
        number("lifetime", "yr", "lifetime of a candidate link"),
        text("mode", "transport mode"),
    ],
    [text("link", "link id"), text("direction", "forward (from -> to) or back")],
)
SALES = table(
    "sales",
    "every stream an open market takes: a good priced per tonne, or a stream of a good priced by "
    "its contents that meets the market's minimum contents",
    [text("market", "market id"), GOOD, SOURCE, text("node", "node of the market")],
)
PRICES = table(
    "prices",
    "net price of every stream an open market takes in every planning year, with the cap and "
    "contract of its market and good",
    [
        text("market", "market id"),
        GOOD,
        SOURCE,
        whole("year", "year", "year"),
        number(
            "price",
            "RUB/t",
            "net price per tonne of the stream at the market's node (net of VAT and export duty): the "
            "good's price per tonne, or what its contents are worth (payability)",
        ),
        number(
            "max_quantity",
            "t/yr",
            "most of the good that may be sold there (all its streams together)",
            nullable=True,
        ),
        number("min_quantity", "t/yr", "contracted quantity of the good (all its streams together)"),
    ],
)
SITES = table(
    "sites",
    "enabled industrial sites",
    [
        text("node", "transport node"),
        text("region", "region"),
        number("land", "ha", "land available"),
        number("expansion_max", "MW", "most power that can be bought"),
        number("expansion_cost", "RUB/MW", "cost of power bought"),
    ],
    [text("site", "site id")],
)
SITE_POWER = table(
    "site_power",
    "power available at each site in each year",
    [text("site", "site id"), whole("year", "year", "year"), number("power", "MW", "power available")],
)
LABOUR = table(
    "labour",
    "local labour by region and skill",
    [
        text("region", "region id"),
        text("skill", "skill id"),
        number("pool", "persons", "local workers available"),
        number("graduates", "persons/yr", "graduates joining the pool each year"),
        number("migration_cost", "RUB/person", "cost of bringing a worker in", nullable=True),
        number("attrition", "1/yr", "share of the pool leaving it each year"),
        number("graduate_retention", "share", "share of the graduates who join the pool"),
        number("competing_demand", "share", "share of the pool other employers keep"),
    ],
)
