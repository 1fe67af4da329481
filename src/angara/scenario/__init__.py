"""Scenario input: schema, units, reading, validation and writing."""

from angara.scenario.load import DEFAULT_SCENARIO, builtin_names, load
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem, ScenarioError

__all__ = ["DEFAULT_SCENARIO", "Problem", "Scenario", "ScenarioError", "builtin_names", "load"]
