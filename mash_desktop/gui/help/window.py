"""The guidance window, and the ways into it: F1, Help buttons and the Help menu.

:class:`HelpWindow` is a non-modal window beside the work: the contents on
the left, the chosen section on the right (markdown in a QTextBrowser, with
the process map above the "process map" section), and a search box that
keeps the sections containing every word typed and highlights the words.
Esc closes it. :func:`show_help` opens it at a section from any window or
dialog; it belongs to that window, so it works beside a modal dialog too.
:func:`help_button` gives a dialog its Help button and F1;
:func:`install_help_menu` gives a main window its Help menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from . import content as help_content
from .content import Section
from ..common.windows import bring_forward

TITLE = "MASH Desktop — Guidance"
_ID = Qt.ItemDataRole.UserRole


class HelpWindow(QWidget):
    """The hub's guidance: contents, search and the section chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(TITLE)
        self.sections = help_content.sections()
        self.current: Section | None = None
        self.words: list[str] = []

        self.search = _line_edit()
        search_label = QLabel("&Search the guidance:")
        search_label.setBuddy(self.search)
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.contents = QListWidget()
        self.contents.setAccessibleName("Contents")
        self.contents.setWordWrap(True)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for section in self.sections:
            item = QListWidgetItem(section.title)
            item.setData(_ID, section.id)
            self.contents.addItem(item)
        contents_label = QLabel("&Contents:")
        contents_label.setBuddy(self.contents)
        from .process_map import ProcessMap  # drawn only once guidance is opened, not for every Help button

        self.map = ProcessMap(lines=8.5, columns=4)
        self.map.setVisible(False)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName("Guidance text")
        self.text.anchorClicked.connect(self._follow)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (search_label, self.search, self.found, contents_label):
            column.addWidget(widget)
        column.addWidget(self.contents, 1)
        right = QWidget()
        page = QVBoxLayout(right)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.map)
        page.addWidget(self.text, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        em = self.fontMetrics().horizontalAdvance("M")
        splitter.setSizes([em * 22, em * 58])
        self.resize(em * 82, self.fontMetrics().height() * 40)

        QWidget.setTabOrder(self.search, self.contents)
        QWidget.setTabOrder(self.contents, self.text)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        to_list = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self.contents.setFocus)
        to_list.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self.contents.setFocus)
        self.contents.currentItemChanged.connect(self._chosen)
        self.show_section(help_content.WELCOME)

    # -- showing -------------------------------------------------------------------

    def show_section(self, section_id: str) -> None:
        """Show the section with this anchor id (the first section if there is none)."""
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(_ID) == section_id:
                if item.isHidden():  # asked for by name: it shows even if the search left it out
                    self.search.clear()
                self.contents.setCurrentItem(item)
                self._show(self.sections[row])
                return
        self._show(self.sections[0])

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self._show(self.sections[self.contents.row(item)])

    def _show(self, section: Section) -> None:
        if section is self.current:
            return
        self.current = section
        self.text.setMarkdown(section.markdown)
        self.map.setVisible(section.id == help_content.PROCESS_MAP)
        self._highlight()

    def _follow(self, url: QUrl) -> None:
        """A link to another section (``#id``) opens it here; nothing else is followed."""
        if url.fragment() and not url.path():
            self.show_section(url.fragment())

    # -- searching -----------------------------------------------------------------

    def _search(self, text: str) -> None:
        self.words = help_content.query_words(text)
        hits = {s.id for s in help_content.search(text, self.sections)}
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            item.setHidden(item.data(_ID) not in hits)
        if not self.words:
            self.found.setText("")
        elif hits:
            self.found.setText(f"{len(hits)} section{'s' if len(hits) != 1 else ''} "
                               f"contain{'s' if len(hits) == 1 else ''} every word.")
        else:
            self.found.setText("No section contains every word. Try fewer or other words.")
        current = self.contents.currentItem()
        if hits and (current is None or current.isHidden()):
            first = next(self.contents.item(r) for r in range(self.contents.count())
                         if not self.contents.item(r).isHidden())
            self.contents.setCurrentItem(first)
        self._highlight()

    def highlights(self) -> list[QTextEdit.ExtraSelection]:
        return list(self.text.extraSelections())

    def _highlight(self) -> None:
        """Mark every occurrence of the search words in the section shown (background and underline)."""
        marks: list[QTextEdit.ExtraSelection] = []
        look = QTextCharFormat()
        look.setBackground(QColor("#ffe066"))
        look.setForeground(QColor("#000000"))
        look.setFontUnderline(True)
        document = self.text.document()
        for word in self.words:
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(word, cursor)
                if cursor.isNull():
                    break
                mark = QTextEdit.ExtraSelection()
                mark.cursor = cursor
                mark.format = look
                marks.append(mark)
        self.text.setExtraSelections(marks)
        if marks:
            first = min(marks, key=lambda m: m.cursor.selectionStart())
            place = QTextCursor(document)
            place.setPosition(first.cursor.selectionStart())
            self.text.setTextCursor(place)
            self.text.ensureCursorVisible()
        else:
            self.text.moveCursor(QTextCursor.MoveOperation.Start)


def _line_edit() -> QLineEdit:
    field = QLineEdit()
    field.setClearButtonEnabled(True)
    field.setPlaceholderText("Words to look for, e.g. consent")
    field.setAccessibleName("Search the guidance")
    return field


def show_help(parent: QWidget, section_id: str = help_content.WELCOME) -> HelpWindow:
    """Open (or bring forward) the guidance of ``parent``'s window at ``section_id``."""
    owner = parent.window()
    window = owner.findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if window is None:
        window = HelpWindow(owner)
    window.show_section(section_id)
    bring_forward(window)
    return window


def help_button(dialog: QWidget, section_id: str) -> QPushButton:
    """A Help button opening ``section_id``, and F1 doing the same anywhere in ``dialog``."""
    button = QPushButton("&Help")
    button.setAutoDefault(False)
    button.setToolTip("Guidance for this dialog (F1)")
    button.clicked.connect(lambda: show_help(dialog, section_id))
    QShortcut(QKeySequence(Qt.Key.Key_F1), dialog, lambda: show_help(dialog, section_id))
    return button


def install_help_menu(window: QMainWindow, section_id: str) -> dict[str, QAction]:
    """A Help menu on ``window``: Guidance (F1, at ``section_id``) and the Process map."""
    menu = window.menuBar().addMenu("&Help")
    guidance = QAction("&Guidance", window)
    guidance.setShortcut(QKeySequence(Qt.Key.Key_F1))
    guidance.setStatusTip("The hub's guidance, at the part for this window")
    guidance.triggered.connect(lambda: show_help(window, section_id))
    process = QAction("&Process map", window)
    process.setStatusTip("The hub's steps from contact to feedback")
    process.triggered.connect(lambda: show_help(window, help_content.PROCESS_MAP))
    menu.addAction(guidance)
    menu.addAction(process)
    return {"guidance": guidance, "process_map": process}
