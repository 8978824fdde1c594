"""3. Earth Engine: sign in, then for every ROI x season check, preview, download or export."""

from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import QLabel, QLineEdit, QTableWidget, QTableWidgetItem

from ...core import recipe, rois, seasons
from ...core.earthengine import auth
from ...core.errors import InputError, Sen12Error
from ...qgis_support import xyz_layer
from ...settings import Sen12Settings
from ...translation import tr
from .. import layers, roi_layer
from .base import Section


class EarthEngineSection(Section):
    def __init__(self, dock) -> None:
        super().__init__(tr("3. Earth Engine"), dock)
        form = self.form
        self.project_edit = QLineEdit()
        self.project_edit.setPlaceholderText(tr("Cloud project id"))
        form.addRow(tr("Project:"), self.project_edit)
        self.key_file = QgsFileWidget()
        self.key_file.setFilter("JSON (*.json)")
        form.addRow(tr("Service-account key:"), self.key_file)
        self.signin_state = QLabel(tr("Not signed in"))
        form.addRow(self.button(tr("Sign in"), self.sign_in, "signIn"), self.signin_state)
        form.addRow(self.row(self.button(tr("Check availability"), self.check_availability, "checkAvailability"),
                             self.button(tr("Preview"), self.preview, "preview"),
                             self.button(tr("Download"), self.download, "download")))
        form.addRow(self.row(self.button(tr("Batch export"), self.batch_export, "batchExport"),
                             self.button(tr("Refresh tasks"), self.refresh_tasks, "refreshTasks")))
        self.task_table = QTableWidget(0, 3)
        self.task_table.setHorizontalHeaderLabels([tr("Task"), tr("Description"), tr("State")])
        self.task_table.setMaximumHeight(120)
        form.addRow(self.task_table)

    def load_settings(self, settings: Sen12Settings) -> None:
        self.project_edit.setText(settings.ee_project)
        self.key_file.setFilePath(settings.ee_service_account_key)

    def store_settings(self, settings: Sen12Settings) -> None:
        settings.ee_project = self.project_edit.text().strip()
        settings.ee_service_account_key = self.key_file.filePath()

    def sign_in_value(self) -> auth.SignIn:
        return auth.SignIn(self.project_edit.text().strip(), self.key_file.filePath() or None,
                           auth.url_from_environment())

    def requests(self) -> list[tuple[rois.Roi, seasons.Season]]:
        """ROI layer rows x the chosen seasons; a ROI's own season wins over the ticked ones."""
        items = roi_layer.rois_from_layer(self.dock.roi_layer())
        if not items:
            raise InputError(tr("The ROI layer is empty: draw, pick or sample ROIs first."))
        chosen, year, out = self.dock.season.chosen_seasons(), self.dock.season.year.value(), []
        for roi in items:
            if roi.season in recipe.SEASON_NAMES:
                out.append((roi, seasons.paper_season(roi.season, year)))
            else:
                out.extend((roi, season) for season in chosen)
        return out

    def sign_in(self) -> None:
        self.dock.save_settings()
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
            self.dock.message(tr("Signed in to Earth Engine (project {}).").format(project), Qgis.MessageLevel.Success)

        self.dock.run_task(tr("Signing in to Earth Engine"), work, done, pass_progress=False)

    def _ee_task(self, description: str, work, done) -> None:
        """``work(requests, options, progress, cancelled)`` in the background, signed in first."""
        try:
            requests = self.requests()
            options = self.dock.season.recipe_options()
        except Sen12Error as exc:
            self.dock.error(str(exc))
            return
        sign_in = self.sign_in_value()

        def signed_in_work(progress, cancelled):
            auth.ensure_session(sign_in)
            return work(requests, options, progress, cancelled)

        self.dock.run_task(description, signed_in_work, done)

    def check_availability(self) -> None:
        from ...core.earthengine import scenes

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
            layer = self.dock.roi_layer()
            status = {r[0]: ("no data" if r[4] else "available") for r in rows}
            idx = layer.fields().indexOf("status")
            layer.dataProvider().changeAttributeValues(
                {f.id(): {idx: status[f["id"]]} for f in layer.getFeatures() if f["id"] in status})
            layer.triggerRepaint()
            dropped = [f"ROI {r[0]} {r[1]}: {r[4]}" for r in rows if r[4]]
            self.dock.message(tr("{} ROI-seasons have images, {} have none.").format(
                len(rows) - len(dropped), len(dropped)))
            if dropped:
                self.dock.message("; ".join(dropped), Qgis.MessageLevel.Warning)

        self._ee_task(tr("Checking Earth Engine availability"), work, done)

    def preview(self) -> None:
        from ...core.earthengine import graph, scenes

        def work(requests, options, progress, cancelled):
            urls = []
            for roi, season in requests:
                for sensor, image in (("s1", graph.s1_image(roi, season, options)),
                                      ("s2", graph.s2_image(roi, season, options))):
                    urls.append((tr("{} ROI {} {} (preview)").format(sensor.upper(), roi.id, season.name),
                                 scenes.preview_url(image, scenes.preview_vis(sensor, options))))
            return urls

        def done(urls):
            for name, url in urls:
                QgsProject.instance().addMapLayer(xyz_layer(url, name))

        self._ee_task(tr("Preparing Earth Engine previews"), work, done)

    def download(self) -> None:
        from ...core.earthengine import scenes
        from ...core.quality import Thresholds, stored_or_new_scene_check

        output = self.dock.output_folder()
        dataset_name = self.dock.extract.dataset_name.text() or None
        self.dock.save_settings()

        def work(requests, options, progress, cancelled):
            result = scenes.fetch_scene_pairs(requests, output, options, dataset_name=dataset_name,
                                              progress=progress, cancelled=cancelled)
            checks = {pair.s1: stored_or_new_scene_check(str(pair.s1), str(pair.s2), Thresholds())
                      for pair in result.scenes}
            return result, checks

        def done(fetched):
            result, checks = fetched
            flagged = [f"{p.name}: {v.status} ({'; '.join(v.reasons)})" for p, v in checks.items()
                       if v.status != "pass"]
            if flagged:
                self.dock.message(tr("Scene checks: {}").format("; ".join(flagged)), Qgis.MessageLevel.Warning)
            for pair in result.scenes:
                self.dock.scenes.load_pair(pair.s1, pair.s2, layers.SceneKey(
                    pair.s1.parent.parent.name, pair.roi.id, pair.season.name, pair.roi.seed))
            self.dock.message(tr("{} scene pairs downloaded.").format(len(result.scenes)), Qgis.MessageLevel.Success)
            if result.dropped:
                self.dock.message("; ".join(f"ROI {d.roi.id} {d.season.name}: {d.reason}" for d in result.dropped),
                                  Qgis.MessageLevel.Warning)

        self._ee_task(tr("Downloading SEN1-2 scenes"), work, done)

    def batch_export(self) -> None:
        from ...core.earthengine import scenes

        def work(requests, options, progress, cancelled):
            return [i for roi, season in requests for i in scenes.start_exports(roi, season, options)]

        def done(ids):
            self.dock.message(tr("{} export tasks started.").format(len(ids)))
            self.refresh_tasks()

        self._ee_task(tr("Starting Earth Engine exports"), work, done)

    def refresh_tasks(self) -> None:
        from ...core.earthengine import scenes

        sign_in = self.sign_in_value()

        def work(progress, cancelled):
            auth.ensure_session(sign_in)
            return scenes.export_status()

        def done(rows):
            self.task_table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, key in enumerate(("id", "description", "state")):
                    self.task_table.setItem(r, c, QTableWidgetItem(str(row[key])))

        self.dock.run_task(tr("Refreshing Earth Engine tasks"), work, done)
