"""Located problems found in scenario input.

A :class:`Problem` says where (file or sheet, row, column), what was found and
what was expected.  Loading collects every problem in one pass and raises a
single :class:`ScenarioError` carrying them all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# the most characters of a value or a message a problem keeps: a problem echoes what it
# found, and what it found may be megabytes (a whole expanded YAML value, a pasted column)
VALUE_LIMIT = 200
MESSAGE_LIMIT = 2_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as possible.

    ``where`` is a file name (``deposits.csv``) or a sheet (``deposits`` sheet of
    ``x.xlsx``); ``row`` counts as a spreadsheet does (the header is row 1).
    """

    where: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __post_init__(self) -> None:
        if self.value is not None and len(self.value) > VALUE_LIMIT:
            object.__setattr__(self, "value", _shorten(self.value, VALUE_LIMIT))
        if len(self.message) > MESSAGE_LIMIT:
            object.__setattr__(self, "message", _shorten(self.message, MESSAGE_LIMIT))

    def __str__(self) -> str:
        place = self.where
        if self.row is not None:
            place += f", row {self.row}"
        if self.column is not None:
            place += f", column '{self.column}'"
        found = f": value '{_shorten(self.value)}'" if self.value is not None else ""
        return f"{place}{found}: {self.message}"

    def as_dict(self) -> dict[str, str | int | None]:
        """Plain dictionary, for JSON output."""
        return asdict(self)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ScenarioError(Exception):
    """The scenario could not be loaded; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the scenario; first: {first}")
