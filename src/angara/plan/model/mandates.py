"""Mandates: commitments the plan must meet whatever they cost (the scenario's ``mandates``
table, docs/model.md "Mandates").

Every kind is one constraint group over (mandate, period), each row masked to the periods
its mandate holds in: the period standing for its year (must_build, investment_floor,
jobs_floor) or every period from it on (min_output, production_share, local_processing).
Rows are assembled from label arrays (:mod:`angara.plan.model.terms`), one merge per kind.

Each row carries a shortfall: held at zero when the mandate is enforced, free when it is
only measured (the plan then says whether it happens to be met), and priced when the
scenario is explained after failing (``slack`` "floor" or more), so that an impossible
mandate is named in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from angara.plan.index import Index
from angara.plan.model.builder import Builder, block
from angara.plan.model.flows import SELL
from angara.plan.model.limits import OPERATING
from angara.plan.model.plants import ACTIVITY, NEW, UNITS
from angara.plan.model.registry import (
    BUILDER_DIMS,
    SLACK_ORDER,
    Constraint,
    Found,
    Shortfall,
    Variable,
    declare,
)
from angara.plan.model.terms import NONE, Terms, has_terms, rows_of_terms
from angara.plan.scale import MASS, MONEY, rubles, tonnes

DIMS = (BUILDER_DIMS[0], "period")
# kind -> (sense of its rows, unit of a row, from its year on (else: in its year only), words)
KINDS: dict[str, tuple[str, str, bool, str]] = {
    "must_build": (">=", "modules", False, "modules of a process standing at a location in a year"),
    "min_output": (">=", "kt/yr", True, "output of a good in each year from a year on"),
    "production_share": (
        ">=",
        "kt/yr",
        True,
        "output of a good by a process or region, less its share of all the good's output",
    ),
    "local_processing": (
        "<=",
        "kt/yr",
        True,
        "sales of a good outside the cluster, less the share of its output that may leave",
    ),
    "investment_floor": (">=", "million RUB", False, "CAPEX of the modules commissioned by a year"),
    "jobs_floor": (">=", "persons", False, "operating staff of all plants in a year"),
}
GROUPS = {kind: declare(Constraint(kind, DIMS, unit, words)) for kind, (_, unit, _, words) in KINDS.items()}
# the shortfall's unit reported, and the factor from the model's unit to it
REPORTED = {"kt/yr": ("t/yr", MASS), "million RUB": ("RUB", MONEY)}


@dataclass(frozen=True)
class MandateRows:
    """A kind's rows as built: ``use`` (mandate, period) net of the mandate's own terms, what
    it must reach (``need``, ``sense``), and where the rows are (``where``)."""

    use: linopy.LinearExpression
    need: xr.DataArray
    sense: str
    where: xr.DataArray


def _asks(m: pd.Series) -> str:
    """A mandate in words: what it asks for."""
    kind = str(m["kind"])
    if kind == "must_build":
        return f"{m['modules']:g} modules of {m['process']} at {m['location']} by {m['year']}"
    if kind == "min_output":
        return f"{m['output']:,.0f} t/yr of {m['good']} from {m['year']}"
    if kind == "production_share":
        by = m["process"] if isinstance(m["process"], str) else f"plants in {m['region']}"
        return f"at least {m['share']:.0%} of the {m['good']} made by {by} from {m['year']}"
    if kind == "local_processing":
        return f"at most {m['share']:.0%} of the {m['good']} made sold outside the cluster from {m['year']}"
    if kind == "investment_floor":
        return f"{m['amount'] / 1e9:,.1f} bn RUB of investment by {m['year']}"
    return f"{m['staff']:,.0f} operating staff in {m['year']}"


def _explain(found: Found) -> str:
    mandates = found.mandates if found.mandates is not None else pd.DataFrame()
    row = mandates[mandates["id"] == found.at["mandate"]]
    if row.empty:
        return f"mandate {found.at['mandate']} cannot be met in {found.at['period']}"
    m = row.iloc[0]
    period, short = found.at["period"], found.amount
    words = _asks(m)
    unit, _ = REPORTED.get(KINDS[str(m["kind"])][1], (KINDS[str(m["kind"])][1], 1.0))
    return f"mandate {m['id']} ({words}) cannot be met in {period}: short by {short:,.4g} {unit}"


for _kind, (_sense, _unit, _, _words) in KINDS.items():
    _reported, _scale = REPORTED.get(_unit, (_unit, 1.0))
    declare(
        Shortfall(
            Variable(f"{_kind}_shortfall", DIMS, _reported, f"how far a {_kind} mandate is missed", _scale),
            relaxes=_kind,
            level="floor",
            explain=_explain,
            total=f"{_reported} of {_kind} mandates",
        )
    )


def period_of(index: Index, years: np.ndarray) -> np.ndarray:
    """Position of the period standing for each of ``years`` (the first before it starts)."""
    starts = index.period.to_numpy()
    return np.clip(np.searchsorted(starts, years, side="right") - 1, 0, len(starts) - 1)


def _made(index: Index, mandates: pd.DataFrame, activity: linopy.Variable) -> Terms:
    """Terms of the output (kt/yr) of each mandate's good: what every mode makes of it."""
    made = index.coefficients[index.coefficients["coefficient"] > 0]
    pairs = mandates[["row", "good"]].merge(made[["mode", "good", "coefficient"]], on="good")
    return Terms.of(
        activity,
        pairs["row"].to_numpy(),
        pairs["mode"].to_numpy(),
        pairs["coefficient"].to_numpy(dtype=float),
    )


def _share_terms(index: Index, mandates: pd.DataFrame, activity: linopy.Variable) -> Terms:
    """Output of each mandate's good, each term weighted by 1 - share when its plant is the
    mandate's process or in its region, by -share otherwise."""
    made = index.coefficients[index.coefficients["coefficient"] > 0]
    pairs = mandates[["row", "good", "process", "region", "share"]].merge(
        made[["mode", "good", "coefficient"]], on="good"
    )
    slot = index.modes["slot"].to_numpy()[pairs["mode"].to_numpy(dtype=int)]
    by_process = index.slots["process"].to_numpy()[slot] == pairs["process"].to_numpy()
    in_region = index.slots["region"].to_numpy()[slot] == pairs["region"].to_numpy()
    own = (by_process | in_region).astype(float)
    coefficient = pairs["coefficient"].to_numpy(dtype=float) * (own - pairs["share"].to_numpy(dtype=float))
    return Terms.of(activity, pairs["row"].to_numpy(), pairs["mode"].to_numpy(), coefficient)


def _kind_terms(b: Builder, kind: str, mandates: pd.DataFrame) -> tuple[list[Terms], np.ndarray]:
    """The terms of ``kind``'s rows (before the shortfall) and each row's need (model units)."""
    index = b.index
    if kind == "must_build":
        keys = mandates[["process", "location"]]
        slot = index.slots.reset_index()[["process", "location", "index"]].merge(keys, how="right")
        found = slot["index"].notna().to_numpy()
        parts = [
            Terms.of(
                b[UNITS],
                mandates["row"].to_numpy()[found],
                slot["index"].to_numpy()[found].astype(int),
                np.ones(int(found.sum())),
            )
        ]
        return parts, mandates["modules"].to_numpy(dtype=float)
    if kind == "min_output":
        return [_made(index, mandates, b[ACTIVITY])], tonnes(mandates["output"].to_numpy(dtype=float))
    if kind == "production_share":
        return [_share_terms(index, mandates, b[ACTIVITY])], np.zeros(len(mandates))
    if kind == "local_processing":
        sales = index.sales.reset_index()[["index", "good"]].rename(columns={"index": "sale"})
        pairs = mandates[["row", "good", "share"]].merge(sales, on="good")
        sold = Terms.of(b[SELL], pairs["row"].to_numpy(), pairs["sale"].to_numpy(), np.ones(len(pairs)))
        made = _made(index, mandates, b[ACTIVITY])
        share = mandates.set_index("row")["share"]
        made = Terms(made.rows, made.labels, -made.coefficients * share.reindex(made.rows).to_numpy())
        return [sold, made], np.zeros(len(mandates))
    slots = index.slots
    rows = np.repeat(mandates["row"].to_numpy(), len(slots))
    picked = np.tile(np.arange(len(slots)), len(mandates))
    if kind == "investment_floor":
        # CAPEX of the modules commissioned in every period up to the row's (rows are masked
        # to the mandate's period): one set of terms per earlier period
        capex = np.tile(rubles(slots["capex"].to_numpy(dtype=float)), len(mandates))
        labels = b[NEW].labels.to_numpy()[picked]
        count = len(index.period)
        parts = []
        for commission in range(count):
            later = np.arange(count)[None, :] >= commission
            chosen = np.where(later, labels[:, [commission]], NONE)
            parts.append(Terms(rows, chosen, capex))
        return parts, rubles(mandates["amount"].to_numpy(dtype=float))
    per_module = index.staff.groupby("slot")["staff"].sum().reindex(slots.index, fill_value=0.0)
    parts = [Terms.of(b[UNITS], rows, picked, np.tile(per_module.to_numpy(), len(mandates)))]
    if OPERATING.name in b.model.variables:
        per_plant = index.staff.groupby("slot")["per_plant"].sum().reindex(slots.index, fill_value=0.0)
        parts.append(Terms.of(b[OPERATING], rows, picked, np.tile(per_plant.to_numpy(), len(mandates))))
    return parts, mandates["staff"].to_numpy(dtype=float)


@block
def add_mandates(b: Builder) -> None:
    """Each mandate of the builder's ``mandates`` as a row of its kind's group, in the periods it
    holds in: enforced (``b.enforced``; all when None), or only measured."""
    every = b.mandates
    if every is None or every.empty or b.index.slots.empty:
        return
    relaxed = b.slack != "none"
    if relaxed and SLACK_ORDER.index(b.slack) < SLACK_ORDER.index("floor"):
        return
    index, count = b.index, len(b.index.period)
    for kind, (sense, _, onward, _) in KINDS.items():
        mandates = every[every["kind"] == kind].reset_index(drop=True)
        if relaxed or b.enforced is not None:
            enforced = mandates["id"].isin(every["id"] if b.enforced is None else list(b.enforced)).to_numpy()
        else:
            enforced = np.ones(len(mandates), dtype=bool)
        if relaxed:  # explaining: only the enforced mandates, each free to fall short at a price
            mandates, enforced = mandates[enforced].reset_index(drop=True), enforced[enforced]
        if mandates.empty:
            continue
        mandates["row"] = np.arange(len(mandates))
        template = xr.DataArray(
            np.zeros((len(mandates), count)),
            coords={"mandate": pd.Index(mandates["id"].to_numpy(), name="mandate"), "period": index.period},
            dims=DIMS,
        )
        start = period_of(index, mandates["year"].to_numpy(dtype=int))[:, None]
        positions = np.arange(count)[None, :]
        where = template.copy(data=(positions >= start) if onward else (positions == start))
        upper = np.where(enforced[:, None] & (not relaxed), 0.0, np.inf) + np.zeros((1, count))
        name = f"{kind}_shortfall"
        short = b.model.add_variables(lower=0.0, upper=template + upper, name=name, mask=where)
        if relaxed:
            b.slacks.append(name)
        parts, need = _kind_terms(b, kind, mandates)
        use = rows_of_terms(b.model, template, parts)
        sign = 1.0 if sense == ">=" else -1.0
        relief = Terms.of(
            short, mandates["row"].to_numpy(), mandates["row"].to_numpy(), np.full(len(mandates), sign)
        )
        lhs = rows_of_terms(b.model, template, [*parts, relief])
        rhs = template + need[:, None]
        made = lhs >= rhs if sense == ">=" else lhs <= rhs
        b.model.add_constraints(made, name=kind, mask=where & has_terms(lhs))
        b.mandate_rows[kind] = MandateRows(use, rhs, sense, where)
