"""The plugin loads on QGIS' Python 3.9 (Windows, QGIS 3.22-3.32): no 3.10+ syntax or run-time unions."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / "scripts" / "lint_py39.py"


def run(folder):
    return subprocess.run([sys.executable, str(LINT), str(folder)], capture_output=True, text=True)


def test_plugin_code_runs_on_python_39():
    done = run(ROOT / "sen12_plugin")
    assert done.returncode == 0, done.stdout


def test_the_unit_tests_and_their_helpers_run_on_python_39():
    """make test-compat runs tests/unit on 3.9: a 3.10+ annotation there stops the whole matrix."""
    for path in [ROOT / "tests" / "unit", ROOT / "tests" / "fake_earthengine",
                 *(p for p in (ROOT / "tests").glob("*.py"))]:
        done = run(path)
        assert done.returncode == 0, done.stdout


def test_lint_catches_runtime_unions_new_syntax_and_new_library_calls(tmp_path):
    (tmp_path / "bad.py").write_text(
        "import numpy as np\n"
        "from typing import TypeAlias\n"
        "Source = Mask | np.ndarray\n"
        "def f(x: int | None) -> bool:\n"
        "    return isinstance(x, int | str)\n"
        "pairs = list(zip([1], [2], strict=True))\n")
    (tmp_path / "syntax.py").write_text("match 1:\n    case 1:\n        pass\n")
    done = run(tmp_path)
    assert done.returncode == 1
    for line in ("bad.py:2:", "bad.py:3:", "bad.py:4:", "bad.py:5:", "bad.py:6:", "syntax.py:"):
        assert line in done.stdout, (line, done.stdout)


def test_lint_leaves_deferred_annotations_and_bitwise_or_alone(tmp_path):
    (tmp_path / "good.py").write_text(
        "from __future__ import annotations\n"
        "from typing import Optional, Union\n"
        "import numpy as np\n"
        "Source = Union[Mask, np.ndarray]\n"
        "def f(x: int | None, mask: np.ndarray | None = None) -> str | None:\n"
        "    valid = mask | np.isnan(x)\n"
        "    flags = param.flags() | Definition.Flag.FlagAdvanced\n"
        "    align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop\n"
        "    mode = os.O_RDWR | os.O_CREAT | SOME_FLAG\n"
        "    return 3 | 4\n")
    done = run(tmp_path)
    assert done.returncode == 0, done.stdout
