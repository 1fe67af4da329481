"""Where products are sold, who can reach each market, and at what price; the exchange
rate that converts USD.

A price row is a dated quote on a stated basis: ``date`` says when the figure is from,
``basis`` its delivery term and place (``FOB China``, ``CIF Europe``, ``DDP Moscow``).  The
figure may include VAT (``vat``) or carry an export duty the seller pays
(``export_duty``); ``basis_adjustment`` brings it from its basis to the market's node.
:meth:`Price.net_price` is what a seller receives at the node, net of VAT and duty: the
price the optimizer uses (it adds transport from the plant to the node itself).
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import Field, field_validator

from angara.scenario.schema.fields import Row, calendar_year, fraction, identifier, quantity, reference

MarketKind = Literal["domestic", "state_offtake", "china", "ex_china", "export"]
MARKET_KINDS: tuple[MarketKind, ...] = get_args(MarketKind)
Currency = Literal["RUB", "USD"]
CURRENCIES: tuple[Currency, ...] = get_args(Currency)

# Delivery terms a price can be quoted on: the Incoterms 2020 rules.
BASIS_TERMS: tuple[str, ...] = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
_PART = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
DATE_PATTERN = re.compile(rf"^{_PART}(?:/{_PART})?$")


class Market(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    node: str = reference("nodes", description="Where goods are delivered.")
    kind: MarketKind = Field(
        "domestic",
        description="Buyers: domestic (Russian), state_offtake (contracted by the state), china, "
        "ex_china (outside China), or export (any other).",
    )
    currency: Currency = Field(
        "RUB", description="Currency its prices are set in (matters for exchange-rate risk)."
    )
    open: bool = Field(
        True,
        description="Whether the cluster can sell there (the scenario's market access): a closed "
        "market keeps its prices for reference, but nothing is sold to it.",
    )


class Price(Row):
    market: str = reference("markets", description="Market.")
    good: str = reference("goods", description="Good sold.")
    year: int = calendar_year("Year from which the row holds (until the next row).")
    date: str | None = Field(
        None,
        description="When the figure is from: a day (2025-05-08), month (2025-07) or year (2025), "
        "or a period start/end (2023/2025) for an average or median.",
    )
    basis: str | None = Field(
        None,
        description="Delivery term (Incoterms: " + ", ".join(BASIS_TERMS) + ") and place the figure "
        "is quoted on, e.g. 'FOB China', 'DDP Moscow'.",
    )
    price: float = quantity(
        "RUB/t",
        "The figure as quoted on its basis; without vat, export_duty and basis_adjustment, the price "
        "received at the market's node.",
        ge=0.0,
    )
    vat: float = fraction(
        "VAT included in the figure (0.13 for a Chinese domestic quote); divided out.", default=0.0
    )
    export_duty: float = fraction("Export duty the seller pays out of the figure; deducted.", default=0.0)
    basis_adjustment: float = quantity(
        "RUB/t",
        "Added to the net figure to bring it from its basis to the market's node: minus freight the "
        "buyer deducts, plus freight and import duty of an import-parity price.",
        default=0.0,
    )
    max_quantity: float | None = quantity(
        "t/yr", "Most the market takes (empty: unlimited).", default=None, ge=0.0
    )
    min_quantity: float = quantity("t/yr", "Contracted quantity that must be delivered.", default=0.0, ge=0.0)

    @field_validator("date")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is not None and not DATE_PATTERN.match(value.strip()):
            raise ValueError(
                "expected a date such as 2025-05-08, 2025-07 or 2025, or a period such as 2023/2025"
            )
        return value.strip() if value is not None else None

    @field_validator("basis")
    @classmethod
    def _basis(cls, value: str | None) -> str | None:
        if value is None:
            return None
        term, _, place = value.strip().partition(" ")
        if term.upper() not in BASIS_TERMS or not place.strip():
            raise ValueError(
                "expected a delivery term (" + ", ".join(BASIS_TERMS) + ") and a place, e.g. 'FOB China'"
            )
        return f"{term.upper()} {place.strip()}"

    def net_price(self) -> float:
        """RUB/t received at the market's node: the figure without its VAT and export duty,
        plus the basis adjustment."""
        return self.price / (1.0 + self.vat) * (1.0 - self.export_duty) + self.basis_adjustment


class ExchangeRate(Row):
    year: int = calendar_year("Year from which the rate holds (until the next row).")
    rub_per_usd: float = quantity("RUB/USD", "Roubles per US dollar.", gt=0.0)
