"""A run's progress on standard error: what it does now (a spinner) and a bar per count
(Monte Carlo samples, re-plans), gone when the run ends.  The workflow's listener for the
command line."""

from __future__ import annotations

from types import TracebackType

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from angara.cli.console import err
from angara.workflow import Stage

BARS: dict[Stage, str] = {
    "monte_carlo": "Monte Carlo samples",
    "replanning": "Re-planned futures",
    "variants": "Variants",
    "pareto": "Pareto points",
}


class TerminalProgress:
    """Shows a run's stages and counts while used as a context manager; ``shown=False``
    shows nothing (e.g. while the solver writes its own log to standard error)."""

    def __init__(self, shown: bool = True) -> None:
        self.shown = shown
        self._display = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self._current: TaskID | None = None
        self._bars: dict[Stage, TaskID] = {}

    def __enter__(self) -> TerminalProgress:
        if self.shown:
            self._display.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.shown:
            self._display.stop()

    def stage(self, stage: Stage, text: str) -> None:
        """Say what the run does now."""
        if self._current is not None:
            self._display.remove_task(self._current)
            self._current = None
        if stage not in BARS:
            self._current = self._display.add_task(f"{text[:1].upper()}{text[1:]} …", total=None)

    def advance(self, stage: Stage, done: int, total: int) -> None:
        """Move the bar of ``stage``."""
        if stage not in self._bars:
            self._bars[stage] = self._display.add_task(BARS.get(stage, stage), total=total)
        self._display.update(self._bars[stage], completed=done, total=total)

    def log(self, line: str) -> None:
        """Nothing: the command prints its own summary when the run ends."""
