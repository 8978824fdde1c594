"""Translation helper: every user-visible string of the QGIS layer goes through ``tr``."""

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "Sen12Plugin"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
