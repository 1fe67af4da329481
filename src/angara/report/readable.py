"""Numbers as a Russian or English reader expects them on the web pages and figures:
``362,7 bn RUB`` in Russian becomes ``362,7 млрд руб.``, ``31,4 %`` or ``31.4%``, with Babel's locale data."""

from __future__ import annotations

import math

from babel.numbers import format_decimal, format_percent

from angara.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translate, translator

BILLION = 1e9
MILLION = 1e6


def N_(text: str) -> str:
    """Mark ``text`` for the catalog where it is translated later (by ``_(variable)``)."""
    return text


def locale(lang: str) -> str:
    """The Babel locale of ``lang``."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def number(value: float | None, lang: str, digits: int = 0) -> str:
    """``value`` with grouped thousands and ``digits`` decimals; a dash when undefined."""
    if value is None or not math.isfinite(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale(lang))


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    """A share (0.314) as a percentage (``31.4%``)."""
    if value is None or not math.isfinite(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=locale(lang))


def money(value_rub: float | None, lang: str) -> str:
    """RUB in billions (or millions, below a billion), with the unit in ``lang``."""
    _ = translator(lang, "figures")
    if value_rub is None or not math.isfinite(value_rub):
        return "—"
    if abs(value_rub) >= BILLION:
        return number(value_rub / BILLION, lang, 1) + " " + _("bn RUB")
    return number(value_rub / MILLION, lang, 1) + " " + _("mn RUB")


def quantity(value: float | None, unit: str, lang: str) -> str:
    """A value in a Kpi's ``unit`` (``RUB``, ``share``, ``person``, ``index``, ``years``)."""
    _: Translate = translator(lang, "figures")
    if unit == "RUB":
        return money(value, lang)
    if unit == "share":
        return percent(value, lang)
    if value is None or not math.isfinite(value):
        return "—"
    if unit == "pp":  # a change of a share, in percentage points
        text = number(value * 100, lang, 1)
        sign = "+" if value > 0 else ""
        return sign + text + " " + _("pp")
    if unit == "person":
        return number(value, lang) + " " + _("people")
    if unit == "years":
        return number(value, lang, 1) + " " + _("years")
    return number(value, lang, 3)
