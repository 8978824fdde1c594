"""The public interface from the command line: ``qgis_process run sen12:...`` in a throw-away profile."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import scene_pair

ROOT = Path(__file__).resolve().parents[2]
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="module")
def profile_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    profile = home / ".local/share/QGIS/QGIS3/profiles/default"
    (profile / "python/plugins").mkdir(parents=True)
    (profile / "QGIS").mkdir()
    (profile / "python/plugins/sen12_plugin").symlink_to(ROOT / "sen12_plugin")
    (profile / "QGIS/QGIS3.ini").write_text("[PythonPlugins]\nsen12_plugin=true\n")
    return home


def qgis_process(home, *args):
    # pytest-qgis points QGIS_CUSTOM_CONFIG_PATH at its own settings; use the throw-away profile.
    env = {k: v for k, v in os.environ.items() if k not in ("QGIS_CUSTOM_CONFIG_PATH", "QGIS_OPTIONS_PATH")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([QGIS_PROCESS, *args], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_qgis_process_lists_and_runs_both_algorithms(profile_home, tmp_path):
    listing = qgis_process(profile_home, "list")
    assert "sen12:sample_rois" in listing and "sen12:extract_patches" in listing

    rois = tmp_path / "rois.gpkg"
    qgis_process(profile_home, "run", "sen12:sample_rois", "--", "SEEDS=1868", "LAND_COUNT=5",
                 "URBAN_COUNT=2", f"OUTPUT={rois}")
    assert rois.is_file()

    # Large enough (484 patch positions) for the extractor to use worker processes.
    s1, s2, *_ = scene_pair(tmp_path, 3000, 3000)
    out = qgis_process(profile_home, "--json", "run", "sen12:extract_patches", "--", f"S1={s1}",
                       f"S2={s2}", f"OUTPUT={tmp_path / 'out'}", "SEED=1158", "SCENE_ID=3")
    results = json.loads(out[out.index("{"):])["results"]
    assert results["PATCH_COUNT"] == 484 and results["WRITTEN"] == 484
    pngs = list((tmp_path / "out/ROIs1158_spring").rglob("*.png"))
    assert len(pngs) == 2 * 484
