"""Numbers as the reports print them, in the reader's language (``ru``: ``362,7``; ``en``: ``362.7``).

One formatter serves the HTML, the PDF and the tests, so a figure checked in a test is the
figure the reader sees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal

from angara.i18n import Translate

MISSING = "—"
BILLION = 1e9
MILLION = 1e6


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


@dataclass(frozen=True)
class Numbers:
    """Formats numbers for ``lang``; ``_`` translates the unit labels."""

    lang: str
    _: Translate

    def number(self, value: Any, digits: int = 0) -> str:
        """``value`` with thousands grouped and ``digits`` decimals; a dash when undefined."""
        if _is_missing(value):
            return MISSING
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(float(value), format=pattern, locale=self.lang))

    def billions(self, rub: Any, digits: int = 1) -> str:
        """Roubles in billions, without a unit (tables say ``bn RUB`` in their header)."""
        return MISSING if _is_missing(rub) else self.number(float(rub) / BILLION, digits)

    def money(self, amount: Any, currency: str = "RUB") -> str:
        """An amount with its scale and currency: ``362.7 bn RUB``, ``675.5 mn RUB``, ``4.35 bn USD``."""
        if _is_missing(amount):
            return MISSING
        value = float(amount)
        usd = currency == "USD"
        if abs(value) >= BILLION:
            # dollar sums are an order of magnitude smaller: keep three significant digits
            digits = 2 if usd and abs(value) < 100 * BILLION else 1
            unit = self._("bn USD") if usd else self._("bn RUB")
            return f"{self.number(value / BILLION, digits)} {unit}"
        if abs(value) >= MILLION:
            unit = self._("mn USD") if usd else self._("mn RUB")
            return f"{self.number(value / MILLION, 1)} {unit}"
        unit = self._("USD") if usd else self._("RUB")
        return f"{self.number(value)} {unit}"

    def percent(self, share: Any, digits: int = 1) -> str:
        """A share as a percentage: ``0.314`` → ``31.4 %``."""
        return MISSING if _is_missing(share) else f"{self.number(float(share) * 100, digits)} %"

    def years(self, value: Any) -> str:
        """A duration in years with one decimal."""
        if _is_missing(value):
            return MISSING
        unit = self._("years")
        return f"{self.number(value, 1)} {unit}"
