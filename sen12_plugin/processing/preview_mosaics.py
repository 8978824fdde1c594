"""``sen12:preview_mosaics``: each requested mosaic as a map-tile layer, before any download."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingParameterBoolean,
)

from ..core import pipeline
from ..qgis_support import xyz_layer
from ..translation import tr
from .earthengine_base import EarthEngineAlgorithm


class PreviewMosaics(EarthEngineAlgorithm):
    STRETCH, OUTPUT = "STRETCH", "OUTPUT"

    def name(self) -> str:
        return "preview_mosaics"

    def displayName(self) -> str:  # noqa: N802
        return tr("Preview SEN1-2 mosaics (Earth Engine tiles)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Adds the Sentinel-1 and Sentinel-2 mosaic of every ROI and season as Earth Engine map "
            "tiles, styled like the recipe: S1 grey -25..0 dB, S2 B4 B3 B2 0..10000, or with "
            "STRETCH the recipe's 2-98 % stretch computed by Earth Engine. Nothing is downloaded."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.add_request_parameters()
        self.addParameter(QgsProcessingParameterBoolean(
            self.STRETCH, tr("Per-scene 2-98 % stretch (one more request per mosaic)"), False))
        self.addOutput(QgsProcessingOutputMultipleLayers(self.OUTPUT, tr("Preview layers")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        options = self.recipe_options(parameters, context)
        plan = self.requests(parameters, context, feedback)
        previews = self.run_core(
            pipeline.preview_images, plan.requests, options, self.sign_in(parameters, context),
            stretch=self.parameterAsBool(parameters, self.STRETCH, context),
            progress=lambda f: feedback.setProgress(100 * f), cancelled=feedback.isCanceled)
        layer_ids = []
        for preview in previews:
            layer = xyz_layer(preview.url, preview.name)
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(layer.id(), QgsProcessingContext.LayerDetails(
                layer.name(), context.project(), layer.name()))
            layer_ids.append(layer.id())
        return {self.OUTPUT: layer_ids}
