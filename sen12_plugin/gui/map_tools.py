"""Drawing ROIs on the canvas: a rectangle and a polygon tool with rubber-band preview and size in km."""

from __future__ import annotations

from qgis.core import QgsDistanceArea, QgsGeometry, QgsPointXY, QgsProject, QgsRectangle, QgsWkbTypes
from qgis.gui import QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor


def size_text(geometry: QgsGeometry, canvas) -> str:
    """'12.3 x 8.1 km' (ellipsoidal) for a geometry in the canvas CRS."""
    da = QgsDistanceArea()
    da.setSourceCrs(canvas.mapSettings().destinationCrs(), QgsProject.instance().transformContext())
    da.setEllipsoid(QgsProject.instance().ellipsoid() or "WGS84")
    box = geometry.boundingBox()
    if box.isEmpty() and box.width() == 0 and box.height() == 0:
        return ""
    width = da.measureLine(QgsPointXY(box.xMinimum(), box.center().y()), QgsPointXY(box.xMaximum(), box.center().y()))
    height = da.measureLine(QgsPointXY(box.center().x(), box.yMinimum()), QgsPointXY(box.center().x(), box.yMaximum()))
    return f"{width / 1000:.1f} x {height / 1000:.1f} km"


class _RoiTool(QgsMapTool):
    roiDrawn = pyqtSignal(QgsGeometry)  # in the canvas CRS  # noqa: N815 (Qt signal style)
    sizeChanged = pyqtSignal(str)  # noqa: N815

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.band = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        self.band.setColor(QColor(220, 60, 40, 90))
        self.band.setStrokeColor(QColor(220, 60, 40))
        self.band.setWidth(2)
        # What was drawn stays as a dashed outline beside the ROI it became (the UTM box covering
        # it), until the next drawing starts.
        self.drawn = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        self.drawn.setFillColor(QColor(0, 0, 0, 0))
        self.drawn.setStrokeColor(QColor(220, 60, 40))
        self.drawn.setLineStyle(Qt.PenStyle.DashLine)
        self.drawn.setWidth(2)

    def reset(self) -> None:
        self.band.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        self.drawn.reset(QgsWkbTypes.GeometryType.PolygonGeometry)

    def deactivate(self) -> None:
        self.reset()
        super().deactivate()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.reset()

    def _emit(self, geometry: QgsGeometry) -> None:
        self.reset()
        if not geometry.isEmpty():
            self.drawn.setToGeometry(geometry, None)
        self.roiDrawn.emit(geometry)

    def _show(self, geometry: QgsGeometry) -> None:
        self.band.setToGeometry(geometry, None)
        self.sizeChanged.emit(size_text(geometry, self.canvas()))


class RectangleTool(_RoiTool):
    """Press, drag, release: one rectangular ROI."""

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.start: QgsPointXY | None = None

    def canvasPressEvent(self, event) -> None:  # noqa: N802
        self.drawn.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        self.start = self.toMapCoordinates(event.pos())

    def canvasMoveEvent(self, event) -> None:  # noqa: N802
        if self.start is not None:
            self._show(QgsGeometry.fromRect(QgsRectangle(self.start, self.toMapCoordinates(event.pos()))))

    def canvasReleaseEvent(self, event) -> None:  # noqa: N802
        if self.start is None:
            return
        geometry = QgsGeometry.fromRect(QgsRectangle(self.start, self.toMapCoordinates(event.pos())))
        self.start = None
        self._emit(geometry)


class PolygonTool(_RoiTool):
    """Left click adds a corner, right click closes the polygon, Esc starts over."""

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.points: list[QgsPointXY] = []

    def reset(self) -> None:
        self.points = []
        super().reset()

    def canvasReleaseEvent(self, event) -> None:  # noqa: N802
        point = self.toMapCoordinates(event.pos())
        if event.button() == Qt.MouseButton.RightButton:
            points, self.points = self.points, []
            self._emit(QgsGeometry.fromPolygonXY([points]) if len(points) >= 3 else QgsGeometry())
            return
        if not self.points:
            self.drawn.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        self.points.append(point)
        self._show(QgsGeometry.fromPolygonXY([self.points]))

    def canvasMoveEvent(self, event) -> None:  # noqa: N802
        if self.points:
            self._show(QgsGeometry.fromPolygonXY([[*self.points, self.toMapCoordinates(event.pos())]]))
