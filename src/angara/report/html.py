"""A run's report as one self-contained HTML file: styles inline, the map and charts as
inline SVG, nothing fetched when it is opened (links to the sources are plain links)."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from angara import __version__
from angara.i18n import translator
from angara.report.content import DOMAIN, Report, compose
from angara.results.read import RunResults
from angara.scenario.model import Scenario

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt field is an error, not an empty cell
        trim_blocks=False,
    )


def report_html(report: Report) -> str:
    """The HTML of a composed report."""
    template = _environment().get_template(TEMPLATE)
    return template.render(report=report, _=translator(report.lang, DOMAIN), version=__version__)


def render_html(results: RunResults, scenario: Scenario, lang: str = "ru") -> str:
    """The report of ``results`` (a run of ``scenario``) in ``lang`` as one HTML document.

    Without a browser for kaleido the map and charts are replaced by a note; the rest renders.
    """
    return report_html(compose(results, scenario, lang))
