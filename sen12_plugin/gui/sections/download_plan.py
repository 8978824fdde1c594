"""The download's plan in the Earth Engine section: tier, budget, and the plan before the bulk.

The plan itself is the core's (``core.earthengine.cost``); this panel only maps the tier and the
budget onto ``CostOptions`` and shows the plan's sentences. The plan of a running download
arrives from its worker thread through a Qt signal (queued onto the main thread).
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel

from ...core.earthengine import cost
from ...settings import Sen12Settings
from ...translation import tr


class _PlanSignal(QObject):
    made = pyqtSignal(object)  # a cost.Plan, emitted from the download's thread


class DownloadPlanPanel:
    """Tier and budget widgets (a form row) and the plan label (another)."""

    def __init__(self) -> None:
        self.tier = QComboBox()
        self.tier.setObjectName("eeTier")
        for name, hours in cost.TIERS.items():
            self.tier.addItem(tr("{} tier ({} EECU-hours a month)").format(name, f"{hours:,.0f}"), name)
        self.budget = QDoubleSpinBox()
        self.budget.setObjectName("eeBudget")
        self.budget.setRange(0.0, 1e7)
        self.budget.setDecimals(2)
        self.budget.setSuffix(tr(" EECU-hours"))
        self.budget.setSpecialValueText(tr("no budget"))  # 0
        self.budget.setToolTip(tr("A download that would use more compute, by its plan's estimate or as measured "
                                  "on the way, stops with a sentence; finished tiles are kept."))
        self.label = QLabel(tr("Plan download shows what a download takes before it starts."))
        self.label.setObjectName("downloadPlan")
        self.label.setWordWrap(True)
        self.signal = _PlanSignal()
        self.signal.made.connect(self.show_plan)
        self.plan: cost.Plan | None = None

    def row(self) -> QHBoxLayout:
        layout = QHBoxLayout()
        layout.addWidget(self.tier, 2)
        layout.addWidget(self.budget, 1)
        return layout

    def load_settings(self, settings: Sen12Settings) -> None:
        index = self.tier.findData(settings.ee_tier)
        self.tier.setCurrentIndex(max(0, index))
        self.budget.setValue(settings.ee_budget_eecu_hours)

    def store_settings(self, settings: Sen12Settings) -> None:
        settings.ee_tier = self.tier.currentData()
        settings.ee_budget_eecu_hours = self.budget.value()

    def tier_name(self) -> str:
        return self.tier.currentData()

    def cost_options(self, plan_only: bool = False) -> cost.CostOptions:
        return cost.CostOptions(self.tier_name(), cost.budget_from(self.budget.value()), plan_only)

    def on_plan(self, plan: cost.Plan) -> None:
        """For the core (any thread): the plan goes to the label on the main thread."""
        self.signal.made.emit(plan)

    def show_plan(self, plan: cost.Plan, used_eecu_seconds: float | None = None) -> None:
        self.plan = plan
        lines = plan.lines()
        if used_eecu_seconds is not None:
            lines.append(tr("This download used {} EECU-hours, measured.").format(f"{used_eecu_seconds / 3600:.3g}"))
        self.label.setText("\n".join(lines))
