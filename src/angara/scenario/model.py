"""The typed scenario: validated tables with quantities in canonical units."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from angara.scenario.schema import (
    Arc,
    AssetClass,
    CityNorm,
    Composition,
    Cutoff,
    Deposit,
    Element,
    ExchangeRate,
    FactorCorrelation,
    Good,
    Grade,
    Incentive,
    Institution,
    Labour,
    Mandate,
    Market,
    MarketAccess,
    Meta,
    Node,
    Payability,
    Plant,
    PlantIncentive,
    PowerPlant,
    Price,
    PriceExposure,
    PriceFactor,
    Process,
    ProcessInput,
    ProcessOutput,
    ProcessSite,
    ProcessStaff,
    Profile,
    RampUp,
    Recovery,
    Region,
    Row,
    Sector,
    Site,
    SitePower,
    Skill,
    Support,
    Target,
    Tax,
    TransportMode,
)


class Scenario(BaseModel):
    """A whole scenario.  Tables are tuples of rows in the order they were given.

    Quantities are in the schema's canonical units (t, t/yr, RUB, MW, ha, …);
    money is in RUB of ``meta.base_year``.
    """

    model_config = ConfigDict(frozen=True)

    meta: Meta
    exchange_rates: tuple[ExchangeRate, ...] = ()
    elements: tuple[Element, ...] = ()
    goods: tuple[Good, ...] = ()
    compositions: tuple[Composition, ...] = ()
    profiles: tuple[Profile, ...] = ()
    regions: tuple[Region, ...] = ()
    nodes: tuple[Node, ...] = ()
    transport_modes: tuple[TransportMode, ...] = ()
    arcs: tuple[Arc, ...] = ()
    deposits: tuple[Deposit, ...] = ()
    deposit_grades: tuple[Grade, ...] = ()
    sites: tuple[Site, ...] = ()
    site_power: tuple[SitePower, ...] = ()
    power_plants: tuple[PowerPlant, ...] = ()
    skills: tuple[Skill, ...] = ()
    processes: tuple[Process, ...] = ()
    ramp_ups: tuple[RampUp, ...] = ()
    process_inputs: tuple[ProcessInput, ...] = ()
    process_outputs: tuple[ProcessOutput, ...] = ()
    recoveries: tuple[Recovery, ...] = ()
    cutoffs: tuple[Cutoff, ...] = ()
    process_staff: tuple[ProcessStaff, ...] = ()
    process_sites: tuple[ProcessSite, ...] = ()
    plants: tuple[Plant, ...] = ()
    markets: tuple[Market, ...] = ()
    prices: tuple[Price, ...] = ()
    payability: tuple[Payability, ...] = ()
    labour: tuple[Labour, ...] = ()
    sectors: tuple[Sector, ...] = ()
    taxes: tuple[Tax, ...] = ()
    incentives: tuple[Incentive, ...] = ()
    plant_incentives: tuple[PlantIncentive, ...] = ()
    support: tuple[Support, ...] = ()
    asset_classes: tuple[AssetClass, ...] = ()
    city_norms: tuple[CityNorm, ...] = ()
    mandates: tuple[Mandate, ...] = ()
    targets: tuple[Target, ...] = ()
    price_factors: tuple[PriceFactor, ...] = ()
    price_exposures: tuple[PriceExposure, ...] = ()
    factor_correlations: tuple[FactorCorrelation, ...] = ()
    market_access: tuple[MarketAccess, ...] = ()
    institutions: tuple[Institution, ...] = ()

    def table(self, name: str) -> tuple[Row, ...]:
        """Rows of the table called ``name``."""
        rows = getattr(self, name)
        assert isinstance(rows, tuple)
        return rows

    @property
    def years(self) -> range:
        """Every planning year, first to last inclusive."""
        return range(self.meta.first_year, self.meta.last_year + 1)
