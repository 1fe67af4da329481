"""Where an input-output product sits in the regional industry statistics.

Rosstat's input-output products follow OKPD2, whose divisions match the OKVED2
(NACE Rev. 2) divisions that regional output is reported by: division 05-09 is
section B (mining), 10-33 section C (manufacturing), 35 section D, 36-39 section E.
Manufacturing branches carry the technology intensity of Eurostat's aggregation of
manufacturing by NACE Rev. 2 divisions
(https://ec.europa.eu/eurostat/cache/metadata/Annexes/htec_esms_an3.pdf).
"""

from __future__ import annotations

import re

SECTIONS = (("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39))

TECHNOLOGY: dict[int, str] = {
    **dict.fromkeys((21, 26), "high"),
    **dict.fromkeys((20, 27, 28, 29, 30), "medium_high"),
    **dict.fromkeys((19, 22, 23, 24, 25, 33), "medium_low"),
    **dict.fromkeys((10, 11, 12, 13, 14, 15, 16, 17, 18, 31, 32), "low"),
}


def division(code: str) -> int | None:
    """The two-digit division of a product or branch code ('24.4' -> 24, 'C20' -> 20)."""
    match = re.match(r"^[A-Z]?\s*(\d{1,2})", code.strip())
    return int(match.group(1)) if match else None


def section(code: str) -> str | None:
    """The industrial section (B, C, D or E) of a product code, None outside industry."""
    number = division(code)
    if number is None:
        return None
    for letter, low, high in SECTIONS:
        if low <= number <= high:
            return letter
    return None


def branch_divisions(branch: str) -> range | None:
    """Divisions a manufacturing branch code covers: 'C24' -> 24, 'C10-12' -> 10..12;
    None for a catch-all such as 'C_other'."""
    match = re.match(r"^C(\d{2})(?:-(\d{2}))?$", branch)
    if not match:
        return None
    low = int(match.group(1))
    high = int(match.group(2) or low)
    return range(low, high + 1)


def technology(division_number: int) -> str | None:
    """Eurostat technology class of a manufacturing division (None outside 10-33)."""
    return TECHNOLOGY.get(division_number)
