"""Versioned scenarios: each save is a new immutable version with its author, time and
message; any two versions can be compared.

A version holds the scenario as the files :func:`angara.scenario.write.write_folder`
writes (``scenario.yaml`` and one CSV per table), so what is stored is exactly what a
user could download, edit and load, and loading it back gives an equal scenario.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.schema import ID_PATTERN, ID_RULE, TABLES, Row
from angara.scenario.write import meta_document, write_folder
from angara.server.store.database import Conflict, NotFound, StoreError
from angara.server.store.tables import ScenarioRecord, ScenarioVersion, User, utc_now
from angara.server.store.users import Account

MAX_NAME = 200


@dataclass(frozen=True)
class VersionInfo:
    """One version of a stored scenario (without its content)."""

    scenario: str
    number: int
    author: str
    created_at: datetime
    message: str
    digest: str
    rows: int
    title: str

    def to_json(self) -> dict[str, Any]:
        """Plain data for JSON (the time in ISO 8601)."""
        return {
            "scenario": self.scenario,
            "number": self.number,
            "author": self.author,
            "created_at": self.created_at.isoformat(),
            "message": self.message,
            "digest": self.digest,
            "rows": self.rows,
            "title": self.title,
        }


def save_version(
    session: Session, name: str, scenario: Scenario, author: Account, message: str
) -> VersionInfo:
    """Save ``scenario`` as the next version of the stored scenario ``name`` (version 1 of
    a new one).  Raises :class:`Conflict` when nothing changed since the latest version, and
    :class:`StoreError` when ``author`` may not write or ``name`` is empty."""
    if not re.fullmatch(ID_PATTERN, name) or len(name) > MAX_NAME:
        raise StoreError(f"a scenario name has 1 to {MAX_NAME} characters: {ID_RULE}")
    if not author.can_write:
        raise StoreError(f"{author.name} is a {author.role} and cannot save scenarios")
    content = scenario_files(scenario)
    digest = _digest(content)
    record = session.scalar(select(ScenarioRecord).where(ScenarioRecord.name == name))
    now = utc_now()
    if record is None:
        record = ScenarioRecord(name=name, created_at=now, created_by_id=author.id)
        session.add(record)
        session.flush()
    latest = session.scalar(
        select(ScenarioVersion)
        .where(ScenarioVersion.scenario_id == record.id)
        .order_by(ScenarioVersion.number.desc())
        .limit(1)
    )
    if latest is not None and latest.digest == digest:
        raise Conflict(f"no change from version {latest.number}")
    version = ScenarioVersion(
        scenario_id=record.id,
        number=(latest.number if latest is not None else 0) + 1,
        author_id=author.id,
        created_at=now,
        message=message.strip(),
        digest=digest,
        rows=sum(len(scenario.table(spec.name)) for spec in TABLES),
        title=scenario.meta.title,
        content=content,
    )
    session.add(version)
    session.flush()  # a version saved meanwhile with the same number fails here, as a Conflict
    return VersionInfo(
        name, version.number, author.name, now, version.message, digest, version.rows, version.title
    )


def list_scenarios(session: Session) -> list[dict[str, Any]]:
    """Every stored scenario by name: ``name``, ``title``, ``latest`` (version number),
    ``versions`` (count), ``updated_at`` (ISO 8601 time of the latest version) and
    ``author`` (of the latest version)."""
    counts = (
        select(
            ScenarioVersion.scenario_id,
            func.max(ScenarioVersion.number).label("latest"),
            func.count(ScenarioVersion.id).label("versions"),
        )
        .group_by(ScenarioVersion.scenario_id)
        .subquery()
    )
    query = (
        select(ScenarioRecord.name, ScenarioVersion, User.name, counts.c.versions)
        .join(counts, counts.c.scenario_id == ScenarioRecord.id)
        .join(
            ScenarioVersion,
            (ScenarioVersion.scenario_id == ScenarioRecord.id) & (ScenarioVersion.number == counts.c.latest),
        )
        .join(User, User.id == ScenarioVersion.author_id)
        .order_by(ScenarioRecord.name)
    )
    return [
        {
            "name": name,
            "title": version.title,
            "latest": version.number,
            "versions": count,
            "updated_at": version.created_at.isoformat(),
            "author": author,
        }
        for name, version, author, count in session.execute(query)
    ]


def versions(session: Session, name: str) -> list[VersionInfo]:
    """Every version of the scenario ``name``, oldest first; :class:`NotFound` if none."""
    record = _record(session, name)
    rows = session.execute(
        select(ScenarioVersion, User.name)
        .join(User, User.id == ScenarioVersion.author_id)
        .where(ScenarioVersion.scenario_id == record.id)
        .order_by(ScenarioVersion.number)
    )
    return [_info(name, version, author) for version, author in rows]


def load_version(session: Session, name: str, number: int | None = None) -> tuple[VersionInfo, Scenario]:
    """Version ``number`` (None: the latest) of scenario ``name`` and the scenario it holds.

    Raises :class:`NotFound`, or :class:`~angara.scenario.problems.ScenarioError` if the
    stored files no longer load (a scenario saved under an older schema).
    """
    version, author = _version(session, name, number)
    with tempfile.TemporaryDirectory(prefix="angara-version-") as folder:
        target = Path(folder) / "scenario"
        target.mkdir()
        for file_name, text in version.content.items():
            (target / _safe_name(file_name)).write_text(text, encoding="utf-8")
        scenario = load(target)
    return _info(name, version, author), scenario


def version_files(session: Session, name: str, number: int | None = None) -> dict[str, str]:
    """The files of version ``number`` (None: the latest) of scenario ``name``:
    ``{file name: text}``; :class:`NotFound` if there is no such version."""
    version, _ = _version(session, name, number)
    return dict(version.content)


def scenario_files(scenario: Scenario) -> dict[str, str]:
    """``{file name: text}`` of ``scenario`` written as a folder, in file-name order."""
    with tempfile.TemporaryDirectory(prefix="angara-version-") as folder:
        target = Path(folder) / "scenario"
        write_folder(scenario, target)
        return {path.name: path.read_text(encoding="utf-8") for path in sorted(target.iterdir())}


def diff_versions(old: Scenario, new: Scenario) -> dict[str, Any]:
    """What changed from ``old`` to ``new``, JSON-ready::

        {"meta": {field: {"old": ..., "new": ...}},
         "tables": {table: {"added": [key, ...], "removed": [key, ...],
                            "changed": [{"key": key, "columns": {column: {"old": ..., "new": ...}}}]}}}

    Meta fields are dotted for nested settings (``solver.time_limit``).  Rows are matched by
    their table's key columns, written as one string joined with "/" (``mine/2030``).  Only
    fields and tables with differences are listed.
    """
    old_meta = dict(_flatten("", meta_document(old.meta)))
    new_meta = dict(_flatten("", meta_document(new.meta)))
    meta = {
        field: {"old": old_meta.get(field), "new": new_meta.get(field)}
        for field in [*old_meta, *(f for f in new_meta if f not in old_meta)]
        if old_meta.get(field) != new_meta.get(field)
    }
    tables: dict[str, Any] = {}
    for spec in TABLES:
        before = _keyed(old.table(spec.name), spec.key)
        after = _keyed(new.table(spec.name), spec.key)
        changed = []
        for key, row in after.items():
            if key in before and before[key] != row:
                columns = {
                    column: {"old": before[key].get(column), "new": row.get(column)}
                    for column in [*before[key], *(c for c in row if c not in before[key])]
                    if before[key].get(column) != row.get(column)
                }
                changed.append({"key": key, "columns": columns})
        added = [key for key in after if key not in before]
        removed = [key for key in before if key not in after]
        if added or removed or changed:
            tables[spec.name] = {"added": added, "removed": removed, "changed": changed}
    return {"meta": meta, "tables": tables}


def _keyed(rows: tuple[Row, ...], key: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    keyed: dict[str, dict[str, Any]] = {}
    for row in rows:
        text = "/".join(str(getattr(row, column)) for column in key)
        # loaded scenarios have unique keys; an edited one might not, and no row may vanish
        unique, count = text, 1
        while unique in keyed:
            count += 1
            unique = f"{text}#{count}"
        keyed[unique] = row.model_dump(mode="json")
    return keyed


def _flatten(prefix: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        items: list[tuple[str, Any]] = []
        for key, nested in value.items():
            items.extend(_flatten(f"{prefix}.{key}" if prefix else key, nested))
        return items
    return [(prefix, value)]


def _digest(content: dict[str, str]) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _safe_name(name: str) -> str:
    # stored names come from write_folder; refuse anything that could leave the folder
    if not name or name != Path(name).name or name.startswith("."):
        raise StoreError(f"a stored scenario file has an unusable name: {name!r}")
    return name


def _record(session: Session, name: str) -> ScenarioRecord:
    record = session.scalar(select(ScenarioRecord).where(ScenarioRecord.name == name))
    if record is None:
        raise NotFound(f"no scenario named '{name}'")
    return record


def _version(session: Session, name: str, number: int | None) -> tuple[ScenarioVersion, str]:
    record = _record(session, name)
    query = (
        select(ScenarioVersion, User.name)
        .join(User, User.id == ScenarioVersion.author_id)
        .where(ScenarioVersion.scenario_id == record.id)
    )
    if number is None:
        query = query.order_by(ScenarioVersion.number.desc()).limit(1)
    else:
        query = query.where(ScenarioVersion.number == number)
    found = session.execute(query).first()
    if found is None:
        what = "no versions" if number is None else f"no version {number}"
        raise NotFound(f"scenario '{name}' has {what}")
    return found[0], found[1]


def _info(name: str, version: ScenarioVersion, author: str) -> VersionInfo:
    return VersionInfo(
        name,
        version.number,
        author,
        version.created_at,
        version.message,
        version.digest,
        version.rows,
        version.title,
    )
