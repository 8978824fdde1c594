"""What every dock section is: a collapsible box with a form, buttons by object name, its settings."""

from __future__ import annotations

from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtWidgets import QFormLayout, QPushButton

from ...settings import Sen12Settings
from ..flow import FlowLayout, WrapButton

NOT_A_CHOICE = "sen12NotAChoice"  # a widget property: its value follows the data, it is not kept with the project

FOLLOWS_DATA = "sen12FollowsData"  # a widget property: filled from the data, not a choice to save


class Section(QgsCollapsibleGroupBox):
    """One part of the dock. ``dock`` gives the shared services: message, error, run_task, the
    other sections (e.g. ``dock.season.recipe_options()``)."""

    def __init__(self, title: str, dock) -> None:
        super().__init__(title)
        self.dock = dock
        self.form = QFormLayout(self)
        # A label wider than the dock goes above its field: the dock's width is not the language's.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def button(self, text: str, slot, name: str, task: str | None = None) -> QPushButton:
        """A push button; its objectName is public (tests and screenshots find it by name).

        ``task``: the kind of task the button starts; while one runs the button is its Cancel.
        """
        button = WrapButton(text)
        button.setObjectName(name)
        if task is None:
            button.clicked.connect(lambda _checked=False: slot())
        else:
            button.clicked.connect(lambda _checked=False: self.dock.start_or_cancel(task, slot))
            self.dock.task_button(button, task)
        return button

    @staticmethod
    def row(*widgets) -> FlowLayout:
        """Widgets side by side, wrapping onto a second line when the dock is narrow."""
        layout = FlowLayout()
        for widget in widgets:
            layout.addWidget(widget)
        return layout

    def load_settings(self, settings: Sen12Settings) -> None:
        """Show the saved choices (sections without saved choices keep the recipe's defaults)."""

    def store_settings(self, settings: Sen12Settings) -> None:
        """Write the current choices into ``settings`` (the dock saves them once)."""
