"""What the algorithms share: group, icon, and core errors turned into Processing errors.

The QGIS helpers the dock needs too (geometry to ring, ROI rows, fields, mask layers, WGS84,
the error sentences) live in ``qgis_support``, which neither face owns.
"""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from ..qgis_support import plugin_icon, user_sentence
from ..translation import tr


class Sen12Algorithm(QgsProcessingAlgorithm):
    """Base: group, icon, help; ``run_core`` turns a core error into a message the user can act on."""

    def group(self) -> str:
        return tr("SEN1-2")

    def groupId(self) -> str:  # noqa: N802
        return "sen12"

    def icon(self):
        return plugin_icon()

    def createInstance(self):  # noqa: N802
        return type(self)()

    @staticmethod
    def run_core(fn, *args, **kwargs):
        """Call a core function; every error reaches the user as a sentence, never a traceback."""
        try:
            return fn(*args, **kwargs)
        except QgsProcessingException:
            raise
        except Exception as exc:  # noqa: BLE001 - the sentence for every kind lives in user_sentence
            raise QgsProcessingException(user_sentence(exc)) from exc
