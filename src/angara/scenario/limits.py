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

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

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
"""Files in an uploaded zip: a scenario folder has at most about 50."""

MAX_WORKBOOK_PARTS = 1_000
"""Parts of a workbook: the default scenario's has 166 (a sheet, its relations and comments per table)."""

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
    source: BinaryIO,
    entries: list[zipfile.ZipInfo],
    budget: Budget,
    sink: Callable[[zipfile.ZipInfo, bytes], None] | None = None,
    max_entries: int = MAX_ENTRIES,
) -> None:
    """Unpack ``entries`` of the zip file ``source`` chunk by chunk, counting the bytes that
    come out against ``budget`` and handing each chunk to ``sink`` (None: discard).

    The sizes in the zip's headers are never trusted: each entry's compressed data is
    inflated here, at most :data:`CHUNK_BYTES` at a time (:mod:`zipfile` reading an entry
    whole inflates up to 2 GiB in one call, whatever the header says), until the data
    itself ends; an entry that unpacks to another size or checksum than its header
    declares is refused as damaged.  Raises :class:`ScenarioError` naming ``filename``
    and the entry.
    """
    if len(entries) > max_entries:
        raise ScenarioError(
            [Problem(filename, f"{len(entries):,} files or parts; a scenario has at most {max_entries:,}")]
        )
    for entry in entries:
        size, checksum = 0, 0
        for chunk in _inflated(filename, source, entry):
            budget.take_bytes(len(chunk), filename, entry.filename)
            size += len(chunk)
            checksum = zlib.crc32(chunk, checksum)
            if sink is not None:
                sink(entry, chunk)
        if size != entry.file_size or checksum != entry.CRC:
            what = "size" if size != entry.file_size else "checksum"
            raise ScenarioError(
                [
                    Problem(
                        filename,
                        f"is damaged: this file unpacks to another {what} than the zip declares "
                        f"({size:,} bytes against {entry.file_size:,}); zip the scenario again",
                        value=entry.filename,
                    )
                ]
            )


def _inflated(filename: str, source: BinaryIO, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    """The unpacked bytes of ``entry``, at most :data:`CHUNK_BYTES` a chunk."""

    def damaged(why: str) -> ScenarioError:
        return ScenarioError([Problem(filename, f"cannot be unpacked: {why}", value=entry.filename)])

    if entry.flag_bits & 0x1:
        raise damaged("the file is encrypted; zip the scenario without a password")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise damaged("compressed by a method other than the usual one (deflate); zip it again")
    source.seek(entry.header_offset)
    header = source.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04"):
        raise damaged("no file header where the zip's directory points")
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    source.seek(entry.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if entry.compress_type == zipfile.ZIP_DEFLATED else None
    left = entry.compress_size
    while left > 0 and not (inflater is not None and inflater.eof):
        packed = source.read(min(CHUNK_BYTES, left))
        if not packed:
            raise damaged("the zip ends inside this file")
        left -= len(packed)
        if inflater is None:
            yield packed
            continue
        while packed and not inflater.eof:
            try:
                chunk = inflater.decompress(packed, CHUNK_BYTES)
            except zlib.error as error:
                raise damaged(str(error)) from None
            if chunk:
                yield chunk
            packed = inflater.unconsumed_tail
    if inflater is not None and not inflater.eof:
        raise damaged("its compressed data ends early")


# a zip's local file header: signature, versions, flags, method, time, date, CRC, sizes, name and
# extra lengths (the entry's data follows the name and the extra field)
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
