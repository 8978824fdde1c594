"""2. Season and sensors: the paper's seasons of a year or custom dates; S1 and S2 options."""

from __future__ import annotations

from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox, QLabel, QSpinBox

from ...core import recipe, seasons
from ...core.earthengine.graph import ORBITS, S2_LEVELS, RecipeOptions
from ...core.requests import SeasonChoice
from ...qgis_support import season_label
from ...settings import Sen12Settings
from ...translation import tr
from .base import Section

CUSTOM_START, CUSTOM_END = (6, 1), (8, 31)  # month, day: the default custom range is a summer


class SeasonSection(Section):
    def __init__(self, dock) -> None:
        super().__init__(tr("2. Season and sensors"), dock)
        form = self.form
        self.year = QSpinBox(minimum=2015, maximum=2100, value=recipe.PAPER_YEAR)
        form.addRow(tr("Year (paper: 2017):"), self.year)
        self.season_checks = {name: QCheckBox(season_label(name)) for name in recipe.SEASON_NAMES}
        for check in self.season_checks.values():
            check.setChecked(True)
        form.addRow(tr("Seasons:"), self.row(*self.season_checks.values()))
        self.custom_dates = QCheckBox(tr("Custom dates instead:"))
        self.custom_start, self.custom_end = QDateEdit(), QDateEdit()
        for edit in (self.custom_start, self.custom_end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self._set_custom_year(recipe.PAPER_YEAR)
        # Until custom dates are used, their default range follows the year.
        self.year.valueChanged.connect(lambda year: None if self.custom_dates.isChecked() else self._set_custom_year(year))
        form.addRow(self.custom_dates, self.row(self.custom_start, QLabel("–"), self.custom_end))
        self.dual_pol = QCheckBox(tr("S1 VV and VH"))
        self.all_bands = QCheckBox(tr("All 13 S2 bands"))
        form.addRow(self.row(self.dual_pol, self.all_bands))
        self.s2_level = QComboBox()
        self.s2_level.addItems(list(S2_LEVELS))
        self.max_cloud = QDoubleSpinBox(minimum=0, maximum=100, value=recipe.S2_MAX_CLOUD_PERCENT)
        self.max_cloud.setSuffix(" %")
        self.orbit = QComboBox()
        for orbit in ORBITS:
            self.orbit.addItem(orbit_label(orbit), orbit)
        form.addRow(tr("S2 level:"), self.s2_level)
        form.addRow(tr("Max. cloud:"), self.max_cloud)
        form.addRow(tr("S1 orbit:"), self.orbit)

    def _set_custom_year(self, year: int) -> None:
        self.custom_start.setDate(QDate(year, *CUSTOM_START))
        self.custom_end.setDate(QDate(year, *CUSTOM_END))

    def load_settings(self, settings: Sen12Settings) -> None:
        self.year.setValue(settings.year)
        self._set_custom_year(settings.year)
        ticked = settings.seasons.split(",")
        for name, check in self.season_checks.items():
            check.setChecked(name in ticked)
        self.custom_dates.setChecked(settings.custom_dates)
        for edit, text in ((self.custom_start, settings.custom_start), (self.custom_end, settings.custom_end)):
            date = QDate.fromString(text, Qt.DateFormat.ISODate)
            if date.isValid():
                edit.setDate(date)
        self.dual_pol.setChecked(settings.dual_pol)
        self.all_bands.setChecked(settings.all_s2_bands)
        self.s2_level.setCurrentText(settings.s2_level)
        self.max_cloud.setValue(settings.max_cloud)
        self.orbit.setCurrentIndex(max(0, self.orbit.findData(settings.orbit)))

    def store_settings(self, settings: Sen12Settings) -> None:
        settings.year = self.year.value()
        settings.dual_pol, settings.all_s2_bands = self.dual_pol.isChecked(), self.all_bands.isChecked()
        settings.s2_level, settings.orbit = self.s2_level.currentText(), self.orbit.currentData()
        settings.max_cloud = self.max_cloud.value()
        settings.seasons = ",".join(name for name, check in self.season_checks.items() if check.isChecked())
        settings.custom_dates = self.custom_dates.isChecked()
        settings.custom_start = self.custom_start.date().toString(Qt.DateFormat.ISODate)
        settings.custom_end = self.custom_end.date().toString(Qt.DateFormat.ISODate)

    def season_choice(self) -> SeasonChoice:
        """The ticked paper seasons of the year, or the custom dates when that box is ticked."""
        custom = ((self.custom_start.date().toPyDate(), self.custom_end.date().toPyDate())
                  if self.custom_dates.isChecked() else None)
        names = tuple(name for name, check in self.season_checks.items() if check.isChecked())
        return SeasonChoice(self.year.value(), names, custom)

    def chosen_seasons(self) -> list[seasons.Season]:
        """The seasons of ``season_choice``; InputError when none is ticked or the dates are reversed."""
        return self.season_choice().seasons()

    def recipe_options(self) -> RecipeOptions:
        return RecipeOptions(dual_pol=self.dual_pol.isChecked(), all_s2_bands=self.all_bands.isChecked(),
                             s2_level=self.s2_level.currentText(), max_cloud=self.max_cloud.value(),
                             orbit=self.orbit.currentData())


def orbit_label(orbit: str) -> str:
    """An orbit choice for the user; the literal tr() calls put them into the .ts."""
    return {"both": tr("both"), "ASCENDING": tr("ASCENDING"), "DESCENDING": tr("DESCENDING")}.get(orbit, orbit)
