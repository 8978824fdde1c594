"""The dock shows the download's plan and cost before the bulk, and holds a download to its budget (issue 18.3)."""

from qgis.core import Qgis
from test_dock import messages, plugin, wait_for_tasks  # noqa: F401 - the dock fixture

from sen12_plugin.core import rois
from sen12_plugin.core.earthengine import cost, graph
from sen12_plugin.core.earthengine.tiling import roi_grid
from sen12_plugin.gui import roi_layer
from sen12_plugin.settings import Sen12Settings

ROI = rois.roi_from_ring(0, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.03), (11.0, 48.03)])


def set_up(plugin, fake_ee, ee_key, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    fake_ee.synthetic = True
    section = plugin.dock.earthengine
    roi_layer.add_rois(plugin.dock.roi_layer(), [ROI])
    section.project_edit.setText("test-project")
    section.key_file.setFilePath(str(ee_key))  # the strict fake accepts only its own tokens
    for name, check in plugin.dock.season.season_checks.items():
        check.setChecked(name == "summer")
    return section


FIRST = 3  # requests measured before the user commits: the first of each kind (S1, S2, S2 QA)


def click(section, name):
    from qgis.PyQt.QtWidgets import QPushButton

    section.findChild(QPushButton, name).click()
    wait_for_tasks()


def test_plan_download_shows_the_plan_and_cost_then_download_resumes_from_it(plugin, ee_client, ee_key,  # noqa: F811
                                                                            fake_ee, monkeypatch, qgis_iface):
    section = set_up(plugin, fake_ee, ee_key, monkeypatch)
    panel = section.plan_panel
    panel.tier.setCurrentIndex(panel.tier.findData("Contributor"))
    grid = roi_grid(ROI)
    tiles = len(cost.work_of([(grid, ("VV",), "float32"), (grid, ("B4", "B3", "B2"), "uint16"),
                              (grid, graph.QA_BANDS, graph.QA_DTYPE)], 40))  # the S2 mosaic's QA (issue 20)
    click(section, "planDownload")
    text = panel.label.text()
    assert text.startswith(f"Plan: 1 scene pair(s), {tiles} request(s)") and "an estimate" in text
    assert text.count("\n") >= 3  # one sentence a line: size, time, compute, tier
    assert "Contributor tier's 1,000 EECU-hours a month" in text
    assert fake_ee.served == FIRST  # only the first request of each kind before the user commits
    click(section, "download")
    assert fake_ee.served == tiles  # the download went on from the planned tiles
    assert "This download used" in panel.label.text() and panel.plan.requests == tiles - FIRST
    assert any("1 scene pair downloaded" in m for m in messages(qgis_iface, Qgis.MessageLevel.Success))
    # the tier is the user's setting, kept in the profile like the project id
    assert Sen12Settings.load_profile().ee_tier == "Contributor"


def test_a_budget_in_the_dock_stops_the_download_with_a_sentence(plugin, ee_client, ee_key, fake_ee,  # noqa: F811
                                                                 monkeypatch, qgis_iface):
    section = set_up(plugin, fake_ee, ee_key, monkeypatch)
    fake_ee.eecu_model = (1.0, 100.0)
    section.plan_panel.budget.setValue(0.01)
    click(section, "download")
    errors = messages(qgis_iface, Qgis.MessageLevel.Critical)
    assert any("more than the budget of 0.01 EECU-hours" in m for m in errors), errors
    assert fake_ee.served == FIRST and section.plan_panel.label.text().startswith("Plan: 1 scene pair(s)")
