"""The base of the API's request bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RequestModel(BaseModel):
    """A request body: NaN, Infinity and -Infinity are refused (422) in every number.

    Python's JSON reader accepts these literals, though JSON has none; no quantity Angara
    takes can be one, and letting one through would reach a solver or a stored scenario.
    """

    model_config = ConfigDict(allow_inf_nan=False)
