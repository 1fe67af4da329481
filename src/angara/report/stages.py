"""The stages of a value chain by name, for the figures that group by stage (the Sankey's
nodes, the production chart's families)."""

from __future__ import annotations

from angara.i18n import Translate
from angara.report.readable import N_

STAGES = {
    "mining": N_("Mining"),
    "beneficiation": N_("Beneficiation"),
    "cracking": N_("Cracking and leaching"),
    "hydrometallurgy": N_("Hydrometallurgy"),
    "separation": N_("Separation"),
    "metal": N_("Metals and alloys"),
    "magnet": N_("Magnets"),
    "niobium": N_("Niobium"),
    "tantalum": N_("Tantalum"),
    "lithium": N_("Lithium"),
    "scandium": N_("Scandium"),
    "gallium": N_("Gallium"),
    "germanium": N_("Germanium"),
    "battery": N_("Battery materials"),
    "catalyst": N_("Catalysts"),
    "computing": N_("Computing"),
    "education": N_("Training places"),
    "energy": N_("Power"),
    "powders": N_("Metal powders"),
    "research": N_("Research places"),
}


def stage_label(stage: str, _: Translate) -> str:
    """A stage in the reader's language; a stage this list lacks (a user's own) reads as its
    id with spaces, capitalised (``heat_treatment`` → ``Heat treatment``)."""
    if stage in STAGES:
        return _(STAGES[stage])
    return stage.replace("_", " ").strip().capitalize()
