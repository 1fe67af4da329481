"""Where products are sold and at what price; the exchange rate that converts USD."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from angara.scenario.schema.fields import Row, calendar_year, identifier, quantity, reference

MarketKind = Literal["domestic", "export"]
MARKET_KINDS: tuple[MarketKind, ...] = get_args(MarketKind)
Currency = Literal["RUB", "USD"]
CURRENCIES: tuple[Currency, ...] = get_args(Currency)


class Market(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    node: str = reference("nodes", description="Where goods are delivered.")
    kind: MarketKind = Field("domestic", description="domestic or export.")
    currency: Currency = Field(
        "RUB", description="Currency its prices are set in (matters for exchange-rate risk)."
    )


class Price(Row):
    market: str = reference("markets", description="Market.")
    good: str = reference("goods", description="Good sold.")
    year: int = calendar_year("Year from which the row holds (until the next row).")
    price: float = quantity("RUB/t", "Price received at the market's node.", ge=0.0)
    max_quantity: float | None = quantity(
        "t/yr", "Most the market takes (empty: unlimited).", default=None, ge=0.0
    )
    min_quantity: float = quantity("t/yr", "Contracted quantity that must be delivered.", default=0.0, ge=0.0)


class ExchangeRate(Row):
    year: int = calendar_year("Year from which the rate holds (until the next row).")
    rub_per_usd: float = quantity("RUB/USD", "Roubles per US dollar.", gt=0.0)
