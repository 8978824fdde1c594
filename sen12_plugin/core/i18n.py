"""The core's sentences in the user's language, without Qt: GNU gettext catalogs.

Every sentence the core gives a user (an error, a reason, a note) is written as
``_("... {name} ...").format(name=...)``: the English text is the message id, ``{name}`` the
placeholders a translation keeps (in any order). The catalogs are gettext PO files,
``i18n/sen12_core_<lang>.po`` (refreshed from the code by ``make translations`` with xgettext
and msgmerge, editable in Poedit or any PO tool), read here directly, so nothing is compiled and
the core has no Qt. A face chooses the language once (the QGIS plugin from QGIS' locale,
``use_language``); without a catalog, or for a message it lacks, the English text stands.

Module constants that hold sentences are marked ``N_("...")`` (found by xgettext, translated
where they are used with ``_(CONSTANT)``), since the language is chosen after import.
"""

from __future__ import annotations

import ast
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parents[1] / "i18n"
DOMAIN = "sen12_core"

_messages: dict[str, str] = {}
_plurals: dict[str, tuple[str, str]] = {}
_language = ""


def _(message: str) -> str:
    """``message`` in the chosen language (English when there is no translation)."""
    return _messages.get(message) or message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n``; English and German share the rule (1 is singular, any other count plural)."""
    forms = _plurals.get(singular)
    if forms is not None and all(forms):
        return forms[0] if n == 1 else forms[1]
    return singular if n == 1 else plural


def N_(message: str) -> str:  # noqa: N802 (gettext's name)
    """Marks a sentence for the catalog where it cannot be translated yet (a module constant)."""
    return message


def language() -> str:
    return _language


def catalog_path(lang: str) -> Path:
    return CATALOG_DIR / f"{DOMAIN}_{lang}.po"


def use_language(locale: str | None) -> bool:
    """Translate into ``locale`` (``de_DE``, ``de``; empty or None: English). False when there is
    no catalog for it (the core then speaks English)."""
    global _language
    _messages.clear()
    _plurals.clear()
    _language = ""
    lang = (locale or "")[:2].lower()
    if not lang or lang == "en":
        return True
    path = catalog_path(lang)
    if not path.is_file():
        return False
    for entry in read_po(path):
        if entry.get("fuzzy"):
            continue  # gettext's rule: a fuzzy translation is not used
        if "msgid_plural" in entry:
            forms = (entry.get("msgstr[0]", ""), entry.get("msgstr[1]", ""))
            if all(forms):
                _plurals[entry["msgid"]] = forms
        elif entry.get("msgstr") and entry.get("msgid"):
            _messages[entry["msgid"]] = entry["msgstr"]
    _language = lang
    return True


def read_po(path: Path) -> list[dict]:
    """The entries of a PO file: ``msgid``, ``msgstr`` (or ``msgid_plural``, ``msgstr[0]``,
    ``msgstr[1]``), ``fuzzy``; the header entry (empty msgid) included."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def finish():
        if "msgid" in entry:
            entries.append(dict(entry))
        entry.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            key = None
        elif line.startswith("#,"):
            if "msgid" in entry:
                finish()
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            if "msgid" in entry and key is not None and key != "comment":
                finish()
            key = "comment"
        elif line.startswith('"'):
            if key is not None and key != "comment":
                entry[key] += ast.literal_eval(line)
        else:
            name, _sep, value = line.partition(" ")
            if name == "msgid" and "msgid" in entry:
                finish()
            key = name
            entry[key] = ast.literal_eval(value)
    finish()
    return entries
