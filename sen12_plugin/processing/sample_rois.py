"""``sen12:sample_rois``: the paper's seeded ROIs over land masses and urban areas."""

from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..core import masks, names, pipeline, recipe, rois, seasons
from ..qgis_support import WGS84, make_fields, qgis_world_map, source_points, source_rings
from ..qt_compat import FIELD_INT, FIELD_STRING
from ..translation import tr
from .base import Sen12Algorithm

ROI_FIELDS = (
    ("id", FIELD_INT), ("seed", FIELD_INT), ("season", FIELD_STRING),
    ("kind", FIELD_STRING), ("utm_epsg", FIELD_INT), ("start", FIELD_STRING),
    ("end", FIELD_STRING), ("status", FIELD_STRING),
)


def roi_fields(with_reason: bool = False) -> QgsFields:
    return make_fields(ROI_FIELDS + ((("reason", FIELD_STRING),) if with_reason else ()))


class SampleRois(Sen12Algorithm):
    SEEDS, LAND_COUNT, URBAN_COUNT = "SEEDS", "LAND_COUNT", "URBAN_COUNT"
    ROI_SIZE_KM, YEAR, LAND_MASK, URBAN_MASK = "ROI_SIZE_KM", "YEAR", "LAND_MASK", "URBAN_MASK"
    OUTPUT, DROPPED = "OUTPUT", "DROPPED"

    def name(self) -> str:
        return "sample_rois"

    def displayName(self) -> str:  # noqa: N802
        return tr("Sample ROIs (SEN1-2 seeds)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Samples ROIs as the SEN1-2 paper did: per seed, random points (uniform by area) over "
            "land masses and over urban areas, a square around each, one season per seed "
            "(1158 spring, 1868 summer, 1970 fall, 2017 winter). ROIs outside Sentinel-2 "
            "coverage (56°S-84°N) or overlapping an earlier ROI are dropped; the DROPPED output "
            "lists them with the reason. Same seeds, same ROIs, on every machine."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterString(
            self.SEEDS, tr("Seeds (comma-separated)"),
            defaultValue=",".join(str(s) for s in recipe.PAPER_SEEDS)))
        self.addParameter(QgsProcessingParameterNumber(
            self.LAND_COUNT, tr("Points over land per seed"),
            QgsProcessingParameterNumber.Type.Integer, recipe.LAND_COUNT, minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.URBAN_COUNT, tr("Points over urban areas per seed"),
            QgsProcessingParameterNumber.Type.Integer, recipe.URBAN_COUNT, minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROI_SIZE_KM, tr("ROI size (km)"), QgsProcessingParameterNumber.Type.Double,
            recipe.ROI_SIZE_KM, minValue=0.01, maxValue=recipe.ROI_MAX_SIZE_KM))
        self.addParameter(QgsProcessingParameterNumber(
            self.YEAR, tr("Year of the seasons (2017: the paper's)"),
            QgsProcessingParameterNumber.Type.Integer, recipe.PAPER_YEAR, minValue=2015, maxValue=2100))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LAND_MASK, tr("Land mask (default: Natural Earth 1:50m land)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.URBAN_MASK,
            tr("Urban areas (polygons or city points; default: Natural Earth cities)"),
            [QgsProcessing.SourceType.TypeVectorPolygon, QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("ROIs"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.DROPPED, tr("Dropped ROIs (with reason)"), QgsProcessing.SourceType.TypeVectorPolygon,
            optional=True, createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        seeds = self.run_core(names.parse_seeds, self.parameterAsString(parameters, self.SEEDS, context))
        year = self.parameterAsInt(parameters, self.YEAR, context)
        land = self._land_mask(parameters, context)
        feedback.pushInfo(tr("Land mask: {}").format(land.source))
        urban = self._urban_source(parameters, context)
        for warning in land.warnings + getattr(urban, "warnings", ()):
            feedback.pushWarning(warning)
        result = self.run_core(
            pipeline.sample_rois, seeds, land=land, urban=urban,
            land_count=self.parameterAsInt(parameters, self.LAND_COUNT, context),
            urban_count=self.parameterAsInt(parameters, self.URBAN_COUNT, context),
            size_km=self.parameterAsDouble(parameters, self.ROI_SIZE_KM, context),
            progress=lambda fraction: feedback.setProgress(100.0 * fraction), cancelled=feedback.isCanceled,
        )
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, roi_fields(), QgsWkbTypes.Type.Polygon, WGS84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for roi in result.kept:
            sink.addFeature(self._feature(roi, year, "kept", None), QgsFeatureSink.Flag.FastInsert)
        outputs = {self.OUTPUT: dest}
        dropped_sink, dropped_dest = self.parameterAsSink(
            parameters, self.DROPPED, context, roi_fields(True), QgsWkbTypes.Type.Polygon, WGS84)
        for item in result.dropped:
            feedback.pushInfo(tr("Dropped ROI {} of seed {}: {}").format(
                item.roi.id, item.roi.seed, item.reason))
            if dropped_sink is not None:
                dropped_sink.addFeature(
                    self._feature(item.roi, year, "dropped", item.reason), QgsFeatureSink.Flag.FastInsert)
        if dropped_sink is not None:
            outputs[self.DROPPED] = dropped_dest
        feedback.pushInfo(tr("{} ROIs kept, {} dropped.").format(
            len(result.kept), len(result.dropped)))
        return outputs

    def _land_mask(self, parameters, context):
        source = self.parameterAsSource(parameters, self.LAND_MASK, context)
        if source is None:
            return self.run_core(masks.default_land_mask, qgis_world_map())
        return self.run_core(masks.polygon_mask, source_rings(source, context), source.sourceName())

    def _urban_source(self, parameters, context):
        source = self.parameterAsSource(parameters, self.URBAN_MASK, context)
        if source is None:
            return None  # the core's default: Natural Earth populated places
        if QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.GeometryType.PointGeometry:
            return np.asarray(source_points(source, context), dtype=float)
        return self.run_core(masks.polygon_mask, source_rings(source, context), source.sourceName())

    @staticmethod
    def _feature(roi: rois.Roi, year: int, status: str, reason: str | None) -> QgsFeature:
        feature = QgsFeature(roi_fields(reason is not None))
        feature.setGeometry(QgsGeometry.fromWkt(roi.wkt()))
        season = seasons.paper_season(roi.season, year) if roi.season else None
        values = [roi.id, roi.seed, roi.season, roi.kind, roi.utm_epsg,
                  season.start.isoformat() if season else None,
                  season.end.isoformat() if season else None, status]
        if reason is not None:
            values.append(reason)
        feature.setAttributes(values)
        return feature
