"""The scenario's mandates as the model takes them, and whether a solved plan meets each."""

from __future__ import annotations

import numpy as np
import pandas as pd

from angara.plan.model import Built
from angara.plan.tables import MANDATES
from angara.scenario.model import Scenario
from angara.scenario.schema import Mandate
from angara.tables import declared, empty

COLUMNS = [name for name in Mandate.model_fields if name not in ("source", "note")]
TOLERANCE = 1e-6  # relative: a row within this of its need is met (solver tolerances)


def mandate_frame(scenario: Scenario) -> pd.DataFrame:
    """The scenario's ``mandates`` table, one row per mandate, canonical units (t/yr, RUB, persons)."""
    return pd.DataFrame([row.model_dump() for row in scenario.mandates], columns=COLUMNS)


def mandated_output(mandates: pd.DataFrame) -> dict[str, float]:
    """What the mandates require made of each good (t/yr), beside what its markets take:
    a minimum output its amount; a production share, or a local-processing share above 0,
    inf (more of the good can be worth making than anybody buys: it lets the share be met
    or more of it leave).  Read by the model's ``sellable`` bound."""
    result: dict[str, float] = {}
    for row in mandates.itertuples():
        good = getattr(row, "good", None)
        if not isinstance(good, str) or not good:
            continue
        if row.kind == "min_output":
            result[good] = result.get(good, 0.0) + float(row.output)
        elif row.kind == "production_share" or (row.kind == "local_processing" and float(row.share) > 0):
            result[good] = np.inf
    return result


def mandates_met(built: Built, mandates: pd.DataFrame, enforced: frozenset[str] | None) -> pd.DataFrame:
    """Whether the solved plan of ``built`` meets each of ``mandates`` in every period its
    rows hold in (the ``mandates`` plan table, costs still empty)."""
    if mandates.empty:
        return empty(MANDATES)
    met = pd.Series(True, index=mandates["id"].to_numpy())
    for rows in built.mandate_rows.values():
        use = rows.use.solution
        slack = TOLERANCE * np.maximum(1.0, np.abs(rows.need))
        ok = use >= rows.need - slack if rows.sense == ">=" else use <= rows.need + slack
        ok = (ok | ~rows.where).all("period")
        met.loc[ok["mandate"].to_numpy()] = ok.to_numpy()
    frame = mandates[["id", "kind", "year"]].assign(
        enforced=mandates["id"].isin(mandates["id"] if enforced is None else list(enforced)).to_numpy(),
        met=met.reindex(mandates["id"]).to_numpy(dtype=bool),
        cost_rub=np.nan,
        direct_jobs=np.nan,
        taxes_rub=np.nan,
    )
    return declared(MANDATES, frame)
