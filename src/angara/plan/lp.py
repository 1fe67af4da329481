"""The built model as an LP file whose names are the registry's, with their coordinates.

``units(mine_crust,chuktukon,2032)`` is the variable ``units`` of the plant slot
(mine_crust, chuktukon) in the period 2032; ``power(minusinsk,2031)`` the constraint
``power`` of that site and period.  Each part of a key is one coordinate, an empty one
(a product's source) left empty.  docs/model.md writes the formulation down under the
same names; the tests pin each constraint group of the mini scenario as a snapshot of
its section (:func:`lp_sections`), so that any change of a constraint shows.
"""

from __future__ import annotations

from pathlib import Path

import linopy
import numpy as np

from angara.plan.index import key_columns
from angara.plan.model import Built

TERMS_PER_LINE = 8  # LP readers limit the length of a line
SENSES = {"<=": "<=", ">=": ">=", "=": "=", "==": "="}


def _names(model: linopy.Model, items: dict[str, object]) -> dict[int, str]:
    """Label -> name with coordinates, for every variable or constraint in ``items``."""
    names: dict[int, str] = {}
    for name, item in items.items():
        labels = item.labels  # type: ignore[attr-defined]
        present = labels.to_numpy() != -1
        if not present.any():
            continue
        dims = tuple(str(d) for d in labels.dims)
        frame = labels.to_dataframe(name="label").reset_index()
        frame = frame[present.reshape(-1)]
        parts = [frame[c].astype(str).to_numpy() for c in key_columns(dims)]
        coords = parts[0]
        for part in parts[1:]:
            coords = np.char.add(np.char.add(coords.astype(str), ","), part.astype(str))
        texts = np.char.add(np.char.add(f"{name}(", coords.astype(str)), ")")
        names.update(zip(frame["label"].astype(int).tolist(), texts.tolist(), strict=True))
    return names


def _number(value: float) -> str:
    return f"{value:+.12g}"


def _expression(names: dict[int, str], labels: np.ndarray, coefficients: np.ndarray) -> list[str]:
    return [
        f"{_number(c)} {names[int(v)]}"
        for v, c in zip(labels, coefficients, strict=True)
        if v != -1 and c != 0
    ]


def _lines(head: str, terms: list[str], tail: str = "") -> list[str]:
    chunks = [terms[i : i + TERMS_PER_LINE] for i in range(0, max(len(terms), 1), TERMS_PER_LINE)]
    lines = [f"{head} {' '.join(chunks[0])}".rstrip()]
    lines += [f"  {' '.join(chunk)}" for chunk in chunks[1:]]
    if tail:
        lines[-1] += f" {tail}"
    return lines


def lp_sections(built: Built) -> dict[str, str]:
    """The LP text of the objective (``objective``), each constraint group (by its name)
    and the variables' bounds and types (``bounds``), each ending in a newline."""
    m = built.model
    variables = _names(m, dict(m.variables.items()))
    constraints = _names(m, dict(m.constraints.items()))
    objective = m.objective.expression
    sections = {
        "objective": "\n".join(
            _lines(
                "obj:",
                _expression(
                    variables, objective.vars.to_numpy().ravel(), objective.coeffs.to_numpy().ravel()
                ),
            )
        )
        + "\n"
    }
    for name, constraint in m.constraints.items():
        labels = constraint.labels.to_numpy()
        rows = np.argwhere(labels != -1)
        if not len(rows):
            continue
        vars_ = constraint.vars.to_numpy()
        coeffs = constraint.coeffs.to_numpy()
        signs = np.broadcast_to(constraint.sign.to_numpy(), labels.shape)
        rhs = np.broadcast_to(constraint.rhs.to_numpy(), labels.shape)
        lines: list[str] = []
        for row in map(tuple, rows):
            terms = _expression(variables, vars_[row].ravel(), coeffs[row].ravel())
            tail = f"{SENSES[str(signs[row])]} {_number(float(rhs[row]) + 0.0)}"
            lines += _lines(f"{constraints[int(labels[row])]}:", terms, tail)
        sections[name] = "\n".join(lines) + "\n"
    sections["bounds"] = _bounds(m, variables)
    return sections


def _bounds(m: linopy.Model, names: dict[int, str]) -> str:
    bounds: list[str] = []
    general: list[str] = []
    binary: list[str] = []
    for name, variable in m.variables.items():
        labels = variable.labels.to_numpy()
        lower = np.broadcast_to(variable.lower.to_numpy(), labels.shape)
        upper = np.broadcast_to(variable.upper.to_numpy(), labels.shape)
        kind = general if name in m.integers else binary if name in m.binaries else None
        for position in map(tuple, np.argwhere(labels != -1)):
            text = names[int(labels[position])]
            low, high = float(lower[position]), float(upper[position])
            if kind is binary:
                binary.append(f" {text}")
                continue
            if np.isinf(low) and np.isinf(high):
                bounds.append(f" {text} free")
            elif np.isinf(high):
                bounds.append(f" {text} >= {_number(low)}")
            else:
                bounds.append(f" {_number(low)} <= {text} <= {_number(high)}")
            if kind is general:
                general.append(f" {text}")
    parts = ["bounds", *bounds]
    if general:
        parts += ["general", *general]
    if binary:
        parts += ["binary", *binary]
    return "\n".join(parts) + "\n"


def write_lp(built: Built, path: Path) -> None:
    """Write the model to ``path`` in the LP format that solvers (HiGHS, CPLEX, Gurobi) read."""
    sections = lp_sections(built)
    constraints = [text for name, text in sections.items() if name not in ("objective", "bounds")]
    text = "\n".join(
        [
            "\\ Angara plan model: names are the registry's, with their coordinates (docs/model.md)",
            "minimize",
            sections["objective"].rstrip("\n"),
            "subject to",
            *(c.rstrip("\n") for c in constraints),
            sections["bounds"].rstrip("\n"),
            "end",
        ]
    )
    path.write_text(text + "\n", encoding="utf-8")
