"""Load a scenario by name, folder or workbook, checking everything in one pass."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from angara.scenario.checks import check_tables
from angara.scenario.good_units import apply_good_units, check_goods
from angara.scenario.limits import MAX_UNPACKED_BYTES
from angara.scenario.model import Scenario
from angara.scenario.parse import ParsedTable, parse_table, rate_path
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.read import RawScenario, read_folder, read_workbook
from angara.scenario.schema import ID_RULE, TABLES, ExchangeRate, Meta

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SCENARIO = "angara-yenisei"


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with Angara."""
    return sorted(p.name for p in BUILTIN_DIR.iterdir() if (p / "scenario.yaml").is_file())


def resolve(source: str | Path) -> Path:
    """The folder or workbook that ``source`` (a built-in name or a path) stands for."""
    path = Path(source)
    if path.exists():
        if path.is_dir() or path.suffix.lower() == ".xlsx":
            return path
        raise ScenarioError(
            [
                Problem(
                    str(source),
                    "expected a scenario folder or an .xlsx workbook, found another kind of file",
                )
            ]
        )
    if str(source) in builtin_names():
        return BUILTIN_DIR / str(source)
    names = ", ".join(builtin_names())
    raise ScenarioError(
        [Problem(str(source), f"no such folder, workbook or built-in scenario (built-in: {names})")]
    )


def read(source: str | Path, max_bytes: int = MAX_UNPACKED_BYTES) -> RawScenario:
    """Raw cells of the scenario at ``source``, with reading problems; a scenario that
    ``extends`` a built-in one gets that one's tables and meta keys where it gives none.

    At most ``max_bytes`` of files (or a workbook's unpacked parts) are read."""
    path = resolve(source)
    raw = read_folder(path, max_bytes) if path.is_dir() else read_workbook(path, max_bytes)
    return extended(raw)


def extended(raw: RawScenario, seen: tuple[str, ...] = ()) -> RawScenario:
    """``raw`` on top of the built-in scenario its meta ``extends`` (if any): each table it
    gives replaces the built-in one whole, each meta key it gives replaces the built-in's."""
    base_name = (raw.meta or {}).get("extends")
    if not base_name:
        return raw
    if str(base_name) not in builtin_names() or str(base_name) in seen:
        why = "extends itself" if str(base_name) in seen else "is not a built-in scenario"
        names = ", ".join(builtin_names())
        problem = Problem(
            raw.meta_where, f"{base_name} {why} (built-in: {names})", column="extends", value=str(base_name)
        )
        return replace(raw, problems=[*raw.problems, problem])
    base = extended(read_folder(BUILTIN_DIR / str(base_name)), (*seen, str(base_name)))
    return RawScenario(
        origin=raw.origin,
        meta={**(base.meta or {}), **(raw.meta or {})},
        meta_where=raw.meta_where,
        tables={**base.tables, **raw.tables},
        problems=[*base.problems, *raw.problems],
        unreadable=base.unreadable | raw.unreadable,
    )


def load(source: str | Path = DEFAULT_SCENARIO, max_bytes: int = MAX_UNPACKED_BYTES) -> Scenario:
    """Load and validate a scenario; raise :class:`ScenarioError` listing every problem.

    ``source`` is a built-in name (default ``angara-yenisei``), a folder with
    ``scenario.yaml`` and CSV tables, or an ``.xlsx`` workbook; at most ``max_bytes`` of
    it are read, and the caps of :mod:`angara.scenario.limits` apply.
    """
    return interpret(read(source, max_bytes))


def interpret(raw: RawScenario) -> Scenario:
    """Turn raw cells into a validated :class:`Scenario` (or raise with all problems)."""
    problems = list(raw.problems)
    meta = _meta(raw, problems)
    base_year = meta.base_year if meta is not None else Meta.model_fields["base_year"].default
    tables = parse_tables(raw, base_year, problems)
    rates = tables.get("exchange_rates")
    apply_good_units(
        tables,
        rate_path([r for r in rates.rows if isinstance(r, ExchangeRate)] if rates is not None else []),
        base_year,
        problems,
    )
    check_goods(tables, problems)
    problems.extend(check_tables(tables, unreadable=raw.unreadable))
    if problems or meta is None:
        raise ScenarioError(problems)
    content: dict[str, Any] = {name: tuple(t.rows) for name, t in tables.items()}
    return Scenario(meta=meta, **content)


def parse_tables(raw: RawScenario, base_year: int, problems: list[Problem]) -> dict[str, ParsedTable]:
    """Typed rows of every table of ``raw``, in table order; cell problems go to ``problems``.

    USD amounts are converted with the exchange_rates table, which comes first.
    """
    tables: dict[str, ParsedTable] = {}
    rates = rate_path([])
    for spec in TABLES:
        table = raw.tables.get(spec.name)
        if table is None:
            continue
        tables[spec.name] = parse_table(table, spec, rates, base_year, problems)
        if spec.name == "exchange_rates":
            rates = rate_path([r for r in tables[spec.name].rows if isinstance(r, ExchangeRate)])
    return tables


def _meta(raw: RawScenario, problems: list[Problem]) -> Meta | None:
    if raw.meta is None:
        return None
    try:
        return Meta.model_validate(raw.meta)
    except ValidationError as error:
        for detail in error.errors():
            key = ".".join(str(part) for part in detail.get("loc", ()))
            kind = detail.get("type", "")
            if kind == "extra_forbidden":
                known = ", ".join(Meta.model_fields)
                message = f"unknown key; expected some of: {known}"
            elif kind == "missing":
                message = "required key is missing"
            elif kind == "finite_number":
                message = "expected a finite number (not NaN or infinity)"
            elif kind == "string_pattern_mismatch":
                message = f"expected {ID_RULE}"
            elif kind.endswith(("_parsing", "_type")):
                expected = {"int": "whole number", "float": "number", "bool": "yes or no"}
                message = f"expected a {expected.get(kind.split('_')[0], kind.split('_')[0])}"
            else:
                message = str(detail.get("msg", "invalid value")).removeprefix("Value error, ")
            value = detail.get("input")
            problems.append(
                Problem(
                    raw.meta_where,
                    message,
                    column=key or None,
                    value=None if isinstance(value, dict) or kind == "missing" else str(value),
                )
            )
        return None
