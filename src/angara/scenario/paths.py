"""Yearly paths given at some years and held until the next given year."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


class StepPath:
    """A value per year, held constant from each given year to the next.

    Years before the first given year take the first value, so a path given from
    2025 also covers a horizon starting in 2027.
    """

    def __init__(self, points: Iterable[tuple[int, float]]) -> None:
        ordered = sorted(points)
        self.years = [year for year, _ in ordered]
        self.values = [value for _, value in ordered]

    def __bool__(self) -> bool:
        return bool(self.years)

    def at(self, year: int) -> float | None:
        """Value in ``year``, or None for an empty path."""
        if not self.years:
            return None
        index = max(bisect_right(self.years, year) - 1, 0)
        return self.values[index]

    def over(self, years: Iterable[int]) -> list[float | None]:
        """Values for each of ``years``."""
        return [self.at(year) for year in years]
