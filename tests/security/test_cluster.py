"""The compute cluster is not an open door: a Dask scheduler runs any function a connected
client sends, so the local cluster listens on loopback only, over TLS with credentials made
for it alone (or stays in-process); its address is not shown to anyone who has not signed in
as an admin; a remote scheduler is reached over TLS with the CA, certificate and key given."""

from __future__ import annotations

import asyncio
import datetime
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from distributed import Client, LocalCluster
from distributed.comm.core import connect
from distributed.security import Security

from angara.risk.cluster import SchedulerTLS, client_security, local_cluster
from angara.server.jobs.queue import RunQueue
from angara.server.settings import ServerSettings
from angara.server.store import users
from tests.conftest import Result
from tests.server.api.conftest import Server, start

REFUSED_WITHIN_S = 5.0


@pytest.fixture(scope="module")
def processes() -> Iterator[LocalCluster]:
    """The local cluster as ``angara serve`` starts it: one worker process."""
    with local_cluster(1, processes=True) as cluster:
        yield cluster


async def _identity(address: str, connection: dict[str, Any]) -> Any:
    """Ask the scheduler at ``address`` who it is, as any client's first message does."""
    comm = await connect(address, timeout=3, **connection)  # type: ignore[no-untyped-call]
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        await comm.close()


def _refused(address: str, connection: dict[str, Any]) -> float:
    """Seconds until the scheduler at ``address`` refuses a client connecting with ``connection``
    (no Dask Client: a refused Client may block the next one for 20 s as it is collected)."""
    started = time.monotonic()
    with pytest.raises((OSError, TypeError)):  # Dask's CommClosedError is an OSError
        asyncio.run(_identity(address, connection))
    return time.monotonic() - started


def test_worker_processes_talk_tls_on_loopback_only(processes: LocalCluster) -> None:
    assert str(processes.scheduler_address).startswith("tls://127.0.0.1:")
    with Client(processes, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        assert client.submit(sum, [1, 2]).result(timeout=30) == 3  # the cluster's own client works
        workers = client.run(lambda dask_worker: [dask_worker.address, dask_worker.nanny])
        pages = client.run(
            lambda dask_worker: [s.getsockname()[0] for s in dask_worker.http_server._sockets.values()]
        )
    assert workers and all(
        address.startswith("tls://127.0.0.1:") for both in workers.values() for address in both
    )
    assert all(hosts == ["127.0.0.1"] for hosts in pages.values())  # their HTTP servers too


def test_a_client_without_the_credentials_cannot_run_code(processes: LocalCluster) -> None:
    address = str(processes.scheduler_address)
    own = processes.security.get_connection_args("client")
    assert asyncio.run(_identity(address, own))["type"] == "Scheduler"  # the check itself works
    # plain TCP to the TLS port: the scheduler drops the connection
    assert _refused(address.replace("tls://", "tcp://"), {}) < REFUSED_WITHIN_S
    # TLS without a client certificate (and trusting any server): the scheduler wants one
    anonymous = ssl.create_default_context()
    anonymous.check_hostname, anonymous.verify_mode = False, ssl.CERT_NONE
    assert _refused(address, {"ssl_context": anonymous}) < REFUSED_WITHIN_S
    # TLS with credentials of its own: the scheduler does not trust them
    stranger = Security.temporary().get_connection_args("client")  # type: ignore[no-untyped-call]
    assert _refused(address, stranger) < REFUSED_WITHIN_S


def test_the_scheduler_serves_no_status_pages(processes: LocalCluster) -> None:
    scheduler = processes.scheduler
    assert scheduler is not None
    http = scheduler.http_server
    (host, port, *_) = next(iter(http._sockets.values())).getsockname()
    assert host == "127.0.0.1"
    for page in ("/info/main/workers.html", "/json/identity.json", "/metrics", "/health"):
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{page}", timeout=5)
        assert answer.value.code == 404, page


def test_threads_stay_in_process() -> None:
    with local_cluster(1) as cluster:
        assert str(cluster.scheduler_address).startswith("inproc://")


# --------------------------------------------------------------------------- the health answer


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield from start(f"sqlite:///{tmp_path / 'angara.db'}", ServerSettings(workers=1))


def test_health_shows_no_scheduler_to_anyone(server: Server) -> None:
    answer = server.client.get("/api/health")
    assert answer.status_code == 200
    assert set(answer.json()) == {"status", "version"}
    assert "inproc://" not in answer.text and "tcp://" not in answer.text and "tls://" not in answer.text


def test_only_an_admin_sees_the_scheduler(server: Server) -> None:
    assert server.client.get("/api/status").status_code == 401
    assert server.client.get("/api/status", headers=server.headers("analyst")).status_code == 403
    answer = server.client.get("/api/status", headers=server.headers("admin"))
    assert answer.status_code == 200
    assert answer.json()["scheduler"].startswith("inproc://")  # the test server's in-process cluster


# --------------------------------------------------------------------------- a remote scheduler


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(
    subject: str, key: rsa.RSAPrivateKey, issuer: str, issuer_key: rsa.RSAPrivateKey, ca: bool
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def _authority(folder: Path, name: str) -> SchedulerTLS:
    """A CA and one certificate it signed (for the scheduler, workers and clients alike),
    written as PEM files into ``folder``."""
    folder.mkdir()
    ca_key, key = _key(), _key()
    ca = _certificate(name, ca_key, name, ca_key, ca=True)
    certificate = _certificate("angara", key, name, ca_key, ca=False)
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "cert.pem").write_bytes(certificate.public_bytes(pem))
    (folder / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return SchedulerTLS(folder / "ca.pem", folder / "cert.pem", folder / "key.pem")


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SchedulerTLS, SchedulerTLS]]:
    """A TLS scheduler with one worker, as an operator starts one with their own CA; the
    address, the credentials it trusts and another CA's credentials."""
    folder = tmp_path_factory.mktemp("tls")
    trusted, stranger = _authority(folder / "ours", "our-ca"), _authority(folder / "theirs", "their-ca")
    files = {"tls_ca_file": str(trusted.ca_file), "require_encryption": True}
    security = Security(  # type: ignore[no-untyped-call]
        **files,
        tls_scheduler_cert=str(trusted.cert),
        tls_scheduler_key=str(trusted.key),
        tls_worker_cert=str(trusted.cert),
        tls_worker_key=str(trusted.key),
        tls_client_cert=str(trusted.cert),
        tls_client_key=str(trusted.key),
    )
    with LocalCluster(  # type: ignore[no-untyped-call]
        processes=False,
        n_workers=1,
        threads_per_worker=1,
        protocol="tls://",
        host="127.0.0.1",
        security=security,
        dashboard_address=None,
    ) as cluster:
        yield str(cluster.scheduler_address), trusted, stranger


def test_the_settings_reach_the_client(remote: tuple[str, SchedulerTLS, SchedulerTLS]) -> None:
    address, trusted, _ = remote
    security = client_security(trusted)
    given = {name: getattr(security, name) for name in ("tls_ca_file", "tls_client_cert", "tls_client_key")}
    assert security.require_encryption
    assert given == {
        "tls_ca_file": str(trusted.ca_file),
        "tls_client_cert": str(trusted.cert),
        "tls_client_key": str(trusted.key),
    }
    queue = RunQueue("sqlite://", scheduler=address, tls=trusted)
    try:
        queue.start()
        assert queue.client.submit(sum, [1, 2]).result(timeout=30) == 3
    finally:
        queue.close()


# run in a child process: a Dask Client that failed to connect may block the next one for 20 s
# when it is garbage-collected
_START = """
import os
import sys
from pathlib import Path
from angara.risk.cluster import SchedulerTLS
from angara.server.jobs.queue import RunQueue
from angara.server.store.database import StoreError
address, *files = sys.argv[1:]
tls = SchedulerTLS(*map(Path, files)) if files else None
try:
    RunQueue("sqlite://", scheduler=address, tls=tls).start()
except StoreError as error:
    print(error, flush=True)
    os._exit(3)  # not waiting for the failed client to be collected
"""


@pytest.mark.parametrize("which", ["none", "stranger"])
def test_a_remote_scheduler_without_its_credentials_is_a_plain_error(
    remote: tuple[str, SchedulerTLS, SchedulerTLS], which: str
) -> None:
    address, _, stranger = remote
    files = [str(stranger.ca_file), str(stranger.cert), str(stranger.key)] if which == "stranger" else []
    child = subprocess.run(
        [sys.executable, "-c", _START, address, *files],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 3, child.stderr
    assert f"cannot reach the Dask scheduler at {address}" in child.stdout
    expected = "--scheduler-ca" if which == "none" else "certificate"
    assert expected in child.stdout


def test_serve_refuses_missing_tls_files(tmp_path: Path, cli: Callable[..., Result]) -> None:
    missing = tmp_path / "nowhere.pem"
    result = cli(
        "serve",
        "--db",
        f"sqlite:///{tmp_path / 'angara.db'}",
        "--port",
        "18765",
        "--scheduler",
        "tls://127.0.0.1:8786",
        "--scheduler-ca",
        missing,
        "--scheduler-cert",
        missing,
    )
    assert result.code == 2
    assert "nowhere.pem is not a readable file" in result.err
    assert "Traceback" not in result.err
