"""A person's chronology: every contact about them and what staff added, in date order.

It loads in the background through services/people/chronology.py, which
reads each contact through the one case reader; where a contact needs a
reason, it asks (the same reason prompt as opening a case) and loads with
it. Filters narrow the list to automatic lines or staff entries and to one
category; the selected line's details show below it. The Chronology menu
adds and changes entries, finishes and reopens the chronology and prints it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMainWindow, QPlainTextEdit, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...domain.zone import HUB_ZONE
from ...domain.chronology import AUTOMATIC, CURATED, Category, Item, PersonChronology, filtered
from ...security.accounts import SignedIn
from ...services.case.reader import MAX_REASON, ReasonNeeded
from ...services.people.chronology import entry_versions, person_chronology
from ...store.database import Database
from ..common import errors
from ..common.background import Operation
from ..common.reason_prompt import ReasonPrompt
from ..help import content as help_content
from ..help.window import help_button, install_help_menu
from .chronology_actions import ChronologyActions

TITLE = "MASH Desktop"
COLUMNS = ("Date", "Category", "Source", "What happened", "Significance", "Contact", "By")
SHOW = (("All entries", None), ("Automatic lines only", AUTOMATIC), ("Entries added by staff only", CURATED))
ASK = ("{message}\n\nYou can still look, but you must say why. Your reason is recorded in the audit trail for "
       "each of those contacts, with your name and the time, and may be reviewed by the hub's auditors.")


class ChronologyWindow(QMainWindow):
    """One person's chronology, loaded in the background."""

    #: The chronology is on screen (after each successful load).
    loaded = Signal()

    def __init__(self, db: Database, signed: SignedIn, person_id: int, name: str, reference: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.db, self.signed, self.person_id, self.reference = db, signed, person_id, reference
        self.chronology: PersonChronology | None = None
        self.reason: str | None = None
        self.shown: tuple[Item, ...] = ()
        self.setWindowTitle(f"Chronology of {name} — {TITLE}")
        self.actions = ChronologyActions(self, db, signed)
        self._build()
        self.resize(1180, 760)

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        menu = self.menuBar().addMenu("C&hronology")
        self.reload_action = QAction("Re&load", self)
        self.reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_action.triggered.connect(self.reload)
        close = QAction("Close &window", self)
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close.triggered.connect(self.close)
        for action in (*self.actions.all(), None, self.reload_action, close):
            menu.addSeparator() if action is None else menu.addAction(action)
        install_help_menu(self, help_content.PERSON_CHRONOLOGY)
        self.header = QLabel("Loading the chronology…")
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_box = QComboBox()
        for text, origin in SHOW:
            self.show_box.addItem(text, origin)
        self.category_box = QComboBox()
        self.category_box.addItem("Every category", None)
        for category in Category:
            self.category_box.addItem(category.label, category.value)
        filters = QHBoxLayout()
        for label, box in (("&Show:", self.show_box), ("C&ategory:", self.category_box)):
            caption = QLabel(label)
            caption.setBuddy(box)
            box.setAccessibleName(label.replace("&", "").rstrip(":"))
            box.currentIndexChanged.connect(self._fill)
            filters.addWidget(caption)
            filters.addWidget(box)
        self.count = QLabel()
        filters.addStretch(1)
        filters.addWidget(self.count)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("Chronology entries")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.actions.edit_action.trigger())
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details of the selected line")
        self.details.setTabChangesFocus(True)
        details_label = QLabel("&Details:")
        details_label.setBuddy(self.details)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(details_label)
        lower_layout.addWidget(self.details)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.header)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        self.setCentralWidget(body)

    # -- loading -------------------------------------------------------------------

    def load(self, reason: str | None = None) -> None:
        """Load (or reload) in the background; with the reason, if one was asked for."""
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.reload_action.setEnabled(False)
        self.statusBar().showMessage("Loading the chronology…")
        Operation(self, lambda: person_chronology(self.db, self.signed, self.person_id, reason)) \
            .success(self._show).failure(self._failed).run()

    def reload(self) -> None:
        self.load(self.reason)

    def _failed(self, exc: Exception) -> None:
        self.unsetCursor()
        self.reload_action.setEnabled(True)
        self.statusBar().clearMessage()
        if isinstance(exc, ReasonNeeded):
            self._ask_reason(exc.message)
            return
        errors.show_error(self, exc)
        if self.chronology is None:
            self.close()

    def _ask_reason(self, message: str) -> None:
        dialog = ReasonPrompt(self, title="Reason for looking at these contacts", explanation=ASK.format(
            message=message), label="&Reason for looking:", ok_text="&Open chronology", limit=MAX_REASON,
            placeholder="For example: preparing for the strategy discussion", one_line=True,
            make_help=lambda d: help_button(d, help_content.OPENING_REASON))
        dialog.finished.connect(lambda result: self._reason_given(dialog, result))
        dialog.open()

    def _reason_given(self, dialog: ReasonPrompt, result: int) -> None:
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.load(dialog.reason())
        elif self.chronology is None:
            self.close()

    def _show(self, chron: PersonChronology) -> None:
        self.unsetCursor()
        self.reload_action.setEnabled(True)
        self.chronology, self.reason = chron, chron.reason
        born = f"{chron.date_of_birth:%d %b %Y}" if chron.date_of_birth else "not known"
        state = chron.state
        if state is None:
            where = "In progress."
        else:
            made = f"{state.by}, {state.at.astimezone(HUB_ZONE):%d %b %Y %H:%M}" + (
                "" if state.verified else " (ALTERED outside the hub: do not rely on it)")
            where = f"Finished by {made}." if state.finished else f"Reopened by {made}: {state.reason}"
        contacts = ", ".join(chron.references) or "none"
        self.header.setText(f"<b>{chron.name}</b> (born {born}). Contacts: {contacts}. {where}")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.actions.set_chronology(chron, self.reason, self.reference)
        self._fill()
        self.statusBar().showMessage(f"{len(chron.items)} lines; {len(chron.altered)} altered." if chron.altered
                                     else f"{len(chron.items)} lines.", 8000)
        self.loaded.emit()

    # -- the list ------------------------------------------------------------------

    def _fill(self) -> None:
        if self.chronology is None:
            return
        category = self.category_box.currentData()
        self.shown = filtered(self.chronology.items, self.show_box.currentData(),
                              Category(category) if category else None)
        self.table.setRowCount(len(self.shown))
        for row, item in enumerate(self.shown):
            what = item.what + (" [ALTERED outside the hub]" if item.altered else "")
            cells = (f"{item.day:%d %b %Y}", ("Staff: " if item.curated else "") + item.category.label, item.source,
                     what, item.significance.label if item.significance else "", item.reference or "",
                     item.by or "")
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text.splitlines()[0] if text else "")
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.count.setText(f"{len(self.shown)} of {len(self.chronology.items)} shown")
        if self.shown:
            self.table.selectRow(0)
        self._selected()

    def selected(self) -> Item | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows and rows[0].row() < len(self.shown) else None

    def _selected(self) -> None:
        item = self.selected()
        self.actions.set_selected(item)
        if item is None:
            self.details.setPlainText("")
            return
        lines = [item.what, ""]
        if item.curated:
            lines = [f"{item.category.label}, significance {item.significance.label.lower()}, from {item.source}.",
                     f"Written by {item.by} (version {item.version}).", "", item.what]
        elif item.detail:
            lines.append(item.detail)
        if item.altered:
            lines.insert(0, "ALTERED OUTSIDE THE HUB: its signature does not hold. Do not rely on it.\n")
        self.details.setPlainText("\n".join(lines).strip())
        if item.curated and item.version > 1:
            entry, reason = item.entry_id, self.reason
            Operation(self, lambda: entry_versions(self.db, self.signed, entry, reason)) \
                .success(lambda versions: self._versions(item, versions)).run()

    def _versions(self, item: Item, versions: tuple[Item, ...]) -> None:
        """The earlier versions of the selected entry, under it (if it is still the one selected)."""
        if self.selected() is not item:
            return
        earlier = [f"Version {v.version}, by {v.by}: {v.category.label}, significance "
                   f"{v.significance.label.lower()}, from {v.source}, dated {v.day:%d %b %Y}"
                   + (" (ALTERED outside the hub)" if v.altered else "") + f".\n{v.what}"
                   for v in versions if v.version < item.version]
        if earlier:
            self.details.appendPlainText("\n\nEarlier versions, kept as they were written:\n\n"
                                         + "\n\n".join(reversed(earlier)))
