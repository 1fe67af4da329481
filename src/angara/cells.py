"""Spreadsheet cells that cannot run as formulas: CSV escaping and xlsx text cells.

A spreadsheet opening a CSV file runs a cell starting with ``=``, ``+``, ``-`` or ``@``
as a formula (``=HYPERLINK(...)``, ``=cmd|...``: "CSV injection"), and some also after a
leading tab or carriage return.  As OWASP recommends, every CSV writer of Angara prefixes
such a text with one single quote, which spreadsheets show as a text marker; every CSV
reader of Angara removes exactly that quote again, so a file written and read back holds
the same text:

* written: one ``'`` is put before any text matching ``^'*[=+\\-@\\t\\r]`` (so a text
  that itself starts with quotes before such a character keeps its quotes);
* read: one ``'`` is removed from any text matching ``^'+[=+\\-@\\t\\r]``.

A plain decimal number (``-5``, ``+1.5``, ``-2e-3``) is not escaped: a spreadsheet reads
it as that number, never as a formula, and the numbers of a CSV file stay numbers.

An xlsx cell holding a text is a text cell, never a formula, whatever its first character
(openpyxl would otherwise store a text starting with ``=`` as a formula).

Nothing of Angara is imported here: scenario, results and server code all use it.
"""

from __future__ import annotations

import re
from typing import Any

# a text a spreadsheet would run as a formula, after any quotes it starts with
TRIGGERED = re.compile(r"'*[=+\-@\t\r]")
# a text whose one escape quote the reader removes
ESCAPED = re.compile(r"'+[=+\-@\t\r]")
# a decimal number a spreadsheet reads as a number (``inf`` and ``nan`` are not among them)
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# openpyxl's type of a cell holding a text (a formula's is "f")
TEXT_TYPE = "s"


def escaped(text: str) -> str:
    """``text`` as written to a CSV cell: one ``'`` before a text a spreadsheet would run."""
    if TRIGGERED.match(text) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def unescaped(text: str) -> str:
    """The text of a CSV cell as :func:`escaped` was given it: the one escape quote removed."""
    return text[1:] if ESCAPED.match(text) else text


def escaped_value(value: Any) -> Any:
    """A value for a CSV writer: texts escaped, numbers and anything else unchanged."""
    return escaped(value) if isinstance(value, str) else value


def force_text(cell: Any) -> Any:
    """Make an openpyxl cell holding a text a text cell (not a formula); return the cell."""
    if isinstance(cell.value, str):
        cell.data_type = TEXT_TYPE
    return cell
