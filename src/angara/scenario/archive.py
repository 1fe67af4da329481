"""A scenario from uploaded bytes (a zipped folder or an .xlsx workbook), and a workbook back.

Uploads are untrusted: a zip may hide huge files, paths outside its folder or
thousands of entries, so each is checked before anything is unpacked.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from angara.scenario.limits import MAX_ENTRIES, Budget, stream_entries, too_large
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.write import write_workbook

META_FILE = "scenario.yaml"


def scenario_from_upload(filename: str, content: bytes, max_unpacked: int) -> Scenario:
    """Load the scenario in ``content``, an .xlsx workbook or a .zip of a scenario folder
    (its files at the top or in one folder); at most ``max_unpacked`` bytes unpacked.

    Raises :class:`ScenarioError` with located problems, naming ``filename``.
    """
    suffix = PurePosixPath(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="angara-upload-") as temporary:
        root = Path(temporary)
        if suffix == ".xlsx":
            path = root / _safe_name(filename, ".xlsx")
            path.write_bytes(content)
            return load(path, max_unpacked)
        if suffix == ".zip":
            return load(_unpack(filename, content, root / "scenario", max_unpacked), max_unpacked)
    raise ScenarioError(
        [
            Problem(
                filename,
                "expected a .zip of a scenario folder or an .xlsx workbook",
                value=suffix or filename,
            )
        ]
    )


def workbook_bytes(scenario: Scenario) -> bytes:
    """The scenario as one .xlsx workbook."""
    with tempfile.TemporaryDirectory(prefix="angara-xlsx-") as temporary:
        path = Path(temporary) / f"{scenario.meta.name}.xlsx"
        write_workbook(scenario, path)
        return path.read_bytes()


def _unpack(filename: str, content: bytes, destination: Path, max_unpacked: int) -> Path:
    source = io.BytesIO(content)
    try:
        archive = zipfile.ZipFile(source)
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    except (zipfile.BadZipFile, ValueError) as error:
        raise ScenarioError([Problem(filename, f"not a readable zip file ({error})")]) from None
    problems: list[Problem] = []
    if len(entries) > MAX_ENTRIES:
        problems.append(Problem(filename, f"{len(entries)} files; a scenario has at most {MAX_ENTRIES}"))
    if sum(entry.file_size for entry in entries) > max_unpacked:
        # what the headers declare may be a lie, but one declaring too much is refused at once
        problems.append(too_large(filename, max_unpacked))
    for entry in entries:
        path = PurePosixPath(entry.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in entry.filename:
            problems.append(
                Problem(filename, "a file points outside the scenario folder", value=entry.filename)
            )
    metas = [PurePosixPath(e.filename) for e in entries if PurePosixPath(e.filename).name == META_FILE]
    if not metas:
        problems.append(
            Problem(filename, f"no {META_FILE}: zip the scenario folder (scenario.yaml and CSV files)")
        )
    elif len(metas) > 1:
        problems.append(Problem(filename, f"{len(metas)} scenario.yaml files; zip one scenario"))
    if problems:
        raise ScenarioError(problems)
    top = metas[0].parent
    destination.mkdir(parents=True)
    # only the scenario folder's own files; nested folders are not part of a scenario
    wanted = [
        entry
        for entry in entries
        if PurePosixPath(entry.filename).parent == top
        and not PurePosixPath(entry.filename).name.startswith(".")
    ]

    for entry in wanted:
        (destination / PurePosixPath(entry.filename).name).write_bytes(b"")  # an empty file stays a file

    def write(entry: zipfile.ZipInfo, chunk: bytes) -> None:
        with (destination / PurePosixPath(entry.filename).name).open("ab") as handle:
            handle.write(chunk)

    stream_entries(filename, source, wanted, Budget(max_bytes=max_unpacked), write)
    return destination


def _safe_name(name: str, suffix: str) -> str:
    """A plain file name: no folders, nothing hidden."""
    base = PurePosixPath(name.replace("\\", "/")).name.lstrip(".") or f"upload{suffix}"
    return base if base.endswith(suffix) else base + suffix
