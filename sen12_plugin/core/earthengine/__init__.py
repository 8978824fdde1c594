"""The Earth Engine half of the pipeline: recipe graphs, tiling, transport, sign-in.

Nothing here imports ``ee`` at module import time, so the plugin starts (and explains itself)
when earthengine-api is missing; :func:`require_ee` gives the message.
"""

from __future__ import annotations

from ..errors import Sen12Error


class EarthEngineMissing(Sen12Error):
    """earthengine-api is not importable."""


def require_ee():
    """The ``ee`` module, or an error that says how to get it."""
    try:
        import ee
    except ImportError as exc:
        raise EarthEngineMissing(
            "The Earth Engine client (earthengine-api) is not installed. Install the plugin from "
            "its release zip, which bundles it, or run 'pip install earthengine-api' in QGIS' "
            f"Python. ({exc})"
        ) from None
    return ee
