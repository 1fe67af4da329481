"""Jobs through the input-output table: product codes, construction by hand, regions."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.assess.inputoutput import HouseholdClosure, effects
from angara.assess.io_table import read_table
from angara.assess.jobs import ELSEWHERE, jobs_by_region, table_product
from angara.assess.operations import Operations
from angara.scenario.model import Scenario
from angara.scenario.schema import AssessmentSettings, Meta, Region


def test_process_codes_find_their_table_product() -> None:
    table = read_table()
    assert table_product(table, "07.2") == "07.2"
    assert table_product(table, "24.1") == "24.1 + 24.2 + 24.3"  # part of a combined product
    assert table_product(table, "41+42+43") == "41 + 42 + 43"
    assert table_product(table, "99.9") is None


def test_construction_person_years_by_hand() -> None:
    """1 bn RUB of CAPEX, 45 % construction works: person-years = works x D1/output of
    construction / labour cost per job; equipment makers' staff are supply-chain jobs."""
    settings = AssessmentSettings()
    scenario = Scenario(
        meta=Meta(name="jobs", title="Jobs", first_year=2027, last_year=2027, assessment=settings),
        regions=(Region(id="r", name="R", electricity_price=0.0, gas_price=0.0),),
    )
    plants = pd.DataFrame(
        columns=["process", "stage", "location", "location_kind", "region", "node", "investor", "io_product"]
    )
    ops = Operations(
        years=(2027,),
        plants=plants,
        yearly=pd.DataFrame(),
        vintages=pd.DataFrame(),
        staff=pd.DataFrame(columns=["process", "location", "region", "skill", "year", "staff"]),
        infrastructure=pd.DataFrame(columns=["year", "item", "region", "capex_rub"]),
        notes=(),
    )
    statements = pd.DataFrame(
        [
            {
                "process": "p",
                "location": "s",
                "region": "r",
                "year": 2027,
                "capex_rub": 1e9,
                "sales_rub": 0.0,
                "receipts_rub": 0.0,
            }
        ]
    )
    jobs, notes = jobs_by_region(scenario, ops, statements, ops.infrastructure)
    assert notes == []
    table = read_table()
    works = table.position("41 + 42 + 43")
    share = float(table.compensation[works] / table.output[works])
    expected = 1e9 * 0.45 * share / 1.295e6
    rows = jobs.set_index("region")
    assert rows.at["r", "construction"] == pytest.approx(expected, rel=1e-9)
    assert 50 < expected < 60  # about 55 person-years per bn RUB of CAPEX, 122 per bn RUB of works
    induced = effects(table, {"41 + 42 + 43": 0.45e9, "28": 0.55e9}, HouseholdClosure())[
        "compensation_induced"
    ]
    total_induced = rows["induced"].sum() * 1.295e6
    assert total_induced == pytest.approx(induced.sum(), rel=1e-9)
    # half the supply-chain and household jobs stay in the region, half go elsewhere
    assert rows.at["r", "indirect"] == pytest.approx(rows.at[ELSEWHERE, "indirect"], rel=1e-12)
