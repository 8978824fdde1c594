"""Translation helper: every user-visible string of the QGIS layer goes through ``tr``."""

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "@default"  # pylupdate5 files module-level tr() calls under @default


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def plural(n: int, one: str, many: str) -> str:
    """``one`` or ``many`` (each already through ``tr``) with ``n`` filled in.

    The plugin ships English and German, which share the rule: 1 is singular, every other count
    plural ("1 scene pair", "0 scene pairs"). A language with other forms would need Qt's %n.
    """
    return (one if n == 1 else many).format(n)
