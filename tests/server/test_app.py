"""The application's start: killed during a run and started again, the server reports the
run failed, and the scenarios and earlier results are intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from angara.scenario.load import BUILTIN_DIR, DEFAULT_SCENARIO
from tests.server.api.conftest import PASSWORD, zipped
from tests.server.api.live import free_port


@contextmanager
def _serving(url: str, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "angara", "serve", "--port", str(port), "--db", url, "--workers", "1"],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def _wait(
    base: str, headers: dict[str, str], run_id: int, until: tuple[str, ...], timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run: dict[str, Any] = httpx.get(f"{base}/api/runs/{run_id}", headers=headers).json()
        if run["status"] in until:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not reach {until} in {timeout} s")


def test_a_killed_server_restarts_with_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'angara.db'}"
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "angara",
            "users",
            "add",
            "admin",
            "--role",
            "admin",
            "--password-stdin",
            "--db",
            url,
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with _serving(url, port, log) as server:
        token = httpx.post(f"{base}/api/auth/token", data={"username": "admin", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        for name, content in (
            ("mini.zip", zipped()),
            ("default.zip", zipped(BUILTIN_DIR / DEFAULT_SCENARIO)),
        ):
            answer = httpx.post(
                f"{base}/api/scenarios", headers=headers, files={"file": (name, content)}, timeout=60
            )
            assert answer.status_code == 201, answer.text
        finished = httpx.post(f"{base}/api/runs", headers=headers, json={"scenario": "mini"}).json()
        assert _wait(base, headers, finished["id"], ("done",), 120)["status"] == "done"
        earlier = httpx.get(f"{base}/api/runs/{finished['id']}/results/plan", headers=headers).json()
        # the default scenario's plan takes the better part of a minute: long enough to kill the server
        slow = httpx.post(f"{base}/api/runs", headers=headers, json={"scenario": DEFAULT_SCENARIO}).json()
        _wait(base, headers, slow["id"], ("running",), 60)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    with _serving(url, port, log):
        token = httpx.post(f"{base}/api/auth/token", data={"username": "admin", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        interrupted = httpx.get(f"{base}/api/runs/{slow['id']}", headers=headers).json()
        assert interrupted["status"] == "failed"
        assert "server stopped" in interrupted["message"]
        again = httpx.get(f"{base}/api/runs/{finished['id']}/results/plan", headers=headers).json()
        assert again == earlier
        names = {s["name"] for s in httpx.get(f"{base}/api/scenarios", headers=headers).json()}
        assert names == {"mini", DEFAULT_SCENARIO}
