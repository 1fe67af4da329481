"""What each stream sells for at each market: per tonne, or by what it contains.

A good in the ``prices`` table sells at its price per tonne whatever it holds (a product
of fixed composition).  A good in the ``payability`` table is priced stream by stream
from its contents (:mod:`angara.scenario.schema.payability`): a tonne of the stream
earns, on each row's basis (oxide or element),

    sum over species of  payable x price x content  -  penalty x max(0, content - penalty_above)

and is not taken at all where a content is below its minimum; a price that penalties
would make negative is 0 (the stream is worth nothing there).  So ``ta_nb_concentrate``
from one deposit sells for what its tantalum is worth, and a poorer stream of the same
good for less.  :func:`sales_and_prices` gives the chain's ``sales`` and ``prices``
tables, both per stream (market, good, source).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from angara.chain.network import open_markets, price_paths, sales_options
from angara.chain.streams import Streams, StreamSpec
from angara.scenario.model import Scenario
from angara.scenario.paths import StepPath
from angara.scenario.schema import Payability

SALE_COLUMNS = ["market", "good", "source", "node"]
PRICE_COLUMNS = ["market", "good", "source", "year", "price", "max_quantity", "min_quantity"]


@dataclass(frozen=True)
class Term:
    """One species' part of a good's price at a market in one year, element basis:
    RUB per tonne of the element contained (``paid``: price x payable over the metal
    fraction), the least content, and the penalty per tonne of element above ``above``."""

    species: str
    paid: float
    least: float
    above: float
    penalty: float


def stream_price(composition: dict[str, float], terms: list[Term]) -> float | None:
    """RUB per tonne of a stream of this ``composition`` (element basis) under ``terms``;
    None where the market does not take it (a content below its minimum)."""
    price = 0.0
    for term in terms:
        content = composition.get(term.species, 0.0)
        if content < term.least * (1 - 1e-9):
            return None
        price += term.paid * content - term.penalty * max(0.0, content - term.above)
    return max(price, 0.0)


def terms_by_year(scenario: Scenario) -> dict[tuple[str, str], dict[int, list[Term]]]:
    """Per (market, good) of the payability table: the terms in force in each planning year."""
    metal = {e.id: e.metal_fraction for e in scenario.elements}
    rows: dict[tuple[str, str, str], list[Payability]] = defaultdict(list)
    for row in scenario.payability:
        rows[(row.market, row.good, row.species)].append(row)
    result: dict[tuple[str, str], dict[int, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for (market, good, species), given in sorted(rows.items()):
        path = StepPath((r.year, i) for i, r in enumerate(given))
        for year in scenario.years:
            at = path.at(year)
            row = given[int(at if at is not None else 0)]
            # the row counts oxide (or element) tonnes: per tonne of element, divide by the metal fraction
            factor = metal.get(species, 1.0) if row.basis == "oxide" else 1.0
            result[(market, good)][year].append(
                Term(
                    species=species,
                    paid=row.price * row.payable / factor,
                    least=(row.min_content or 0.0) * factor,
                    above=(row.penalty_above if row.penalty_above is not None else 1.0) * factor,
                    penalty=row.penalty / factor,
                )
            )
    return result


def sales_and_prices(scenario: Scenario, streams: Streams) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every stream a market takes (``sales``: market, good, source, node) and its price,
    cap and contract in every planning year (``prices``, per market, good and source; the
    cap and contract are the (market, good)'s, repeated for each of its streams; a good
    priced by contents has neither)."""
    per_tonne = sales_options(scenario, streams)
    paths = price_paths(scenario)
    priced = per_tonne.merge(paths, on=["market", "good"])
    prices = [priced[PRICE_COLUMNS]]
    sales = [per_tonne[SALE_COLUMNS]]
    nodes = {m.id: m.node for m in scenario.markets}
    by_good: dict[str, list[StreamSpec]] = defaultdict(list)
    for stream in streams.streams.values():
        by_good[stream.good].append(stream)
    rows, sold = [], []
    reachable = open_markets(scenario)
    for (market, good), terms in sorted(terms_by_year(scenario).items()):
        if market not in reachable:
            continue  # a closed market keeps its terms for reference, as its prices
        for stream in sorted(by_good.get(good, []), key=lambda s: s.source):
            yearly = {year: stream_price(stream.composition, t) for year, t in terms.items()}
            if all(price is None for price in yearly.values()):
                continue  # below a minimum content in every year: this market never takes it
            sold.append((market, good, stream.source, nodes[market]))
            rows += [
                (market, good, stream.source, year, price or 0.0, math.nan, 0.0)
                for year, price in sorted(yearly.items())
            ]
    sales.append(pd.DataFrame(sold, columns=SALE_COLUMNS))
    prices.append(pd.DataFrame(rows, columns=PRICE_COLUMNS))
    return _sorted(sales, SALE_COLUMNS, 3), _sorted(prices, PRICE_COLUMNS, 4)


def _sorted(parts: list[pd.DataFrame], columns: list[str], key: int) -> pd.DataFrame:
    """The non-empty ``parts`` as one table sorted by its first ``key`` columns."""
    kept = [part for part in parts if len(part)]
    if not kept:
        return pd.DataFrame(columns=columns)
    joined = pd.concat(kept, ignore_index=True)
    return joined.sort_values(columns[:key], kind="stable").reset_index(drop=True)
