"""Leontief type I and type II multipliers from a symmetric input-output table.

Type I counts the direct and indirect (supply-chain) effects of final demand:
``L = (I - A)^-1`` with ``A = Z / x`` column-wise.  Type II adds the induced effect of
households spending the income they earn: the model is closed with a household row
``h = D1 / x`` and a household consumption column ``c`` (see :class:`HouseholdClosure`),
``L̄ = (I - Ā)^-1`` with ``Ā = [[A, c], [h, 0]]``.  Method and sources: Miller & Blair,
*Input-Output Analysis*, 2nd ed. (2009), ch. 2 and ch. 6; docs/assessment.md.

Per rouble of final demand (the table is in 2021 prices; the ratios are applied to
money of other years as they are, which is one of the method's limits).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from angara.assess.io_table import InputOutputTable, UnknownProductError, read_table

__all__ = [
    "LABOUR_COST_PER_JOB",
    "HouseholdClosure",
    "InputOutputTable",
    "SupplyChain",
    "UnknownProductError",
    "closed_inverse",
    "effects",
    "leontief_inverse",
    "multipliers",
    "read_table",
    "technical_coefficients",
]

LABOUR_COST_PER_JOB = 1.295e6
"""RUB per job-year: Russia's average monthly wage in 2024, 87,952 RUB, times 12, divided
by the wage share of compensation 0.815 to add employers' social contributions (Rosstat)."""

MULTIPLIER_COLUMNS = (
    "name",
    "output_type1",
    "output_type2",
    "gva_type1",
    "gva_type2",
    "compensation_type1",
    "compensation_type2",
    "income_multiplier_type1",
    "income_multiplier_type2",
    "gva_multiplier_type1",
    "gva_multiplier_type2",
    "compensation_share",
    "gva_share",
    "jobs_per_bn_type1",
    "jobs_per_bn_type2",
)


@dataclass(frozen=True)
class HouseholdClosure:
    """How a rouble of compensation of employees (D1) turns into household spending on
    domestic products, for type II.  Its product, :meth:`spending_per_rouble`, is about
    0.414 for the 2021 table with the defaults.

    ``None`` means "computed from the table".
    """

    wage_share: float | None = None
    """Wages (D11) per rouble of compensation (D1); the rest is employers' social
    contributions, which households do not spend.  From the table's totals: 0.815 in 2021."""
    income_tax_rate: float = 0.13
    """Personal income tax withheld from wages: the base rate of 13 % (Tax Code of the
    Russian Federation, art. 224 para. 1); higher rates apply only to high incomes."""
    propensity_to_consume: float = 0.77
    """Share of disposable income spent on consumption.  An assumption, not a statistic
    taken from the table: households also save, repay debt and transfer money."""
    domestic_share: float | None = None
    """Domestic products at basic prices per rouble of household consumption (the rest is
    imports and taxes on products).  From the table: 50.8 / 67.0 trn RUB = 0.759 in 2021."""

    def __post_init__(self) -> None:
        for name in ("wage_share", "income_tax_rate", "propensity_to_consume", "domestic_share"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")

    def resolved(self, table: InputOutputTable) -> HouseholdClosure:
        """This closure with the values left to the table filled in from ``table``."""
        wage_share = self.wage_share
        if wage_share is None:
            wage_share = float(table.wages.sum() / table.compensation.sum())
        domestic_share = self.domestic_share
        if domestic_share is None:
            domestic_share = float(table.household_consumption.sum() / table.household_consumption_total)
        return replace(self, wage_share=wage_share, domestic_share=domestic_share)

    def spending_per_rouble(self, table: InputOutputTable) -> float:
        """Roubles spent on domestic products (basic prices) per rouble of compensation."""
        closure = self.resolved(table)
        assert closure.wage_share is not None and closure.domestic_share is not None
        return (
            closure.wage_share
            * (1.0 - closure.income_tax_rate)
            * closure.propensity_to_consume
            * closure.domestic_share
        )


def technical_coefficients(intermediate: np.ndarray, output: np.ndarray) -> np.ndarray:
    """A = Z / x column-wise: inputs per rouble of output; a product without output gets a zero column."""
    producing = output > 0
    divisor = np.where(producing, output, 1.0)
    return np.where(producing[np.newaxis, :], intermediate / divisor[np.newaxis, :], 0.0)


def leontief_inverse(technical: np.ndarray) -> np.ndarray:
    """L = (I - A)^-1: output of each product per rouble of final demand for each product (type I)."""
    size = technical.shape[0]
    if technical.shape != (size, size):
        raise ValueError(f"technical coefficients must be square, got shape {technical.shape}")
    return np.linalg.inv(np.eye(size) - technical)


def closed_inverse(
    technical: np.ndarray, household_income: np.ndarray, household_consumption: np.ndarray
) -> np.ndarray:
    """L̄ = (I - Ā)^-1 of the model closed with households, shape (n + 1, n + 1).

    ``household_income`` h (n,) is compensation per rouble of output (the household row);
    ``household_consumption`` c (n,) is spending on each product per rouble of household
    income (the household column).  The last row and column are the households.
    """
    size = technical.shape[0]
    augmented = np.zeros((size + 1, size + 1))
    augmented[:size, :size] = technical
    augmented[:size, size] = household_consumption
    augmented[size, :size] = household_income
    return leontief_inverse(augmented)


@dataclass(frozen=True)
class _Model:
    """Coefficients and inverses of one table under one closure."""

    gva: np.ndarray  # v = B1g / x
    income: np.ndarray  # h = D1 / x
    open_inverse: np.ndarray  # L
    closed_products: np.ndarray  # L̄ restricted to product rows and columns

    @classmethod
    def of(cls, table: InputOutputTable, closure: HouseholdClosure) -> _Model:
        technical = technical_coefficients(table.intermediate, table.output)
        income = _per_output(table.compensation, table.output)
        consumption = (
            closure.spending_per_rouble(table)
            * table.household_consumption
            / table.household_consumption.sum()
        )
        closed = closed_inverse(technical, income, consumption)
        return cls(
            gva=_per_output(table.value_added, table.output),
            income=income,
            open_inverse=leontief_inverse(technical),
            closed_products=closed[: table.size, : table.size],
        )


def multipliers(
    table: InputOutputTable,
    closure: HouseholdClosure = HouseholdClosure(),
    labour_cost_per_job: float = LABOUR_COST_PER_JOB,
) -> pd.DataFrame:
    """Per product of final demand, what one rouble of it generates across the economy.

    Index: product code.  Columns (all per rouble of final demand unless said):

    - ``output_type1/2``: roubles of output (column sums of L, of L̄ over product rows);
    - ``gva_type1/2``: roubles of gross value added, v·L;
    - ``compensation_type1/2``: roubles of compensation of employees (D1), h·L;
    - ``income_multiplier_type1/2``: that compensation per rouble of the product's own
      direct compensation, (h·L)_j / h_j (NaN if the product pays none);
    - ``gva_multiplier_type1/2``: (v·L)_j / v_j, likewise;
    - ``compensation_share``, ``gva_share``: D1 / output and GVA / output of the product;
    - ``jobs_per_bn_type1/2``: job-years per bn RUB of final demand, compensation divided
      by ``labour_cost_per_job`` (RUB per job-year) — an estimate that assumes one
      average labour cost everywhere.
    """
    if not labour_cost_per_job > 0:
        raise ValueError(f"labour_cost_per_job must be positive, got {labour_cost_per_job}")
    model = _Model.of(table, closure)
    gva = {1: model.gva @ model.open_inverse, 2: model.gva @ model.closed_products}
    pay = {1: model.income @ model.open_inverse, 2: model.income @ model.closed_products}
    columns: dict[str, object] = {
        "name": list(table.names),
        "output_type1": model.open_inverse.sum(axis=0),
        "output_type2": model.closed_products.sum(axis=0),
    }
    for kind in (1, 2):
        columns[f"gva_type{kind}"] = gva[kind]
    for kind in (1, 2):
        columns[f"compensation_type{kind}"] = pay[kind]
    for kind in (1, 2):
        columns[f"income_multiplier_type{kind}"] = _ratio(pay[kind], model.income)
    for kind in (1, 2):
        columns[f"gva_multiplier_type{kind}"] = _ratio(gva[kind], model.gva)
    columns["compensation_share"] = model.income
    columns["gva_share"] = model.gva
    for kind in (1, 2):
        columns[f"jobs_per_bn_type{kind}"] = pay[kind] * 1e9 / labour_cost_per_job
    frame = pd.DataFrame(columns, index=pd.Index(table.codes, name="code"))
    return frame[list(MULTIPLIER_COLUMNS)]


def effects(
    table: InputOutputTable,
    final_demand: Mapping[str, float],
    closure: HouseholdClosure = HouseholdClosure(),
) -> pd.DataFrame:
    """Output and compensation generated in each product by ``final_demand``.

    ``final_demand`` maps product codes (as in the table, e.g. ``'07.2'``) to money in
    any unit (RUB a year, say); the result is in the same unit.  Index: every product
    code of the table.  Columns:

    - ``output_direct``: the final demand itself;
    - ``output_indirect``: supply-chain output, type I total minus direct;
    - ``output_induced``: output from household spending, type II total minus type I;
    - ``compensation_direct/indirect/induced``: compensation of employees (D1) earned on
      those outputs, D1 / output of the product times the output.

    Raises :class:`UnknownProductError` (a ``KeyError``) for a code not in the table.
    """
    demand = np.zeros(table.size)
    for code, value in final_demand.items():
        if not np.isfinite(value):
            raise ValueError(f"final demand for '{code}' must be a finite number, got {value}")
        demand[table.position(code)] += value
    model = _Model.of(table, closure)
    type1 = model.open_inverse @ demand
    type2 = model.closed_products @ demand
    output = {"direct": demand, "indirect": type1 - demand, "induced": type2 - type1}
    frame = pd.DataFrame(
        {
            "name": list(table.names),
            **{f"output_{part}": amount for part, amount in output.items()},
            **{f"compensation_{part}": model.income * amount for part, amount in output.items()},
        },
        index=pd.Index(table.codes, name="code"),
    )
    return frame


@dataclass(frozen=True)
class SupplyChain:
    """The table's supply chains, to net the cluster's own deliveries out of them product
    by product (:meth:`compensation`)."""

    chain: np.ndarray  # (K, K) L - I: supplier output per RUB of final demand
    income: np.ndarray  # (K,) compensation of employees per RUB of output

    @classmethod
    def of(cls, table: InputOutputTable) -> SupplyChain:
        """The open (type I) supply chains of ``table``."""
        technical = technical_coefficients(table.intermediate, table.output)
        chain = leontief_inverse(technical) - np.eye(table.size)
        return cls(chain=chain, income=_per_output(table.compensation, table.output))

    def compensation(self, demand: np.ndarray, delivered: np.ndarray) -> np.ndarray:
        """Compensation in the supply chains of ``demand`` (..., K: final demand per
        product, RUB) that the cluster's own ``delivered`` output (..., K, RUB) does not
        already pay (..., RUB).  Per product, the cluster's deliveries stand in for the
        supplier output the demand needs of it, up to that output: their staff are direct
        jobs.  Deliveries beyond it (a transfer price above the table's average input
        cost) take nothing more, and the suppliers of the delivering plants stay counted."""
        needed = np.clip(demand @ self.chain.T, 0.0, None)
        remaining: np.ndarray = (needed - np.minimum(delivered, needed)) @ self.income
        return remaining


def _per_output(amount: np.ndarray, output: np.ndarray) -> np.ndarray:
    producing = output > 0
    return np.where(producing, amount / np.where(producing, output, 1.0), 0.0)


def _ratio(total: np.ndarray, direct: np.ndarray) -> np.ndarray:
    nonzero = direct != 0
    return np.where(nonzero, total / np.where(nonzero, direct, 1.0), np.nan)
