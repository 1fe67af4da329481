"""The element balance check: zero on a consistent plan, and it catches a missing term."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.plan.balance import element_balance, largest_relative_residual


def _hand_made(loss: float = 0.2) -> pd.DataFrame:
    # one tonne of activity at node A takes 1 t of La from the ground, loses 0.2 t,
    # and makes 1 t of a stream holding 0.8 t/t La, shipped to B and sold there
    mode = {"process": ["p"], "location": ["A"], "source": ["dep"]}
    activity = pd.DataFrame({**mode, "node": ["A"], "period": [2027], "activity": [1.0]})
    elements = pd.DataFrame({**mode, "species": ["La"], "inflow": [1.0], "loss": [loss]})
    stream = {"good": ["s"], "source": ["dep"]}
    composition = pd.DataFrame({**stream, "species": ["La"], "content": [0.8]})
    flows = pd.DataFrame({**stream, "from_node": ["A"], "to_node": ["B"], "period": [2027], "tonnes": [1.0]})
    sales = pd.DataFrame({**stream, "node": ["B"], "period": [2027], "tonnes": [1.0]})
    disposal = pd.DataFrame(columns=["good", "source", "node", "period", "tonnes"])
    return element_balance(activity, elements, composition, flows, sales, disposal)


def test_a_consistent_plan_balances_at_every_node() -> None:
    table = _hand_made().set_index(["species", "node", "period"])
    assert table.loc[("La", "A", 2027), "inflow"] == pytest.approx(1.0)
    assert table.loc[("La", "A", 2027), "left"] == pytest.approx(0.8)
    assert table.loc[("La", "B", 2027), "sold"] == pytest.approx(0.8)
    assert largest_relative_residual(_hand_made()) == pytest.approx(0.0, abs=1e-15)


def test_an_unrecorded_loss_shows_as_a_residual() -> None:
    assert largest_relative_residual(_hand_made(loss=0.0)) == pytest.approx(0.2)
