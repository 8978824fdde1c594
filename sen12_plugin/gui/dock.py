"""The dock: the analyst's workflow from ROIs to patch pairs, each step a background task.

Sections follow the pipeline: ROIs -> season and sensors -> Earth Engine -> scenes -> extract.
Every long step runs as a QgsTask (progress in the task manager, cancel works); results and
errors come back on the main thread to the layers and the message bar.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsCollapsibleGroupBox, QgsDockWidget, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import QDate, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import recipe, rois, seasons
from ..core.errors import InputError, Sen12Error
from ..settings import Sen12Settings
from ..translation import tr
from . import layers, own_scenes, roi_layer, tasks
from .map_tools import PolygonTool, RectangleTool

MESSAGE_TITLE = "SEN1-2"


class Sen12Dock(QgsDockWidget):
    closed = pyqtSignal()

    def __init__(self, iface, parent=None) -> None:
        super().__init__(tr("SEN1-2 Patch Builder"), parent)
        self.setObjectName("Sen12Dock")
        self.iface = iface
        self.settings = Sen12Settings.load()
        self.running: list[tasks.CoreTask] = []
        self.rect_tool = RectangleTool(iface.mapCanvas())
        self.poly_tool = PolygonTool(iface.mapCanvas())
        for tool in (self.rect_tool, self.poly_tool):
            tool.roiDrawn.connect(self.add_drawn_roi)
            tool.sizeChanged.connect(lambda text: self.size_label.setText(text))
        self._build()
        QgsProject.instance().cleared.connect(self.cancel_all)

    # ----- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self._rois_box())
        column.addWidget(self._season_box())
        column.addWidget(self._earthengine_box())
        column.addWidget(self._scenes_box())
        column.addWidget(self._extract_box())
        column.addWidget(self._review_box())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        # Wide enough for every row; the sections scroll vertically instead of clipping.
        scroll.setMinimumWidth(body.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
        self.setWidget(scroll)

    def _box(self, title: str) -> tuple[QgsCollapsibleGroupBox, QFormLayout]:
        box = QgsCollapsibleGroupBox(title)
        form = QFormLayout(box)
        return box, form

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _rois_box(self):
        box, form = self._box(tr("1. ROIs"))
        row = QHBoxLayout()
        row.addWidget(self._button(tr("Draw rectangle"), lambda: self._use_tool(self.rect_tool), "drawRectangle"))
        row.addWidget(self._button(tr("Draw polygon"), lambda: self._use_tool(self.poly_tool), "drawPolygon"))
        form.addRow(row)
        form.addRow(self._button(tr("Add a base map (OpenStreetMap; S2 mosaic when signed in)"), self.add_base_map,
                                 "addBaseMap"))
        self.size_label = QLabel("")
        form.addRow(tr("Size while drawing:"), self.size_label)
        self.source_layer = QgsMapLayerComboBox()
        self.source_layer.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer)
        form.addRow(tr("Layer:"), self.source_layer)
        form.addRow(self._button(tr("Add selected features as ROIs"), self.add_selected_features, "addSelected"))
        self.seeds_edit = QLineEdit(",".join(str(s) for s in recipe.PAPER_SEEDS))
        form.addRow(tr("Seeds:"), self.seeds_edit)
        self.land_count = QSpinBox(maximum=10000, value=recipe.LAND_COUNT)
        self.urban_count = QSpinBox(maximum=10000, value=recipe.URBAN_COUNT)
        self.roi_size = QDoubleSpinBox(minimum=0.1, maximum=recipe.ROI_MAX_SIZE_KM, value=recipe.ROI_SIZE_KM)
        self.roi_size.setSuffix(" km")
        counts = QHBoxLayout()
        counts.addWidget(QLabel(tr("land")))
        counts.addWidget(self.land_count)
        counts.addWidget(QLabel(tr("urban")))
        counts.addWidget(self.urban_count)
        counts.addWidget(self.roi_size)
        form.addRow(tr("Per seed:"), counts)
        form.addRow(self._button(tr("Sample seeded ROIs"), self.sample_rois, "sampleRois"))
        return box

    def _season_box(self):
        box, form = self._box(tr("2. Season and sensors"))
        self.year = QSpinBox(minimum=2015, maximum=2100, value=self.settings.year)
        form.addRow(tr("Year (paper: 2017):"), self.year)
        self.season_checks = {}
        row = QHBoxLayout()
        for name in recipe.SEASON_NAMES:
            check = QCheckBox(tr(name))
            check.setChecked(True)
            self.season_checks[name] = check
            row.addWidget(check)
        form.addRow(tr("Seasons:"), row)
        self.custom_dates = QCheckBox(tr("Custom dates instead:"))
        self.custom_start = QDateEdit(QDate(self.settings.year, 6, 1))
        self.custom_end = QDateEdit(QDate(self.settings.year, 8, 31))
        for edit in (self.custom_start, self.custom_end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        row = QHBoxLayout()
        row.addWidget(self.custom_start)
        row.addWidget(QLabel("–"))
        row.addWidget(self.custom_end)
        form.addRow(self.custom_dates, row)
        self.dual_pol = QCheckBox(tr("S1 VV and VH"))
        self.dual_pol.setChecked(self.settings.dual_pol)
        self.all_bands = QCheckBox(tr("All 13 S2 bands"))
        self.all_bands.setChecked(self.settings.all_s2_bands)
        options = QHBoxLayout()
        options.addWidget(self.dual_pol)
        options.addWidget(self.all_bands)
        form.addRow(options)
        self.s2_level = QComboBox()
        self.s2_level.addItems(["L1C", "L2A"])
        self.s2_level.setCurrentText(self.settings.s2_level)
        self.max_cloud = QDoubleSpinBox(minimum=0, maximum=100, value=self.settings.max_cloud)
        self.max_cloud.setSuffix(" %")
        self.orbit = QComboBox()
        self.orbit.addItems(["both", "ASCENDING", "DESCENDING"])
        self.orbit.setCurrentText(self.settings.orbit)
        form.addRow(tr("S2 level:"), self.s2_level)
        form.addRow(tr("Max. cloud:"), self.max_cloud)
        form.addRow(tr("S1 orbit:"), self.orbit)
        return box

    def _earthengine_box(self):
        box, form = self._box(tr("3. Earth Engine"))
        self.project_edit = QLineEdit(self.settings.ee_project)
        self.project_edit.setPlaceholderText(tr("Cloud project id"))
        form.addRow(tr("Project:"), self.project_edit)
        self.key_file = QgsFileWidget()
        self.key_file.setFilter("JSON (*.json)")
        self.key_file.setFilePath(self.settings.ee_service_account_key)
        form.addRow(tr("Service-account key:"), self.key_file)
        self.signin_state = QLabel(tr("Not signed in"))
        form.addRow(self._button(tr("Sign in"), self.sign_in, "signIn"), self.signin_state)
        row = QHBoxLayout()
        row.addWidget(self._button(tr("Check availability"), self.check_availability, "checkAvailability"))
        row.addWidget(self._button(tr("Preview"), self.preview, "preview"))
        row.addWidget(self._button(tr("Download"), self.download, "download"))
        form.addRow(row)
        row = QHBoxLayout()
        row.addWidget(self._button(tr("Batch export"), self.batch_export, "batchExport"))
        row.addWidget(self._button(tr("Refresh tasks"), self.refresh_tasks, "refreshTasks"))
        form.addRow(row)
        self.task_table = QTableWidget(0, 3)
        self.task_table.setHorizontalHeaderLabels([tr("Task"), tr("Description"), tr("State")])
        self.task_table.setMaximumHeight(120)
        form.addRow(self.task_table)
        return box

    def _scenes_box(self):
        box, form = self._box(tr("4. Scenes"))
        self.folder = QgsFileWidget()
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setFilePath(self.settings.last_folder)
        form.addRow(tr("Folder:"), self.folder)
        form.addRow(self._button(tr("Load scenes from folder"), self.load_scenes, "loadScenes"))
        row = QHBoxLayout()
        row.addWidget(self._button(tr("Add own scene files…"), self.pick_own_files, "addOwnFiles"))
        row.addWidget(self._button(tr("Add product or band folder…"), self.pick_own_folder, "addOwnFolder"))
        form.addRow(tr("Your own scenes:"), row)
        return box

    def _extract_box(self):
        box, form = self._box(tr("5. Extract patches"))
        self.dataset_name = QLineEdit(self.settings.dataset_name)
        form.addRow(tr("Dataset name (drawn ROIs):"), self.dataset_name)
        self.png = QCheckBox("PNG")
        self.png.setChecked(True)
        self.tif = QCheckBox("GeoTIFF")
        row = QHBoxLayout()
        row.addWidget(self.png)
        row.addWidget(self.tif)
        form.addRow(tr("Formats:"), row)
        self.patch_size = QSpinBox(minimum=1, maximum=4096, value=recipe.PATCH_SIZE)
        self.stride = QSpinBox(minimum=1, maximum=4096, value=recipe.PATCH_STRIDE)
        row = QHBoxLayout()
        row.addWidget(self.patch_size)
        row.addWidget(QLabel(tr("stride")))
        row.addWidget(self.stride)
        form.addRow(tr("Patch size:"), row)
        self.overwrite = QCheckBox(tr("Replace scenes made from other inputs or settings"))
        self.overwrite.setObjectName("overwrite")
        form.addRow(self.overwrite)
        form.addRow(self._button(tr("Extract from visible scene pairs"), self.extract_visible, "extractVisible"))
        return box

    def _review_box(self):
        box, form = self._box(tr("6. Review and publish"))
        self.review_layer = QgsMapLayerComboBox()
        self.review_layer.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        form.addRow(tr("Patch index:"), self.review_layer)
        self.review_state = QLabel(tr("Keys: N next, P previous, A accept, R reject, T toggle S1/S2"))
        self.review_state.setWordWrap(True)
        form.addRow(self.review_state)
        row = QHBoxLayout()
        row.addWidget(self._button(tr("Start review"), self.start_review, "startReview"))
        row.addWidget(self._button(tr("Stop"), self.stop_review, "stopReview"))
        form.addRow(row)
        self.split_by = QComboBox()
        self.split_by.addItems(["scene", "roi", "season"])
        form.addRow(tr("Split by:"), self.split_by)
        form.addRow(self._button(tr("Apply decisions, make splits, write the dataset card"), self.publish, "publish"))
        return box

    # ----- helpers -----------------------------------------------------------------------
    def message(self, text: str, level=Qgis.MessageLevel.Info) -> None:
        self.iface.messageBar().pushMessage(MESSAGE_TITLE, text, level=level, duration=10)

    def error(self, text: str) -> None:
        self.message(text, Qgis.MessageLevel.Critical)

    def output_folder(self) -> Path:
        folder = self.folder.filePath() or QgsProject.instance().homePath()
        if not folder:
            folder = str(Path(tempfile.gettempdir()) / "sen12")
            self.folder.setFilePath(folder)
        return Path(folder)

    def roi_layer(self) -> QgsVectorLayer:
        return roi_layer.ensure_roi_layer(QgsProject.instance(), self.output_folder())

    def chosen_seasons(self) -> list[seasons.Season]:
        if self.custom_dates.isChecked():
            return [seasons.custom_season(self.custom_start.date().toPyDate(), self.custom_end.date().toPyDate())]
        names = [n for n, c in self.season_checks.items() if c.isChecked()]
        if not names:
            raise InputError(tr("Tick at least one season."))
        return [seasons.paper_season(n, self.year.value()) for n in names]

    def recipe_options(self):
        from ..core.earthengine.graph import RecipeOptions

        return RecipeOptions(self.dual_pol.isChecked(), self.all_bands.isChecked(), self.s2_level.currentText(),
                             self.max_cloud.value(), self.orbit.currentText())

    def requests(self) -> list[tuple[rois.Roi, seasons.Season]]:
        items = roi_layer.rois_from_layer(self.roi_layer())
        if not items:
            raise InputError(tr("The ROI layer is empty: draw, pick or sample ROIs first."))
        chosen, year, out = self.chosen_seasons(), self.year.value(), []
        for roi in items:  # a ROI's own season wins over the ticked ones
            if roi.season in recipe.SEASON_NAMES:
                out.append((roi, seasons.paper_season(roi.season, year)))
            else:
                out.extend((roi, season) for season in chosen)
        return out

    def save_settings(self) -> None:
        s = self.settings
        s.ee_project, s.ee_service_account_key = self.project_edit.text().strip(), self.key_file.filePath()
        s.last_folder, s.dataset_name, s.year = self.folder.filePath(), self.dataset_name.text(), self.year.value()
        s.dual_pol, s.all_s2_bands = self.dual_pol.isChecked(), self.all_bands.isChecked()
        s.s2_level, s.max_cloud, s.orbit = self.s2_level.currentText(), self.max_cloud.value(), self.orbit.currentText()
        s.save()

    def run_task(self, description: str, fn, on_done, pass_progress: bool = True) -> tasks.CoreTask:
        def done(result):
            self._forget(task)
            on_done(result)

        def failed(text):
            self._forget(task)
            self.error(text)

        task = tasks.CoreTask(description, fn, on_done=done, on_error=failed, pass_progress=pass_progress)
        self.running.append(task)
        return tasks.start(task)

    def _forget(self, task) -> None:
        self.running = [t for t in self.running if t is not task]

    def cancel_all(self) -> None:
        """Closing the project or QGIS: nothing keeps running (each task reports its end)."""
        for task in list(self.running):
            task.cancel()
        self.stop_review()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self.closed.emit()
        super().closeEvent(event)

    # ----- ROIs --------------------------------------------------------------------------
    def _use_tool(self, tool) -> None:
        self.iface.mapCanvas().setMapTool(tool)

    def add_drawn_roi(self, geometry) -> None:
        layer = self.roi_layer()
        try:
            roi = roi_layer.roi_from_geometry(geometry, self.iface.mapCanvas().mapSettings().destinationCrs(),
                                              roi_layer.next_id(layer))
        except InputError as exc:
            self.error(str(exc))
            return
        roi_layer.add_rois(layer, [roi])
        self.message(tr("ROI {} added ({}).").format(roi.id, self.size_label.text() or "drawn"))

    def add_selected_features(self) -> None:
        source = self.source_layer.currentLayer()
        if not isinstance(source, QgsVectorLayer) or source.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
            self.error(tr("Pick a polygon layer: ROIs are polygons."))
            return
        selected = source.selectedFeatures()
        if not selected:
            self.error(tr("Select one or more polygons in {} first.").format(source.name()))
            return
        layer = self.roi_layer()
        first = roi_layer.next_id(layer)
        added, problems = [], []
        for n, feature in enumerate(selected):
            try:
                added.append(roi_layer.roi_from_geometry(feature.geometry(), source.crs(), first + n, "layer"))
            except InputError as exc:
                problems.append(str(exc))
        if added:
            roi_layer.add_rois(layer, added)
            self.message(tr("{} ROIs added from {}.").format(len(added), source.name()))
        if problems:
            self.error("; ".join(problems))

    def sample_rois(self) -> None:
        from ..core import masks
        from ..processing.base import qgis_world_map
        from ..processing.sample_rois import parse_seeds

        try:
            seeds = parse_seeds(self.seeds_edit.text())
        except InputError as exc:
            self.error(str(exc))
            return
        land_count, urban_count, size = self.land_count.value(), self.urban_count.value(), self.roi_size.value()

        def work(progress, cancelled):
            return rois.sample_rois(seeds, masks.default_land_mask(qgis_world_map()), masks.default_city_points(),
                                    land_count=land_count, urban_count=urban_count, size_km=size)

        def done(result):
            layer = self.roi_layer()
            roi_layer.add_rois(layer, result.kept, status="sampled")
            self.message(tr("{} ROIs sampled, {} dropped (overlap or outside Sentinel-2 coverage).").format(
                len(result.kept), len(result.dropped)))

        self.run_task(tr("Sampling SEN1-2 ROIs"), work, done)

    # ----- Earth Engine ------------------------------------------------------------------
    def sign_in_value(self):
        import os

        from ..core.earthengine import auth
        return auth.SignIn(self.project_edit.text().strip(), self.key_file.filePath() or None,
                           os.environ.get(auth.EE_URL_ENV) or None)

    def sign_in(self) -> None:
        from ..core.earthengine import auth

        self.save_settings()
        sign_in = self.sign_in_value()

        def work():
            if not sign_in.service_account_key:
                try:
                    auth.credentials_for(sign_in)
                except auth.SignInError:
                    auth.authenticate()  # the client's own browser flow
            auth.initialize(sign_in)
            return sign_in.project

        def done(project):
            self.signin_state.setText(tr("Signed in, project {}").format(project))
            self.message(tr("Signed in to Earth Engine (project {}).").format(project), Qgis.MessageLevel.Success)

        self.run_task(tr("Signing in to Earth Engine"), work, done, pass_progress=False)

    def _ee_task(self, description: str, work, done) -> None:
        from ..core.earthengine import auth

        try:
            requests = self.requests()
            options = self.recipe_options()
        except Sen12Error as exc:
            self.error(str(exc))
            return
        sign_in = self.sign_in_value()

        def wrapped(progress, cancelled):
            auth.ensure_session(sign_in)
            return work(requests, options, progress, cancelled)

        self.run_task(description, wrapped, done)

    def check_availability(self) -> None:
        from ..core.earthengine import scenes

        def work(requests, options, progress, cancelled):
            rows = []
            for n, (roi, season) in enumerate(requests):
                if cancelled():
                    break
                info, reason = scenes.check_availability(roi, season, options)
                rows.append((roi.id, season.name, info.get("s1", 0), info.get("s2", 0), reason))
                progress((n + 1) / len(requests))
            return rows

        def done(rows):
            layer = self.roi_layer()
            status = {r[0]: ("no data" if r[4] else "available") for r in rows}
            idx = layer.fields().indexOf("status")
            layer.dataProvider().changeAttributeValues(
                {f.id(): {idx: status[f["id"]]} for f in layer.getFeatures() if f["id"] in status})
            layer.triggerRepaint()
            dropped = [f"ROI {r[0]} {r[1]}: {r[4]}" for r in rows if r[4]]
            self.message(tr("{} ROI-seasons have images, {} have none.").format(len(rows) - len(dropped), len(dropped)))
            if dropped:
                self.message("; ".join(dropped), Qgis.MessageLevel.Warning)

        self._ee_task(tr("Checking Earth Engine availability"), work, done)

    def preview(self) -> None:
        from ..core.earthengine import exports, graph
        from ..processing.preview_mosaics import xyz_layer

        def work(requests, options, progress, cancelled):
            urls = []
            for roi, season in requests:
                for sensor, image in (("s1", graph.s1_image(roi, season, options)), ("s2", graph.s2_image(roi, season, options))):
                    urls.append((f"{sensor.upper()} ROI {roi.id} {season.name} (preview)",
                                 exports.preview_url(image, exports.preview_vis(sensor, options))))
            return urls

        def done(urls):
            for name, url in urls:
                QgsProject.instance().addMapLayer(xyz_layer(url, name))

        self._ee_task(tr("Preparing Earth Engine previews"), work, done)

    def download(self) -> None:
        from ..core.earthengine import scenes

        output = self.output_folder()
        dataset_name = self.dataset_name.text() or None
        self.save_settings()

        def work(requests, options, progress, cancelled):
            from ..core.quality import Thresholds, stored_or_new_scene_check

            result = scenes.fetch_scene_pairs(requests, output, options, dataset_name=dataset_name,
                                              progress=progress, cancelled=cancelled)
            result.checks = {pair.s1: stored_or_new_scene_check(str(pair.s1), str(pair.s2), Thresholds())
                             for pair in result.scenes}
            return result

        def done(result):
            flagged = [f"{p.name}: {v.status} ({'; '.join(v.reasons)})" for p, v in result.checks.items()
                       if v.status != "pass"]
            if flagged:
                self.message(tr("Scene checks: {}").format("; ".join(flagged)), Qgis.MessageLevel.Warning)
            for pair in result.scenes:
                self._load_pair(pair.s1, pair.s2, layers.SceneKey(
                    pair.s1.parent.parent.name, pair.roi.id, pair.season.name, pair.roi.seed))
            self.message(tr("{} scene pairs downloaded.").format(len(result.scenes)), Qgis.MessageLevel.Success)
            if result.dropped:
                self.message("; ".join(f"ROI {d.roi.id} {d.season.name}: {d.reason}" for d in result.dropped),
                             Qgis.MessageLevel.Warning)

        self._ee_task(tr("Downloading SEN1-2 scenes"), work, done)

    def batch_export(self) -> None:
        from ..core.earthengine import exports

        def work(requests, options, progress, cancelled):
            return [i for roi, season in requests for i in exports.start_exports(roi, season, options)]

        self._ee_task(tr("Starting Earth Engine exports"), work,
                      lambda ids: (self.message(tr("{} export tasks started.").format(len(ids))), self.refresh_tasks()))

    def refresh_tasks(self) -> None:
        from ..core.earthengine import auth, exports

        sign_in = self.sign_in_value()

        def work(progress, cancelled):
            auth.ensure_session(sign_in)
            return exports.export_status()

        def done(rows):
            self.task_table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, key in enumerate(("id", "description", "state")):
                    self.task_table.setItem(r, c, QTableWidgetItem(str(row[key])))

        self.run_task(tr("Refreshing Earth Engine tasks"), work, done)

    # ----- scenes and extraction ---------------------------------------------------------
    def _load_pair(self, s1: Path, s2: Path, key: layers.SceneKey) -> bool:
        project = QgsProject.instance()
        return bool(layers.add_scene(project, s2, "s2", key)) & bool(layers.add_scene(project, s1, "s1", key))

    def load_scenes(self) -> None:
        folder = self.folder.filePath()
        if not folder or not Path(folder).is_dir():
            self.error(tr("Choose the folder that holds the scenes."))
            return
        from ..core.scene_files import scenes_in_folder

        pairs = scenes_in_folder(Path(folder))
        if not pairs:
            self.error(tr("No scene pairs (s1_N.tif with s2_N.tif) under {}.").format(folder))
            return
        loaded = sum(self._load_pair(files.s1, files.s2, files.key()) for files in pairs)
        self.message(tr("{} scene pairs loaded.").format(loaded))

    # ----- review ------------------------------------------------------------------------
    review_session = None

    def start_review(self) -> None:
        from .review import ReviewSession

        self.stop_review()
        layer = self.review_layer.currentLayer()
        if layer is None:
            self.error(tr("Choose the patch index layer (extract patches first)."))
            return
        try:
            self.review_session = ReviewSession(self.iface, layer)
        except ValueError as exc:
            self.error(str(exc))
            return
        self.review_session.changed.connect(self.review_state.setText)
        self.review_session.start()

    def stop_review(self) -> None:
        if self.review_session is not None:
            self.review_session.stop()
            self.review_session = None

    def publish(self) -> None:
        from ..core import review, splits
        from ..core.card import write_dataset_card

        layer = self.review_layer.currentLayer()
        if layer is None:
            self.error(tr("Choose the patch index layer (extract patches first)."))
            return
        folder = Path(layer.source().split("|")[0]).parent
        by = self.split_by.currentText()

        def work(progress, cancelled):
            moved = review.apply_review(folder)
            sizes = splits.make_splits(folder, by)
            card = write_dataset_card(folder)
            return moved, sizes, card

        def done(result):
            moved, sizes, card = result
            if moved.refused:
                self.message("; ".join(moved.refused), Qgis.MessageLevel.Warning)
            self.message(tr("{} pairs kept ({} files moved to _rejected, {} brought back); splits {}; card {}.").format(
                moved.kept, moved.moved_out, moved.restored, sizes, card[1]), Qgis.MessageLevel.Success)

        self.run_task(tr("Publishing the SEN1-2 dataset"), work, done)

    def extract_visible(self) -> None:
        from ..core.extract import ExtractOptions
        from ..core.extract_job import extract_into_dataset

        if own_scenes.has_own_layers(QgsProject.instance()):
            own_scenes.extract_own(self)  # the analyst's own layers: the pairing table first
            return
        pairs, problems = layers.visible_pairs(QgsProject.instance())
        for problem in problems:
            self.message(problem, Qgis.MessageLevel.Warning)
        if not pairs:
            self.error(tr("No visible scene pair: show the S1 and S2 layers of at least one ROI."))
            return
        formats = tuple(f for f, box in (("png", self.png), ("tif", self.tif)) if box.isChecked())
        if not formats:
            self.error(tr("Tick PNG and/or GeoTIFF."))
            return
        output = self.output_folder() / "patches"
        name, size, stride = self.dataset_name.text() or None, self.patch_size.value(), self.stride.value()
        overwrite = self.overwrite.isChecked()
        self.save_settings()
        jobs = [(s1.source(), s2.source(), ExtractOptions(
            season=key.season, scene=key.scene, seed=key.seed, dataset_name=name, patch_size=size, stride=stride,
            formats=formats)) for s1, s2, key in pairs]

        def work(progress, cancelled):
            total = 0
            for n, (s1, s2, options) in enumerate(jobs):
                done = extract_into_dataset(s1, s2, output, options, cancelled=cancelled, overwrite=overwrite,
                                            progress=lambda f, n=n: progress((n + f) / len(jobs)))
                index = done.index
                total += len(done.result.records)
            return index, total

        def done(result):
            index, total = result
            self.show_patch_index(index)
            self.message(tr("{} patch pairs from {} scene pairs in {}.").format(total, len(jobs), output),
                         Qgis.MessageLevel.Success)

        self.run_task(tr("Extracting SEN1-2 patches"), work, done)

    def show_patch_index(self, index) -> None:
        project = QgsProject.instance()
        for layer in project.mapLayersByName(tr("Patch index")):
            project.removeMapLayer(layer)
        index_layer = QgsVectorLayer(f"{index}|layername=patches", tr("Patch index"), "ogr")
        project.addMapLayer(index_layer)
        self.review_layer.setLayer(index_layer)

    # ----- the analyst's own scenes and the base map (gui/own_scenes.py) --------------------
    def confirm_pairs(self, dialog) -> bool:
        return dialog.exec_() == dialog.Accepted

    def pick_own_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Sentinel-1/-2 rasters or products"), self.folder.filePath(),
                                                tr("Rasters and products (*.tif *.tiff *.jp2 *.vrt *.zip *.xml);;All (*)"))
        if paths:
            own_scenes.add_own_scenes(self, paths)

    def pick_own_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("A SAFE folder or a folder of per-band files"),
                                                self.folder.filePath())
        if path:
            own_scenes.add_own_scenes(self, [path])

    def add_base_map(self) -> None:
        own_scenes.add_base_map(self)


def dock_area():
    return Qt.DockWidgetArea.RightDockWidgetArea
