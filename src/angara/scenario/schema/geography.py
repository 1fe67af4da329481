"""Where things are: regions, transport nodes and links, industrial sites, power plants."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, model_validator

from angara.scenario.schema.fields import Row, calendar_year, identifier, quantity, reference


class Region(Row):
    id: str = identifier()
    name: str = Field(..., description="Name in English.")
    name_ru: str | None = Field(None, description="Name in Russian.")
    population: float | None = quantity("person", "Population.", default=None, ge=0.0)
    employment: float | None = quantity("person", "Employed persons.", default=None, ge=0.0)
    grp: float | None = quantity("RUB/yr", "Gross regional product.", default=None, ge=0.0)
    wage: float | None = quantity("RUB/yr", "Average wage (all sectors).", default=None, ge=0.0)
    electricity_price: float = quantity("RUB/MWh", "Delivered industrial electricity price.", ge=0.0)
    gas_price: float = quantity("RUB/GJ", "Delivered fuel heat price.", ge=0.0)
    land_value: float | None = quantity("RUB/ha", "Cadastral value of industrial land.", default=None, ge=0.0)
    household_size: float | None = quantity("1", "Residents per in-migrating worker.", default=None, ge=1.0)


class Node(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    region: str | None = reference("regions", description="Region, if one of the scenario's.", default=None)
    lat: float | None = quantity("1", "Latitude, degrees north.", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east.", default=None, ge=-180.0, le=180.0)
    kind: str | None = Field(None, description="city, station, deposit, site, border, port, market.")


class TransportMode(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    tariff: float = quantity("RUB/t/km", "Cost per tonne-kilometre.", ge=0.0)


ArcStatus = Literal["existing", "candidate"]
ARC_STATUSES: tuple[ArcStatus, ...] = get_args(ArcStatus)


class Arc(Row):
    id: str = identifier()
    from_node: str = reference("nodes", description="Start node.")
    to_node: str = reference("nodes", description="End node.")
    mode: str = reference("transport_modes", description="Transport mode.")
    length: float | None = quantity("km", "Length; cost is length × the mode's tariff.", default=None, ge=0.0)
    cost: float | None = quantity(
        "RUB/t", "Explicit cost per tonne, overriding length × tariff.", default=None, ge=0.0
    )
    status: ArcStatus = Field("existing", description="existing, or candidate (must be built first).")
    build_cost: float = quantity("RUB", "Cost to build a candidate link.", default=0.0, ge=0.0)
    earliest_year: int | None = calendar_year("First year a candidate link can be open.", default=None)
    both_ways: bool = Field(True, description="Whether goods may also travel to → from.")
    lifetime: float = quantity(
        "yr", "Economic life of a candidate link (its build cost is spread over it).", default=50.0, gt=0.0
    )
    capacity: float | None = quantity(
        "t/yr", "Most tonnes per year (empty: unlimited).", default=None, ge=0.0
    )

    @model_validator(mode="after")
    def _has_cost(self) -> Arc:
        if self.length is None and self.cost is None:
            raise ValueError("give a length or a cost per tonne")
        return self


class Site(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    region: str = reference("regions", description="Region.")
    node: str = reference("nodes", description="Transport node serving the site.")
    lat: float | None = quantity("1", "Latitude, degrees north.", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east.", default=None, ge=-180.0, le=180.0)
    land: float = quantity("ha", "Land available for new plants.", ge=0.0)
    power_expansion_max: float = quantity(
        "MW", "Extra power that can be bought beyond the site_power path.", default=0.0, ge=0.0
    )
    power_expansion_cost: float = quantity(
        "RUB/MW",
        "One-off cost of each extra MW (grid connection, generation).",
        default=0.0,
        ge=0.0,
    )
    rail: bool = Field(False, description="Rail siding on site.")
    gas: bool = Field(False, description="Pipeline gas on site.")
    electricity_price: float | None = quantity(
        "RUB/MWh", "Delivered price here, overriding the region's.", default=None, ge=0.0
    )
    gas_price: float | None = quantity(
        "RUB/GJ", "Delivered fuel heat price here, overriding the region's.", default=None, ge=0.0
    )
    enabled: bool = Field(True, description="Whether the optimizer may build here.")


class SitePower(Row):
    site: str = reference("sites", description="Site.")
    year: int = calendar_year("Year from which the value holds (until the next row).")
    power: float = quantity("MW", "Electric power available to new plants.", ge=0.0)


class PowerPlant(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    region: str | None = reference("regions", description="Region, if one of the scenario's.", default=None)
    lat: float | None = quantity("1", "Latitude, degrees north.", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east.", default=None, ge=-180.0, le=180.0)
    capacity: float | None = quantity("MW", "Installed capacity.", default=None, ge=0.0)
    output: float | None = quantity("MWh/yr", "Average yearly generation.", default=None, ge=0.0)
    kind: str | None = Field(None, description="hydro, thermal (coal, lignite), …")
    status: str | None = Field(None, description="operating, planned, …")
    owner: str | None = Field(None, description="Owner or operator.")
