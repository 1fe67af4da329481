"""Streams: the balance of every stream at every node, sales to markets, transport.

Blocks: ``balance`` (made + arriving = used + leaving + sold + disposed), ``market_cap``
and ``contract`` (sales within caps and above contracts), ``link_capacity``,
``link_open`` and ``stay_open`` (transport links and the candidate links opened).
"""

from __future__ import annotations

import numpy as np

from angara.plan.model.builder import Builder, block
from angara.plan.model.plants import ACTIVITY
from angara.plan.model.registry import Constraint, Found, Shortfall, Variable, declare
from angara.plan.model.terms import Terms, never_decreasing_mask
from angara.plan.scale import MASS

FLOW = declare(
    Variable(
        "flow",
        ("route", "period"),
        "t/yr",
        "tonnes per year of a stream on a directed arc",
        MASS,
        where="route_active",
    )
)
SELL = declare(
    Variable("sell", ("sale", "period"), "t/yr", "tonnes per year of a stream sold at a market", scale=MASS)
)
DISPOSE = declare(
    Variable(
        "dispose",
        ("disposal", "period"),
        "t/yr",
        "tonnes per year of a stream stockpiled where it is made",
        scale=MASS,
    )
)
OPEN = declare(
    Variable("open", ("link", "period"), "1", "a candidate link is open (1) or not (0)", kind="binary")
)
BALANCE = declare(
    Constraint(
        "balance",
        ("balance", "period"),
        "kt/yr",
        "a stream at a node: made + arriving - used - leaving - sold - disposed = 0",
    )
)
MARKET_CAP = declare(
    Constraint("market_cap", ("market_good", "period"), "kt/yr", "sales of a good at a market within its cap")
)
CONTRACT = declare(
    Constraint(
        "contract", ("market_good", "period"), "kt/yr", "sales of a good at a market at least its contract"
    )
)
LINK_CAPACITY = declare(
    Constraint("link_capacity", ("link", "period"), "kt/yr", "all streams on a link within its capacity")
)
LINK_OPEN = declare(
    Constraint(
        "link_open",
        ("route", "period"),
        "kt/yr",
        "a stream uses a candidate link only once it is open: flow <= most the stream can be x open",
    )
)
STAY_OPEN = declare(Constraint("stay_open", ("link", "period"), "1", "a link once opened stays open"))


def _unmet_contract(found: Found) -> str:
    market, good, period = found.at["market"], found.at["good"], found.at["period"]
    index = found.index
    row = (index.market_goods["market"] == market) & (index.market_goods["good"] == good)
    contracted = float(index.min_quantity.sel(period=period).to_numpy()[row.to_numpy()][0]) * MASS
    return (
        f"{market}: the contract for {contracted:,.0f} t/yr of {good} in {period} cannot be met; "
        f"{contracted - found.amount:,.0f} t/yr can be delivered ({found.amount:,.0f} t/yr short)"
    )


CONTRACT_SHORTFALL = declare(
    Shortfall(
        Variable(
            "contract_shortfall",
            ("market_good", "period"),
            "t/yr",
            "contracted quantity not delivered",
            scale=MASS,
        ),
        relaxes="contract",
        level="all",
        explain=_unmet_contract,
        total="t/yr-periods of contracted deliveries",
    )
)


@block
def add_flows(b: Builder) -> None:
    """For every stream at every node and period: made + arriving = used + leaving + sold +
    disposed."""
    index, activity = b.index, b[ACTIVITY]
    routes, sales, disposals = index.routes, index.sales, index.disposals
    flow = b.variable(FLOW, mask=index.route_active)
    sell = b.variable(SELL)
    dispose = b.variable(DISPOSE)
    terms = index.coefficients
    ones = np.ones(len(routes))
    parts = [
        Terms.of(
            activity, terms["balance"].to_numpy(), terms["mode"].to_numpy(), terms["coefficient"].to_numpy()
        ),
        Terms.of(flow, routes["to_balance"].to_numpy(), routes.index.to_numpy(), ones),
        Terms.of(flow, routes["from_balance"].to_numpy(), routes.index.to_numpy(), -ones),
        Terms.of(sell, sales["balance"].to_numpy(), sales.index.to_numpy(), -np.ones(len(sales))),
        Terms.of(
            dispose, disposals["balance"].to_numpy(), disposals.index.to_numpy(), -np.ones(len(disposals))
        ),
    ]
    b.constrain(BALANCE, b.terms(("balance", "period"), parts), "==", 0.0)
    cost = index.array(routes["cost"].to_numpy(), "route")
    b.cost("transport", (flow * (cost * index.weight)).sum())
    b.revenue = (sell * index.price).sum()


@block
def add_markets(b: Builder) -> None:
    """Sales of a good at a market within its cap and at least its contracted quantity."""
    index, sell = b.index, b[SELL]
    sales = index.sales
    sold = b.terms(
        ("market_good", "period"),
        [Terms.of(sell, sales["market_good"].to_numpy(), sales.index.to_numpy(), np.ones(len(sales)))],
    )
    cap = index.max_quantity
    b.constrain(MARKET_CAP, sold, "<=", cap.fillna(0.0), mask=cap.notnull())
    contracted = index.min_quantity
    b.limit(CONTRACT, sold, contracted.where(contracted > 0), sign=">=")


@block
def add_transport(b: Builder) -> None:
    """Links carry no more than their capacity; candidate links carry goods only once opened."""
    index, flow = b.index, b[FLOW]
    routes, links = index.routes, index.links
    link = links.index.get_indexer(routes["link"])
    carried = b.terms(
        ("link", "period"), [Terms.of(flow, link, routes.index.to_numpy(), np.ones(len(routes)))]
    )
    capacity = index.array(links["capacity"].to_numpy()[:, None], "link", "period")
    b.constrain(LINK_CAPACITY, carried, "<=", capacity.fillna(0.0), mask=capacity.notnull())
    starts = np.array(index.periods.starts)
    can_open = index.array(
        (starts[None, :] >= links["earliest_year"].to_numpy()[:, None])
        & links["candidate"].to_numpy()[:, None],
        "link",
        "period",
    )
    opened = b.variable(OPEN, mask=can_open)
    candidate = routes["candidate"].to_numpy()
    # each stream on its own: flow <= (most that stream can be) x opened
    gate = b.terms(
        ("route", "period"),
        [
            Terms.of(flow, routes.index.to_numpy(), routes.index.to_numpy(), np.ones(len(routes))),
            Terms.of(opened, routes.index.to_numpy(), link, -routes["bound"].to_numpy()),
        ],
    )
    b.constrain(
        LINK_OPEN,
        gate,
        "<=",
        0.0,
        mask=index.route_active & index.array(candidate[:, None], "route", "period"),
    )
    b.constrain(
        STAY_OPEN, opened.shift(period=1) - opened, "<=", 0.0, mask=never_decreasing_mask(opened, can_open)
    )
    annuity = index.array(links["annuity"].to_numpy(), "link")
    b.cost("links", (opened * (annuity * index.weight)).sum())
