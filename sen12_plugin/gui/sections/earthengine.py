"""3. Earth Engine: sign in, then for every ROI x season check, preview, download or export."""

from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QTableWidget, QTableWidgetItem

from ...core import pipeline
from ...core.earthengine import auth
from ...core.earthengine.tiling import roi_grid
from ...core.errors import InputError, Sen12Error
from ...core.labels import PRODUCT_CHOICES
from ...core.vocab import REJECT, REVIEW
from ...qgis_support import plain, xyz_layer
from ...settings import Sen12Settings
from ...translation import plural, tr
from .. import layers, roi_layer
from ..messages import grouped
from .base import Section
from .download_plan import DownloadPlanPanel


class EarthEngineSection(Section):
    def __init__(self, dock) -> None:
        super().__init__(tr("3. Earth Engine"), dock)
        form = self.form
        self.limits = (auth.DEFAULT_CONCURRENCY, auth.DEFAULT_DEADLINE_S)  # parallel requests, deadline (s)
        self.project_edit = QLineEdit()
        self.project_edit.setPlaceholderText(tr("Cloud project id"))
        form.addRow(tr("Project:"), self.project_edit)
        self.key_file = QgsFileWidget()
        self.key_file.setFilter("JSON (*.json)")
        form.addRow(tr("Service-account key:"), self.key_file)
        self.signin_state = QLabel(tr("Not signed in"))
        self.signin_state.setObjectName("signInState")
        self.signin_state.setWordWrap(True)
        form.addRow(self.button(tr("Sign in"), self.sign_in, "signIn", task="sign_in"), self.signin_state)
        self.plan_panel = DownloadPlanPanel()
        form.addRow(tr("Compute:"), self.row(self.plan_panel.tier, self.plan_panel.budget))  # wraps when narrow
        self.labels = QComboBox()
        self.labels.setObjectName("fetchLabels")
        self.labels.addItems([tr("None"), tr("ESA WorldCover (10 m)"), tr("Dynamic World (mode over the season)")])
        self.labels.setToolTip(tr("Land-cover labels downloaded with each scene on its grid (lc_N.tif); extraction "
                                  "cuts label patches from them."))
        form.addRow(tr("Labels:"), self.labels)
        form.addRow(self.row(self.button(tr("Check availability"), self.check_availability, "checkAvailability", task="availability"),
                             self.button(tr("Preview"), self.preview, "preview", task="preview"),
                             self.button(tr("Plan download"), self.plan_download, "planDownload", task="download"),
                             self.button(tr("Download"), self.download, "download", task="download")))
        form.addRow(self.plan_panel.label)
        form.addRow(self.row(self.button(tr("Batch export"), self.batch_export, "batchExport", task="export"),
                             self.button(tr("Refresh tasks"), self.refresh_tasks, "refreshTasks", task="refresh")))
        self.task_table = QTableWidget(0, 4)
        self.task_table.setHorizontalHeaderLabels([tr("Task"), tr("Description"), tr("State"), tr("EECU-seconds")])
        self.task_table.setMaximumHeight(120)
        form.addRow(self.task_table)
        self.key_file.fileChanged.connect(lambda _path: self.show_sign_in_state())

    def load_settings(self, settings: Sen12Settings) -> None:
        # the profile's request limits, kept within what a SignIn accepts
        self.limits = (max(1, settings.ee_concurrency), min(max(1.0, settings.ee_deadline_s), auth.SERVICE_LIMIT_S - 1))
        self.project_edit.setText(settings.ee_project)
        self.key_file.setFilePath(settings.ee_service_account_key)
        self.plan_panel.load_settings(settings)
        self.show_sign_in_state()

    def show_sign_in_state(self) -> None:
        """Signed in, or what the Earth Engine steps will sign in with by themselves ("Not signed
        in" only when there is nothing: every step signs in from a saved key on its own)."""
        if auth.signed_in():
            return  # the sign-in's own sentence stays
        saved = auth.saved_sign_in(self.sign_in_value())
        self.signin_state.setText({
            "key": tr("Not signed in yet: each Earth Engine step signs in with the key file."),
            "google": tr("Not signed in yet: each Earth Engine step signs in with your saved Google sign-in."),
        }.get(saved, tr("Not signed in")))

    def store_settings(self, settings: Sen12Settings) -> None:
        settings.ee_project = self.project_edit.text().strip()
        settings.ee_service_account_key = self.key_file.filePath()
        self.plan_panel.store_settings(settings)

    def sign_in_value(self) -> auth.SignIn:
        concurrency, deadline_s = self.limits
        return auth.sign_in_for(self.project_edit.text(), self.key_file.filePath() or None, concurrency, deadline_s,
                                self.plan_panel.tier_name())  # the tier is shown with the registration

    def request_plan(self):
        """ROI layer rows x the chosen seasons (``core.requests``); raises only when nothing can be asked."""
        return roi_layer.request_plan(self.dock.roi_layer(), self.dock.season.season_choice())

    def requests(self) -> list:
        """The requests of the valid rows; refused rows are reported (with the reason) and left out,
        as Processing does. InputError when no row can be asked for."""
        plan = self.request_plan()
        if plan.refused:
            self.dock.message(tr("ROI rows left out: {}").format(
                "; ".join(refused.reason for refused in plan.refused)), Qgis.MessageLevel.Warning)
        if not plan.requests:
            raise InputError(tr("No ROI row can be requested; see the reasons above."))
        return plan.requests

    def sign_in(self) -> None:
        self.dock.save_settings()
        sign_in = self.sign_in_value()

        def work(progress, cancelled):  # the browser page (if needed) can be cancelled and times out
            return auth.interactive_sign_in(sign_in, cancelled)

        def done(status: auth.ProjectStatus):  # project, registration and tier, as the core found them
            self.signin_state.setText(tr("Signed in, project {}").format(f"{status.project} ({status.details()})"))
            self.dock.message(tr("Signed in to Earth Engine (project {}).").format(f"{status.project}, {status.details()}"),
                              Qgis.MessageLevel.Success)

        self.dock.run_task(tr("Signing in to Earth Engine"), work, done, kind="sign_in")

    def _ee_task(self, description: str, job, done, kind: str, big_job=None) -> None:
        """``job(requests, options, sign_in, progress=, cancelled=)`` (a ``core.pipeline`` function)
        in the background, for the valid ROI rows. ``big_job(requests)``: the sentence that says
        what a run of more than a few requests makes; the analyst confirms it first."""
        try:
            requests = self.requests()
            options = self.dock.season.recipe_options()
        except Sen12Error as exc:
            self.dock.error(str(exc))
            return
        if big_job is not None and len(requests) > FEW_REQUESTS and not self.confirm_big_job(big_job(requests)):
            return
        sign_in = self.sign_in_value()

        def work(progress, cancelled):
            return job(requests, options, sign_in, progress=progress, cancelled=cancelled)

        self.dock.run_task(description, work, done, kind=kind)

    def confirm_big_job(self, sentence: str) -> bool:
        """Ask before a run of many requests (a sampled ROI layer times four seasons is thousands)."""
        answer = QMessageBox.question(self, tr("SEN1-2: a big job"), sentence + "\n\n" + tr("Start it?"),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def check_availability(self) -> None:
        def done(found: list[pipeline.Availability]):
            layer = self.dock.roi_layer()
            status = pipeline.availability_status(found)
            idx = layer.fields().indexOf("status")
            changes = {}
            for f in layer.getFeatures():  # a ROI is its seed and id: each seed numbers from 0
                key = (plain(f["seed"]), plain(f["id"]))
                if key in status:
                    changes[f.id()] = {idx: status[key]}
            layer.dataProvider().changeAttributeValues(changes)
            layer.triggerRepaint()
            dropped = [(tr("ROI {} {}").format(a.roi.id, a.season.name), a.reason) for a in found if a.reason]
            have = plural(len(found) - len(dropped), tr("{} ROI-season has images"), tr("{} ROI-seasons have images"))
            if not dropped:
                self.dock.report(have + ".", Qgis.MessageLevel.Success)
            else:
                self.dock.report(tr("{}; {}:").format(have, plural(
                    len(dropped), tr("{} has none"), tr("{} have none"))), Qgis.MessageLevel.Warning, grouped(dropped))

        self._ee_task(tr("Checking Earth Engine availability"), pipeline.check_availability, done, "availability")

    def preview(self) -> None:
        def done(previews: list[pipeline.Preview]):
            for preview in previews:
                layers.add_to_plugin_group(QgsProject.instance(), xyz_layer(preview.url, preview.name))

        self._ee_task(tr("Preparing Earth Engine previews"), pipeline.preview_images, done, "preview",
                      lambda requests: tr("{} adds {} map layers.").format(what_is_asked(requests), 2 * len(requests)))

    def download(self) -> None:
        try:
            output = self.dock.output_folder()
        except InputError as exc:
            self.dock.error(str(exc))
            return
        dataset_name = self.dock.extract.dataset_name.text() or None
        labels = PRODUCT_CHOICES[self.labels.currentIndex()]
        self.dock.save_settings()
        try:
            costs = self.plan_panel.cost_options()
        except Sen12Error as exc:
            self.dock.error(str(exc))
            return

        def fetch(requests, options, sign_in, **callbacks):
            return pipeline.fetch_scenes(requests, output, options, sign_in, dataset_name=dataset_name, labels=labels,
                                         concurrency=sign_in.connections, costs=costs, on_plan=self.plan_panel.on_plan,
                                         **callbacks)

        def done(outcome: pipeline.FetchOutcome):
            if outcome.plan is not None:
                self.plan_panel.show_plan(outcome.plan, outcome.eecu_seconds)
            for scene in outcome.scenes:
                self.dock.scenes.load_pair(scene.files.s1, scene.files.s2, scene.key)
            self.report_download(outcome)

        self._ee_task(tr("Downloading SEN1-2 scenes"), fetch, done, "download", download_job)

    def plan_download(self) -> None:
        """The download's plan from its first requests, before the bulk (their tiles are kept:
        Download resumes from them)."""
        try:
            output = self.dock.output_folder()
            costs = self.plan_panel.cost_options()
        except Sen12Error as exc:
            self.dock.error(str(exc))
            return
        dataset_name = self.dock.extract.dataset_name.text() or None
        labels = PRODUCT_CHOICES[self.labels.currentIndex()]
        self.dock.save_settings()

        def plan(requests, options, sign_in, **callbacks):
            return pipeline.plan_download(requests, output, options, sign_in, dataset_name=dataset_name, labels=labels,
                                          concurrency=sign_in.connections, costs=costs, **callbacks)

        def done(outcome: pipeline.FetchOutcome):
            if outcome.plan is None:
                self.plan_panel.label.setText(tr("Nothing left to download: every scene pair is on disk."))
                return
            self.plan_panel.show_plan(outcome.plan)
            self.dock.message(outcome.plan.summary())

        self._ee_task(tr("Planning the download"), plan, done, "download")

    def report_download(self, outcome: pipeline.FetchOutcome) -> None:
        """One message for the run (what was made, what was dropped and why), and one of its own
        for scenes the scene check rejects: they are skipped when extracting unless the analyst
        extracts them anyway."""
        checked = [s for s in outcome.scenes if s.check is not None]
        rejected = [s for s in checked if s.check.status == REJECT]
        details = [(tr("ROI {} {}").format(d.roi.id, d.season.name), d.reason) for d in outcome.dropped]
        details += [(s.key.label, tr("the scene check asks for a look: {}").format("; ".join(s.check.reasons)))
                    for s in checked if s.check.status == REVIEW]
        made = len(outcome.scenes)
        if not made:
            self.dock.report(tr("No scene pair was downloaded: {}.").format(
                plural(len(outcome.dropped), tr("{} ROI-season was dropped"),
                       tr("{} ROI-seasons were dropped")) if outcome.dropped
                else tr("nothing was requested")), Qgis.MessageLevel.Warning, grouped(details))
        else:
            text = plural(made, tr("{} scene pair downloaded and loaded"), tr("{} scene pairs downloaded and loaded"))
            if outcome.dropped:
                text = tr("{}; {}").format(text, plural(len(outcome.dropped), tr("{} ROI-season dropped"),
                                                        tr("{} ROI-seasons dropped")))
            self.dock.report(text + (":" if details else "."),
                             Qgis.MessageLevel.Warning if details else Qgis.MessageLevel.Success, grouped(details))
        if rejected:
            self.dock.report(plural(len(rejected), tr("The scene check rejects {} scene pair: extraction skips it "
                                                      "unless you extract it anyway:"),
                                    tr("The scene check rejects {} scene pairs: extraction skips them unless you "
                                       "extract them anyway:")), Qgis.MessageLevel.Warning,
                             grouped((s.key.label, "; ".join(s.check.reasons)) for s in rejected))

    def batch_export(self) -> None:
        def done(started: list[dict]):
            self.dock.report(plural(len(started), tr("{} export task started."), tr("{} export tasks started.")),
                             Qgis.MessageLevel.Success if started else Qgis.MessageLevel.Warning)
            self.refresh_tasks()

        self._ee_task(tr("Starting Earth Engine exports"), pipeline.start_exports, done, "export",
                      lambda requests: tr("{} starts {} export tasks.").format(what_is_asked(requests), 2 * len(requests)))

    def refresh_tasks(self) -> None:
        sign_in = self.sign_in_value()

        def work(progress, cancelled):
            return pipeline.export_status(sign_in, cancelled)

        def done(rows):
            self.task_table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                eecu = row.get("eecu_seconds")  # a finished task's compute, from its metadata
                for c, text in enumerate((row["id"], row["description"], row["state"],
                                          "" if eecu is None else f"{eecu:,.1f}")):
                    self.task_table.setItem(r, c, QTableWidgetItem(str(text)))

        self.dock.run_task(tr("Refreshing Earth Engine tasks"), work, done, kind="refresh")


FEW_REQUESTS = 4  # a download, preview or export of more requests asks first


def what_is_asked(requests) -> str:
    """"503 ROIs x 4 seasons (2012 ROI-seasons)": how many requests a run makes, and from what."""
    rois = len({(roi.seed, roi.id) for roi, _season in requests})
    seasons = len({season.name for _roi, season in requests})
    return tr("{} x {} ({})").format(plural(rois, tr("{} ROI"), tr("{} ROIs")),
                                     plural(seasons, tr("{} season"), tr("{} seasons")),
                                     plural(len(requests), tr("{} ROI-season"), tr("{} ROI-seasons")))


def download_job(requests) -> str:
    """What a download of ``requests`` makes: scene pairs and megapixels (each sensor, at 10 m)."""
    megapixels = sum(roi_grid(roi).width * roi_grid(roi).height for roi, _season in requests) / 1e6
    return tr("{} downloads {}, {} megapixels of each sensor; Plan download shows its compute.").format(
        what_is_asked(requests), plural(len(requests), tr("{} scene pair"), tr("{} scene pairs")),
        f"{megapixels:,.0f}")
