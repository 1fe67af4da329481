"""Scenario edits from the web editor: cells and switches applied to a version, saved as
the next version (the logic is :mod:`angara.scenario.edits`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import Field
from sqlalchemy.orm import Session

from angara.scenario.edits import Edit, Switch, apply_edits, row_key
from angara.server.api.models import RequestModel
from angara.server.api.security import Analyst
from angara.server.services import writing
from angara.server.store.database import Conflict
from angara.server.store.scenarios import load_version, save_version, versions

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])
Writer = Annotated[Session, Depends(writing, scope="function")]
MAX_NUMBER = 2**31 - 1
Cell = str | float | int | bool | None


class CellEdit(RequestModel):
    """Set one cell: ``value`` in ``unit``, or in the column's canonical unit when no unit is
    given (``meta`` edits scenario.yaml)."""

    table: str = Field(max_length=64)
    key: str | int | list[str | int] = Field("", description="Key value(s) of the row.")
    column: str = Field(max_length=128)
    value: Cell = None
    unit: str | None = Field(
        None,
        max_length=64,
        description="Unit of a figure (USD/kg, RUB/t, MW, ...), converted as a file's cell is; "
        "422 naming it when it does not fit the column.",
    )


class RowSwitch(RequestModel):
    """Turn a deposit, site, process, market (open to the cluster's sales) or link (arcs) on or off."""

    table: str = Field(max_length=64)
    key: str = Field(max_length=200)
    enabled: bool


class Edits(RequestModel):
    """Edits to the version ``base_version``, saved as a new version with ``message``."""

    base_version: int = Field(ge=1, le=MAX_NUMBER)
    message: str = Field("", max_length=2000)
    edits: list[CellEdit] = Field(default_factory=list, max_length=10_000)
    switches: list[RowSwitch] = Field(default_factory=list, max_length=10_000)


@router.post("/{name}/edits", status_code=201)
def edit(
    name: Annotated[str, Path(max_length=64)], wanted: Edits, account: Analyst, db: Writer
) -> dict[str, Any]:
    """Apply edits and switches to ``base_version`` and save the result as the next version
    (201).  422 with located problems when the edited scenario is invalid (a problem about an
    edited cell names its ``field``: table, key and column as sent); 409 when
    another version was saved since ``base_version``, or when nothing changed."""
    latest = versions(db, name)
    if latest and latest[-1].number != wanted.base_version:
        raise Conflict(
            f"version {latest[-1].number} was saved after version {wanted.base_version}; "
            "reload and edit again"
        )
    _, scenario = load_version(db, name, wanted.base_version)
    edited = apply_edits(
        scenario,
        [Edit(e.table, row_key(e.key), e.column, e.value, e.unit) for e in wanted.edits],
        [Switch(s.table, s.key, s.enabled) for s in wanted.switches],
    )
    message = wanted.message.strip() or f"edited in the browser from version {wanted.base_version}"
    return asdict(save_version(db, name, edited, account, message))
