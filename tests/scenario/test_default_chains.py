"""The deep-processing chains of the default scenario (issue 12, point 1): recipes that conserve
each element, products that are sold or used, and a chain the optimizer builds end to end."""

from __future__ import annotations

from collections import defaultdict

import pytest

from angara.plan import PlanOptions, optimize
from angara.scenario import load
from angara.scenario.model import Scenario

# Each chain's processes, feed to end product.
CHAINS = {
    "magnets": ("ndfeb_alloy", "ndfeb_magnet_n"),
    "lithium": ("lfp_cathode", "lfp_cells"),
    "germanium": ("ge_feed", "ge_chlorination", "ge_zone_refining", "ge_optics"),
    "scandium": ("al_sc_powder",),
    "powders": ("ti_powder", "ni_alloy_powder", "am_parts"),
    "niobium": ("nb_metal", "nbti_alloy"),
    "catalyst": ("cezr_oxide",),
}
NEW_PROCESSES = [p for chain in CHAINS.values() for p in chain]


@pytest.fixture(scope="module")
def default() -> Scenario:
    return load("angara-yenisei")


def _species_flow(scenario: Scenario, process: str) -> tuple[dict[str, float], dict[str, float]]:
    """Tonnes of each species per tonne of the reference good, into and out of a recipe."""
    contents: dict[str, dict[str, float]] = defaultdict(dict)
    for comp in scenario.compositions:
        contents[comp.good][comp.species] = comp.content
    into: dict[str, float] = defaultdict(float)
    out: dict[str, float] = defaultdict(float)
    for row in scenario.process_inputs:
        if row.process == process:
            for species, share in contents[row.good].items():
                into[species] += (row.quantity or 0.0) * share
    for made in scenario.process_outputs:
        if made.process == process:
            for species, share in contents[made.good].items():
                out[species] += (made.quantity or 0.0) * share
    return into, out


@pytest.mark.parametrize("process", NEW_PROCESSES)
def test_a_recipe_conserves_each_element_with_small_losses(default: Scenario, process: str) -> None:
    into, out = _species_flow(default, process)
    has_inputs = any(row.process == process for row in default.process_inputs)
    for species, made in out.items():
        if not has_inputs:
            continue  # a source (the bought germanium concentrate) brings its element in
        loss = into[species] - made
        assert loss >= -1e-9, f"{process} creates {species}"
        assert loss <= 0.25 * into[species], f"{process} loses over a quarter of its {species}"


def test_the_lfp_recipe_holds_the_lithium_of_its_carbonate(default: Scenario) -> None:
    into, out = _species_flow(default, "lfp_cathode")
    # 0.241 t Li2CO3 x 0.188 Li = 0.0453 t in; LiFePO4 holds 6.94 / 157.76 = 0.0440 t
    assert into["Li"] == pytest.approx(0.241 * 0.188)
    assert out["Li"] == pytest.approx(6.94 / 157.76, abs=5e-4)


def test_every_product_is_sold_at_an_open_market_or_used_downstream(default: Scenario) -> None:
    open_markets = {m.id for m in default.markets if m.open}
    priced = {p.good for p in default.prices if p.market in open_markets and (p.max_quantity or 1.0) > 0}
    used = {row.good for row in default.process_inputs}
    made = {row.good for row in default.process_outputs}
    # a good with a role (site power, training places) is worth what it does, not a price
    products = {g.id for g in default.goods if g.kind == "product" and not g.role}
    assert sorted(g for g in products & made if g not in priced | used) == []


def test_every_reagent_a_recipe_buys_has_a_price(default: Scenario) -> None:
    kinds = {g.id: g for g in default.goods}
    bought = {row.good for row in default.process_inputs if kinds[row.good].kind == "reagent"}
    assert bought  # the chains buy iron, ferroboron, iron phosphate, ...
    assert all((kinds[g].purchase_price or 0.0) > 0 for g in bought)


def _only(scenario: Scenario, processes: set[str], dearer: dict[str, float]) -> Scenario:
    """The default with only ``processes`` and the prices of ``dearer`` goods multiplied."""
    prices = tuple(p.model_copy(update={"price": p.price * dearer.get(p.good, 1.0)}) for p in scenario.prices)
    return scenario.model_copy(
        update={
            "processes": tuple(p for p in scenario.processes if p.id in processes),
            "process_inputs": tuple(r for r in scenario.process_inputs if r.process in processes),
            "process_outputs": tuple(r for r in scenario.process_outputs if r.process in processes),
            "process_staff": tuple(r for r in scenario.process_staff if r.process in processes),
            "process_sites": tuple(r for r in scenario.process_sites if r.process in processes),
            "recoveries": tuple(r for r in scenario.recoveries if r.process in processes),
            "cutoffs": tuple(r for r in scenario.cutoffs if r.process in processes),
            "prices": prices,
        }
    )


def test_the_germanium_chain_is_built_end_to_end_from_its_real_feed(default: Scenario) -> None:
    chain = set(CHAINS["germanium"])
    scenario = _only(default, chain, {})
    plan = optimize(scenario, PlanOptions(time_limit=60))
    assert plan.status in ("optimal", "feasible")
    assert set(plan.builds["process"]) == chain
    assert plan.balance_residual_max <= 1e-6
    balance = plan.element_balance
    ge = balance[balance["species"] == "Ge"]
    taken = ge["inflow"].sum()
    assert taken > 0
    assert ge["sold"].sum() + ge["lost"].sum() + ge["disposed"].sum() == pytest.approx(taken, rel=1e-6)
    # 7.53 t of 5 % concentrate per t GeCl4 and 3.11 t GeCl4 per t Ge:
    # 0.3387 / (7.53 x 0.05) / (3.11 x 0.3387)
    # = 85.4 % of the Ge reaches the metal; metal sold as such keeps it all, metal made into blanks 80 %
    # (1.25 t per t blank); nothing is stockpiled, so the share sold lies between the two
    to_metal = 0.3387 / (7.53 * 0.05) / (3.11 * 0.3387)
    assert to_metal * 0.8 - 1e-6 <= ge["sold"].sum() / taken <= to_metal + 1e-6


def test_lens_blanks_priced_below_their_metal_are_not_made(default: Scenario) -> None:
    # 0.3 x 3,000 = 900 USD/kg for a blank that takes 1.25 kg of metal worth 1,660 USD/kg
    cheap = _only(default, set(CHAINS["germanium"]), {"ge_lens_blank": 0.3})
    plan = optimize(cheap, PlanOptions(time_limit=60))
    assert "ge_optics" not in set(plan.builds["process"])


def _fed(scenario: Scenario, chain: tuple[str, ...], feeds: tuple[str, ...], dearer: float) -> Scenario:
    """The default with only ``chain``, its ``feeds`` supplied at a site of the chain's first process
    at their own price (a source recipe), and the chain's products ``dearer`` times their price."""
    made = {o.good for o in scenario.process_outputs if o.process in chain}
    narrowed = _only(scenario, set(chain), {good: dearer for good in made})
    site = next(s.site for s in scenario.process_sites if s.process == chain[0])
    template = next(p for p in scenario.processes if p.id == "ge_feed")
    price = {p.good: p.price for p in scenario.prices if p.market == "domestic"}
    price.update({p.good: p.price for p in scenario.prices if p.market == "china"})
    sources = tuple(
        template.model_copy(
            update={
                "id": f"supply_{good}",
                "name": f"Supply of {good}",
                "reference": good,
                "unit_capacity": 100_000.0,
                "capex_per_unit": 0.0,
                "fixed_opex": 0.0,
                "variable_opex": price[good],
                "max_units": 1,
            }
        )
        for good in feeds
    )
    outputs = tuple(
        next(o for o in scenario.process_outputs if o.process == "ge_feed").model_copy(
            update={"process": f"supply_{good}", "good": good}
        )
        for good in feeds
    )
    places = tuple(
        next(s for s in scenario.process_sites if s.process == chain[0]).model_copy(
            update={"process": f"supply_{good}", "site": site, "max_units": 1}
        )
        for good in feeds
    )
    return narrowed.model_copy(
        update={
            "processes": narrowed.processes + sources,
            "process_outputs": narrowed.process_outputs + outputs,
            "process_sites": narrowed.process_sites + places,
        }
    )


# chain, the products it is fed, the species followed, the share of it the chain's end product keeps
FED_CHAINS = [
    # NdPr: 0.30 / 0.309 into the flake, 1 / 1.15 of the flake into magnets
    ("magnets", ("ndpr_metal",), "NdPr", 0.30 / 0.309 / 1.15),
    # Li: 0.044 / (0.241 x 0.188) into the cathode, 0.0155 / (0.36 x 0.044) of it into cells
    ("lithium", ("li2co3",), "Li", 0.0155 / (0.241 * 0.188)),
    # Nb: 1 / (1.54 x 0.699) into the metal, 0.53 / 0.545 of it into Nb-Ti
    ("niobium", ("nb2o5",), "Nb", 0.53 / (1.54 * 0.699 * 0.545)),
    # Ce: 0.33 / (0.42 x 0.814) into the washcoat oxide
    ("catalyst", ("ce_oxide", "la_oxide"), "Ce", 0.33 / (0.42 * 0.814)),
]


@pytest.mark.parametrize(("name", "feeds", "species", "kept"), FED_CHAINS)
def test_a_fed_and_well_priced_chain_is_built_end_to_end(
    default: Scenario, name: str, feeds: tuple[str, ...], species: str, kept: float
) -> None:
    chain = CHAINS[name]
    plan = optimize(_fed(default, chain, feeds, dearer=5.0), PlanOptions(time_limit=60))
    assert plan.status in ("optimal", "feasible")
    assert set(chain) <= set(plan.builds["process"])
    assert plan.balance_residual_max <= 1e-6
    balance = plan.element_balance
    rows = balance[balance["species"] == species]
    taken = rows["inflow"].sum()
    assert taken > 0
    assert rows[["sold", "lost", "disposed"]].sum().sum() == pytest.approx(taken, rel=1e-6)
    # intermediate products may be sold too, so the end product keeps at least ``kept`` of what is sold
    assert rows["sold"].sum() >= kept * taken * (1 - 1e-6)
