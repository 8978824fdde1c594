"""initGui / unload: the dock, the Processing provider, toolbar and Raster menu actions, translations."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtWidgets import QAction

from .core import i18n
from .processing.provider import Sen12Provider
from .qgis_support import plugin_icon
from .translation import tr

PLUGIN_DIR = Path(__file__).resolve().parent
MENU = "SEN1-2 Patch Builder"


def translation_file(locale: str) -> Path:
    return PLUGIN_DIR / "i18n" / f"sen12_plugin_{locale[:2]}.qm"


class Sen12Plugin:
    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider: Sen12Provider | None = None
        self.actions: list[QAction] = []
        self.dock = None
        self.translator: QTranslator | None = None
        self._install_translator()

    def _install_translator(self) -> None:
        """The faces' strings through Qt's translator, the core's through its gettext catalog, both
        in QGIS' language."""
        locale = QgsSettings().value("locale/userLocale", "") or ""
        i18n.use_language(locale)
        qm = translation_file(locale)
        if locale and qm.exists():
            self.translator = QTranslator()
            if self.translator.load(str(qm)):
                QCoreApplication.installTranslator(self.translator)

    def initProcessing(self) -> None:  # noqa: N802 (QGIS' name)
        self.provider = Sen12Provider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802 (QGIS' name)
        self.initProcessing()
        dock_action = QAction(plugin_icon(), tr("SEN1-2 Patch Builder"), self.iface.mainWindow())
        dock_action.setObjectName("sen12_dock")
        dock_action.setCheckable(True)
        dock_action.toggled.connect(self.show_dock)
        self.iface.addToolBarIcon(dock_action)
        self.iface.addPluginToRasterMenu(MENU, dock_action)
        self.actions.append(dock_action)
        for text, algorithm in (
            (tr("Sample SEN1-2 ROIs…"), "sen12:sample_rois"),
            (tr("Fetch SEN1-2 scenes…"), "sen12:fetch_scenes"),
            (tr("Extract SEN1-2 patches…"), "sen12:extract_patches"),
        ):
            action = QAction(plugin_icon(), text, self.iface.mainWindow())
            action.setObjectName(algorithm.replace(":", "_"))
            action.triggered.connect(lambda _=False, alg=algorithm: self._open_dialog(alg))
            self.iface.addPluginToRasterMenu(MENU, action)
            self.actions.append(action)

    def show_dock(self, visible: bool = True) -> None:
        if self.dock is None:
            from .gui.dock import Sen12Dock, dock_area

            self.dock = Sen12Dock(self.iface, self.iface.mainWindow())
            self.dock.setWindowIcon(plugin_icon())
            self.iface.addDockWidget(dock_area(), self.dock)
            self.dock.closed.connect(lambda: self.actions[0].setChecked(False))
        self.dock.setVisible(visible)

    def _open_dialog(self, algorithm_id: str) -> None:
        import processing

        processing.execAlgorithmDialog(algorithm_id, {})

    def unload(self) -> None:
        if self.dock is not None:
            self.dock.cancel_all()
            self.dock.save_settings()
            self.dock.withdraw_messages()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.actions:
            self.iface.removeToolBarIcon(self.actions[0])
        for action in self.actions:
            self.iface.removePluginRasterMenu(MENU, action)
            action.deleteLater()
        self.actions.clear()
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
        i18n.use_language("")
        from .core.workers import release_idle_pool

        release_idle_pool()  # the extraction pool parked for a next scene
