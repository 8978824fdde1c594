"""Translation helper: every user-visible string of the QGIS layer goes through ``tr``."""

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "@default"  # pylupdate5 files module-level tr() calls under @default


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
