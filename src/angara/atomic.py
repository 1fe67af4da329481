"""Write a file or folder so that it appears complete or not at all, and the result
folders' one format: a JSON document beside one CSV per table (whose texts are escaped so
that no cell runs as a formula in a spreadsheet: :mod:`angara.cells`)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from angara.cells import escaped_value


@contextmanager
def staged(destination: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``destination``; on success it replaces ``destination``.

    Write the file or folder to the yielded path.  If the block raises, the old
    destination is left untouched and the temporary one is removed.
    """
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        target = staging / destination.name
        yield target
        if destination.is_dir():
            old = destination.with_name(f".{destination.name}.old")
            if old.exists():
                shutil.rmtree(old)
            destination.rename(old)
            target.rename(destination)
            shutil.rmtree(old)
        else:
            os.replace(target, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def document_and_tables(
    folder: Path, name: str, document: Any, tables: dict[str, pd.DataFrame]
) -> list[Path]:
    """Write ``document`` as strict JSON (no NaN) to ``folder/name`` and each table to
    ``folder/<table>.csv`` (10 significant digits, texts escaped); return the paths in that order."""
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    (folder / name).write_text(text + "\n", encoding="utf-8")
    written = [folder / name]
    for table, frame in tables.items():
        escaped_texts(frame).to_csv(folder / f"{table}.csv", index=False, float_format="%.10g")
        written.append(folder / f"{table}.csv")
    return written


def escaped_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each text cell escaped for spreadsheets (numeric columns untouched)."""
    texts = [position for position, (_, column) in enumerate(frame.items()) if not _is_numeric(column)]
    if not texts:
        return frame
    escaped = frame.copy()
    for position in texts:
        escaped.isetitem(position, frame.iloc[:, position].map(escaped_value))
    return escaped


def _is_numeric(column: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(column))
