"""Leontief type I and type II multipliers: textbook numbers, invariants, the shipped Rosstat
2021 table and located problems for tables that cannot be read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from angara.assess.inputoutput import (
    HouseholdClosure,
    InputOutputTable,
    SupplyChain,
    UnknownProductError,
    closed_inverse,
    effects,
    leontief_inverse,
    multipliers,
    read_table,
    technical_coefficients,
)
from angara.scenario.problems import ScenarioError

# Miller & Blair, Input-Output Analysis, 2nd ed. (2009), section 2.3 (the two-sector
# example, Table 2.3 and its numerical illustration): interindustry flows and outputs.
TEXTBOOK_FLOWS = np.array([[150.0, 500.0], [200.0, 100.0]])
TEXTBOOK_OUTPUT = np.array([1000.0, 2000.0])
# A small closed example built on it (our own, not the book's): households earn 0.3 and
# 0.25 per unit of output and spend 0.05 and 0.4 of each unit of income on the products.
HOUSEHOLD_INCOME = np.array([0.3, 0.25])
HOUSEHOLD_SPENDING = np.array([0.05, 0.4])


def test_textbook_technical_coefficients_and_leontief_inverse() -> None:
    """Miller & Blair (2009), section 2.3: A = [[.15, .25], [.2, .05]]; by hand,
    det(I - A) = .85 * .95 - .25 * .2 = .7575, so L = [[.95, .25], [.2, .85]] / .7575,
    and the output multipliers (section 6.2.1, column sums of L) are 1.518 and 1.452."""
    technical = technical_coefficients(TEXTBOOK_FLOWS, TEXTBOOK_OUTPUT)
    np.testing.assert_allclose(technical, [[0.15, 0.25], [0.2, 0.05]])
    inverse = leontief_inverse(technical)
    np.testing.assert_allclose(inverse, [[1.2541, 0.3300], [0.2640, 1.1221]], atol=5e-5)
    np.testing.assert_allclose(inverse, np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575)
    np.testing.assert_allclose(inverse.sum(axis=0), [1.518, 1.452], atol=5e-4)


def test_closed_inverse_matches_an_independent_solution() -> None:
    """The closed model two ways: solving x = Āx + f directly, and Miyazawa's partition
    L̄ = L + (Lc)(hL) / (1 - hLc) for the product block.  By hand: Lc = (.1947, .4620),
    hL = (.4422, .3795), hLc = .1739, so type II output multipliers are 1.8698 and 1.7539."""
    technical = technical_coefficients(TEXTBOOK_FLOWS, TEXTBOOK_OUTPUT)
    closed = closed_inverse(technical, HOUSEHOLD_INCOME, HOUSEHOLD_SPENDING)
    augmented = np.array([[0.15, 0.25, 0.05], [0.2, 0.05, 0.4], [0.3, 0.25, 0.0]])
    for column in range(3):
        demand = np.eye(3)[column]
        np.testing.assert_allclose(closed[:, column], np.linalg.solve(np.eye(3) - augmented, demand))
    open_inverse = leontief_inverse(technical)
    spending, earning = open_inverse @ HOUSEHOLD_SPENDING, HOUSEHOLD_INCOME @ open_inverse
    miyazawa = open_inverse + np.outer(spending, earning) / (1 - HOUSEHOLD_INCOME @ spending)
    np.testing.assert_allclose(closed[:2, :2], miyazawa)
    np.testing.assert_allclose(closed[:2, :2].sum(axis=0), [1.8698, 1.7539], atol=5e-5)


@st.composite
def productive_models(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random nonnegative A with column sums < 1 and a closure that keeps Ā productive."""
    size = draw(st.integers(1, 6))
    unit = st.floats(0.0, 1.0)
    raw = draw(arrays(np.float64, (size, size), elements=unit))
    sums = draw(arrays(np.float64, size, elements=st.floats(0.0, 0.95)))
    technical = raw / np.maximum(raw.sum(axis=0), 1e-12) * sums
    income = draw(arrays(np.float64, size, elements=unit)) * (0.98 - technical.sum(axis=0))
    spending = draw(arrays(np.float64, size, elements=unit))
    spending *= draw(st.floats(0.0, 0.95)) / max(spending.sum(), 1e-12)
    return technical, income, spending


@settings(max_examples=60, deadline=None)
@given(productive_models())
def test_inverses_of_productive_models(model: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    technical, income, spending = model
    size = technical.shape[0]
    inverse = leontief_inverse(technical)
    np.testing.assert_allclose((np.eye(size) - technical) @ inverse, np.eye(size), atol=1e-9)
    assert (inverse >= np.eye(size) - 1e-9).all()
    closed = closed_inverse(technical, income, spending)[:size, :size]
    assert (closed >= inverse - 1e-9).all()
    assert (closed.sum(axis=0) >= inverse.sum(axis=0) - 1e-9).all()


# Our earlier computation from the same table, data/economy/multipliers.csv (Leontief
# inverse of the domestic symmetric table; type II closed with households as in
# HouseholdClosure, with the domestic share of household consumption rounded to 0.759).
PUBLISHED = {
    "07.2": {
        "output_type1": 1.776, "output_type2": 2.096, "gva_type1": 0.913, "gva_type2": 1.076,
        "compensation_type1": 0.386, "compensation_type2": 0.436,
        "income_multiplier_type1": 1.385, "income_multiplier_type2": 1.564,
        "gva_multiplier_type1": 1.593, "gva_multiplier_type2": 1.876,
        "compensation_share": 0.278, "gva_share": 0.573,
        "jobs_per_bn_type1": 298.0, "jobs_per_bn_type2": 336.0,
    },
    "24.4": {
        "output_type1": 2.088, "output_type2": 2.243, "gva_type1": 0.877, "gva_type2": 0.955,
        "compensation_type1": 0.187, "compensation_type2": 0.211,
        "income_multiplier_type1": 3.498, "income_multiplier_type2": 3.948,
        "gva_multiplier_type1": 2.172, "gva_multiplier_type2": 2.366,
        "compensation_share": 0.053, "gva_share": 0.404,
        "jobs_per_bn_type1": 144.0, "jobs_per_bn_type2": 163.0,
    },
    "05": {
        "output_type1": 2.466, "output_type2": 2.706, "gva_type1": 0.877, "gva_type2": 0.999,
        "compensation_type1": 0.29, "compensation_type2": 0.328,
        "income_multiplier_type1": 3.288, "income_multiplier_type2": 3.711,
        "gva_multiplier_type1": 3.558, "gva_multiplier_type2": 4.053,
        "compensation_share": 0.088, "gva_share": 0.246,
    },
    "20": {
        "output_type1": 2.25, "output_type2": 2.436, "gva_type1": 0.824, "gva_type2": 0.918,
        "compensation_type1": 0.223, "compensation_type2": 0.252,
        "income_multiplier_type1": 2.916, "income_multiplier_type2": 3.292,
        "gva_multiplier_type1": 2.923, "gva_multiplier_type2": 3.256,
        "compensation_share": 0.077, "gva_share": 0.282,
        "jobs_per_bn_type1": 172.0, "jobs_per_bn_type2": 195.0,
    },
    "27": {
        "output_type1": 2.187, "output_type2": 2.436, "gva_type1": 0.707, "gva_type2": 0.833,
        "compensation_type1": 0.301, "compensation_type2": 0.339,
        "income_multiplier_type1": 1.978, "income_multiplier_type2": 2.233,
        "gva_multiplier_type1": 3.368, "gva_multiplier_type2": 3.97,
        "compensation_share": 0.152, "gva_share": 0.21,
        "jobs_per_bn_type1": 232.0, "jobs_per_bn_type2": 262.0,
    },
    "41 + 42 + 43": {
        "output_type1": 2.061, "output_type2": 2.315, "gva_type1": 0.829, "gva_type2": 0.957,
        "compensation_type1": 0.305, "compensation_type2": 0.345,
        "income_multiplier_type1": 1.935, "income_multiplier_type2": 2.184,
        "gva_multiplier_type1": 2.145, "gva_multiplier_type2": 2.477,
        "compensation_share": 0.158, "gva_share": 0.387,
        "jobs_per_bn_type1": 236.0, "jobs_per_bn_type2": 266.0,
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def table() -> InputOutputTable:
    return read_table()


def test_the_shipped_table(table: InputOutputTable) -> None:
    assert table.size == 113
    assert table.intermediate.shape == (113, 113)
    assert len(table.names) == 113 and table.names[table.position("07.2")] == "Руды цветных металлов"
    assert {"07.2", "24.4", "41 + 42 + 43", "45"} <= set(table.codes)  # '45 ' is padded in the sheet
    assert (table.output > 0).all()
    assert table.output.sum() == pytest.approx(246_859_637)  # row P1, column TOTAL
    assert read_table() is table  # the shipped table is read once
    with pytest.raises(ValueError, match="read-only"):
        table.output[0] = 0.0


def test_closure_from_the_table(table: InputOutputTable) -> None:
    closure = HouseholdClosure().resolved(table)
    assert closure.wage_share == pytest.approx(35_166_374 / 43_131_304)  # D11 / D1, 0.815
    assert closure.domestic_share == pytest.approx(50_845_820 / 67_008_658)  # 0.759
    assert HouseholdClosure().spending_per_rouble(table) == pytest.approx(
        0.8153 * 0.87 * 0.77 * 0.7588, abs=1e-4
    )
    with pytest.raises(ValueError, match="propensity_to_consume"):
        HouseholdClosure(propensity_to_consume=1.5)


def test_reproduces_the_published_multipliers(table: InputOutputTable) -> None:
    """With the domestic share rounded to 0.759 as in the earlier computation, every
    published number comes out the same to its 3 decimals (jobs: to the job)."""
    frame = multipliers(table, HouseholdClosure(domestic_share=0.759))
    for code, published in PUBLISHED.items():
        for column, expected in published.items():
            digits = 0 if column.startswith("jobs") else 3
            assert round(frame.at[code, column], digits) == expected, (code, column)


def test_default_closure_stays_within_rounding_of_the_published(table: InputOutputTable) -> None:
    """The unrounded domestic share (0.7588) moves type II values by less than 0.0006."""
    frame = multipliers(table)
    for code, published in PUBLISHED.items():
        for column, expected in published.items():
            tolerance = 0.6 if column.startswith("jobs") else 6e-4
            assert frame.at[code, column] == pytest.approx(expected, abs=tolerance), (code, column)


def test_multipliers_are_consistent(table: InputOutputTable) -> None:
    frame = multipliers(table)
    assert list(frame.index) == list(table.codes)
    assert (frame["output_type1"] >= 1).all()
    assert (frame["output_type2"] > frame["output_type1"]).all()
    np.testing.assert_allclose(frame["gva_share"], table.value_added / table.output)
    np.testing.assert_allclose(
        frame["income_multiplier_type1"], frame["compensation_type1"] / frame["compensation_share"]
    )
    halved = multipliers(table, labour_cost_per_job=2 * 1.295e6)
    np.testing.assert_allclose(halved["jobs_per_bn_type2"], frame["jobs_per_bn_type2"] / 2)
    no_spending = multipliers(table, HouseholdClosure(propensity_to_consume=0.0))
    np.testing.assert_allclose(no_spending["output_type2"], frame["output_type1"])


def test_effects_split_total_output(table: InputOutputTable) -> None:
    demand = {"07.2": 5e9, "24.4": 20e9, "41+42+43": 1e9}  # spaces in codes are optional
    result = effects(table, demand)
    vector = np.zeros(table.size)
    for code, value in demand.items():
        vector[table.position(code)] = value
    inverse = leontief_inverse(technical_coefficients(table.intermediate, table.output))
    np.testing.assert_allclose(result["output_direct"], vector)
    np.testing.assert_allclose(result["output_direct"] + result["output_indirect"], inverse @ vector)
    frame = multipliers(table).iloc[[table.position(code) for code in demand]]
    amounts = np.array(list(demand.values()))
    produced = result[["output_direct", "output_indirect", "output_induced"]].to_numpy().sum()
    assert produced == pytest.approx(frame["output_type2"].to_numpy() @ amounts)
    paid = result[["compensation_direct", "compensation_indirect"]].to_numpy().sum()
    assert paid == pytest.approx(frame["compensation_type1"].to_numpy() @ amounts)
    assert (result["output_induced"] > 0).all()


def test_effects_reject_unknown_codes(table: InputOutputTable) -> None:
    with pytest.raises(UnknownProductError, match=r"unknown product code '07\.9'.*07\.2") as caught:
        effects(table, {"07.9": 1.0})
    assert isinstance(caught.value, KeyError)
    assert caught.value.known == table.codes


# A Rosstat-like sheet holding the textbook economy, to test reading and its problems.
def write_sheet(
    path: Path, change: dict[tuple[int, int], object] | None = None, sheet: str = "Симм отеч"
) -> Path:
    rows: list[list[object]] = [
        ["СИММЕТРИЧНАЯ ТАБЛИЦА «ЗАТРАТЫ-ВЫПУСК» ОТЕЧЕСТВЕННОЙ ПРОДУКЦИИ (млн. рублей)"],
        [],
        [None, "Коды", None, "A", "B ", "TOTAL", "P3_S14"],
        ["№№", None, None, "001", "002", "003", "004"],
        ["001", "A", "Agriculture", 150, 500, 650, 300],
        ["002", "B", "Manufacturing", 200, 100, 300, 500],
        ["003", "P7", "Imports", 50, 100, 150, 200],
        ["004", "TOTAL", "Total", 400, 700, 1100, 1000],
        ["005", "D1", "Compensation", 300, 500],
        ["006", "D11", "Wages", 240, 400],
        ["007", "B1g", "GVA", 600, 1300],
        ["008", "P1", "Output", 1000, 2000],
    ]
    for (row, column), value in (change or {}).items():
        rows[row][column] = value
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row_values in rows:
        worksheet.append(row_values)
    workbook.save(path)
    return path


def test_reads_any_table_laid_out_like_rosstat(tmp_path: Path) -> None:
    table = read_table(write_sheet(tmp_path / "io.xlsx"))
    assert table.codes == ("A", "B")
    frame = multipliers(table)
    np.testing.assert_allclose(frame["output_type1"], [1.518, 1.452], atol=5e-4)
    assert table.household_consumption_total == 1000


@pytest.mark.parametrize(
    ("change", "message", "row", "column", "value"),
    [
        ({(5, 1): "C"}, "expected product code 'B', the code of column E", 6, "B", "C"),
        ({(4, 4): "n/a"}, "expected a number", 5, "E", "n/a"),
        ({(11, 1): "P1x"}, "no row with code 'P1' (output at basic prices)", None, None, None),
        ({(11, 3): 300}, "output must exceed the domestic inputs", 12, "D", "300"),
        ({(2, 5): "ИТОГО"}, "no row of column codes with 'TOTAL' and 'P3_S14'", None, None, None),
    ],
)
def test_layout_problems_are_located(
    tmp_path: Path,
    change: dict[tuple[int, int], object],
    message: str,
    row: int | None,
    column: str | None,
    value: str | None,
) -> None:
    with pytest.raises(ScenarioError) as caught:
        read_table(write_sheet(tmp_path / "io.xlsx", change))
    problem = caught.value.problems[0]
    assert problem.where == "'Симм отеч' sheet of io.xlsx"
    assert message in problem.message
    assert (problem.row, problem.column, problem.value) == (row, column, value)


def test_unreadable_files_are_problems(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="not found"):
        read_table(tmp_path / "missing.xlsx")
    text = tmp_path / "table.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(ScenarioError, match=r"cannot be read as an \.xlsx workbook"):
        read_table(text)
    with pytest.raises(ScenarioError, match=r"has no sheet 'Симм отеч'.*'Симм ТЗВ'") as caught:
        read_table(write_sheet(tmp_path / "total.xlsx", sheet="Симм ТЗВ"))
    assert caught.value.problems[0].where == "total.xlsx"


def test_deliveries_between_plants_replace_the_supply_chain_product_by_product() -> None:
    """Metal needs 0.5 RUB of ore per RUB (A); ore pays 0.4 of its output in wages, metal
    0.2.  100 RUB of metal sold needs 50 of ore: 20 RUB of supply-chain wages.  The
    cluster's own 30 RUB of ore leave 20 x 0.4 = 8; 80 RUB of ore (a transfer price above
    the table's input cost) take no more than the 50 needed; metal delivered takes nothing."""
    chains = SupplyChain(chain=np.array([[0.0, 0.5], [0.0, 0.0]]), income=np.array([0.4, 0.2]))
    sold = np.array([0.0, 100.0])
    assert chains.compensation(sold, np.zeros(2)) == pytest.approx(20.0)
    assert chains.compensation(sold, np.array([30.0, 0.0])) == pytest.approx(8.0)
    assert chains.compensation(sold, np.array([80.0, 0.0])) == pytest.approx(0.0)
    assert chains.compensation(sold, np.array([0.0, 500.0])) == pytest.approx(20.0)
    # rows of samples at once
    both = chains.compensation(np.array([sold, sold]), np.array([[30.0, 0.0], [0.0, 0.0]]))
    assert both == pytest.approx([8.0, 20.0])


@settings(max_examples=50, deadline=None)
@given(
    demand=arrays(float, 4, elements=st.floats(0, 1e9)),
    delivered=arrays(float, 4, elements=st.floats(0, 1e9)),
    more=arrays(float, 4, elements=st.floats(0, 1e9)),
)
def test_netting_deliveries_never_adds_jobs_nor_goes_below_zero(
    demand: np.ndarray, delivered: np.ndarray, more: np.ndarray
) -> None:
    table = read_table()
    chains = SupplyChain.of(table)
    size = table.size
    demand, delivered, more = (np.resize(v, size) for v in (demand, delivered, more))
    gross = float(chains.compensation(demand, np.zeros(size)))
    net = float(chains.compensation(demand, delivered))
    assert -1e-6 <= net <= gross + 1e-6 * max(1.0, gross)
    assert float(chains.compensation(demand, delivered + more)) <= net + 1e-6 * max(1.0, net)
