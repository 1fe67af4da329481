"""Write a file or folder so that it appears complete or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
