"""The thin QGIS layer: dock, map tools, layers, tasks. Logic lives in ``core``."""
