"""Widgets whose width does not depend on the language: rows that wrap, text that wraps.

A German button text is a third longer than the English one; in fixed rows the dock grew from
532 to 685 px. Here a row of buttons wraps onto a second line instead (``FlowLayout``, after
Qt's flow layout example), and a long button or check box breaks its text into lines
(``WrapButton``, ``wrap_check``), so the dock keeps one width in every language.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QPoint, QRect, QSize, Qt
from qgis.PyQt.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLayout, QPushButton, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next line when the width runs out."""

    def __init__(self, parent=None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        width = sum(item.sizeHint().width() for item in self._items) + self._spacing * max(0, len(self._items) - 1)
        height = max((item.sizeHint().height() for item in self._items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            width = min(hint.width(), rect.width())
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if x > rect.x() and x + width > rect.right() + 1:
                x, y, line_height = rect.x(), y + line_height + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + self._spacing
            line_height = max(line_height, height)
        return y + line_height - rect.y()


class WrapButton(QPushButton):
    """A push button whose text breaks into lines when the dock is narrow (``text()`` stays the text)."""

    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(parent)
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self._label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802
        self._text = text
        self._label.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:  # noqa: N802
        margins = self.layout().contentsMargins()
        hint = self._label.sizeHint()
        return QSize(hint.width() + margins.left() + margins.right(),
                     max(hint.height() + margins.top() + margins.bottom(), super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        margins = self.layout().contentsMargins()
        return QSize(self._label.minimumSizeHint().width() + margins.left() + margins.right(),
                     super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        margins = self.layout().contentsMargins()
        inner = self._label.heightForWidth(max(1, width - margins.left() - margins.right()))
        return max(inner + margins.top() + margins.bottom(), super().sizeHint().height())


def wrap_check(check: QCheckBox, text: str) -> QWidget:
    """``check`` with ``text`` beside it as a word-wrapping label that toggles it when clicked."""
    check.setText("")
    check.setToolTip(text)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setBuddy(check)
    label.mousePressEvent = lambda _event: check.toggle() if check.isEnabled() else None
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(label, 1)
    row.setObjectName(check.objectName() + "Row")
    return row
