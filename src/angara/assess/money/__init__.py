"""One money engine for the assessment and the risk analysis.

:mod:`~angara.assess.money.accounts` builds a fixed plan's inputs once (amounts per plant,
year and price series, book values at planned CAPEX, the tax rates in force and their
budget splits, :mod:`~angara.assess.money.rates`); :mod:`~angara.assess.money.build`
counts incentives from a plant's first profit; :mod:`~angara.assess.money.engine`
computes the statements, taxes and NPV from them for one sample of drivers (the
assessment) or many (Monte Carlo, tornado).
"""

from angara.assess.money.accounts import TAXES, Accounts, PriceSeries
from angara.assess.money.build import build_accounts
from angara.assess.money.engine import Drivers, Statements, evaluate

__all__ = ["TAXES", "Accounts", "Drivers", "PriceSeries", "Statements", "build_accounts", "evaluate"]
