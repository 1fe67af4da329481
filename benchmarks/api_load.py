"""Latency of the REST API under concurrent clients on loopback.

Run by hand:  .venv/bin/python benchmarks/api_load.py [--clients 20] [--reads 30] [--db URL]
Starts ``angara serve`` on a free port with a fresh SQLite database (or --db), adds a
user per client, then each client, in its own thread at once: uploads a scenario (the
mini test scenario under its own name), starts a plan run, waits for it, and reads
--reads times in turn: the scenario list, its run, the plan, a result table and a map
layer.  Prints JSON: p50/p95/max latency of reads and of writes (ms), errors, runs done,
requests per second.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx

MINI = Path(__file__).resolve().parent.parent / "tests" / "data" / "mini"
PASSWORD = "benchmark-password"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _zipped(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(MINI.iterdir()):
            text = path.read_text(encoding="utf-8")
            if path.name == "scenario.yaml":
                text = text.replace("name: mini", f"name: {name}", 1)
            archive.writestr(f"{name}/{path.name}", text)
    return buffer.getvalue()


class Client(threading.Thread):
    def __init__(self, base: str, number: int, reads: int, start: threading.Barrier) -> None:
        super().__init__()
        self.base, self.number, self.reads, self.start_together = base, number, reads, start
        self.read_ms: list[float] = []
        self.write_ms: list[float] = []
        self.by_request: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.done = False

    def _call(
        self, http: httpx.Client, method: str, path: str, kind: str, label: str, **kwargs: Any
    ) -> httpx.Response:
        started = time.perf_counter()
        answer = http.request(method, f"{self.base}{path}", **kwargs)
        elapsed = 1000 * (time.perf_counter() - started)
        (self.read_ms if kind == "read" else self.write_ms).append(elapsed)
        self.by_request.setdefault(f"{method} {label}", []).append(elapsed)
        if answer.status_code >= 400:
            self.errors.append(f"{method} {path}: {answer.status_code} {answer.text[:200]}")
        return answer

    def run(self) -> None:
        name = f"user{self.number}"
        scenario = f"mini_{self.number}"
        with httpx.Client(timeout=120) as http:
            self.start_together.wait()
            token = self._call(
                http,
                "POST",
                "/api/auth/token",
                "write",
                "/api/auth/token",
                data={"username": name, "password": PASSWORD},
            )
            http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
            files = {"file": (f"{scenario}.zip", _zipped(scenario), "application/zip")}
            self._call(http, "POST", "/api/scenarios", "write", "/api/scenarios", files=files)
            run = self._call(
                http, "POST", "/api/runs", "write", "/api/runs", json={"scenario": scenario}
            ).json()
            status = "queued"
            while status in ("queued", "running"):
                status = self._call(http, "GET", f"/api/runs/{run['id']}", "read", "/api/runs/{id}").json()[
                    "status"
                ]
                time.sleep(0.1)
            self.done = status == "done"
            reads = (
                ("/api/scenarios", "/api/scenarios"),
                (f"/api/runs/{run['id']}", "/api/runs/{id}"),
                (f"/api/runs/{run['id']}/results/plan", "/api/runs/{id}/results/plan"),
                (f"/api/runs/{run['id']}/tables/builds", "/api/runs/{id}/tables/builds"),
                ("/api/layers/railways", "/api/layers/railways"),
            )
            for i in range(self.reads):
                path, label = reads[i % len(reads)]
                self._call(http, "GET", path, "read", label)


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "count": len(values),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--reads", type=int, default=30)
    parser.add_argument("--db", help="database URL [default: a fresh SQLite file]")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="angara-load-"))
    url = args.db or f"sqlite:///{folder / 'angara.db'}"
    angara = [sys.executable, "-m", "angara"]
    for number in range(args.clients):
        subprocess.run(
            [*angara, "users", "add", f"user{number}", "--role", "analyst", "--password-stdin", "--db", url],
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*angara, "serve", "--port", str(port), "--db", url, "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            try:
                if httpx.get(f"{base}/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        barrier = threading.Barrier(args.clients)
        clients = [Client(base, n, args.reads, barrier) for n in range(args.clients)]
        started = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        seconds = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    reads = [ms for c in clients for ms in c.read_ms]
    writes = [ms for c in clients for ms in c.write_ms]
    errors = [e for c in clients for e in c.errors]
    report = {
        "clients": args.clients,
        "database": "sqlite" if url.startswith("sqlite") else url.split(":")[0],
        "workers": args.workers,
        "seconds": round(seconds, 2),
        "requests": len(reads) + len(writes),
        "requests_per_s": round((len(reads) + len(writes)) / seconds, 1),
        "reads": _percentiles(reads),
        "writes": _percentiles(writes),
        "by_request": {
            label: _percentiles([ms for c in clients for ms in c.by_request.get(label, [])])
            for label in sorted({label for c in clients for label in c.by_request})
        },
        "runs_done": sum(c.done for c in clients),
        "errors": len(errors),
        "first_errors": errors[:5],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
