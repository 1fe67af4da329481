"""A server in a process of its own (``angara serve``'s app under uvicorn, workers in that
process), so that its peak memory (VmHWM) is its own and can be asserted on, with one analyst
signed in."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from angara.server.store.database import open_database
from angara.server.store.users import add_user
from tests.server.api.live import free_port

ANALYST = "analyst"
PASSWORD = "correct horse battery staple"

SERVE = """
import sys, uvicorn
from angara.server.app import create_app
from angara.server.settings import ServerSettings
settings = ServerSettings(db_url=sys.argv[1], workers=1, worker_processes=False)
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


@dataclass
class Served:
    """The server's address and process, and the analyst's bearer token."""

    base: str
    port: int
    process: subprocess.Popen[bytes]
    token: str

    def peak_mb(self) -> float:
        """The server process's peak resident memory so far (VmHWM), in MB."""
        return _status_kb(self.process.pid, "VmHWM") / 1024.0

    def rss_mb(self) -> float:
        """The server process's resident memory now (VmRSS), in MB."""
        return _status_kb(self.process.pid, "VmRSS") / 1024.0


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for process {pid}")


@contextmanager
def served(folder: Path) -> Iterator[Served]:
    """A server on a fresh SQLite database in ``folder``, the analyst signed in; stopped after."""
    url = f"sqlite:///{folder / 'angara.db'}"
    database = open_database(url)
    with database.session() as session:
        add_user(session, ANALYST, "analyst", PASSWORD, created_by=None)
    database.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-c", SERVE, url, str(port)])
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.post(
                    f"{base}/api/auth/token", data={"username": ANALYST, "password": PASSWORD}
                )
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.2)
        assert answer.status_code == 200, answer.text
        yield Served(base, port, process, answer.json()["access_token"])
    finally:
        process.terminate()
        process.wait(timeout=30)
