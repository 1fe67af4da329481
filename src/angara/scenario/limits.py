"""How much of a scenario is read at most, and the bounded readers that enforce it.

Scenario files come from users and, through the server, from anyone with an analyst's
account: a file may lie about its size or hold millions of rows.  Every reader counts what
it has actually read (never what a header declares) and stops with a located problem the
moment a cap is passed, so a refusal costs seconds and a bounded amount of memory.

How the caps were sized: the default scenario (angara-yenisei) has 40 tables, at most 129
rows and 22 columns in a table, 7,030 cells in all, its longest cell has 396 characters and
its longest line 563.  Each cap leaves room for that scenario with every table ten times
longer (1,290 rows, 70,300 cells), and refuses a 100,000-row table.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from angara.scenario.problems import Problem, ScenarioError

MB = 1024 * 1024

MAX_ROWS_PER_TABLE = 5_000
"""Rows of data in one table (file or sheet): about 40 times the default's longest table."""

MAX_COLUMNS_PER_TABLE = 100
"""Columns of one table: the widest table declares 22 (with source and note)."""

MAX_CELLS_PER_SCENARIO = 200_000
"""Cells of all tables together: about 28 times the default's 7,030."""

MAX_CELL_CHARS = 10_000
"""Characters in one cell: a long citation in a source column has a few hundred."""

MAX_LINE_CHARS = 100_000
"""Characters in one line of a CSV file."""

MAX_SHEET_ROWS = 50_000
"""Rows of a sheet looked at, empty ones included: a sheet formatted to its last row
(1,048,576) would otherwise be walked row by empty row."""

MAX_UNPACKED_BYTES = 100 * MB
"""Bytes a scenario unpacks to (a zip's or a workbook's entries, a folder's files); the
server's setting ``max_unpacked_bytes`` has the same default."""

MAX_ENTRIES = 200
"""Files in an uploaded zip, or parts of a workbook (a workbook of every table has about 50)."""

CHUNK_BYTES = 64 * 1024  # decompressed per read: what one read may allocate


@dataclass
class Budget:
    """What may still be read of one scenario: bytes (files, unpacked entries) and cells."""

    max_bytes: int = MAX_UNPACKED_BYTES
    max_cells: int = MAX_CELLS_PER_SCENARIO
    bytes_read: int = 0
    cells_read: int = 0

    def take_bytes(self, count: int, where: str, value: str | None = None) -> None:
        """Count ``count`` more bytes read from ``where``; raise when over the cap."""
        self.bytes_read += count
        if self.bytes_read > self.max_bytes:
            raise ScenarioError([too_large(where, self.max_bytes, value)])

    def take_cells(self, count: int, where: str, row: int) -> None:
        """Count ``count`` more cells of a table; raise when over the cap."""
        self.cells_read += count
        if self.cells_read > self.max_cells:
            raise ScenarioError(
                [
                    Problem(
                        where,
                        f"the scenario has more than {self.max_cells:,} cells, at most "
                        f"{self.max_cells:,} are read; split it or remove rows",
                        row=row,
                    )
                ]
            )


def too_large(where: str, max_bytes: int, entry: str | None = None) -> Problem:
    """The problem of a scenario whose content is larger than ``max_bytes``."""
    return Problem(
        where,
        f"unpacks to more than {max_bytes:,} bytes, the most accepted for a scenario; "
        "check that this is the right file, or remove what the scenario does not need",
        value=entry,
    )


def too_many_rows(where: str, row: int) -> Problem:
    """The problem of a table longer than :data:`MAX_ROWS_PER_TABLE`."""
    return Problem(
        where,
        f"has more than {MAX_ROWS_PER_TABLE:,} rows of data, the most a table may have; "
        "reading stopped here (split the scenario, or delete rows it does not need)",
        row=row,
    )


def too_many_columns(where: str, row: int) -> Problem:
    """The problem of a row wider than :data:`MAX_COLUMNS_PER_TABLE`."""
    return Problem(
        where,
        f"has more than {MAX_COLUMNS_PER_TABLE} columns, the most a table may have; "
        "delete the columns the table does not need",
        row=row,
    )


def stream_entries(
    filename: str,
    archive: zipfile.ZipFile,
    entries: list[zipfile.ZipInfo],
    budget: Budget,
    sink: Callable[[zipfile.ZipInfo, bytes], None] | None = None,
) -> None:
    """Decompress ``entries`` of ``archive`` chunk by chunk, counting the bytes that come
    out against ``budget`` and handing each chunk to ``sink`` (None: discard).

    Sizes in the zip's headers are never trusted: a chunk is at most :data:`CHUNK_BYTES`
    (reading an entry whole lets a header that declares a small size decompress up to
    2 GiB in one call), and the count is of bytes actually produced.
    """
    if len(entries) > MAX_ENTRIES:
        raise ScenarioError(
            [Problem(filename, f"{len(entries):,} files; a scenario has at most {MAX_ENTRIES}")]
        )
    for entry in entries:
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(CHUNK_BYTES):
                    budget.take_bytes(len(chunk), filename, entry.filename)
                    if sink is not None:
                        sink(entry, chunk)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError) as error:
            raise ScenarioError(
                [Problem(filename, f"cannot be unpacked ({error})", value=entry.filename)]
            ) from None
