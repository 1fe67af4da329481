"""What the server does with hostile requests: status, seconds and its peak memory per attack.

Run by hand:  .venv/bin/python benchmarks/attacks.py [--only NAME ...] [--memory-cap-mb 3000]

Starts ``angara serve`` (worker processes, as a user runs it) on a free port with a fresh SQLite
database and two accounts, then sends each attack of docs/security.md in turn.  Before each one
the server's peak-memory counter is reset (/proc/PID/clear_refs), and a watchdog kills the
server if it grows past --memory-cap-mb (the attack is then reported ``killed``, and the server
restarted for the next one).  Prints JSON: per attack its HTTP status (or what happened), the
seconds until the answer, and the server's peak resident memory in MB.

To measure an older release the same way, check it out and put its sources first:
``PYTHONPATH=/path/to/old/src .venv/bin/python benchmarks/attacks.py``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

MINI = Path(__file__).resolve().parent.parent / "tests" / "data" / "mini"
PASSWORD = "attack-benchmark-password-2026"
MB = 2**20
TIMEOUT_S = 120.0


# --------------------------------------------------------------------------- payloads


def mini_zip(
    replace: dict[str, tuple[str, str]] | None = None,
    extra: dict[str, str] | None = None,
    rename: tuple[str, str] | None = None,
) -> bytes:
    """The mini test scenario zipped, with ``replace[file] = (old, new)`` text replacements,
    ``extra[file]`` text appended, and the id ``rename[0]`` renamed ``rename[1]`` in every
    CSV cell."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(MINI.iterdir()):
            if path.suffix not in (".csv", ".yaml"):
                continue
            text = path.read_text(encoding="utf-8")
            if replace and path.name in replace:
                old, new = replace[path.name]
                text = text.replace(old, new, 1)
            if rename and path.suffix == ".csv":
                text = re.sub(
                    rf"(?<=[,\n]){rename[0]}(?=[,\n])|^{rename[0]}(?=,)", rename[1], text, flags=re.M
                )
            if extra and path.name in extra:
                text += extra[path.name]
            archive.writestr(f"mini/{path.name}", text)
    return buffer.getvalue()


def alias_bomb() -> bytes:
    """Nine levels of nine YAML aliases: 387 million strings once expanded (8.6 KB)."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{k}: &lol{k} [{', '.join([f'*lol{k - 1}'] * 9)}]" for k in range(1, 10)]
    return mini_zip(extra={"scenario.yaml": "\n".join(lines) + "\n"})


def deep_yaml() -> bytes:
    return mini_zip(extra={"scenario.yaml": "deep: " + "[" * 50_000 + "]" * 50_000 + "\n"})


def _deflated(chunk: bytes, repeats: int) -> tuple[bytes, int]:
    """Raw deflate of ``chunk`` repeated, and the CRC-32 of the whole."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, crc = [], 0
    for _ in range(repeats):
        parts.append(packer.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(packer.flush())
    return b"".join(parts), crc


def _zip_of(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of deflated entries (name, deflated bytes, CRC, DECLARED size), the declared
    size written into both headers whatever the data really holds."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, declared in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), declared, len(encoded), 0)
        )
        out.write(encoded + data)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start, directory = out.tell(), central.getvalue()
    out.write(directory)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0)
    )
    return out.getvalue()


def lying_zip() -> bytes:
    """About 1 MB: a scenario whose prices.csv declares 1 KB and inflates to 1 GiB."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(mini_zip())) as honest:
        for info in honest.infolist():
            if info.filename.endswith("prices.csv"):
                data, crc = _deflated(b"0" * MB, 1024)
                entries.append((info.filename, data, crc, 1024))
            else:
                raw = honest.read(info)
                entries.append((info.filename, zlib.compress(raw, 9)[2:-4], zlib.crc32(raw), len(raw)))
    return _zip_of(entries)


def rows_xlsx(rows: int = 5_000_000) -> bytes:
    """A workbook whose one sheet holds ``rows`` rows (a few hundred KB zipped)."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    )
    row = b'<row><c t="n"><v>1</v></c></row>'
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, crc = [packer.compress(head)], zlib.crc32(head)
    block = row * 10_000
    for _ in range(rows // 10_000):
        parts.append(packer.compress(block))
        crc = zlib.crc32(block, crc)
    tail = b"</sheetData></worksheet>"
    parts += [packer.compress(tail), packer.flush()]
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(row) * (rows // 10_000) * 10_000 + len(tail)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    small = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{relations}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{relations}"><sheets>'
            '<sheet name="prices" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{relations}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    entries = [
        (n, zlib.compress(t.encode(), 9)[2:-4], zlib.crc32(t.encode()), len(t.encode()))
        for n, t in small.items()
    ]
    entries.append(("xl/worksheets/sheet1.xml", b"".join(parts), crc, size))
    return _zip_of(entries)


def many_rows_zip(rows: int = 100_000) -> bytes:
    """The mini scenario with ``rows`` more deposits, each a copy of its one deposit."""
    _header, first = (MINI / "deposits.csv").read_text(encoding="utf-8").splitlines()[:2]
    copies = "".join(first.replace("dep,", f"dep{k},", 1) + "\n" for k in range(rows))
    return mini_zip(extra={"deposits.csv": copies})


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


class Server:
    """``angara serve`` in its own process group, with a memory watchdog."""

    def __init__(self, url: str, cap_mb: int) -> None:
        self.url, self.cap_mb = url, cap_mb
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.killed = False
        command = [sys.executable, "-m", "angara", "serve", "--port", str(self.port), "--db", url]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start within 90 s")
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while self.process.poll() is None:
            try:
                if _status_kb(self.process.pid, "VmRSS") > self.cap_mb * 1024:
                    self.killed = True
                    os.killpg(self.process.pid, signal.SIGKILL)
                    return
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(0.05)

    def reset_peak(self) -> None:
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def peak_mb(self) -> float:
        try:
            return round(_status_kb(self.process.pid, "VmHWM") / 1024, 1)
        except FileNotFoundError:
            return float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # still busy with the attack: it gets no more time
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)

    def token(self, user: str) -> str:
        answer = httpx.post(f"{self.base}/api/auth/token", data={"username": user, "password": PASSWORD})
        return str(answer.json()["access_token"])


def stream_unauthenticated(
    base: str, path: str, content_type: str, prefix: bytes, total: int
) -> dict[str, Any]:
    """POST ``prefix`` then ``total`` bytes chunked without credentials; stop sending once the
    server answers."""
    host, port = base.removeprefix("http://").split(":")
    sent, started = 0, time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=TIMEOUT_S) as connection:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )
        connection.sendall(head.encode() + f"{len(prefix):x}\r\n".encode() + prefix + b"\r\n")
        chunk = b"x" * MB
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        answer = b""
        while sent < total and time.perf_counter() - started < TIMEOUT_S:
            readable, _, _ = select.select([connection], [], [], 0)
            if readable:
                break
            try:
                connection.sendall(framed)
            except OSError:
                break
            sent += len(chunk)
        if sent >= total:
            connection.sendall(b"0\r\n\r\n")
        connection.settimeout(TIMEOUT_S)
        try:
            answer = connection.recv(4096)
        except OSError:
            answer = b""
    status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "no answer"
    return {"status": status, "seconds": time.perf_counter() - started, "body_sent_mb": round(sent / MB)}


# --------------------------------------------------------------------------- the attacks

Attack = Callable[[Server], dict[str, Any]]


def _upload(server: Server, name: str, content: bytes) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {server.token('analyst')}"}
    started = time.perf_counter()
    answer = httpx.post(
        f"{server.base}/api/scenarios", headers=headers, files={"file": (name, content)}, timeout=TIMEOUT_S
    )
    return {
        "status": answer.status_code,
        "seconds": time.perf_counter() - started,
        "detail": answer.text[:300],
    }


def _many_rows(server: Server) -> dict[str, Any]:
    found = _upload(server, "many.zip", many_rows_zip())
    if found["status"] == 201:  # accepted: what a viewer's map of it costs
        started = time.perf_counter()
        try:
            answer = httpx.get(
                f"{server.base}/api/scenarios/mini/map",
                headers={"Authorization": f"Bearer {server.token('analyst')}"},
                timeout=60,
            )
            found["map"] = f"{answer.status_code} in {time.perf_counter() - started:.1f} s"
        except httpx.TimeoutException:
            found["map"] = "no answer in 60 s"
    return found


def _guessing(server: Server) -> dict[str, Any]:
    statuses, started, retry = [], time.perf_counter(), None
    for _ in range(30):
        answer = httpx.post(
            f"{server.base}/api/auth/token", data={"username": "analyst", "password": "wrong"}
        )
        statuses.append(answer.status_code)
        retry = answer.headers.get("retry-after", retry)
    refused = statuses.index(429) + 1 if 429 in statuses else None
    return {
        "status": 429 if refused else statuses[-1],
        "seconds": time.perf_counter() - started,
        "detail": f"30 wrong passwords: first 429 at attempt {refused}, Retry-After {retry}",
    }


def _weak_password(server: Server) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {server.token('admin')}"}
    started = time.perf_counter()
    answer = httpx.post(
        f"{server.base}/api/users",
        headers=headers,
        json={"name": "weak", "role": "viewer", "password": "12345678"},
    )
    return {
        "status": answer.status_code,
        "seconds": time.perf_counter() - started,
        "detail": answer.text[:200],
    }


def _nan(server: Server) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {server.token('analyst')}", "Content-Type": "application/json"}
    started = time.perf_counter()
    answer = httpx.post(
        f"{server.base}/api/runs", headers=headers, content=b'{"scenario": "mini", "time_limit": NaN}'
    )
    return {
        "status": answer.status_code,
        "seconds": time.perf_counter() - started,
        "detail": answer.text[:200],
    }


def _nan_in_scenario(server: Server) -> dict[str, Any]:
    found = _upload(server, "nan.zip", mini_zip({"scenario.yaml": ("time_limit: 30", "time_limit: .nan")}))
    if found["status"] == 201:  # accepted: what a run of it does
        headers = {"Authorization": f"Bearer {server.token('analyst')}"}
        answer = httpx.post(f"{server.base}/api/runs", headers=headers, json={"scenario": "mini"})
        found["run"] = f"{answer.status_code} {answer.text[:200]}"
    return found


def _open_redirect(server: Server) -> dict[str, Any]:
    started = time.perf_counter()
    answer = httpx.get(f"{server.base}/login?next=/%5Cevil.example")
    return {
        "status": answer.status_code,
        "seconds": time.perf_counter() - started,
        "detail": "page sends the user off-site after sign-in"
        if "evil.example" in answer.text
        else "stays local",
    }


def _health(server: Server) -> dict[str, Any]:
    started = time.perf_counter()
    answer = httpx.get(f"{server.base}/api/health")
    return {
        "status": answer.status_code,
        "seconds": time.perf_counter() - started,
        "detail": answer.text[:200],
    }


def _headers(server: Server) -> dict[str, Any]:
    started = time.perf_counter()
    answer = httpx.get(f"{server.base}/login")
    wanted = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")
    missing = [name for name in wanted if name not in answer.headers]
    return {
        "status": answer.status_code,
        "seconds": time.perf_counter() - started,
        "detail": f"missing: {missing}",
    }


ATTACKS: dict[str, Attack] = {
    "yaml alias bomb (8.6 KB)": lambda s: _upload(s, "bomb.zip", alias_bomb()),
    "yaml nested 50,000 deep": lambda s: _upload(s, "deep.zip", deep_yaml()),
    "zip whose header lies (1 GiB in ~1 MB)": lambda s: _upload(s, "lying.zip", lying_zip()),
    "xlsx of 5 M rows": lambda s: _upload(s, "rows.xlsx", rows_xlsx()),
    "100,000-row table, then its map": _many_rows,
    "non-ASCII id (Cyrillic a)": lambda s: _upload(s, "id.zip", mini_zip(rename=("dep", "d\u0435p"))),
    "scenario named ..": lambda s: _upload(
        s, "dots.zip", mini_zip({"scenario.yaml": ("name: mini", "name: ..")})
    ),
    "price 1e308": lambda s: _upload(
        s, "price.zip", mini_zip({"prices.csv": ("la_oxide,2025,1,", "la_oxide,2025,1e308,")})
    ),
    "time_limit .nan in scenario.yaml, then a run": _nan_in_scenario,
    "unauthenticated chunked JSON, 300 MB": lambda s: stream_unauthenticated(
        s.base, "/api/runs", "application/json", b'{"scenario": "', 300 * MB
    ),
    "unauthenticated chunked multipart, 1 GB": lambda s: stream_unauthenticated(
        s.base,
        "/api/scenarios",
        "multipart/form-data; boundary=x",
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\n',
        1024 * MB,
    ),
    "30 wrong passwords": _guessing,
    "password 12345678": _weak_password,
    "NaN time_limit": _nan,
    "login?next=/%5Cevil.example": _open_redirect,
    "health without sign-in": _health,
    "security headers on /login": _headers,
}


def _add_users(url: str) -> None:
    for user, role in (("analyst", "analyst"), ("admin", "admin")):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "angara",
                "users",
                "add",
                user,
                "--role",
                role,
                "--password-stdin",
                "--db",
                url,
            ],
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
        )


def run(names: list[str], cap_mb: int) -> Iterator[dict[str, Any]]:
    """Each attack against a fresh server per attack (so no attack inherits another's state)."""
    for name in names:
        folder = Path(tempfile.mkdtemp(prefix="angara-attacks-"))
        url = f"sqlite:///{folder / 'angara.db'}"
        _add_users(url)
        server = Server(url, cap_mb)
        try:
            server.reset_peak()
            try:
                found = ATTACKS[name](server)
            except (httpx.HTTPError, OSError) as error:
                found = {"status": f"connection: {type(error).__name__}", "seconds": float("nan")}
            time.sleep(0.2)
            found["peak_mb"] = f">{cap_mb}" if server.killed else server.peak_mb()
            if server.killed:
                found["status"] = f"server killed over {cap_mb} MB"
            found["seconds"] = round(found["seconds"], 2)
            yield {"attack": name, **found}
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", help="attacks whose name contains one of these words")
    parser.add_argument("--memory-cap-mb", type=int, default=3000)
    args = parser.parse_args()
    names = [n for n in ATTACKS if not args.only or any(word in n for word in args.only)]
    results = []
    for found in run(names, args.memory_cap_mb):
        print(json.dumps(found), file=sys.stderr, flush=True)
        results.append(found)
    print(json.dumps({"attacks": results, "cpus": os.cpu_count()}, indent=2))


if __name__ == "__main__":
    main()
