"""The embedded Angara-Yenisei scenario: it loads, holds what the brief names, and every
number is traced in SOURCES.csv."""

from __future__ import annotations

import csv
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml

from angara.chain import expand
from angara.scenario import load
from angara.scenario.grades import element_grades
from angara.scenario.load import BUILTIN_DIR, read
from angara.scenario.parse import WITH_UNIT
from angara.scenario.read import _filled
from angara.scenario.schema import TABLE_BY_NAME, Price

FOLDER = BUILTIN_DIR / "angara-yenisei"
STATUSES = {"sourced", "derived", "calculated", "estimate"}
RUB_PER_USD = 83.3


def _ledger() -> dict[tuple[str, str, str], dict[str, str]]:
    with (FOLDER / "SOURCES.csv").open(encoding="utf-8") as handle:
        entries = list(csv.DictReader(handle))
    keys = [(e["table"], e["key"], e["column"]) for e in entries]
    duplicates = [k for k, n in Counter(keys).items() if n > 1]
    assert not duplicates, duplicates
    return dict(zip(keys, entries, strict=True))


def _numeric_cells() -> list[tuple[str, str, str, str, str]]:
    """(table, key, column, cell text, unit) for every filled numeric cell."""
    raw = read("angara-yenisei")
    cells = []
    for name, table in raw.tables.items():
        spec = TABLE_BY_NAME[name]
        names = [re.sub(r"\s*\[.*\]", "", h).strip() for h in table.header]
        units = [h[h.index("[") + 1 : h.index("]")] if "[" in h else "" for h in table.header]
        for _, row in table.rows:
            values = dict(zip(names, row, strict=True))
            key = "/".join(str(values[k]) for k in spec.key)
            for column, unit in zip(names, units, strict=True):
                kind = spec.column(column)
                if kind is not None and kind.kind in ("quantity", "integer") and _filled(values[column]):
                    text, own = _with_own_unit(str(values[column]))
                    cells.append((name, key, column, text, own if own is not None else unit))
    return cells


def _with_own_unit(text: str) -> tuple[str, str | None]:
    """A cell that names its own unit ("25 MW") as its number and that unit; else as is."""
    try:
        float(text)
    except ValueError:
        match = WITH_UNIT.match(text)
        if match is not None:
            return match.group("number").strip(), match.group("unit").strip()
    return text, None


def test_it_loads_and_has_the_expected_size() -> None:
    scenario = load("angara-yenisei")
    assert (scenario.meta.first_year, scenario.meta.last_year) == (2027, 2045)
    assert len(scenario.deposits) >= 8
    assert len(scenario.sites) >= 10
    assert len(scenario.processes) >= 20
    assert {r.id for r in scenario.regions} == {"krasnoyarsk", "irkutsk", "khakassia", "tuva"}


def test_the_places_the_brief_names_are_there() -> None:
    scenario = load("angara-yenisei")
    deposits = {d.id for d in scenario.deposits}
    assert {
        "chuktukon",
        "tatarskoye",
        "zashikhinskoye",
        "beloziminskoye",
        "tastyg",
        "ulug_tanzek",
    } <= deposits
    sites = {s.id: s for s in scenario.sites}
    assert sites["minusinsk"].land == 400 and sites["minusinsk"].rail
    assert "sayanogorsk" in sites
    kyzyl_line = next(a for a in scenario.arcs if a.id == "rail_kuragino_kyzyl")
    assert kyzyl_line.status == "candidate" and kyzyl_line.build_cost > 0 and kyzyl_line.earliest_year
    # Tuva is reached by road only until that line is built
    tuva_nodes = {n.id for n in scenario.nodes if n.region == "tuva"}
    existing_rail = [a for a in scenario.arcs if a.mode == "rail" and a.status == "existing"]
    assert not [a for a in existing_rail if a.from_node in tuva_nodes or a.to_node in tuva_nodes]
    stages = {p.stage for p in scenario.processes}
    assert {
        "mining",
        "beneficiation",
        "cracking",
        "separation",
        "metal",
        "magnet",
        "niobium",
        "tantalum",
        "lithium",
        "scandium",
        "gallium",
        "germanium",
    } <= stages
    products = {g.id for g in scenario.goods if g.kind == "product"}
    assert {
        "ndpr_oxide",
        "dy_oxide",
        "tb_oxide",
        "ndpr_metal",
        "ndfeb_magnet",
        "fenb",
        "nb2o5",
        "ta2o5",
        "lioh",
        "li2co3",
    } <= products
    # heavy rare earths have separate China and ex-China prices
    for good in ("dy_oxide", "tb_oxide"):
        china = [p.price for p in scenario.prices if p.good == good and p.market == "china"]
        ex_china = [p.price for p in scenario.prices if p.good == good and p.market == "ex_china"]
        assert china and ex_china and ex_china[0] > china[0]


def test_chuktukon_grades_follow_the_labelled_analogue() -> None:
    scenario = load("angara-yenisei")
    grades = element_grades(scenario)["chuktukon"]
    ree = sum(
        grades[s] / e.metal_fraction
        for s, e in ((e.id, e) for e in scenario.elements)
        if e.group and "REE" in e.group and s in grades
    )
    assert ree == pytest.approx(0.04585, rel=1e-3)  # TREO, oxide basis
    profile = [p for p in scenario.profiles if p.profile == "carbonatite_crust_analogue"]
    assert sum(p.share for p in profile) == pytest.approx(1.0, abs=1e-3)


def test_every_numeric_cell_is_traced_in_sources() -> None:
    ledger = _ledger()
    cells = _numeric_cells()
    assert len(cells) > 500
    missing = [c[:3] for c in cells if c[:3] not in ledger]
    assert not missing, f"{len(missing)} numbers without a SOURCES.csv entry, e.g. {missing[:5]}"
    for table, key, column, text, unit in cells:
        entry = ledger[(table, key, column)]
        assert entry["value"] == text, (table, key, column)
        assert entry["unit"] == unit, (table, key, column)
    stale = set(ledger) - {c[:3] for c in cells} - {k for k in ledger if k[0] == "meta"}
    assert not stale, f"SOURCES.csv rows for cells that do not exist: {sorted(stale)[:5]}"


def test_every_source_entry_says_where_or_how() -> None:
    for (table, key, column), entry in _ledger().items():
        assert entry["status"] in STATUSES, (table, key, column)
        if entry["status"] in ("sourced", "derived"):
            assert entry["source_url"].startswith(("http://", "https://")), (table, key, column)
        if entry["status"] in ("derived", "calculated", "estimate"):
            assert len(entry["method"]) >= 10, (table, key, column)


def test_meta_numbers_are_traced() -> None:
    meta = yaml.safe_load((FOLDER / "scenario.yaml").read_text(encoding="utf-8"))
    ledger = _ledger()
    flat = {k: v for k, v in meta.items() if isinstance(v, int | float)}
    for block in ("solver", "assessment"):
        flat |= {f"{block}.{k}": v for k, v in meta[block].items() if isinstance(v, int | float)}
    for key, value in flat.items():
        entry = ledger[("meta", "angara-yenisei", key)]
        assert float(entry["value"]) == float(value), key


def test_the_map_layers_ship_with_their_attribution() -> None:
    geo = Path(BUILTIN_DIR) / "geo"
    assert {"regions.geojson", "railways.geojson", "water.geojson", "LICENSES.md"} <= {
        p.name for p in geo.iterdir()
    }
    assert "© OpenStreetMap contributors" in (geo / "LICENSES.md").read_text(encoding="utf-8")


def _deck() -> dict[tuple[str, str, int], Price]:
    return {(p.market, p.good, p.year): p for p in load("angara-yenisei").prices}


# The annual averages of 2023, 2024 and 2025 (USD/kg, USGS Mineral Commodity Summaries 2026;
# value_chain/prices.csv) and the US CPI-U factors to 2025 USD (+2.9 % in 2024, +2.7 % in 2025).
ANNUAL_AVERAGES = {
    "la_oxide": (0.96, 0.97, 1.0),
    "ce_oxide": (1.03, 1.21, 1.71),
    "ndpr_oxide": (75, 55, 69),
    "sm_oxide": (2.17, 2.01, 2.82),
    "gd_oxide": (47, 28, 30),
    "tb_oxide": (1300, 812, 1010),
    "dy_oxide": (330, 257, 239),
    "y_oxide": (8, 6, 9),
    "sc_oxide": (720, 665, 640),
    "fenb": (25, 26, 26),
}
TO_2025_USD = (1.027 * 1.029, 1.027, 1.0)


def test_every_price_of_the_deck_is_dated_on_a_basis_and_sourced_or_labelled() -> None:
    ledger = _ledger()
    for (market, good, year), row in _deck().items():
        key = f"{market}/{good}/{year}"
        assert row.date and row.basis, key
        entry = ledger[("prices", key, "price")]
        assert (row.source or "").startswith("https://") or entry["status"] == "estimate", key
        assert entry["status"] != "estimate" or len(entry["method"]) >= 10, key


@pytest.mark.parametrize("good", sorted(ANNUAL_AVERAGES))
def test_a_long_run_price_is_the_median_of_the_real_2023_2025_averages(good: str) -> None:
    real = [value * factor for value, factor in zip(ANNUAL_AVERAGES[good], TO_2025_USD, strict=True)]
    row = _deck()[("china", good, 2025)]
    assert row.date == "2023/2025"
    # the deck is in USD/kg at 83.3 RUB/USD (4 significant digits): RUB/t here
    assert row.price == pytest.approx(float(f"{statistics.median(real):.4g}") * RUB_PER_USD * 1000, rel=1e-9)


def test_metals_and_magnets_earn_the_conversion_margin_of_public_quotes() -> None:
    deck = {
        good: p.price / (RUB_PER_USD * 1000) for (market, good, _), p in _deck().items() if market == "china"
    }
    magnet = _deck()[("domestic", "ndfeb_magnet", 2025)].price / (RUB_PER_USD * 1000)
    # NdPr metal over the oxide it contains: SMM's mean same-day margin of 2025, 3.32 USD/kg
    assert deck["ndpr_metal"] - deck["ndpr_oxide"] / 0.85 == pytest.approx(3.32, abs=0.01)
    assert deck["dyfe_alloy"] - deck["dy_oxide"] * 0.8 / 0.871 == pytest.approx(12.44, abs=0.1)
    assert deck["tb_metal"] - deck["tb_oxide"] / 0.85 == pytest.approx(46.45, abs=0.5)
    # a finished magnet over its rare-earth content (China's 2024 export value less its content)
    content = 0.2925 * deck["ndpr_metal"] + 0.015 * deck["dyfe_alloy"] + 0.003 * deck["tb_metal"]
    assert magnet - content == pytest.approx(23.2, abs=0.1)
    assert magnet > 2.5 * 20.75  # no longer the N35 vendor quote


def test_premium_markets_outside_china_are_closed_by_default_and_dearer() -> None:
    scenario = load("angara-yenisei")
    access = {m.id: m.open for m in scenario.markets if not m.id.startswith("hosting_")}
    assert access == {"domestic": True, "china": True, "ex_china": False}
    deck = _deck()
    for good in ("dy_oxide", "tb_oxide", "ga_4n"):
        assert deck[("ex_china", good, 2025)].price > deck[("china", good, 2025)].price
    chain = expand(scenario)
    assert "ex_china" not in set(chain.sales["market"]) and "ex_china" not in set(chain.prices["market"])


def test_the_price_path_is_the_deck_s_net_price_in_rub_per_tonne() -> None:
    prices = expand(load("angara-yenisei")).prices.set_index(["market", "good", "year"])["price"]
    # NdPr oxide: 69 USD/kg FOB China less 0.0465 USD/kg of the buyer's freight from the border
    assert prices[("china", "ndpr_oxide", 2027)] == pytest.approx((69 - 0.0465) * RUB_PER_USD * 1000)
    assert prices[("china", "ndpr_oxide", 2045)] == prices[("china", "ndpr_oxide", 2027)]
    # lithium carbonate in Russia: import parity adds freight and the 5 % EAEU duty
    assert prices[("domestic", "li2co3", 2027)] == pytest.approx((11.8 + 0.76) * RUB_PER_USD * 1000)


def test_the_data_centre_draws_pue_times_its_it_load_and_sells_at_its_node() -> None:
    """A 25 MW module at PUE 1.1 draws 27.5 MW of site power; computing is not a material."""
    chain = expand(load("angara-yenisei"))
    slot = chain.slots.loc[("data_centre", "minusinsk")]
    assert slot["unit_capacity"] == pytest.approx(25.0)
    assert slot["power"] == pytest.approx(27.5)
    assert not bool(chain.streams.loc[("computing", ""), "mass"])
    assert set(chain.sales.loc[chain.sales["good"] == "computing", "market"]) == {
        "hosting_minusinsk",
        "hosting_krasnoyarsk",
    }


def test_every_recovery_says_what_it_rests_on() -> None:
    scenario = load("angara-yenisei")
    assert all(r.evidence is not None for r in scenario.recoveries)
    # no recovery of the default rests on testwork on these ores
    assert {r.evidence for r in scenario.recoveries} <= {"analogue", "estimate"}
    crust = [
        r
        for r in scenario.recoveries
        if r.process == "benef_crust" and r.good == "ree_concentrate" and r.species != "Sc"
    ]
    # the weathering-crust REE recovery has no testwork behind it: 55 %, below Nolans' implied 58 %
    assert {r.evidence for r in crust} == {"estimate"} and {r.recovery for r in crust} == {0.55}


def test_off_balance_reserves_count_only_when_switched_on() -> None:
    from angara.chain import expand

    scenario = load("angara-yenisei")
    assert expand(scenario).deposits.at["tastyg", "reserves"] == 0.0
    switched = scenario.model_copy(
        update={"meta": scenario.meta.model_copy(update={"reserves_counted": ["balance", "off_balance"]})}
    )
    assert expand(switched).deposits.at["tastyg", "reserves"] == pytest.approx(40e6)


def test_unlicensed_deposits_start_no_earlier_than_their_licensing_allows() -> None:
    from angara.chain import expand

    scenario = load("angara-yenisei")
    starts = expand(scenario).deposits["earliest_start"]
    waits = scenario.meta.licensing_years
    for deposit in scenario.deposits:
        if deposit.enabled and deposit.licence in waits:
            assert starts[deposit.id] >= scenario.meta.first_year + waits[deposit.licence]
    assert starts["chuktukon"] >= 2035 and starts["beloziminskoye"] >= 2035
