"""`make zip`: the plugin zip installs into a bare QGIS profile and brings earthengine-api along."""

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_zip_installs_and_bundles_earthengine_api(tmp_path):
    qpdt = Path(sys.executable).parent / "qgis-plugin-dev-tools"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([str(qpdt), "build"], cwd=ROOT, env=env, check=True, capture_output=True)
    zips = sorted((ROOT / "dist").glob("sen12_plugin-*.zip"))
    assert zips
    plugins = tmp_path / "profiles/default/python/plugins"
    with zipfile.ZipFile(zips[-1]) as zf:
        zf.extractall(plugins)
    plugin = plugins / "sen12_plugin"
    meta = configparser.ConfigParser()
    meta.read(plugin / "metadata.txt")
    import sen12_plugin
    assert meta["general"]["version"] == sen12_plugin.__version__
    assert (plugin / meta["general"]["icon"]).is_file()
    assert (plugin / "data/land-50m.json").is_file()
    # The system Python (no venv, no earthengine-api installed) imports ee from the bundle.
    code = "import sys; sys.path.insert(0, sys.argv[1]); import sen12_plugin, ee; print(ee.__file__)"
    done = subprocess.run(["/usr/bin/python3", "-c", code, str(plugins)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(plugin / "_vendor"))
