"""The model's units, in one place.

The model counts mass in kilotonnes and money in million RUB, so that its coefficients
stay within a few orders of magnitude, which the solver needs; everything outside the
model (the chain, the plan's tables) is in tonnes and RUB.  Power (MW), land (ha),
people and modules are not scaled.  Each variable and constraint of the registry names
the factor that turns its model value back into its reported unit.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd
import xarray as xr

MASS = 1e3  # t per model unit of mass (kt)
MONEY = 1e6  # RUB per model unit of money (million RUB)
ONE = 1.0  # quantities the model keeps in their own unit (MW, ha, persons, modules)

Amount = TypeVar("Amount", float, np.ndarray, pd.Series, xr.DataArray)


def tonnes(value: Amount) -> Amount:
    """A mass or mass flow (t, t/yr) in model units (kt, kt/yr)."""
    return value / MASS


def rubles(value: Amount) -> Amount:
    """Money (RUB, RUB/yr) in model units (million RUB)."""
    return value / MONEY


def per_tonne(value: Amount) -> Amount:
    """A price or cost per tonne (RUB/t) in model units (million RUB per kt)."""
    return value * (MASS / MONEY)
