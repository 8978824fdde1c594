"""Field types that work on QGIS 3.22 (QVariant) and on QGIS >= 3.38 / QGIS 4 with Qt6 (QMetaType)."""

from qgis.core import Qgis

if Qgis.QGIS_VERSION_INT >= 33800:
    from qgis.PyQt.QtCore import QMetaType

    FIELD_INT, FIELD_STRING = QMetaType.Type.Int, QMetaType.Type.QString
else:  # QGIS 3.22 - 3.36 take QVariant types, which PyQt6 no longer has
    from qgis.PyQt.QtCore import QVariant

    FIELD_INT, FIELD_STRING = QVariant.Int, QVariant.String
