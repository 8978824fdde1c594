"""Field types that work on QGIS 3.22 (QVariant) and on QGIS >= 3.38 / QGIS 4 with Qt6 (QMetaType)."""

from qgis.core import Qgis

if Qgis.QGIS_VERSION_INT >= 33800:
    from qgis.PyQt.QtCore import QMetaType

    FIELD_INT, FIELD_STRING, FIELD_DOUBLE = QMetaType.Type.Int, QMetaType.Type.QString, QMetaType.Type.Double
else:  # QGIS 3.22 - 3.36 take QVariant types, which PyQt6 no longer has
    from qgis.PyQt.QtCore import QVariant

    FIELD_INT, FIELD_STRING, FIELD_DOUBLE = QVariant.Int, QVariant.String, QVariant.Double
