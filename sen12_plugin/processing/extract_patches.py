"""``sen12:extract_patches``: one S1/S2 scene pair -> SEN1-2 patch pairs and the patch index."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..core import pipeline, plan, recipe, sources
from ..core.decoded import DEFAULT_MEMORY_BUDGET_MB
from ..core.errors import Cancelled
from ..core.index import LAYER
from ..core.quality import THRESHOLD_PARAMETERS, Thresholds, thresholds_with
from ..qgis_support import label_source
from ..translation import tr
from .base import Sen12Algorithm

FORMAT_CHOICES = (("PNG", "png"), ("GeoTIFF", "tif"))


class ExtractPatches(Sen12Algorithm):
    S1, S2, OUTPUT = "S1", "S2", "OUTPUT"
    PATCH_SIZE, STRIDE, SEED, SEASON = "PATCH_SIZE", "STRIDE", "SEED", "SEASON"
    SCENE_ID, DATASET_NAME, FORMATS, STRETCH = "SCENE_ID", "DATASET_NAME", "FORMATS", "STRETCH"
    PATCH_INDEX, PATCH_COUNT = "PATCH_INDEX", "PATCH_COUNT"
    WRITTEN, SKIPPED, DROPPED_NODATA = "WRITTEN", "SKIPPED", "DROPPED_NODATA"
    CHECKS, CLOUD_REVIEW, CLOUD_REJECT = "CHECKS", "CLOUD_REVIEW", "CLOUD_REJECT"
    SEAM_CONTRAST, COLOUR_RATIO = "SEAM_CONTRAST", "COLOUR_RATIO"
    SNOW_REVIEW, SHADOW_REVIEW, SHADOW_REJECT = "SNOW_REVIEW", "SHADOW_REVIEW", "SHADOW_REJECT"
    OFFSET_REVIEW = "OFFSET_REVIEW"
    ALL_S2_BANDS = "ALL_S2_BANDS"
    MEMORY_BUDGET_MB = "MEMORY_BUDGET_MB"
    OVERWRITE, S2_BANDS = "OVERWRITE", "S2_BANDS"
    S1_BANDS, S2_UNITS, S2_OFFSET = "S1_BANDS", "S2_UNITS", "S2_OFFSET"
    MAX_DAYS_APART, ALLOW_DATE_GAP = "MAX_DAYS_APART", "ALLOW_DATE_GAP"
    LABELS, LABEL_FIELD, LABEL_BUFFER_M = "LABELS", "LABEL_FIELD", "LABEL_BUFFER_M"
    LABEL_ALL_TOUCHED, DROP_UNLABELED, DROPPED_UNLABELED = "LABEL_ALL_TOUCHED", "DROP_UNLABELED", "DROPPED_UNLABELED"

    def name(self) -> str:
        return "extract_patches"

    def displayName(self) -> str:  # noqa: N802
        return tr("Extract SEN1-2 patch pairs")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Cuts a co-registered Sentinel-1 (VV, dB) / Sentinel-2 (B4, B3, B2) scene pair into "
            "patch pairs as in SEN1-2: S1 clipped to -25..0 dB, S2 to 0..10000, both scaled to "
            "8 bit and stretched per band (2-98 percentile over the scene), 256 x 256 px at "
            "stride 128; patches with any no-data pixel are dropped. Writes "
            "ROIs{seed}_{season}/s1_{scene}/..._p{n}.png and the s2_ twins (GeoTIFF patches "
            "with the original values on request) and OUTPUT/patch_index.gpkg. If the grids "
            "differ, S1 is resampled onto the S2 grid. "
            "S2 may also be a Sentinel-2 SAFE folder or .zip, or a folder of per-band files "
            "(*_B04, *_B03, *_B02); SEASON may stay empty when a scene's date is known "
            "(metadata, file name or scene JSON). The log says what was recognised.\n\n"
            "Inputs are checked: S2 bands B4, B3, B2 are found by their names, else by the "
            "Sentinel-2 band order of a 13-, 12-, 4- (B2 B3 B4 B8) or 3-band (B4 B3 B2) file, else "
            "give S2_BANDS (e.g. 4,3,2). S1 must be float dB: linear power is converted to dB with "
            "a warning, integer S1 is refused.\n\n"
            "Resume: each scene records its sources and settings. A re-run with the same ones "
            "skips finished patch pairs; with others it stops, unless OVERWRITE is on, which "
            "removes that scene's old patches and index rows (and their review decisions) first. "
            "Two extractions into one folder at once: the second stops."
        ) + "\n\n" + tr(
            "Labels (optional): LABELS is a vector layer (its LABEL_FIELD holds the classes, text or "
            "numbers; lines and points need LABEL_BUFFER_M metres) or a raster of class values in any "
            "CRS. They are put on the pair's grid (rasterized by pixel centres, or every touched pixel "
            "with LABEL_ALL_TOUCHED; rasters resampled nearest) and written as a third patch of each "
            "pair, {dataset}/lc_{scene}/{dataset}_lc_{scene}_p{n}.png (8-bit class ids, 0 unlabeled), "
            "with the classes in {dataset}/class_map.json. Empty LABELS: the land cover "
            "sen12:fetch_scenes stored beside the scene (lc_N.tif), if any. DROP_UNLABELED drops pairs "
            "whose label has no class."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.S1, tr("Sentinel-1 scene (VV, dB)")))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.S2, tr("Sentinel-2 scene (B4, B3, B2; or a SAFE folder/zip, or a folder of band files)")))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Output folder")))
        self.addParameter(QgsProcessingParameterNumber(
            self.PATCH_SIZE, tr("Patch size (px)"), QgsProcessingParameterNumber.Type.Integer,
            recipe.PATCH_SIZE))
        self.addParameter(QgsProcessingParameterNumber(
            self.STRIDE, tr("Stride (px)"), QgsProcessingParameterNumber.Type.Integer,
            recipe.PATCH_STRIDE))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, tr("Seed of the ROI (empty for drawn ROIs)"),
            QgsProcessingParameterNumber.Type.Integer, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SEASON, tr("Season (empty: the seed's season, or from the scene's date)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.SCENE_ID, tr("Scene number (the ROI id; empty: from the scene record, else the scene the same "
                              "inputs made, else the dataset's next free number)"),
            QgsProcessingParameterNumber.Type.Integer, None, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.DATASET_NAME, tr("Dataset name for ROIs without a seed"),
            defaultValue=recipe.CUSTOM_DATASET_NAME))
        self.addParameter(QgsProcessingParameterEnum(
            self.FORMATS, tr("Formats"), [label for label, _ in FORMAT_CHOICES],
            allowMultiple=True, defaultValue=[0]))
        self.addParameter(QgsProcessingParameterEnum(
            self.STRETCH, tr("Contrast stretch"), list(recipe.STRETCH_MODES), defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.CHECKS, tr("Quality checks (scene and patches; results in the index)"), True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Replace this scene if it was made from other inputs or settings"), False))
        self.addParameter(QgsProcessingParameterString(
            self.S2_BANDS, tr("S2 band numbers of B4, B3, B2 (empty: by band names or band order)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.S1_BANDS, tr("S1 band names in file order, e.g. VH,VV (empty: from the file; needed for two unnamed bands)"),
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_DAYS_APART, tr("Largest gap between the S1 and S2 acquisition dates (days)"),
            QgsProcessingParameterNumber.Type.Integer, plan.MAX_DAYS_APART, minValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ALLOW_DATE_GAP, tr("Allow S1 and S2 dates further apart than that"), False))
        for key, label, options in (
            (self.S2_UNITS, tr("S2 values (auto: from the data)"), [tr("auto"), tr("digital numbers"), tr("reflectance 0-1")]),
            (self.S2_OFFSET, tr("ESA's +1000 offset of 2022 products (auto: from the date and the values)"),
             [tr("auto"), tr("subtract 1000"), tr("none")]),
        ):
            param = QgsProcessingParameterEnum(key, label, options, defaultValue=0)
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(param)
        t = Thresholds()
        labels = {
            self.CLOUD_REVIEW: tr("Cloud share for review"), self.CLOUD_REJECT: tr("Cloud share for reject"),
            self.SNOW_REVIEW: tr("Snow share for review (above 1: never; snow is kept)"),
            self.SHADOW_REVIEW: tr("Cloud shadow share for review"), self.SHADOW_REJECT: tr("Cloud shadow share for reject"),
            self.SEAM_CONTRAST: tr("Seamline contrast for review"), self.COLOUR_RATIO: tr("Band ratio for a colour shift"),
            self.OFFSET_REVIEW: tr("S1/S2 offset for review (px)"),
        }
        for key, field in THRESHOLD_PARAMETERS.items():  # the core's thresholds, each with its default
            param = QgsProcessingParameterNumber(key, labels[key], QgsProcessingParameterNumber.Type.Double,
                                                 getattr(t, field), minValue=0)
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(param)
        self.addParameter(QgsProcessingParameterMapLayer(
            self.LABELS, tr("Labels: a vector or raster layer of classes (empty: the scene's fetched land cover)"),
            optional=True, types=[QgsProcessing.SourceType.TypeVectorAnyGeometry, QgsProcessing.SourceType.TypeRaster]))
        self.addParameter(QgsProcessingParameterField(
            self.LABEL_FIELD, tr("Class field of the label layer"), parentLayerParameterName=self.LABELS,
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.LABEL_BUFFER_M, tr("Label buffer (m; lines and points)"), QgsProcessingParameterNumber.Type.Double,
            0.0, minValue=0))
        for key, label in ((self.LABEL_ALL_TOUCHED, tr("Label every pixel a feature touches (not only pixel centres)")),
                           (self.DROP_UNLABELED, tr("Drop pairs whose label patch has no class"))):
            param = QgsProcessingParameterBoolean(key, label, False)
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(param)
        param = QgsProcessingParameterNumber(
            self.MEMORY_BUDGET_MB, tr("Memory for the decoded scene (MB; above it, a scratch file inside the output folder)"),
            QgsProcessingParameterNumber.Type.Integer, DEFAULT_MEMORY_BUDGET_MB, minValue=0,
            maxValue=plan.MAX_MEMORY_BUDGET_MB)
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(param)
        param = QgsProcessingParameterBoolean(
            self.ALL_S2_BANDS, tr("All Sentinel-2 bands at 10 m from a product or band folder (GeoTIFF patches)"), False)
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(param)
        self.addOutput(QgsProcessingOutputVectorLayer(self.PATCH_INDEX, tr("Patch index")))
        for key, label in ((self.PATCH_COUNT, tr("Patch pairs in the index for this scene")),
                           (self.WRITTEN, tr("Patch pairs written")),
                           (self.SKIPPED, tr("Patch pairs already there (skipped)")),
                           (self.DROPPED_NODATA, tr("Patches dropped for no-data")),
                           (self.DROPPED_UNLABELED, tr("Patches dropped for an all-unlabeled label patch"))):
            self.addOutput(QgsProcessingOutputNumber(key, label))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        folders = {name for name in (self.S1, self.S2) if sources.is_product_path(parameters.get(name))}
        if not folders:
            return super().checkParameterValues(parameters, context)
        # A SAFE folder/zip or a folder of band files is no QGIS layer; core.sources reads it.
        for definition in self.parameterDefinitions():
            if definition.name() not in folders and not definition.checkValueIsAcceptable(
                    parameters.get(definition.name()), context):
                return False, tr("Incorrect parameter value for {}").format(definition.name())
        return True, ""

    def _source(self, parameters, name, context) -> str:
        layer = self.parameterAsRasterLayer(parameters, name, context)
        return layer.source() if layer is not None else self.parameterAsString(parameters, name, context)

    def _raw_number(self, parameters, name, context):
        """A number parameter as the core checks it: None when empty without a default (never wrapped to
        32 bits here, as ``parameterAsInt`` would wrap SCENE_ID 2^31 to a negative number)."""
        if parameters.get(name) in (None, "") and self.parameterDefinition(name).defaultValue() in (None, ""):
            return None
        return self.parameterAsDouble(parameters, name, context)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        s1_given, s2_given = self._source(parameters, self.S1, context), self._source(parameters, self.S2, context)
        if not s1_given or not s2_given:
            raise QgsProcessingException(tr("Choose a Sentinel-1 and a Sentinel-2 raster layer."))
        output = self.parameterAsString(parameters, self.OUTPUT, context)
        thresholds = None
        if self.parameterAsBool(parameters, self.CHECKS, context):
            thresholds = self.run_core(thresholds_with, {
                key: self.parameterAsDouble(parameters, key, context) for key in THRESHOLD_PARAMETERS})
        choices = plan.Choices(
            season=self.parameterAsString(parameters, self.SEASON, context),
            seed=self._raw_number(parameters, self.SEED, context),
            scene=self._raw_number(parameters, self.SCENE_ID, context),
            dataset_name=self.parameterAsString(parameters, self.DATASET_NAME, context) or None,
            patch_size=self._raw_number(parameters, self.PATCH_SIZE, context),
            stride=self._raw_number(parameters, self.STRIDE, context),
            formats=tuple(FORMAT_CHOICES[i][1] for i in self.parameterAsEnums(parameters, self.FORMATS, context)),
            stretch=recipe.STRETCH_MODES[self.parameterAsEnum(parameters, self.STRETCH, context)],
            thresholds=thresholds, s2_bands=self.parameterAsString(parameters, self.S2_BANDS, context),
            s1_bands=self.parameterAsString(parameters, self.S1_BANDS, context),
            s2_units=("", "dn", "reflectance")[self.parameterAsEnum(parameters, self.S2_UNITS, context)],
            s2_offset=("auto", "subtract", "none")[self.parameterAsEnum(parameters, self.S2_OFFSET, context)],
            all_s2_bands=self.parameterAsBool(parameters, self.ALL_S2_BANDS, context),
            max_days_apart=self._raw_number(parameters, self.MAX_DAYS_APART, context),
            allow_date_gap=self.parameterAsBool(parameters, self.ALLOW_DATE_GAP, context),
            drop_unlabeled=self.parameterAsBool(parameters, self.DROP_UNLABELED, context),
            memory_budget_mb=self._raw_number(parameters, self.MEMORY_BUDGET_MB, context),
        )
        planned = self.run_core(plan.plan_extraction, s1_given, s2_given, output, choices)
        for note in planned.notes:
            feedback.pushInfo(note)
        for reason in planned.reasons:
            (feedback.pushWarning if reason.warning else feedback.pushInfo)(reason.text)
        labels = self.run_core(
            label_source, self.parameterAsLayer(parameters, self.LABELS, context),
            self.parameterAsString(parameters, self.LABEL_FIELD, context),
            self.parameterAsDouble(parameters, self.LABEL_BUFFER_M, context),
            self.parameterAsBool(parameters, self.LABEL_ALL_TOUCHED, context))
        try:
            outcome = self.run_core(
                pipeline.extract_scenes, [pipeline.ExtractJob.of(planned, labels)], output,
                overwrite=self.parameterAsBool(parameters, self.OVERWRITE, context),
                progress=lambda f: feedback.setProgress(100.0 * f), cancelled=feedback.isCanceled)
        except QgsProcessingException as exc:
            if isinstance(exc.__cause__, Cancelled):
                feedback.reportError(str(exc.__cause__))
            raise
        done = outcome.scenes[0]
        result, index = done.result, done.index
        for message in result.messages[len(planned.warnings):]:  # the plan's warnings were shown above
            feedback.pushWarning(message)
        if thresholds is not None:
            feedback.pushInfo(tr("Scene check: {} {}").format(*done.scene_qc))
        feedback.pushInfo(tr(
            "{dataset}, scene {scene}: {kept} patch pairs ({written} written, {skipped} already "
            "there), {dropped} dropped for no-data, of {total} grid positions. Index: {index}").format(
                dataset=result.dataset, scene=result.scene, kept=len(result.records),
                written=result.written, skipped=result.skipped, dropped=result.dropped_nodata,
                total=len(result.grid), index=index))
        if result.label is not None:
            feedback.pushInfo(result.label.summary)
            feedback.pushInfo(tr("Label patches from {}; classes in {}/class_map.json; {} pairs dropped for an "
                                 "all-unlabeled label.").format(result.label.source, result.dataset,
                                                                result.dropped_unlabeled))
        return {
            self.DROPPED_UNLABELED: result.dropped_unlabeled,
            self.OUTPUT: output,
            self.PATCH_INDEX: f"{index}|layername={LAYER}",
            self.PATCH_COUNT: len(result.records),
            self.WRITTEN: result.written,
            self.SKIPPED: result.skipped,
            self.DROPPED_NODATA: result.dropped_nodata,
        }
