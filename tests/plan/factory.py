"""Small scenarios built in code for the optimizer's tests: one plant, one site, one market."""

from __future__ import annotations

from angara.scenario.model import Scenario
from angara.scenario.schema import (
    Arc,
    Good,
    Market,
    Meta,
    Node,
    Price,
    Process,
    ProcessOutput,
    ProcessSite,
    RampUp,
    Region,
    Site,
    SitePower,
    SolverOptions,
    TransportMode,
)


def factory(
    *,
    first: int = 2027,
    last: int = 2031,
    rate: float = 0.0,
    price: float = 100.0,
    variable_cost: float = 40.0,
    capex: float = 1000.0,
    lifetime: float = 10.0,
    lead_time: float = 0.0,
    capacity: float = 10.0,
    electricity: float = 0.0,
    power: list[tuple[int, float]] | None = None,
    demand: float | None = 10.0,
    periods: list[int] | None = None,
    ramp_up: list[float] | None = None,
    sustaining: float = 0.0,
    owners_cost: float = 0.0,
    contingency: float = 0.0,
    closure: float = 0.0,
    max_units: int = 1,
) -> Scenario:
    """A plant at a site making a product sold at a market 100 km away by rail (1 RUB/t/km).

    Money in RUB, tonnes per year; a full module of 10 t/yr earns ``margin()`` a year.
    ``ramp_up``: shares of nameplate in a module's first, second … year (curve ``ramp``);
    ``sustaining``, ``owners_cost``, ``contingency``, ``closure``: shares of ``capex``.
    """
    return Scenario(
        meta=Meta(
            name="factory",
            title="Factory",
            first_year=first,
            last_year=last,
            base_year=first,
            discount_rate=rate,
            periods=periods,
            solver=SolverOptions(mip_gap=1e-9),
        ),
        goods=(Good(id="widget", name="Widget", kind="product"),),
        regions=(Region(id="r", name="Region", electricity_price=0.0, gas_price=0.0),),
        nodes=(Node(id="works", name="Works"), Node(id="town", name="Town")),
        transport_modes=(TransportMode(id="rail", name="Rail", tariff=0.1),),
        arcs=(Arc(id="line", from_node="works", to_node="town", mode="rail", length=100.0),),
        sites=(Site(id="site", name="Site", region="r", node="works", land=10.0),),
        site_power=tuple(SitePower(site="site", year=y, power=p) for y, p in (power or [(first, 1000.0)])),
        processes=(
            Process(
                id="plant",
                name="Plant",
                stage="manufacturing",
                reference="widget",
                unit_capacity=capacity,
                capex_per_unit=capex,
                variable_opex=variable_cost,
                electricity=electricity,
                lead_time=lead_time,
                lifetime=lifetime,
                max_units=max_units,
                ramp_up="ramp" if ramp_up else None,
                sustaining_capex=sustaining,
                owners_cost=owners_cost,
                contingency=contingency,
                closure_cost=closure,
            ),
        ),
        ramp_ups=tuple(RampUp(curve="ramp", year=k, share=v) for k, v in enumerate(ramp_up or [], start=1)),
        process_outputs=(ProcessOutput(process="plant", good="widget", quantity=1.0),),
        process_sites=(ProcessSite(process="plant", site="site"),),
        markets=(Market(id="town", name="Town market", node="town"),),
        prices=(Price(market="town", good="widget", year=first, price=price, max_quantity=demand),),
    )


TRANSPORT = 10.0  # RUB/t: 100 km x 0.1 RUB/t/km


def margin(price: float = 100.0, variable_cost: float = 40.0, capacity: float = 10.0) -> float:
    """Yearly operating margin of one full module (RUB/yr)."""
    return (price - variable_cost - TRANSPORT) * capacity
