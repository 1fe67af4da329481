"""Hostile uploads against a live server in its own process, and the same files through the CLI:
each is refused (422 with located problems, exit 2 without a traceback) within a few seconds,
and the server's peak memory (VmHWM of its process) stays under 500 MB.

The payloads are small on disk and built as streams: a zip whose headers say 1 MB while its data
inflates to 1 GiB, a zip bomb, a workbook of 5 million rows, a workbook whose ignored README sheet
holds a million rows, a 100,000-row table, the YAML alias bomb.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from angara.scenario.archive import scenario_from_upload, workbook_bytes
from angara.scenario.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS_PER_SCENARIO,
    MAX_COLUMNS_PER_TABLE,
    MAX_LINE_CHARS,
    MAX_ROWS_PER_TABLE,
    MAX_WORKBOOK_PARTS,
)
from angara.scenario.load import BUILTIN_DIR, DEFAULT_SCENARIO, load
from angara.scenario.problems import ScenarioError
from angara.scenario.read import read_folder
from angara.scenario.write import write_workbook
from tests.conftest import MINI
from tests.security.served import Served, served
from tests.security.test_scenario_yaml import BOMB

MB = 2**20
PEAK_MB = 500  # the bound on the server's memory while it refuses uploads
SECONDS = 5.0  # what a refusal may take (the machine's two cores are shared)
INFLATED = 2**30  # what the lying entry's data inflates to
DECLARED = 2**20  # what its headers say


# ------------------------------------------------------------------------------------------ payloads


@cache
def _zeros_deflated(megabytes: int) -> bytes:
    """Raw deflate data of ``megabytes`` MB of zeros: one megabyte packed to a byte-aligned
    block that stands alone (a full flush), repeated, then an empty final block."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(bytes(MB)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + b"\x03\x00"


@dataclass(frozen=True)
class Entry:
    """One file of a hand-made zip: what its data is and what its headers declare."""

    name: str
    packed: bytes
    crc: int
    size: int  # declared in the central directory
    local_size: int  # declared in the local header
    method: int = zipfile.ZIP_DEFLATED


def _honest(name: str, content: bytes) -> Entry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = packer.compress(content) + packer.flush()
    return Entry(name, packed, zlib.crc32(content), len(content), len(content))


def _zip(entries: list[Entry]) -> bytes:
    """A zip of ``entries`` written byte by byte, so that its headers can say anything."""
    out, directory = io.BytesIO(), io.BytesIO()
    for entry in entries:
        name = entry.name.encode()
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, entry.method, 0, 0x21, entry.crc,
                              len(entry.packed), entry.local_size, len(name), 0))  # fmt: skip
        out.write(name + entry.packed)
        directory.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, entry.method, 0, 0x21,
                                    entry.crc, len(entry.packed), entry.size, len(name), 0, 0, 0, 0, 0,
                                    offset))  # fmt: skip
        directory.write(name)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                          len(directory.getvalue()), start, 0))  # fmt: skip
    return out.getvalue()


def _mini_entries(folder: Path = MINI) -> list[Entry]:
    return [
        _honest(f"mini/{path.name}", path.read_bytes()) for path in sorted(folder.iterdir()) if path.is_file()
    ]


def lying_zip(local_size: int = DECLARED) -> bytes:
    """The mini scenario plus notes.txt, whose headers say 1 MB (and give the checksum of
    1 MB of zeros) while its ~1 MB of data inflates to 1 GiB."""
    packed = _zeros_deflated(INFLATED // MB)
    liar = Entry("mini/notes.txt", packed, zlib.crc32(bytes(DECLARED)), DECLARED, local_size)
    return _zip([*_mini_entries(), liar])


def zip_bomb() -> bytes:
    """The mini scenario plus one honest entry of 1 GiB of zeros."""
    packed = _zeros_deflated(INFLATED // MB)
    crc = zlib.crc32(bytes(INFLATED // 1024))  # any: the declared size alone is over the cap
    return _zip([*_mini_entries(), Entry("mini/notes.txt", packed, crc, INFLATED, INFLATED)])


def long_table(folder: Path, rows: int = 100_000) -> Path:
    """``folder``'s copy of the mini scenario whose deposits table has ``rows`` rows."""
    shutil.copytree(MINI, folder)
    header, first, *_ = (folder / "deposits.csv").read_text(encoding="utf-8").splitlines()
    key, rest = first.split(",", 1)
    with (folder / "deposits.csv").open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        handle.writelines(f"{key}{n},{rest}\n" for n in range(rows))
    return folder


def _workbook_with_sheet_rows(target: Path, sheet: str, rows: int) -> Path:
    """The mini scenario as a workbook whose sheet ``sheet`` holds ``rows`` rows of one number,
    streamed into the zip (a 5-million-row sheet is a few hundred KB packed)."""
    plain = target.with_suffix(".plain.xlsx")
    write_workbook(load(MINI), plain)
    with zipfile.ZipFile(plain) as source:
        names = {name: source.read(name) for name in source.namelist()}
    part = next(
        n for n, data in names.items() if n.startswith("xl/worksheets/sheet") and _title(names, n) == sheet
    )
    block = b"<row><c><v>1</v></c></row>" * 10_000
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in names.items():
            if name != part:
                out.writestr(name, data)
                continue
            with out.open(name, "w", force_zip64=True) as stream:
                stream.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                             b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')  # fmt: skip
                for _ in range(rows // 10_000):
                    stream.write(block)
                stream.write(b"</sheetData></worksheet>")
    return target


def _title(parts: dict[str, bytes], part: str) -> str:
    """The title of the sheet stored in ``part`` (from the workbook's relations)."""
    relations = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    rid = next(r.get("Id") for r in relations if (r.get("Target") or "").lstrip("/") == part)
    book = ElementTree.fromstring(parts["xl/workbook.xml"])
    sheets = book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return next(sheet.get("name") or "" for sheet in sheets if sheet.get(relation) == rid)


def five_million_rows(folder: Path) -> Path:
    """The issue's workbook: a sheet of 5 million rows (here a table's sheet)."""
    return _workbook_with_sheet_rows(folder / "five-million.xlsx", "deposits", 5_000_000)


def long_sheet(folder: Path) -> Path:
    """A table's sheet of 100,000 rows: under the unpacked cap, over the rows cap."""
    return _workbook_with_sheet_rows(folder / "long-sheet.xlsx", "deposits", 100_000)


def long_readme(folder: Path) -> Path:
    """A valid workbook whose ignored README sheet holds a million rows: it must not be read."""
    return _workbook_with_sheet_rows(folder / "long-readme.xlsx", "README", 1_000_000)


def alias_bomb(folder: Path) -> Path:
    shutil.copytree(MINI, folder)
    with (folder / "scenario.yaml").open("a", encoding="utf-8") as handle:
        handle.write(BOMB + "\n")
    return folder


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{folder.name}/{path.name}")
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------ the server


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("server")) as server:
        yield server


def _upload(server: Served, name: str, content: bytes) -> tuple[httpx.Response, float]:
    """Upload ``content`` as the analyst: the answer and the seconds it took."""
    started = time.perf_counter()
    answer = httpx.post(
        f"{server.base}/api/scenarios",
        files={"file": (name, content)},
        headers={"Authorization": f"Bearer {server.token}"},
        timeout=120,
    )
    return answer, time.perf_counter() - started


def _refused(answer: httpx.Response, seconds: float, *words: str) -> None:
    assert answer.status_code in (413, 422), answer.text[:500]
    problems = answer.json()["problems"]
    assert problems and all(p["where"] for p in problems)
    text = " ".join(f"{p['where']} {p['value']} {p['message']}" for p in problems)
    for word in words:
        assert word in text, text
    assert seconds < SECONDS


def test_a_zip_whose_headers_lie_about_its_size_is_refused_at_the_cap(live: Served) -> None:
    content = lying_zip()
    assert len(content) < 2 * MB
    answer, seconds = _upload(live, "liar.zip", content)
    _refused(answer, seconds, "liar.zip", "mini/notes.txt", "unpacks to more than 104,857,600 bytes")
    assert live.peak_mb() < PEAK_MB


def test_a_zip_whose_local_header_lies_too_is_refused(live: Served) -> None:
    answer, seconds = _upload(live, "liar.zip", lying_zip(local_size=0))
    _refused(answer, seconds, "mini/notes.txt", "unpacks to more than")
    assert live.peak_mb() < PEAK_MB


def test_a_zip_bomb_is_refused(live: Served) -> None:
    answer, seconds = _upload(live, "bomb.zip", zip_bomb())
    _refused(answer, seconds, "bomb.zip", "unpacks to more than")
    assert live.peak_mb() < PEAK_MB


def test_a_workbook_of_five_million_rows_is_refused(live: Served, tmp_path: Path) -> None:
    path = five_million_rows(tmp_path)
    assert path.stat().st_size < 2 * MB
    answer, seconds = _upload(live, path.name, path.read_bytes())
    _refused(answer, seconds, "five-million.xlsx", "unpacks to more than")
    assert live.peak_mb() < PEAK_MB


def test_a_sheet_over_the_rows_cap_is_refused_where_it_passes_the_cap(live: Served, tmp_path: Path) -> None:
    path = long_sheet(tmp_path)
    answer, seconds = _upload(live, path.name, path.read_bytes())
    _refused(answer, seconds, "sheet 'deposits' of long-sheet.xlsx", f"more than {MAX_ROWS_PER_TABLE:,} rows")
    assert answer.json()["problems"][0]["row"] == MAX_ROWS_PER_TABLE + 2
    assert live.peak_mb() < PEAK_MB


def test_an_ignored_sheet_is_not_read(live: Served, tmp_path: Path) -> None:
    path = long_readme(tmp_path)
    answer, seconds = _upload(live, path.name, path.read_bytes())
    assert answer.status_code == 201, answer.text[:500]
    assert seconds < SECONDS
    assert live.peak_mb() < PEAK_MB


def test_a_table_of_100k_rows_is_refused(live: Served, tmp_path: Path) -> None:
    answer, seconds = _upload(live, "long.zip", zipped(long_table(tmp_path / "mini")))
    _refused(answer, seconds, "deposits.csv", f"more than {MAX_ROWS_PER_TABLE:,} rows")
    assert live.peak_mb() < PEAK_MB


def test_the_alias_bomb_is_refused(live: Served, tmp_path: Path) -> None:
    answer, seconds = _upload(live, "bomb.zip", zipped(alias_bomb(tmp_path / "mini")))
    _refused(answer, seconds, "scenario.yaml", "aliases")
    assert live.peak_mb() < PEAK_MB


# ------------------------------------------------------------------------------------------ the CLI


# runs one command and prints its peak memory (KiB) last on stderr: the test process's own
# RUSAGE_CHILDREN would be the peak of every child it ever waited for (servers of other tests)
PEAK_OF_ONE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(done.returncode)"
)


def _validate(path: Path) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """``angara validate path``: its output (the peak line removed), seconds and peak MB."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_OF_ONE, sys.executable, "-m", "angara", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    seconds = time.perf_counter() - started
    stderr, _, peak_kib = done.stderr.rstrip("\n").rpartition("\n")
    done.stderr = stderr
    return done, seconds, int(peak_kib) / 1024


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (five_million_rows, "unpacks to more than"),
        (long_sheet, f"more than {MAX_ROWS_PER_TABLE:,} rows"),
        (lambda folder: long_table(folder / "mini"), f"more than {MAX_ROWS_PER_TABLE:,} rows"),
        (lambda folder: alias_bomb(folder / "mini"), "aliases"),
    ],
    ids=["five-million-rows", "long-sheet", "100k-row-table", "alias-bomb"],
)
def test_the_cli_refuses_the_same_files_with_exit_2(build: object, words: str, tmp_path: Path) -> None:
    assert callable(build)
    done, seconds, peak_mb = _validate(build(tmp_path))
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr + done.stdout
    assert words in " ".join((done.stderr + done.stdout).split())
    assert seconds < SECONDS + 10  # the interpreter's start and imports (3 to 5 s on a busy machine) included
    assert peak_mb < PEAK_MB


def test_the_cli_reads_a_workbook_past_its_long_readme(tmp_path: Path) -> None:
    done, seconds, _peak_mb = _validate(long_readme(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert seconds < SECONDS + 10


# ------------------------------------------------------------------------------------------ the caps


def test_the_default_with_every_table_ten_times_longer_is_within_the_caps(tmp_path: Path) -> None:
    folder = tmp_path / "tenfold"
    shutil.copytree(BUILTIN_DIR / DEFAULT_SCENARIO, folder)
    for path in folder.glob("*.csv"):
        header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(header + "".join(rows * 10), encoding="utf-8")
    raw = read_folder(folder)
    assert raw.problems == []
    assert max(len(table.rows) for table in raw.tables.values()) > 1_000


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("dep2," + "x" * (MAX_CELL_CHARS + 1) + ",north", f"more than {MAX_CELL_CHARS:,} characters"),
        ("dep2,Name" + ",x" * MAX_COLUMNS_PER_TABLE, f"more than {MAX_COLUMNS_PER_TABLE} columns"),
        ('dep2,"' + "y" * (MAX_LINE_CHARS + 1), f"more than {MAX_LINE_CHARS:,} characters"),
    ],
    ids=["long-cell", "wide-row", "long-line"],
)
def test_a_csv_over_a_cap_is_a_located_problem(tmp_path: Path, line: str, words: str) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    with (folder / "deposits.csv").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    problems = [p for p in read_folder(folder).problems if p.where == "deposits.csv"]
    assert problems and words in problems[0].message
    assert problems[0].row == 3


def test_a_scenario_over_the_cells_cap_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    for path in folder.glob("*.csv"):  # every table at the rows cap: about 800,000 cells
        header, first, *_ = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(header + first * MAX_ROWS_PER_TABLE, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"more than {MAX_CELLS_PER_SCENARIO:,} cells"):
        read_folder(folder)
    assert time.perf_counter() - started < SECONDS


def test_a_folder_larger_than_the_bytes_cap_is_refused(tmp_path: Path) -> None:
    folder = long_table(tmp_path / "mini", rows=1_000)
    with pytest.raises(ScenarioError, match="unpacks to more than 50,000 bytes"):
        read_folder(folder, max_bytes=50_000)


def test_the_default_as_a_workbook_is_within_the_caps() -> None:
    content = workbook_bytes(load(DEFAULT_SCENARIO))
    parts = len(zipfile.ZipFile(io.BytesIO(content)).infolist())
    assert 150 < parts < MAX_WORKBOOK_PARTS // 5  # 166: near a zip's 200 files, hence a cap of its own
    scenario = scenario_from_upload("default.xlsx", content, 100 * MB)
    assert scenario.meta.name == DEFAULT_SCENARIO
