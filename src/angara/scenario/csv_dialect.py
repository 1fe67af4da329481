"""The CSV habits of spreadsheets: Excel in a Russian (or German, French ...) locale saves CSV
with ``;`` between cells and a decimal comma in numbers (``12,5``); elsewhere ``,`` separates
cells and a decimal point is used.  A file is read in the dialect its header line shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

COMMA = ","
SEMICOLON = ";"

# 12,5  -3,25  1 234,5 (a space or no-break space between thousands)  6,02e23
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+),\d+(?:[eE][+-]?\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")
_THOUSANDS = re.compile(r"[ \u00a0\u202f]")


def delimiter_of(text: str) -> str:
    """``;`` when the header line (the first line of ``text``) separates its names with
    semicolons rather than commas, else ``,``."""
    header = text[: text.find("\n")] if "\n" in text else text
    return SEMICOLON if header.count(SEMICOLON) > header.count(COMMA) else COMMA


def decimal_point(cell: str) -> str:
    """``cell`` with a decimal comma written as a point (``12,5`` → ``12.5``, ``1 234,5`` →
    ``1234.5``) when it is a number in a semicolon-separated file's way; any other text as is."""
    if not _DECIMAL_COMMA.fullmatch(cell.strip()):
        return cell
    return _THOUSANDS.sub("", cell.strip()).replace(",", ".")


def has_decimal_comma(cell: str) -> bool:
    """Whether ``cell`` is a number written with a decimal comma (``12,5``)."""
    return bool(_DECIMAL_COMMA.fullmatch(cell.strip()))


def split_by_decimal_comma(cells: Sequence[object]) -> bool:
    """Whether a row of a comma-separated file looks cut by a decimal comma: two whole numbers
    side by side, as ``12,5`` becomes ``12`` and ``5``."""
    texts = [str(cell).strip() if cell is not None else "" for cell in cells]
    return any(_WHOLE.fullmatch(a) and _WHOLE.fullmatch(b) for a, b in pairwise(texts))
