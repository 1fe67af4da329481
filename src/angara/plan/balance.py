"""Element mass balance of a plan: for every species, node and period, what comes in
(mined or sourced, and arriving by transport) equals what goes out (leaving, sold,
disposed) plus the losses recorded by processes (tailings, residues, yield losses).

This is computed from the solution, independently of the model's own constraints, so
a wrong coefficient or a missing term shows up as a residual.
"""

from __future__ import annotations

import pandas as pd

TINY = 1e-9  # t/yr below which an element flow counts as zero


def element_balance(
    activity: pd.DataFrame,
    elements: pd.DataFrame,
    composition: pd.DataFrame,
    flows: pd.DataFrame,
    sales: pd.DataFrame,
    disposal: pd.DataFrame,
) -> pd.DataFrame:
    """Per (species, node, period): ``inflow``, ``arrived``, ``left``, ``sold``, ``disposed``,
    ``lost`` (t/yr) and ``residual`` = inflow + arrived - left - sold - disposed - lost.

    activity: process, location, source (the mode), node, period, activity.  elements:
    the mode, species, inflow, loss (t per t of activity).  composition: good, source,
    species, content.  flows: good, source, from_node, to_node, period, tonnes.  sales and
    disposal: good, source, node, period, tonnes.
    """
    parts = []
    made = activity.merge(elements, on=["process", "location", "source"])
    if not made.empty:
        made["inflow"] = made["activity"] * made["inflow"]
        made["lost"] = made["activity"] * made["loss"]
        parts.append(made[["species", "node", "period", "inflow", "lost"]])
    for frame, node_column, column, sign in (
        (flows, "to_node", "arrived", 1.0),
        (flows, "from_node", "left", 1.0),
        (sales, "node", "sold", 1.0),
        (disposal, "node", "disposed", 1.0),
    ):
        if frame.empty:
            continue
        moved = frame.merge(composition, on=["good", "source"])
        moved[column] = sign * moved["tonnes"] * moved["content"]
        parts.append(moved.rename(columns={node_column: "node"})[["species", "node", "period", column]])
    columns = ["inflow", "arrived", "left", "sold", "disposed", "lost"]
    if not parts:
        return pd.DataFrame(columns=["species", "node", "period", *columns, "residual"])
    table = pd.concat(parts, ignore_index=True).fillna(0.0)
    for column in columns:
        if column not in table:
            table[column] = 0.0
    table = table.groupby(["species", "node", "period"], as_index=False)[columns].sum()
    table["residual"] = (
        table["inflow"] + table["arrived"] - table["left"] - table["sold"] - table["disposed"] - table["lost"]
    )
    return table


def largest_relative_residual(balance: pd.DataFrame) -> float:
    """The largest |residual| relative to the element's throughput at that node and period."""
    if balance.empty:
        return 0.0
    throughput = (
        balance[["inflow", "arrived"]]
        .sum(axis=1)
        .combine(balance[["left", "sold", "disposed", "lost"]].sum(axis=1), max)
    )
    significant = throughput > TINY
    if not significant.any():
        return 0.0
    return float((balance.loc[significant, "residual"].abs() / throughput[significant]).max())
