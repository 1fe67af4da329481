"""Request bodies are counted as they stream and sign-in is checked before any of a body is
read: an unauthenticated 300 MB chunked JSON body or 1 GB multipart upload is answered 401
after its headers, an oversized body 413 the moment it passes the limit, whatever it says
about its length, and the server's memory stays small throughout.

The server runs in a process of its own (``angara serve``'s app under uvicorn) so that its
peak memory (VmHWM) is its own; the attacks are sent by a raw HTTP/1.1 client that streams
generated chunks and watches for the answer between them, never holding a body in memory.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from angara.server.settings import MB
from tests.security.served import Served
from tests.security.served import served as served_process

CHUNK = b"7" * MB  # one chunk, sent again and again: nothing of the body is ever held twice
MAX_SERVER_MB = 500.0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_process(tmp_path_factory.mktemp("requests")) as server:
        yield server


@dataclass
class Exchange:
    status: int
    sent: int  # body bytes sent before the answer came (or the server closed)
    seconds: float
    answer: bytes


def stream(
    port: int, path: str, head: dict[str, str], prefix: bytes, total: int, timeout: float = 30.0
) -> Exchange:
    """POST ``prefix`` then copies of :data:`CHUNK` up to ``total`` bytes, chunked, stopping
    as soon as the server answers; the status of that answer and how much was sent by then."""
    started = time.perf_counter()
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked"]
    lines += [f"{name}: {value}" for name, value in head.items()]
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        pieces = [prefix] if prefix else []
        try:
            while sent < total and time.perf_counter() - started < timeout:
                readable, _, _ = select.select([connection], [], [], 0)
                if readable:
                    break
                piece = pieces.pop() if pieces else CHUNK[: max(0, min(len(CHUNK), total - sent))]
                connection.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                sent += len(piece)
            else:
                connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: read its answer
        answer = _read_answer(connection, timeout)
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1") else 0
    return Exchange(status, sent, time.perf_counter() - started, answer)


def _read_answer(connection: socket.socket, timeout: float) -> bytes:
    connection.settimeout(timeout)
    answer = b""
    try:
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = connection.recv(65536)
            if not data:
                break
            answer += data
    except (ConnectionResetError, TimeoutError):
        pass
    return answer


def test_an_unauthenticated_300_mb_chunked_json_body_is_answered_401_before_it_is_read(
    served: Served,
) -> None:
    exchange = stream(
        served.port,
        "/api/runs",
        {"Content-Type": "application/json"},
        b'{"scenario": "',
        300 * MB,
    )
    assert exchange.status == 401, exchange.answer[:300]
    assert b"sign in first" in exchange.answer
    assert exchange.sent < 32 * MB  # answered after the headers, not after the body
    assert exchange.seconds < 5.0
    assert served.peak_mb() < MAX_SERVER_MB


BOUNDARY = "angara-attack"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
FILE_PART = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="s.zip"\r\n'
    "Content-Type: application/zip\r\n\r\n"
).encode()


def test_an_unauthenticated_1_gb_multipart_upload_is_answered_401_before_it_is_read(served: Served) -> None:
    exchange = stream(served.port, "/api/scenarios", MULTIPART, FILE_PART, 1024 * MB)
    assert exchange.status == 401, exchange.answer[:300]
    assert exchange.sent < 32 * MB
    assert exchange.seconds < 5.0
    assert served.peak_mb() < MAX_SERVER_MB


def test_a_forged_token_is_refused_before_the_body(served: Served) -> None:
    exchange = stream(
        served.port,
        "/api/runs",
        {"Authorization": "Bearer forged", "Content-Type": "application/json"},
        b"",
        300 * MB,
    )
    assert exchange.status == 401 and b"unknown, revoked or has expired" in exchange.answer
    assert exchange.sent < 32 * MB


def test_a_signed_in_chunked_body_over_the_limit_is_answered_413_as_it_passes_it(served: Served) -> None:
    # no Content-Length: only counting what arrives can tell (the default limit is 20 MB)
    exchange = stream(
        served.port,
        "/api/runs",
        {"Authorization": f"Bearer {served.token}", "Content-Type": "application/json"},
        b'{"scenario": "',
        300 * MB,
    )
    assert exchange.status == 413, exchange.answer[:300]
    assert b"larger than 20,971,520 bytes" in exchange.answer
    assert exchange.sent < 64 * MB
    assert exchange.seconds < 10.0
    assert served.peak_mb() < MAX_SERVER_MB


def test_a_signed_in_1_gb_multipart_upload_is_answered_413_as_it_passes_the_limit(served: Served) -> None:
    head = {**MULTIPART, "Authorization": f"Bearer {served.token}"}
    exchange = stream(served.port, "/api/scenarios", head, FILE_PART, 1024 * MB)
    assert exchange.status == 413, exchange.answer[:300]
    assert exchange.sent < 64 * MB
    assert exchange.seconds < 10.0
    assert served.peak_mb() < MAX_SERVER_MB


def test_a_sign_in_body_is_bounded_far_below_uploads(served: Served) -> None:
    exchange = stream(
        served.port,
        "/api/auth/token",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"username=anna&password=",
        300 * MB,
    )
    assert exchange.status == 413
    assert b"larger than 65,536 bytes" in exchange.answer
    assert exchange.sent < 32 * MB


def test_a_content_length_over_the_limit_is_refused_before_reading(served: Served) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as connection:
        connection.sendall(
            f"POST /api/runs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {served.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {100 * MB}\r\n\r\n".encode()
        )
        answer = _read_answer(connection, 10)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_an_ordinary_request_still_works(served: Served) -> None:
    answer = httpx.post(
        f"{served.base}/api/runs",
        json={"scenario": "no-such-scenario"},
        headers={"Authorization": f"Bearer {served.token}"},
    )
    assert answer.status_code == 404, answer.text
    assert served.rss_mb() < MAX_SERVER_MB
