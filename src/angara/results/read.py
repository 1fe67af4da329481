"""Read a result folder (or a server run's stored result files) into typed documents and
tables, checking what every reader relies on.

A missing or damaged file, a missing key or column, a value of the wrong kind: each is a
located :class:`~angara.scenario.problems.Problem` (file, row, column, value), all of them
raised together as one :class:`~angara.scenario.problems.ScenarioError`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pandera.pandas as pa
from pydantic import BaseModel, ValidationError

from angara.assess.write import ASSESSMENT_FILE
from angara.cells import unescaped
from angara.plan.write import PLAN_FILE
from angara.results.columns import (
    ASSESSMENT_TABLES,
    DECLARED,
    LATER_PLAN_TABLES,
    PLAN_TABLES,
    REPLANNED_TABLES,
    RISK_TABLES,
)
from angara.results.documents import (
    RISK_FOLDER,
    RUN_FILE,
    AssessmentDocument,
    PlanDocument,
    RiskDocument,
    RunDocument,
)
from angara.risk.write import RISK_FILE
from angara.scenario.problems import Problem, ScenarioError
from angara.tables import declared

Model = TypeVar("Model", bound=BaseModel)
MAX_REPORTED = 20  # problems named per document: more would bury the first


@dataclass(frozen=True, kw_only=True)
class PlanResults:
    """A saved plan: ``plan.json``, ``run.json`` (None for folders written before it
    existed) and the plan's tables by name."""

    plan: PlanDocument
    run: RunDocument | None = None
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """A table by name; empty if the run did not produce it (e.g. no re-planning)."""
        return self.tables.get(name, pd.DataFrame())


@dataclass(frozen=True, kw_only=True)
class RunResults(PlanResults):
    """A run's results: the plan, its ``assessment.json``, ``risk.json`` (None without a
    risk analysis) and every table (``builds``, ``cashflows``, ``tornado``, ...)."""

    assessment: AssessmentDocument
    risk: RiskDocument | None = None


def read_results(folder: Path) -> RunResults:
    """The results in ``folder`` as ``angara plan --out`` writes them, with a risk analysis
    (``angara risk --out``) in its ``risk/`` subfolder, if any."""
    return results_from_files(_files(folder), str(folder))


def read_plan_results(folder: Path) -> PlanResults:
    """The plan saved in ``folder`` (``plan.json`` and its tables); the assessment beside it,
    if any, is not read."""
    return plan_results_from_files(_files(folder), str(folder))


def results_from_files(files: Mapping[str, bytes], source: str = "results") -> RunResults:
    """Results from ``{file name: content}`` (a run's stored files; risk files may sit at the
    top or under ``risk/``); ``source`` names where they come from in messages."""
    reader = _Reader(files, source)
    plan = reader.document(PLAN_FILE, PlanDocument)
    run = reader.document(RUN_FILE, RunDocument, required=False)
    assessment = reader.document(ASSESSMENT_FILE, AssessmentDocument)
    risk = reader.document(RISK_FILE, RiskDocument, required=False)
    names = [*_required(PLAN_TABLES), *ASSESSMENT_TABLES, *(RISK_TABLES if risk is not None else ())]
    # support.csv is absent from results written before it existed
    names.remove("support")
    tables = reader.tables(names, optional=(*REPLANNED_TABLES, *LATER_PLAN_TABLES, "support"))
    reader.finish()
    assert plan is not None and assessment is not None  # else finish() raised
    return RunResults(plan=plan, run=run, assessment=assessment, risk=risk, tables=tables)


def plan_results_from_files(files: Mapping[str, bytes], source: str = "results") -> PlanResults:
    """A saved plan from ``{file name: content}``, as :func:`results_from_files`."""
    reader = _Reader(files, source)
    plan = reader.document(PLAN_FILE, PlanDocument)
    run = reader.document(RUN_FILE, RunDocument, required=False)
    tables = reader.tables(_required(PLAN_TABLES), optional=LATER_PLAN_TABLES)
    reader.finish()
    assert plan is not None
    return PlanResults(plan=plan, run=run, tables=tables)


def _required(names: tuple[str, ...]) -> list[str]:
    """``names`` but the tables older folders may lack."""
    return [name for name in names if name not in LATER_PLAN_TABLES]


def _files(folder: Path) -> dict[str, bytes]:
    """The JSON and CSV files of ``folder`` and of its ``risk/`` subfolder (as ``risk/NAME``)."""
    if not folder.is_dir():
        what = "is not a folder holding a saved plan" if folder.exists() else "no such folder"
        raise ScenarioError([Problem(str(folder), f"{what}; give a folder written by angara plan --out")])
    files: dict[str, bytes] = {}
    for place, prefix in ((folder, ""), (folder / RISK_FOLDER, f"{RISK_FOLDER}/")):
        if place.is_dir():
            for path in sorted(place.iterdir()):
                if path.is_file() and path.suffix in (".json", ".csv"):
                    files[prefix + path.name] = path.read_bytes()
    return files


class _Reader:
    """Reads documents and tables out of ``files``, collecting every problem."""

    def __init__(self, files: Mapping[str, bytes], source: str) -> None:
        self.files = files
        self.source = source
        self.problems: list[Problem] = []

    def _find(self, name: str) -> tuple[str, bytes] | None:
        for where in (name, f"{RISK_FOLDER}/{name}"):
            if where in self.files:
                return where, self.files[where]
        return None

    def document(self, name: str, model: type[Model], *, required: bool = True) -> Model | None:
        found = self._find(name)
        if found is None:
            if required:
                hint = "; is this a folder written by angara plan --out?" if name == PLAN_FILE else ""
                self.problems.append(Problem(name, f"is missing from {self.source}{hint}"))
            return None
        where, content = found
        try:
            parsed = json.loads(content)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            self.problems.append(Problem(where, f"cannot be read as JSON: {error}"))
            return None
        if not isinstance(parsed, dict):
            self.problems.append(Problem(where, "expected a JSON object"))
            return None
        try:
            return model.model_validate(parsed)
        except ValidationError as error:
            for item in error.errors()[:MAX_REPORTED]:
                key = ".".join(str(part) for part in item["loc"])
                value = None if item["type"] == "missing" else _shown(item.get("input"))
                self.problems.append(
                    Problem(where, _message(item["type"], item["msg"]), column=key, value=value)
                )
            return None

    def tables(
        self, names: tuple[str, ...] | list[str], optional: tuple[str, ...] = ()
    ) -> dict[str, pd.DataFrame]:
        found = {}
        for name in [*names, *optional]:
            table = self._table(name, required=name not in optional)
            if table is not None:
                found[name] = table
        return found

    def _table(self, name: str, required: bool) -> pd.DataFrame | None:
        located = self._find(f"{name}.csv")
        if located is None:
            if required:
                self.problems.append(Problem(f"{name}.csv", f"is missing from {self.source}"))
            return None
        where, content = located
        try:
            # every cell as text first, so that each column is parsed as its declaration says
            # the one quote a writer put before a text a spreadsheet would run comes off
            frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False).map(unescaped)
        except pd.errors.EmptyDataError:
            self.problems.append(Problem(where, "is empty; expected at least a header row"))
            return None
        except (UnicodeDecodeError, pd.errors.ParserError) as error:
            self.problems.append(Problem(where, f"cannot be read as CSV: {error}"))
            return None
        return self._parsed(where, frame, DECLARED[name])

    def _parsed(self, where: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame | None:
        """``frame`` with each declared column parsed; None (and a problem for each column
        that is missing or holds a value of the wrong kind) if it cannot be."""
        before = len(self.problems)
        for extra in [c for c in frame.columns if c not in schema.columns]:
            self.problems.append(
                Problem(where, "unknown column: is it from another version of Angara?", row=1, column=extra)
            )
        parsed: dict[str, pd.Series] = {}
        for column, declared_column in schema.columns.items():
            if column not in frame.columns:
                self.problems.append(Problem(where, "required column is missing", row=1, column=column))
                continue
            kind = (declared_column.metadata or {}).get("kind", "text")
            values, bad = _parse(frame[column], kind, declared_column.nullable)
            if bad is not None:
                expected = EXPECTED[kind]
                self.problems.append(
                    Problem(where, expected, row=bad + 2, column=column, value=frame[column].iloc[bad])
                )
            parsed[column] = values
        if len(self.problems) > before:
            return None
        return declared(schema, pd.DataFrame(parsed, index=frame.index))

    def finish(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems)


EXPECTED = {
    "number": "expected a number",
    "whole": "expected a whole number",
    "flag": "expected True or False",
    "text": "expected text",
}


def _parse(column: pd.Series, kind: str, nullable: bool) -> tuple[pd.Series, int | None]:
    """The text cells of ``column`` as the declared ``kind``, and the position of the first
    cell that is not one (None if all are; an empty cell only where ``nullable``)."""
    if kind == "text":
        return column, None
    if kind == "flag":
        values = column.str.strip().str.lower().map({"true": True, "false": False})
        bad = values.isna()
    else:
        values = pd.to_numeric(column.where(column.str.strip() != ""), errors="coerce")
        empty = column.str.strip() == ""
        bad = values.isna() & ~(empty & nullable)
        if kind == "whole":
            bad |= values.notna() & (values % 1 != 0)
    positions = [i for i, flag in enumerate(bad.to_numpy()) if flag]
    return values, positions[0] if positions else None


def _message(kind: str, text: str) -> str:
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key: is the folder from another version of Angara?"
    return text


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:59] + "…"
