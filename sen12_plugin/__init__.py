"""SEN1-2 Patch Builder: Sentinel-1 / Sentinel-2 patch pairs for deep learning, inside QGIS."""

__version__ = "0.1.0"


def classFactory(iface):  # noqa: N802 (QGIS' name)
    from .plugin import Sen12Plugin

    return Sen12Plugin(iface)
