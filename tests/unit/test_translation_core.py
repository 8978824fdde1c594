"""The core's sentences go through gettext (core.i18n), without Qt, and German is complete.

Pure Python: the catalog (i18n/sen12_core_de.po) is read by core.i18n itself; the messages are
found in the core's source with ast, as xgettext finds them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sen12_plugin.core import i18n

CORE = Path(__file__).resolve().parents[2] / "sen12_plugin" / "core"
PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
ERROR_NAMES = re.compile(r"(Error|Cancelled)$")
PROGRAMMING_ERRORS = {"ValueError", "TypeError", "KeyError", "RuntimeError", "AssertionError", "NotImplementedError"}


def core_modules():
    return sorted(p for p in CORE.rglob("*.py"))


def marked_messages() -> dict[str, str]:
    """Every literal given to _(), N_() or ngettext() in the core: msgid -> where."""
    found = {}
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "ngettext")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found[node.args[0].value] = f"{path.name}:{node.lineno}"
    return found


def catalog() -> dict[str, dict]:
    return {e["msgid"]: e for e in i18n.read_po(i18n.catalog_path("de")) if e["msgid"]}


def test_every_core_sentence_has_a_finished_german_translation():
    entries = catalog()
    missing = [f"{where}: {msgid!r}" for msgid, where in marked_messages().items()
               if msgid not in entries or entries[msgid].get("fuzzy")
               or not (entries[msgid].get("msgstr") or entries[msgid].get("msgstr[1]"))]
    assert not missing, f"{len(missing)} untranslated (make translations, then translate in i18n/sen12_core_de.po): {missing}"


def test_german_keeps_every_placeholder():
    broken = []
    for msgid, entry in catalog().items():
        wanted = sorted(PLACEHOLDER.findall(msgid))
        for key in ("msgstr", "msgstr[0]", "msgstr[1]"):
            if entry.get(key) and sorted(PLACEHOLDER.findall(entry[key])) != wanted:
                broken.append(msgid)
    assert not broken, broken


def test_no_core_error_is_built_from_an_untranslated_sentence():
    """raise SomethingError("...") or f"..." would stay English: every sentence goes through _()."""
    offenders = []
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and ERROR_NAMES.search(node.func.id)
                    and node.func.id not in PROGRAMMING_ERRORS):  # a bug's words are for developers
                continue
            for arg in node.args[:1]:
                if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                                                      and " " in arg.value):
                    offenders.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert not offenders, offenders


def test_no_core_module_hides_the_translation_function():
    """``_`` as a throwaway name in a module that translates would replace _() in that scope."""
    offenders = []
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(isinstance(n, ast.ImportFrom) and n.module and n.module.endswith("i18n")
                         and any(a.name == "_" for a in n.names) for n in ast.walk(tree))
        if imports_it:
            offenders += [f"{path.name}:{n.lineno}" for n in ast.walk(tree)
                          if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)]
    assert not offenders, offenders


@pytest.fixture()
def german():
    assert i18n.use_language("de_DE")
    yield
    i18n.use_language("")


@pytest.mark.needs_osgeo  # the ROI check that raises is GDAL's ogr
def test_a_core_error_reads_german_when_the_face_chose_german(german):
    from sen12_plugin.core import rois
    from sen12_plugin.core.errors import InputError

    with pytest.raises(InputError, match="ein Polygon braucht mindestens drei Ecken"):
        rois.roi_from_ring(7, [(11.0, 48.0), (11.1, 48.0)])
    assert i18n.ngettext("{n} day apart", "{n} days apart", 3).format(n=3) == "3 Tage auseinander"
    i18n.use_language("")
    with pytest.raises(InputError, match="a polygon needs at least three corners"):
        rois.roi_from_ring(7, [(11.0, 48.0), (11.1, 48.0)])


def test_a_language_without_catalog_speaks_english():
    assert i18n.use_language("xx_XX") is False
    assert i18n._("Choose at least one season.") == "Choose at least one season."


def test_no_reason_a_user_reads_is_built_from_an_untranslated_sentence():
    """A ``Reason`` is shown as it is (the plan's reasons in the dock and the log): its text goes
    through _() like an error's, never an f-string or a bare English literal."""
    offenders = []
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Reason"):
                continue
            for arg in node.args[1:2]:
                if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                                                      and " " in arg.value):
                    offenders.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert not offenders, offenders


def test_a_number_refused_by_its_default_name_reads_german(german):
    """``what`` defaulted to an English word ("Scene number") spliced into a German sentence."""
    from sen12_plugin.core.errors import InputError
    from sen12_plugin.core.names import check_scene_number, check_seed

    with pytest.raises(InputError, match="^Szenennummer 2147483648"):
        check_scene_number(2**31)
    with pytest.raises(InputError, match="^Seed -1"):
        check_seed(-1)
