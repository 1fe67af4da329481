"""What is mined: tracked elements, the deposits and their grades."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from angara.scenario.schema.fields import (
    ID_PATTERN,
    Row,
    calendar_year,
    fraction,
    identifier,
    quantity,
    reference,
)


class Element(Row):
    id: str = identifier("Tracked species: an element or a group tracked as one (e.g. NdPr).")
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    oxide: str | None = Field(None, description="Formula of the oxide that grades and prices refer to.")
    metal_fraction: float = quantity(
        "1",
        "Element mass per mass of its oxide (1 when there is no oxide).",
        default=1.0,
        gt=0.0,
        le=1.0,
    )
    group: str | None = Field(None, description="Group for reporting, e.g. LREE, HREE, rare metal.")


class Profile(Row):
    profile: str = Field(
        ...,
        description="Name of the distribution, e.g. carbonatite_crust_analogue.",
        pattern=ID_PATTERN,
    )
    species: str = reference("elements", description="Species in the group.")
    share: float = fraction("Share of the group total (oxide basis), e.g. Nd share of TREO.")


LicenceStatus = Literal["licensed", "auction_planned", "unlicensed", "unknown"]
LICENCE_STATUSES: tuple[LicenceStatus, ...] = get_args(LicenceStatus)
ReserveCategory = Literal["balance", "off_balance", "resource"]
RESERVE_CATEGORIES: tuple[ReserveCategory, ...] = get_args(ReserveCategory)


class Deposit(Row):
    id: str = identifier()
    name: str = Field(..., description="Readable name.")
    name_ru: str | None = Field(None, description="Name in Russian, shown on Russian pages and reports.")
    region: str = reference("regions", description="Region the deposit lies in.")
    node: str = reference("nodes", description="Transport node where its ore or concentrate leaves.")
    lat: float | None = quantity("1", "Latitude, degrees north (WGS 84).", default=None, ge=-90.0, le=90.0)
    lon: float | None = quantity("1", "Longitude, degrees east (WGS 84).", default=None, ge=-180.0, le=180.0)
    ore: str = reference("goods", description="The good its run-of-mine ore is (kind ore).")
    reserves: float = quantity("t", "Ore reserves that may be mined over the horizon.", ge=0.0)
    max_rate: float = quantity("t/yr", "Highest mining rate.", ge=0.0)
    earliest_start: int = calendar_year(
        "First year mining may start (the scenario's licensing_years may set a later one)."
    )
    licensee: str | None = Field(None, description="Licence holder or owner (investor).")
    licence: LicenceStatus = Field(
        "unknown",
        description=(
            "Subsoil-use licence status: licensed, auction_planned, unlicensed or unknown; the scenario's "
            "licensing_years gives the earliest start for each."
        ),
    )
    reserve_category: ReserveCategory = Field(
        "balance",
        description=(
            "What the reserves are: balance (on the state balance, A+B+C1+C2, or JORC/NI 43-101 "
            "reserves), off_balance (not economic under the state balance rules) or resource "
            "(P1/P2, inferred); the scenario's reserves_counted says which may be mined."
        ),
    )
    reserve_class: str | None = Field(
        None, description="Category as reported, e.g. C1+C2, A+B+C1, JORC indicated, off-balance."
    )
    thorium_uranium: bool = Field(
        False,
        description="Ore carries thorium or uranium: processes treating its feed pay their residue_handling.",
    )
    enabled: bool = Field(True, description="Whether the optimizer may use the deposit.")


GradeBasis = Literal["oxide", "element"]
GRADE_BASES: tuple[GradeBasis, ...] = get_args(GradeBasis)


class Grade(Row):
    deposit: str = reference("deposits", description="Deposit.")
    species: str = Field(
        ...,
        description="Element id, or a group name (e.g. TREO) split by `profile`.",
        pattern=ID_PATTERN,
    )
    grade: float = fraction("Mass share of the species (or group) in the ore.")
    basis: GradeBasis = Field("oxide", description="Whether the grade counts the oxide or the element.")
    profile: str | None = Field(None, description="Profile splitting a group grade into species.")
