"""4. Scenes: the working folder, scene pairs loaded from it, the analyst's own files and products."""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtWidgets import QFileDialog

from ...core.scene_files import SceneKey, scenes_in_folder
from ...translation import plural, tr
from .. import layers, own_scenes
from .base import Section


class ScenesSection(Section):
    def __init__(self, dock) -> None:
        super().__init__(tr("4. Scenes"), dock)
        self.form.addRow(self.button(tr("Load scenes from folder"), self.load_scenes, "loadScenes"))
        own_files = self.button(tr("Add own scene files…"), self.pick_own_files, "addOwnFiles")
        own_files.setToolTip(tr("Pick many files at once (Ctrl or Shift): rasters, zipped products, a product's "
                                "MTD_MSIL*.xml; band files of one folder become one scene."))
        own_folder = self.button(tr("Add scenes from a folder…"), self.pick_own_folder, "addOwnFolder")
        own_folder.setToolTip(tr("A Sentinel-2 product or band folder, or a folder above them: every product, band "
                                 "folder and raster under it is added at once."))
        self.form.addRow(tr("Your own scenes:"), self.row(own_files, own_folder))

    def load_pair(self, s1: Path, s2: Path, key: SceneKey) -> bool:
        """The pair's two layers (and its land cover, when it was fetched with it) in the scene's group."""
        project = QgsProject.instance()
        loaded = bool(layers.add_scene(project, s2, "s2", key)) & bool(layers.add_scene(project, s1, "s1", key))
        if loaded:
            layers.add_scene_labels(project, s1, key)
        return loaded

    def load_scenes(self) -> None:
        """Scene pairs under the project folder (downloads, or batch exports copied there)."""
        folder = self.dock.folder.filePath()
        if not folder or not Path(folder).is_dir():
            self.dock.error(tr("Choose the folder that holds the scenes."))
            return
        pairs = scenes_in_folder(Path(folder))
        if not pairs:
            self.dock.error(tr("No scene pairs (s1_N.tif with s2_N.tif) under {}.").format(folder))
            return
        project = QgsProject.instance()
        there = [files for files in pairs if layers.loaded_scene(project, files.s1) and layers.loaded_scene(project, files.s2)]
        new = [files for files in pairs if files not in there]
        failed = [files.key().label for files in new if not self.load_pair(files.s1, files.s2, files.key())]
        loaded = plural(len(new) - len(failed), tr("{} scene pair loaded"), tr("{} scene pairs loaded"))
        if there:
            loaded = tr("{}; {}").format(loaded, plural(len(there), tr("{} was already in the project"),
                                                        tr("{} were already in the project")))
        if failed:
            self.dock.report(tr("{}; QGIS cannot read {}.").format(loaded, ", ".join(failed)), Qgis.MessageLevel.Warning)
        else:
            self.dock.report(loaded + ".", Qgis.MessageLevel.Success if len(new) else Qgis.MessageLevel.Info)

    def pick_own_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Sentinel-1/-2 rasters or products"), self.dock.folder.filePath(),
                                                tr("Rasters and products (*.tif *.tiff *.jp2 *.vrt *.zip *.xml);;All (*)"))
        if paths:
            own_scenes.add_own_scenes(self.dock, paths)

    def pick_own_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("A product, a band folder, or a folder above many of them"),
                                                self.dock.folder.filePath())
        if path:
            own_scenes.add_own_scenes(self.dock, [path])
