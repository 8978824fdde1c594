"""The German translation is complete: every message in the .ts has a finished German text that keeps
the English placeholders, and the four season names read as German season names.

Pure Python: the .ts (Qt Linguist XML, refreshed by `make translations`) is read with xml.etree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TS = Path(__file__).resolve().parents[2] / "i18n" / "sen12_plugin_de.ts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def messages(path: Path = TS) -> list[tuple[str, ET.Element]]:
    return [(message.findtext("source"), message.find("translation")) for message in ET.parse(path).iter("message")]


def unfinished(path: Path = TS) -> list[str]:
    """Sources whose German text is missing or still marked unfinished (or obsolete) in Qt Linguist."""
    return [source for source, translation in messages(path)
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished")
            or not (translation.text or "").strip()]


def test_no_message_is_unfinished():
    assert messages(), f"{TS} holds no message"
    missing = unfinished()
    assert not missing, f"{len(missing)} untranslated (run make translations, then fill scripts/translate_de.py): {missing}"


def test_translations_keep_the_placeholders_in_order():
    broken = [source for source, translation in messages()
              if PLACEHOLDER.findall(source) != PLACEHOLDER.findall(translation.text or "")]
    assert not broken, f"placeholders lost or reordered in: {broken}"


@pytest.mark.parametrize("english, german", [
    ("winter", "Winter"), ("spring", "Frühling"), ("summer", "Sommer"), ("fall", "Herbst")])
def test_season_names_are_translated(english, german):
    found = {source: translation.text for source, translation in messages()}
    assert found.get(english) == german


def test_an_unfinished_message_is_found(tmp_path):
    ts = tmp_path / "de.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="de"><context><name>@default'
                  '</name><message><source>Sign in</source><translation>Anmelden</translation></message>'
                  '<message><source>fall</source><translation type="unfinished" /></message></context></TS>',
                  encoding="utf-8")
    assert unfinished(ts) == ["fall"]
