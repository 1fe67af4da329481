"""Angara: planning and decision support for regional critical-metals clusters.

>>> import angara
>>> scenario = angara.load("angara-yenisei")   # or a folder, or an .xlsx workbook
"""

from angara.scenario import Problem, Scenario, ScenarioError, load

__version__ = "0.1.0"

__all__ = ["Problem", "Scenario", "ScenarioError", "__version__", "load"]
