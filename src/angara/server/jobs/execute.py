"""What a background run does, as a function of plain ids that a Dask worker can call:
load the scenario version, hand it to :mod:`angara.workflow` (plan, assess and, for a
risk run, weigh the risk), and store the result files the workflow writes.

The run's row in the database is the only channel: progress and log lines are written
there as the workflow reports them, and every outcome, including an internal error, is
recorded there.  While the run is running a heartbeat thread (:class:`Heartbeat`) refreshes
the row every :data:`HEARTBEAT_EVERY_S` (a server fails a run whose heartbeat stops, see
:func:`angara.server.store.runs.fail_stale`) and looks every :data:`STOP_CHECK_EVERY_S`
whether the run was cancelled: then it stops the solve in progress
(:func:`angara.plan.solver.stop_solves_when`) and the workflow at its next stage or count.
:func:`execute_run` never raises.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import cast

from pydantic import ValidationError

from angara.assess.write import SCENARIO_FOLDER
from angara.plan import PlanFailure
from angara.plan.solver import SolveStopped, stop_solves_when
from angara.results.documents import RISK_FOLDER
from angara.scenario.problems import ScenarioError
from angara.server.store.database import Database, StoreError, open_database
from angara.server.store.runs import (
    RunInfo,
    append_log,
    get_run,
    heartbeat,
    run_status,
    save_results,
    set_progress,
    set_status,
    start_run,
    worker_stopped,
)
from angara.server.store.scenarios import load_version
from angara.server.store.tables import utc_now
from angara.workflow import (
    Cancelled,
    RunKind,
    RunParameters,
    Stage,
    outcome_of,
    parameter_problems,
    write_outcome,
)

PROGRESS_EVERY_S = 0.5  # write counted progress (and look for a cancellation) at most this often
SERVER_THREADS = 1  # solver threads unless a run asks: each worker solves one run at a time
HEARTBEAT_EVERY_S = 10.0  # a running run's worker says it is alive this often
STOP_CHECK_EVERY_S = 1.0  # and looks this often whether the run was cancelled
RESTARTED = (
    "Dask started the run again after the worker doing it was lost; "
    "Angara does not repeat a run silently: start it again"
)


def execute_run(db_url: str, run_id: int) -> str:
    """Do run ``run_id`` of the database at ``db_url``; return its final status.

    A run that is not queued (cancelled before it started, or taken up already) is left
    alone.  A scenario with no plan, a scenario that does not load and bad parameters fail
    the run with a message saying why; anything else fails it as an internal error with
    the traceback in its log.
    """
    try:
        database = open_database(db_url, upgrade=False)
    except Exception:  # nowhere to record anything: the server marks the run failed on restart
        return "failed"
    try:
        return _execute(database, run_id)
    except Exception as error:  # the database itself failed while recording the outcome
        return _fail_quietly(database, run_id, f"internal error: {type(error).__name__}: {error}")
    finally:
        database.close()


def stage_starts(kind: RunKind, replan: int) -> dict[str, float]:
    """Where each stage starts on a run's progress bar (0 to 1)."""
    if kind == "plan":
        return {"loading": 0.0, "planning": 0.05, "assessing": 0.75, "mandates": 0.8, "saving": 0.95}
    if replan:
        return {
            "loading": 0.0,
            "planning": 0.05,
            "assessing": 0.35,
            "mandates": 0.4,
            "replanning": 0.45,
            "monte_carlo": 0.8,
            "saving": 0.95,
        }
    return {
        "loading": 0.0,
        "planning": 0.05,
        "assessing": 0.45,
        "mandates": 0.5,
        "monte_carlo": 0.55,
        "saving": 0.95,
    }


class Heartbeat:
    """A thread that, while a run is running, refreshes its heartbeat and sets ``stop`` once
    the run is no longer running (cancelled, or failed by the server's watchdog)."""

    def __init__(self, database: Database, run_id: int) -> None:
        self.database = database
        self.run_id = run_id
        self.stop = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"angara-run-{run_id}-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _beat(self) -> None:
        last_beat = time.monotonic()
        while not self._done.wait(STOP_CHECK_EVERY_S):
            try:
                if time.monotonic() - last_beat >= HEARTBEAT_EVERY_S:
                    last_beat = time.monotonic()
                    with self.database.session() as session:
                        status = heartbeat(session, self.run_id)
                else:
                    with self.database.session(write=False) as session:
                        status = run_status(session, self.run_id)
            except Exception:  # a busy or unreachable database: try again at the next beat
                continue
            if status != "running":
                self.stop.set()


class RunReporter:
    """The workflow's listener for a stored run: writes its progress and log and looks for
    its cancellation, each in a short transaction of its own so that the web server sees
    them at once."""

    def __init__(
        self, database: Database, run_id: int, starts: dict[str, float], stop: threading.Event | None = None
    ) -> None:
        self.database = database
        self.run_id = run_id
        self.starts = starts
        self.stop = stop  # set by the run's heartbeat when the run stops running
        self._last_write = 0.0

    def log(self, line: str) -> None:
        stamp = utc_now().strftime("%Y-%m-%d %H:%M:%S")
        with self.database.session() as session:
            append_log(session, self.run_id, f"{stamp} {line}")

    def stage(self, stage: Stage | str, text: str) -> None:
        """Enter ``stage`` (after a cancellation check), saying what it does."""
        self.check()
        self.log(text)
        with self.database.session() as session:
            set_progress(session, self.run_id, self.starts.get(stage, 0.0), text)

    def advance(self, stage: Stage, done: int, total: int) -> None:
        """Counted progress within ``stage``; written (and a cancellation looked for) at most
        every :data:`PROGRESS_EVERY_S`, and at the end."""
        now = time.monotonic()
        if done < total and now - self._last_write < PROGRESS_EVERY_S:
            return
        self._last_write = now
        self.check()
        start = self.starts.get(stage, 0.0)
        end = min([s for s in self.starts.values() if s > start], default=1.0)
        with self.database.session() as session:
            set_progress(
                session,
                self.run_id,
                start + (end - start) * done / max(total, 1),
                f"{stage.replace('_', ' ')}: {done:,} of {total:,}",
            )

    def check(self) -> None:
        """Raise :class:`Cancelled` if the run has been cancelled."""
        if self.stop is not None and self.stop.is_set():
            raise Cancelled
        with self.database.session(write=False) as session:
            if get_run(session, self.run_id).status == "cancelled":
                raise Cancelled


def _execute(database: Database, run_id: int) -> str:
    with database.session() as session:
        started = start_run(session, run_id, f"{socket.gethostname()} pid {os.getpid()}")
        run = get_run(session, run_id)
    if not started:
        if run.status == "running":
            # Dask runs a task again only when the worker doing it was lost: say so, once
            with database.session() as session:
                worker_stopped(session, run_id, RESTARTED)
            return "failed"
        return run.status
    with Heartbeat(database, run_id) as beating, stop_solves_when(beating.stop):
        return _work(database, run, beating.stop)


def _work(database: Database, run: RunInfo, stop: threading.Event) -> str:
    run_id = run.id
    kind = cast(RunKind, run.kind)  # the runs table's CHECK constraint admits only the workflow's kinds
    reporter = RunReporter(database, run_id, stage_starts(kind, 0), stop)
    try:
        parameters = _parameters(run.parameters)
        reporter.starts = stage_starts(kind, parameters.replan)
        reporter.stage("loading", f"loading scenario '{run.scenario}' version {run.version}")
        with database.session(write=False) as session:
            _, scenario = load_version(session, run.scenario, run.version)
        outcome = outcome_of(scenario, parameters, kind, reporter)
        reporter.stage("saving", "saving results")
        with tempfile.TemporaryDirectory(prefix="angara-run-") as folder:
            results = Path(folder) / "results"
            write_outcome(outcome, scenario, results)
            files = _read(results)
        with database.session() as session:
            # marked done and given its results in one transaction, unless cancelled meanwhile
            if not set_status(session, run_id, "done", "done", 1.0):
                raise Cancelled
            save_results(session, run_id, files)
        reporter.log(f"done: {len(files)} result files")
        return "done"
    except (Cancelled, SolveStopped):
        with database.session(write=False) as session:
            status = get_run(session, run_id).status
        reporter.log(
            "stopped: the run was cancelled" if status == "cancelled" else f"stopped: the run is {status}"
        )
        return status
    except PlanFailure as error:
        for message in error.messages:
            reporter.log(f"no plan: {message}")
        return _fail(database, run_id, str(error))
    except ScenarioError as error:
        for problem in error.problems:
            reporter.log(f"scenario problem: {problem}")
        count = len(error.problems)
        text = "\n".join(str(p) for p in error.problems)
        return _fail(
            database, run_id, f"the scenario has {count} problem{'s' if count != 1 else ''}:\n{text}"
        )
    except StoreError as error:
        reporter.log(f"failed: {error}")
        return _fail(database, run_id, str(error))
    except ValidationError as error:
        text = "; ".join(str(problem) for problem in parameter_problems(error))
        reporter.log(f"failed: bad parameters: {text}")
        return _fail(database, run_id, f"bad parameters: {text}")
    except Exception as error:
        reporter.log("internal error:\n" + traceback.format_exc().rstrip())
        return _fail(database, run_id, f"internal error: {type(error).__name__}: {error}")


def _parameters(stored: dict[str, object]) -> RunParameters:
    """The run's parameters, with one solver thread unless it asked for more."""
    parameters = RunParameters.model_validate(stored)
    if parameters.threads is None:
        parameters = parameters.model_copy(update={"threads": SERVER_THREADS})
    return parameters


def _read(folder: Path) -> dict[str, bytes]:
    """The result files, the risk analysis' among them (its names do not clash with the
    others'); the scenario/ folder is the stored version itself, not a result."""
    files = {}
    for place in (folder, folder / RISK_FOLDER):
        if place.is_dir():
            for path in sorted(place.iterdir()):
                if path.is_file() and path.name != SCENARIO_FOLDER:
                    files[path.name] = path.read_bytes()
    return files


def _fail(database: Database, run_id: int, message: str) -> str:
    with database.session() as session:
        set_status(session, run_id, "failed", message)
        return get_run(session, run_id).status  # cancelled meanwhile stays cancelled


def _fail_quietly(database: Database, run_id: int, message: str) -> str:
    try:
        return _fail(database, run_id, message)
    except Exception:
        return "failed"
