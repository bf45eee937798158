"""Everything a window shows as text, for tests that check what must never appear."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QListWidget, QTabBar, QWidget

_GETTERS = ("text", "toPlainText", "title", "windowTitle", "toolTip", "statusTip", "placeholderText",
            "accessibleName", "accessibleDescription", "whatsThis")
_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)


def _model_text(view: QAbstractItemView) -> list[str]:
    if isinstance(view, QListWidget):  # its list model hides columnCount from Python
        return [view.item(i).text() for i in range(view.count())]
    model = view.model()
    if model is None:
        return []
    texts: list[str] = []
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = model.columnCount() if orientation is Qt.Orientation.Horizontal else model.rowCount()
        texts += [str(model.headerData(i, orientation)) for i in range(count)]
    for row in range(model.rowCount(QModelIndex())):
        for column in range(model.columnCount(QModelIndex())):
            index = model.index(row, column)
            texts += [str(v) for role in _ROLES if (v := model.data(index, role)) is not None]
    return texts


def all_text(window: QWidget) -> str:
    """The text of the window and of every widget in it, joined by newlines."""
    texts: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        for name in _GETTERS:
            getter = getattr(widget, name, None)
            if callable(getter):
                try:
                    value = getter()
                except TypeError:  # a getter that needs arguments
                    continue
                if isinstance(value, str):
                    texts.append(value)
        if isinstance(widget, QAbstractItemView):
            texts += _model_text(widget)
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
    for action in window.findChildren(QAction):
        texts += [action.text(), action.statusTip(), action.toolTip()]
    return "\n".join(texts)
