from qgis.core import QgsApplication

import sen12_plugin
from sen12_plugin.plugin import Sen12Plugin


def test_plugin_loads_and_unloads_cleanly(qgis_iface):
    registry = QgsApplication.processingRegistry()
    plugin = sen12_plugin.classFactory(qgis_iface)
    assert isinstance(plugin, Sen12Plugin)
    plugin.initGui()
    provider = registry.providerById("sen12")
    assert provider is not None and not provider.icon().isNull()
    assert {a.id() for a in provider.algorithms()} == {
        "sen12:sample_rois", "sen12:preview_mosaics", "sen12:fetch_scenes", "sen12:export_scenes",
        "sen12:export_status", "sen12:extract_patches", "sen12:check_scenes", "sen12:apply_review",
        "sen12:make_splits", "sen12:dataset_card"}
    assert len(plugin.actions) == 4 and all(not a.icon().isNull() for a in plugin.actions)
    plugin.unload()
    assert registry.providerById("sen12") is None
    assert plugin.actions == [] and plugin.provider is None
    # A second load after unload works (QGIS does this when the user reloads the plugin).
    plugin.initGui()
    assert registry.providerById("sen12") is not None
    plugin.unload()
    assert registry.providerById("sen12") is None


def test_metadata_is_complete_and_matches_the_package_version():
    import configparser
    from pathlib import Path

    parser = configparser.ConfigParser()
    parser.read(Path(sen12_plugin.__file__).parent / "metadata.txt", encoding="utf-8")
    general = parser["general"]
    for key in ("name", "qgisMinimumVersion", "version", "description", "about", "author", "email",
                "repository", "tracker", "homepage", "category", "tags", "icon",
                "hasProcessingProvider", "experimental", "changelog"):
        assert general.get(key), key
    assert general["version"] == sen12_plugin.__version__
    assert general["qgisMinimumVersion"] == "3.22" and general["category"] == "Raster"
    assert general["hasProcessingProvider"] == "yes"
    assert (Path(sen12_plugin.__file__).parent / general["icon"]).is_file()
