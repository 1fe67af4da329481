"""Plotly figures as SVG markup for the reports, drawn by kaleido in one headless Chromium.

``fig.to_image`` starts a browser per figure (about 3 s each); a report draws all its
figures in one browser session instead (about 2 s to start, then 0.1-0.3 s per figure).
Kaleido finds the browser on ``PATH`` (``chromium``, ``google-chrome``, …) or at
``BROWSER_PATH``.  Without a browser, or when a figure cannot be drawn, the figure is left
out and the reason given, so that a report always renders.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Plotly's default MathJax and topojson come from a CDN; the reports use neither, and a
# browser without network would wait for them
KALEIDO_OPTIONS: dict[str, Any] = {"mathjax": False, "timeout": 60}
WIDTH, HEIGHT = 900, 460
# every SVG of a page shares one id space: plotly's ids (clip paths, gradients) are
# prefixed per figure so that two figures never point at each other's definitions
_ID = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Drawn:
    """SVG markup of every figure that could be drawn, and why the others could not."""

    svg: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def draw(figures: Mapping[str, Any], sizes: Mapping[str, tuple[int, int]] | None = None) -> Drawn:
    """SVG of each plotly figure in ``figures`` (by key), ``sizes`` in px (default 900 × 460)."""
    if not figures:
        return Drawn()
    outcome: dict[str, Drawn] = {}

    def run() -> None:
        # a fresh thread has no event loop: safe even when called from an async web handler
        outcome["drawn"] = asyncio.run(_draw(figures, sizes or {}))

    worker = threading.Thread(target=run, name="report-figures", daemon=True)
    worker.start()
    worker.join()
    return outcome.get("drawn") or Drawn(failed=dict.fromkeys(figures, "the figures could not be drawn"))


async def _draw(figures: Mapping[str, Any], sizes: Mapping[str, tuple[int, int]]) -> Drawn:
    try:
        import kaleido  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - kaleido is a dependency; a broken install is possible
        return Drawn(failed=dict.fromkeys(figures, "kaleido is not installed"))
    drawn = Drawn()
    try:
        async with kaleido.Kaleido(**KALEIDO_OPTIONS) as browser:
            for key, figure in figures.items():
                width, height = sizes.get(key, (WIDTH, HEIGHT))
                height = own_height(figure) or height
                try:
                    image = await browser.calc_fig(
                        figure, opts={"format": "svg", "width": width, "height": height}
                    )
                except Exception as error:  # one figure's failure must not cost the others
                    drawn.failed[key] = _reason(error)
                    continue
                drawn.svg[key] = scoped(bytes(image).decode("utf-8"), key)
    except Exception as error:  # no browser, or it would not start: the report goes on without
        reason = _reason(error)
        for key in figures:
            if key not in drawn.svg:
                drawn.failed.setdefault(key, reason)
    return drawn


def own_height(figure: Any) -> int | None:
    """The height a figure sets itself (px; a tornado grows with its bars), None if unset."""
    layout = getattr(figure, "layout", None)
    height = getattr(layout, "height", None)
    return int(height) if isinstance(height, int | float) and height > 0 else None


def _reason(error: BaseException) -> str:
    name = type(error).__name__
    if name == "ChromeNotFoundError":
        return "no Chromium or Chrome browser found (install one or set BROWSER_PATH)"
    text = str(error).strip().splitlines()
    return f"{name}: {text[0]}" if text else name


def scoped(svg: str, key: str) -> str:
    """``svg`` with every id (and every reference to it) prefixed by ``key``; the XML
    declaration, if any, removed so that the markup can sit inside HTML."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", key) + "-"
    ids = set(_ID.findall(svg))
    if not ids:
        return svg

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}{name}" if name in ids else match.group(0)

    svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    # references: url(#id), url('#id'), href="#id", xlink:href="#id"
    return re.sub(r"""(url\(['"]?#|href=["']#)([^'")\s]+)""", replace, svg)
