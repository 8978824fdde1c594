"""SEN1-2 Patch Builder: Sentinel-1 / Sentinel-2 patch pairs for deep learning, inside QGIS."""



def _version() -> str:
    """The version, written once: ``metadata.txt`` (QGIS reads it there; the zip carries it beside this file)."""
    from configparser import ConfigParser
    from pathlib import Path

    parser = ConfigParser()
    try:
        parser.read(Path(__file__).with_name("metadata.txt"), encoding="utf-8")
        return parser.get("general", "version")
    except Exception:  # noqa: BLE001 - a copy without metadata.txt: the card says so
        return "unknown"


__version__ = _version()


def classFactory(iface):  # noqa: N802 (QGIS' name)
    from .plugin import Sen12Plugin

    return Sen12Plugin(iface)
