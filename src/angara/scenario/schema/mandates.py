"""Mandates: projects or outcomes a scenario requires of the plan, whatever they cost.

Each row is one commitment of one ``kind``; the columns it needs depend on the kind (the
others stay empty).  The optimizer adds each as a constraint group (docs/model.md,
"Mandates"); the plan reports whether each is met and what it costs the cluster: the
objective of the plan without mandates minus the objective with that mandate alone.
"""

from __future__ import annotations

import typing
from typing import Literal

from pydantic import Field, model_validator

from angara.scenario.schema.fields import Row, calendar_year, fraction, identifier, quantity, reference

MandateKind = Literal[
    "must_build", "min_output", "production_share", "local_processing", "investment_floor", "jobs_floor"
]
MANDATE_KINDS: tuple[MandateKind, ...] = typing.get_args(MandateKind)

# the columns each kind needs (besides id, kind and year); production_share needs one of
# process or region as well
NEEDS: dict[str, tuple[str, ...]] = {
    "must_build": ("process", "location", "modules"),
    "min_output": ("good", "output"),
    "production_share": ("good", "share"),
    "local_processing": ("good", "share"),
    "investment_floor": ("amount",),
    "jobs_floor": ("staff",),
}


class Mandate(Row):
    id: str = identifier()
    kind: MandateKind = Field(
        ...,
        description=(
            "must_build: at least `modules` modules of `process` standing at `location` in `year`; "
            "min_output: at least `output` of `good` made in each year from `year` on; "
            "production_share: at least `share` of the `good` made by `process` (or in `region`) "
            "from `year` on; local_processing: at most `share` of the `good` made sold outside the "
            "cluster from `year` on (0: none exported); investment_floor: at least `amount` of "
            "CAPEX committed by `year`; jobs_floor: at least `staff` operating staff in `year`."
        ),
    )
    year: int = calendar_year("The year by which (or from which) the mandate holds.")
    process: str | None = reference(
        "processes", description="Process (must_build; production_share by process).", default=None
    )
    location: str | None = reference(
        "sites", "deposits", description="Site or deposit where the modules stand (must_build).", default=None
    )
    good: str | None = reference(
        "goods", description="Good (min_output, production_share, local_processing).", default=None
    )
    region: str | None = reference(
        "regions", description="Region whose plants make the share (production_share).", default=None
    )
    modules: int | None = Field(None, description="Modules standing at least (must_build).", ge=1)
    output: float | None = quantity("t/yr", "Output at least (min_output).", default=None, ge=0.0)
    share: float | None = fraction(
        "Share at least (production_share) or at most (local_processing).", default=None
    )
    amount: float | None = quantity(
        "RUB", "Cumulative CAPEX at least, by the year (investment_floor).", default=None, ge=0.0
    )
    staff: float | None = quantity(
        "person", "Operating staff of all plants at least, in the year (jobs_floor).", default=None, ge=0.0
    )

    @model_validator(mode="after")
    def _has_what_its_kind_needs(self) -> Mandate:
        missing = [column for column in NEEDS[self.kind] if getattr(self, column) is None]
        if missing:
            raise ValueError(f"a {self.kind} mandate needs {', '.join(missing)}")
        if self.kind == "production_share" and (self.process is None) == (self.region is None):
            raise ValueError("a production_share mandate needs a process or a region (one of them)")
        return self
