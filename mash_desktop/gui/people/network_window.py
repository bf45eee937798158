"""The family network window: the family and the professionals around a case, drawn.

It draws the :class:`Network` of domain/network.py, the same one the printed
network (reports/network.py) draws, from the case as the reader opened it:
subjects outlined in bold, professionals dashed, each line labelled with the
relationship as recorded, warnings in words on the people they concern.
Print… produces the document through the case's Documents menu action
(recorded, then previewed with Save as… and Print…).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QMainWindow,
    QWidget,
)

from ...domain.case_record import CaseRecord
from ...domain.network import NODE_H, NODE_W, Network, network_of, route
from ..help import content as help_content
from ..help.window import install_help_menu

TITLE = "Family network"
FILL = {"subject": "#dfe8f3", "family": "#ffffff", "near": "#f4f4f0", "professional": "#eef1f5"}
#: Fitting the window enlarges the drawing at most this much.
MOST_ENLARGED = 1.5
INK, MUTED, ACCENT, RULE, WARNING = "#1b1f24", "#59636e", "#1f3a5f", "#9aa5b1", "#8e1b1b"


def _text(scene: QGraphicsScene, text: str, x: float, y: float, width: float, *, size: float, bold: bool = False,
          colour: str = INK, centred: bool = False) -> QGraphicsSimpleTextItem:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    item = QGraphicsSimpleTextItem()
    item.setFont(font)
    metrics_text = text
    item.setText(metrics_text)
    while item.boundingRect().width() > width and len(metrics_text) > 1:  # cut short, the whole in the tooltip
        metrics_text = metrics_text[:-1]
        item.setText(metrics_text.rstrip() + "…")
    item.setToolTip(text)
    item.setBrush(QColor(colour))
    left = x - item.boundingRect().width() / 2 if centred else x
    item.setPos(left, y)
    scene.addItem(item)
    return item


def draw(scene: QGraphicsScene, net: Network) -> None:
    """Put ``net`` on ``scene``: lines first, then their labels, then the people over them."""
    for line in net.lines:
        points, (lx, ly) = route(net, line)
        path = QPainterPath(QPointF(*points[0]))
        for point in points[1:]:
            path.lineTo(QPointF(*point))
        pen = QPen(QColor(MUTED), 1.2, Qt.PenStyle.DashLine if line.dashed else Qt.PenStyle.SolidLine)
        scene.addItem(_path(path, pen))
        label = _text(scene, line.label, lx, ly - 7, NODE_W * 0.8, size=7.5, centred=True)
        back = QGraphicsRectItem(label.sceneBoundingRect().adjusted(-2, 0, 2, 0))
        back.setBrush(QBrush(QColor("#ffffff")))
        back.setPen(QPen(Qt.PenStyle.NoPen))
        back.setZValue(label.zValue() - 0.5)
        scene.addItem(back)
    for n in net.nodes:
        box = QGraphicsRectItem(QRectF(n.x, n.y, NODE_W, NODE_H))
        subject = n.kind == "subject"
        box.setPen(QPen(QColor(ACCENT if subject else RULE), 2.0 if subject else 1.0,
                        Qt.PenStyle.DashLine if n.kind == "professional" else Qt.PenStyle.SolidLine))
        box.setBrush(QBrush(QColor(FILL.get(n.kind, "#ffffff"))))
        box.setToolTip("\n".join([n.title, n.detail, *(f"Warning: {b}" for b in n.badges)]))
        box.setZValue(1)
        scene.addItem(box)
        for item in (_text(scene, n.title, n.x + 6, n.y + 4, NODE_W - 12, size=8.5, bold=True),
                     _text(scene, n.detail, n.x + 6, n.y + 19, NODE_W - 12, size=7.5, colour=MUTED)):
            item.setZValue(2)
        if n.badges:
            _text(scene, "Warning: " + ", ".join(n.badges), n.x + 6, n.y + NODE_H - 15, NODE_W - 12, size=7.5,
                  bold=True, colour=WARNING).setZValue(2)


def _path(path: QPainterPath, pen: QPen) -> QGraphicsPathItem:
    item = QGraphicsPathItem(path)
    item.setPen(pen)
    return item


class NetworkWindow(QMainWindow):
    """The family network of one case, with zoom, print and guidance."""

    def __init__(self, case: CaseRecord, on_print: Callable[[], None] | None = None,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{TITLE} — {case.reference} — {case.subject_line}")
        self.network = network_of(case, today or dt.date.today())
        self.scene = QGraphicsScene(self)
        draw(self.scene, self.network)
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self.view = QGraphicsView(self.scene)
        self.view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setAccessibleName(f"Family network of {case.reference}: "
                                    f"{len(self.network.nodes)} people and professionals")
        self.view.setBackgroundBrush(QBrush(QColor("#fbfbfa")))
        self.setCentralWidget(self.view)
        network = self.menuBar().addMenu("&Network")
        self.actions: dict[str, QAction] = {}
        for key, text, keys, slot in (
                ("print", "&Print…", QKeySequence.StandardKey.Print, on_print),
                ("zoom_in", "Zoom &in", QKeySequence.StandardKey.ZoomIn, lambda: self.zoom(1.25)),
                ("zoom_out", "Zoom &out", QKeySequence.StandardKey.ZoomOut, lambda: self.zoom(0.8)),
                ("fit", "&Fit to window", "Ctrl+0", self.fit),
                ("close", "&Close", QKeySequence.StandardKey.Close, self.close)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            if slot is None:
                action.setEnabled(False)
            else:
                action.triggered.connect(slot)
            network.addAction(action)
            self.actions[key] = action
        self.actions["print"].setStatusTip("Produce the family network as a document (recorded), then print it")
        escape = QAction(self)
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.triggered.connect(self.close)
        self.addAction(escape)
        self.help_actions = install_help_menu(self, help_content.FAMILY_NETWORK)
        self.statusBar().showMessage("Ctrl+P prints; Ctrl+plus and Ctrl+minus zoom; arrows scroll", 10000)
        self.resize(1000, 720)

    def zoom(self, factor: float) -> None:
        self.view.scale(factor, factor)

    def fit(self) -> None:
        """The whole drawing in the window, enlarged at most to half as big again."""
        room, drawing = self.view.viewport().size(), self.scene.sceneRect()
        factor = min(room.width() / drawing.width(), room.height() / drawing.height(), MOST_ENLARGED)
        self.view.resetTransform()
        self.view.scale(factor, factor)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.fit()
        self.view.setFocus()
