"""Angara: planning and decision support for regional critical-metals clusters.

>>> import angara
>>> scenario = angara.load("angara-yenisei")   # or a folder, or an .xlsx workbook

The packages import one another in one direction only, first to last (packages in one
tier do not import each other; ``atomic``, ``cells``, ``i18n`` and ``tables`` import
nothing of Angara but one another and may be imported by any)::

    scenario → angara → chain → plan → assess | validation → risk → results → workflow
    → report → server → server.settings → server.store → server.jobs → server.services
    → server.api | server.web | server.gate → server.app → cli → __main__

``angara.results`` is the one reader of result folders, ``angara.workflow`` the one place
the stages (plan, assess, risk) are chained, and only ``angara.cli`` imports
``angara.server`` from outside it.  ``tests/test_layers.py`` checks all of this.
"""

from angara.scenario import Problem, Scenario, ScenarioError, load

__version__ = "0.1.0"

__all__ = ["Problem", "Scenario", "ScenarioError", "__version__", "load"]
