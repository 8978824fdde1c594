"""The dock with the analyst's own layers: pairing table, wrong layers refused, extraction, base map."""

import numpy as np
import pytest
import rasterio
from helpers import write_s1
from qgis.core import Qgis, QgsProject, QgsRasterLayer
from qgis.PyQt.QtWidgets import QDialog, QPushButton
from rasterio.control import GroundControlPoint
from sentinel_products import make_safe
from test_dock import messages, plugin, wait_for_tasks  # noqa: F401 - the dock fixture

from sen12_plugin.core.earthengine import auth
from sen12_plugin.gui import own_scenes
from sen12_plugin.gui.pairing import PairingDialog


def add_layer(path, name):
    layer = QgsRasterLayer(str(path), name, "gdal")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def s1_vv(path, origin=(400000.0, 5000000.0)):
    write_s1(path, np.random.default_rng(3).uniform(-20, -3, (120, 120)), origin=origin)
    with rasterio.open(path, "r+") as ds:
        ds.descriptions = ("VV",)
    return path


def wrong_layers(folder):
    """An 8-bit picture and a raw GRD in radar geometry, as an analyst might have them open."""
    with rasterio.open(folder / "photo.tif", "w", driver="GTiff", width=50, height=50, count=3, dtype="uint8",
                       crs="EPSG:32633", transform=rasterio.transform.from_origin(400000, 5000000, 10, 10)) as ds:
        ds.write(np.full((3, 50, 50), 128, dtype="uint8"))
    gcps = [GroundControlPoint(r, c, 13 + c / 1e3, 45 + r / 1e3, 0) for r in (0, 49) for c in (0, 49)]
    with rasterio.open(folder / "s1a-iw-grd-vv-20170613.tiff", "w", driver="GTiff", width=50, height=50, count=1,
                       dtype="uint16", gcps=gcps, crs="EPSG:4326") as ds:
        ds.write(np.ones((1, 50, 50), dtype="uint16"))
    return add_layer(folder / "photo.tif", "Holiday photo"), add_layer(folder / "s1a-iw-grd-vv-20170613.tiff", "GRD")


@pytest.fixture()
def own_project(plugin, tmp_path):  # noqa: F811
    """A SAFE product and a BigEarthNet band folder added with the dock, S1 files opened as layers."""
    from bigearthnet import bigearthnet_folder, s2_folder
    from bigearthnet import s1_vv as bigearthnet_vv

    root = bigearthnet_folder()
    name = "S2A_MSIL2A_20170613T101031_87_48"
    safe = make_safe(tmp_path / "mine", size=120)
    added = own_scenes.add_own_scenes(plugin.dock, [str(safe), str(s2_folder(root, name))])
    assert [lyr.name() for lyr in added] == [safe.name, name]
    add_layer(s1_vv(tmp_path / "S1A_IW_GRDH_1SDV_20170612T050000_VV.tif"), "My S1 (SNAP)")
    add_layer(bigearthnet_vv(root, name), "BigEarthNet S1")
    wrong_layers(tmp_path)
    plugin.dock.extract.patch_size.setValue(60)
    plugin.dock.extract.stride.setValue(60)
    return plugin, safe


def test_pairing_table_pairs_own_layers_and_lists_the_rest(own_project, tmp_path, monkeypatch):
    plugin, safe = own_project  # noqa: F811
    seen = {}

    def confirm(dialog):
        seen["pairs"] = [(p.s1.name, p.s2.name, p.season) for p in dialog.pairs]
        seen["left"] = dict((s.name, r) for s, r in dialog.left_out)
        dialog.pair_table.cellWidget(0, 4).setText("alps")  # the analyst renames one dataset
        return True

    monkeypatch.setattr(plugin.dock.extract, "confirm_pairs", confirm)
    plugin.dock.extract.extract_visible()
    wait_for_tasks()
    # both pairs extracted: the SAFE's random pixels are no cloud-sized blob (issue 20's checks), so
    # no scene is rejected (the "Extract anyway" path: test_dock_analyst's test_12)
    assert any("patch pairs from 2 of 2" in m for m in messages(plugin.iface, Qgis.MessageLevel.Success))
    assert sorted(seen["pairs"]) == [("BigEarthNet S1", "S2A_MSIL2A_20170613T101031_87_48", "summer"),
                                     ("My S1 (SNAP)", safe.name, "summer")]
    assert "8-bit image" in seen["left"]["Holiday photo"]
    assert "radar geometry" in seen["left"]["GRD"] and "SNAP" in seen["left"]["GRD"]
    out = tmp_path / "work" / "patches"
    datasets = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(("_", "splits")))
    assert datasets == ["alps_summer", "custom_summer"]
    index = QgsProject.instance().mapLayersByName("Patch index")[0]
    assert index.featureCount() == 8  # 2 x 2 patches of 60 px in each 120 px scene
    assert not list(safe.parent.glob("*.vrt"))  # nothing written beside the analyst's files
    plugin.dock.review.review_layer.setLayer(index)
    plugin.dock.review.start_review()  # review mode finds the analyst's layers of each patch
    session = plugin.dock.review.review_session
    assert set(session._scene_layers(session.current())) == {"s1", "s2"}
    plugin.dock.review.stop_review()
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        node.setItemVisibilityChecked(True)  # review showed one sensor at a time
    plugin.dock.extract.extract_visible()  # a second run shows the table again: the layers stay the analyst's own
    assert len(seen["pairs"]) == 2
    wait_for_tasks()


def test_roles_can_be_changed_and_pairs_unticked(own_project, monkeypatch):
    plugin, _safe = own_project  # noqa: F811
    from sen12_plugin.gui.pairing import visible_layer_scenes

    dialog = PairingDialog(visible_layer_scenes(QgsProject.instance()), "custom")
    assert len(dialog.pairs) == 2
    row = next(r for r in range(dialog.layer_table.rowCount()) if dialog.layer_table.item(r, 0).text() == "My S1 (SNAP)")
    dialog.layer_table.cellWidget(row, 1).setCurrentIndex(2)  # "—": not a scene
    assert len(dialog.pairs) == 1 and "no Sentinel-1 scene overlaps it" in dialog.problem.text()
    dialog.pair_table.cellWidget(0, 0).setChecked(False)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "Tick at least one pair" in dialog.problem.text()
    dialog.pair_table.cellWidget(0, 0).setChecked(True)
    dialog.pair_table.cellWidget(0, 3).setCurrentText("?")
    dialog.accept()
    assert "Choose a season" in dialog.problem.text()


def test_cancelling_the_table_runs_nothing(own_project, tmp_path, monkeypatch):
    plugin, _safe = own_project  # noqa: F811
    monkeypatch.setattr(plugin.dock.extract, "confirm_pairs", lambda dialog: False)
    plugin.dock.extract.extract_visible()
    assert not plugin.dock.running and not (tmp_path / "work" / "patches" / "custom_summer").exists()


def test_wrong_files_are_refused_with_the_reason(plugin, tmp_path, monkeypatch):  # noqa: F811
    wrong_layers(tmp_path)
    QgsProject.instance().removeAllMapLayers()
    (tmp_path / "empty").mkdir()
    assert own_scenes.add_own_scenes(plugin.dock, [str(tmp_path / "photo.tif"), str(tmp_path / "empty")]) == []
    text = " ".join(messages(plugin.iface, Qgis.MessageLevel.Critical))
    assert "8-bit image" in text and "neither a Sentinel-2 product" in text
    reported = []
    monkeypatch.setattr(plugin.dock, "report", lambda text, level, details=(): reported.append(" ".join(details)))
    assert own_scenes.add_own_scenes(plugin.dock, [str(tmp_path)]) == []  # a folder is searched: each file's reason
    assert "8-bit image" in reported[0] and "radar geometry" in reported[0]


def test_base_map_adds_openstreetmap_below_everything(plugin, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(auth, "_live_session", None)
    add_layer(s1_vv(tmp_path / "S1A_20170612_VV.tif"), "S1")
    button = plugin.dock.findChild(QPushButton, "addBaseMap")
    button.click()
    button.click()  # a second click adds no second copy
    osm = QgsProject.instance().mapLayersByName("OpenStreetMap")
    assert len(osm) == 1 and osm[0].providerType() == "wms" and "tile.openstreetmap.org" in osm[0].source()
    assert QgsProject.instance().layerTreeRoot().findLayers()[-1].layer() == osm[0]
    assert any("Sign in to Earth Engine" in m for m in messages(plugin.iface, Qgis.MessageLevel.Info))


def test_base_map_adds_the_season_mosaic_when_signed_in(plugin, ee_client, ee_key, fake_ee, monkeypatch):  # noqa: F811
    from qgis.core import QgsRectangle

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    plugin.dock.earthengine.project_edit.setText("test-project")
    plugin.dock.earthengine.key_file.setFilePath(str(ee_key))  # the strict fake accepts only its own tokens
    for name, check in plugin.dock.season.season_checks.items():
        check.setChecked(name == "fall")
    canvas = plugin.iface.mapCanvas()
    canvas.setDestinationCrs(QgsProject.instance().crs().fromEpsgId(4326))
    canvas.setExtent(QgsRectangle(11.0, 48.0, 11.3, 48.2))
    plugin.dock.rois.add_base_map()
    wait_for_tasks()
    names = [n.layer().name() for n in QgsProject.instance().layerTreeRoot().findLayers()]
    assert names[-2:] == ["S2 fall 2017 mosaic (Earth Engine preview)", "OpenStreetMap"]


def test_a_safe_opened_by_qgis_itself_extracts_all_bands(plugin, tmp_path, monkeypatch):  # noqa: F811
    safe = make_safe(tmp_path / "mine", size=120)
    add_layer(f"SENTINEL2_L1C:{safe}/MTD_MSIL1C.xml:10m:EPSG_32633", "S2 10 m (QGIS)")
    add_layer(s1_vv(tmp_path / "S1A_IW_GRDH_1SDV_20170612T050000_VV.tif"), "S1")
    plugin.dock.extract.patch_size.setValue(60)
    plugin.dock.extract.stride.setValue(60)
    plugin.dock.extract.format_checks["tif"].setChecked(True)
    plugin.dock.season.all_bands.setChecked(True)
    monkeypatch.setattr(plugin.dock.extract, "confirm_pairs", lambda dialog: True)
    try:
        plugin.dock.extract.extract_visible()
        wait_for_tasks()
    finally:  # the tick is a saved setting: later tests (Earth Engine downloads) must not inherit it
        plugin.dock.season.all_bands.setChecked(False)
        plugin.dock.save_settings()
    tifs = sorted((tmp_path / "work" / "patches" / "custom_summer" / "s2_0").glob("*.tif"))
    assert len(tifs) == 4
    first = next(t for t in tifs if t.stem.endswith("_p1"))
    with rasterio.open(first) as ds, rasterio.open(next(safe.rglob("*_B04.jp2"))) as b04:
        assert ds.count == 13  # B1 ... B12 at 10 m
        np.testing.assert_array_equal(ds.read(4), b04.read(1)[:60, :60])


def test_file_and_folder_pickers_add_the_chosen_scenes(plugin, tmp_path, monkeypatch):  # noqa: F811
    from sen12_plugin.gui.sections import scenes as scenes_module

    safe = make_safe(tmp_path / "mine", size=60)
    s1 = s1_vv(tmp_path / "S1A_IW_GRDH_1SDV_20170612T050000_VV.tif")
    monkeypatch.setattr(scenes_module.QFileDialog, "getOpenFileNames", lambda *a: ([str(s1)], ""))
    monkeypatch.setattr(scenes_module.QFileDialog, "getExistingDirectory", lambda *a: str(safe))
    plugin.dock.findChild(QPushButton, "addOwnFiles").click()
    plugin.dock.findChild(QPushButton, "addOwnFolder").click()
    s1_layer, s2_layer = (QgsProject.instance().mapLayersByName(n)[0] for n in (s1.name, safe.name))
    assert s1_layer.renderer().type() == "singlebandgray" and s2_layer.renderer().type() == "multibandcolor"
    assert s2_layer.source().startswith(str(tmp_path / "work" / "patches" / "_sources"))
