import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / "scripts" / "lint_qt6.py"


def run(folder):
    return subprocess.run([sys.executable, str(LINT), str(folder)], capture_output=True, text=True)


def test_plugin_code_is_qt6_clean():
    done = run(ROOT / "sen12_plugin")
    assert done.returncode == 0, done.stdout


def test_lint_catches_short_enums_and_direct_pyqt(tmp_path):
    (tmp_path / "bad.py").write_text(
        "from PyQt5.QtCore import Qt\nx = Qt.AlignLeft\ny = QgsWkbTypes.PolygonGeometry\nz = Qt.AlignmentFlag.AlignLeft\n")
    done = run(tmp_path)
    assert done.returncode == 1
    assert "bad.py:1" in done.stdout and "Qt.AlignLeft" in done.stdout and "PolygonGeometry" in done.stdout
    assert "bad.py:4" not in done.stdout
