"""Qt6 readiness: Qt only through qgis.PyQt, and enums by their full name (Qt.AlignmentFlag.AlignLeft).

PyQt6 drops the short enum names (Qt.AlignLeft) and the PyQt5 import path; QGIS 4 runs on Qt6.
Exits 1 and lists the lines to fix.
"""

import re
import sys
from pathlib import Path

# Classes whose enum members must be reached through their enum type: Class.EnumType.Member.
QT_CLASSES = ("Qt", "QEvent", "QSizePolicy", "QDialogButtonBox", "QMessageBox", "QAbstractItemView",
              "QHeaderView", "QFrame", "QPalette", "QFont", "QAction", "QDockWidget", "QLineEdit",
              "QTableWidget", "QComboBox", "QFileDialog", "QIODevice", "QVariant")
SHORT_ENUM = re.compile(r"\b(" + "|".join(QT_CLASSES) + r"|Qgs[A-Za-z0-9]+)\.([A-Z][A-Za-z0-9]*)\b(?!\s*\.|\s*\(|\w)")
ENUM_TYPE = re.compile(r"^[A-Z][a-z]+[A-Za-z]*(Flag|Role|Type|Area|Button|Policy|Mode|State|Shape|Key|Modifier|Style|Option|Event|Format|Direction)s?$")
DIRECT_QT = re.compile(r"^\s*(from|import)\s+PyQt[56]")
ALLOWED: set = set()


def problems(path: Path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if DIRECT_QT.search(line):
            yield n, "import Qt through qgis.PyQt"
        for match in SHORT_ENUM.finditer(line):
            name = f"{match.group(1)}.{match.group(2)}"
            if name in ALLOWED or ENUM_TYPE.match(match.group(2)):
                continue
            yield n, f"short enum name {name}: use the enum type, e.g. Qt.AlignmentFlag.AlignLeft"


def main(roots) -> int:
    found = 0
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            if "data" in path.parts or "_vendor" in path.parts or path.name == "qt_compat.py":
                continue
            for n, text in problems(path):
                print(f"{path}:{n}: {text}")
                found += 1
    print(f"qt6 lint: {found} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["sen12_plugin"]))
