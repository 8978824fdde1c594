"""The version is written once, in metadata.txt; the package reads it, the packaging copy agrees."""

import re
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_read_from_metadata_txt():
    import sen12_plugin

    parser = ConfigParser()
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    version = parser.get("general", "version")
    assert sen12_plugin.__version__ == version
    assert "__version__ = \"" not in (ROOT / "sen12_plugin" / "__init__.py").read_text()  # no second copy
    pyproject = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE).group(1)
    assert pyproject == version, "pyproject.toml's version must follow metadata.txt"
