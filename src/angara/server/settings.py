"""What a server is allowed to do, and where it keeps its data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the cluster module loads Dask: not needed to hold the settings
    from angara.risk.cluster import SchedulerTLS

MB = 2**20


@dataclass(frozen=True)
class ServerSettings:
    """Settings of ``angara serve``: the database, the Dask scheduler and the limits.

    db_url: SQLAlchemy URL; None: a SQLite file in the user's data folder.
    scheduler: a Dask scheduler address (tcp://HOST:PORT); None: a local cluster of
        ``workers`` single-threaded workers, processes unless ``worker_processes`` is false.
    max_upload_bytes: largest request body accepted (413 beyond).
    max_unpacked_bytes: largest unpacked size of a zipped scenario (422 beyond).
    max_variables: largest optimization model a run may build (422 beyond).
    max_solve_seconds: longest solver time limit a run may ask for (422 beyond).
    max_samples: most Monte Carlo samples a run may ask for (422 beyond).
    max_runs_per_user: runs queued or running at once per user (429 beyond).
    token_lifetime_s: how long a bearer token or browser session lasts.
    secure_cookies: send the session cookie only over HTTPS (set behind a TLS proxy).
    scheduler_tls: CA, certificate and key files for a ``tls://`` scheduler; None: Dask's own
        configuration (``distributed.comm.tls.*``), if any.
    max_sign_in_bytes: largest body of the two sign-in routes, which anyone may send (413 beyond).
    sign_in_failures_per_account: failed sign-ins of one account name within
        ``sign_in_window_s`` after which it is refused (429) until the oldest ages out.
    sign_in_failures_per_address: the same per client address.
    sign_in_window_s: the sliding window of the two counts above.
    """

    db_url: str | None = None
    scheduler: str | None = None
    workers: int = 2
    worker_processes: bool = True
    max_upload_bytes: int = 20 * MB
    max_unpacked_bytes: int = 100 * MB
    max_variables: int = 500_000
    max_solve_seconds: float = 900.0
    max_samples: int = 200_000
    max_runs_per_user: int = 2
    token_lifetime_s: float = 12 * 3600.0
    secure_cookies: bool = False
    scheduler_tls: SchedulerTLS | None = None
    # requests, sign-in and passwords (docs/security.md, "Request bodies, accounts and pages")
    max_sign_in_bytes: int = 64 * 1024
    sign_in_failures_per_account: int = 5
    sign_in_failures_per_address: int = 20
    sign_in_window_s: float = 15 * 60.0
