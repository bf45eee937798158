"""The guidance: its sections, the help window's search, F1 and every dialog's Help button."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QWidget

from mash_desktop.gui.help import content as help_content
from mash_desktop.gui.steps.allocation import AllocationDialog
from mash_desktop.gui.steps.authorise import AuthoriseDialog
from mash_desktop.gui.case.window import CaseWindow
from mash_desktop.gui.steps.consultation import ConsultationDialog
from mash_desktop.gui.steps.decision import DecisionDialog
from mash_desktop.gui.steps.disclosure import DisclosureDialog
from mash_desktop.gui.help.window import HelpWindow, show_help
from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.gui.shell.lock import LockScreen
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.gui.steps.reason import ReasonDialog
from mash_desktop.gui.steps.screening import ScreeningDialog
from mash_desktop.gui.shell.signin import SignInDialog
from mash_desktop.gui.shell.startup import Workplace

from ..dialog_helpers import REF
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"),
              pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")]
_LINK = re.compile(r"\]\(#([^)]*)\)")


@pytest.fixture
def backend():
    """Help reads files, not the database: SQLite is enough here."""
    return "sqlite"


def _ids() -> list[str]:
    return [s.id for s in help_content.sections()]


def _help_of(widget: QWidget) -> HelpWindow | None:
    return widget.window().findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)


def _activate(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.windowHandle().requestActivate()  # shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _press_f1(qtbot, window: QWidget) -> None:
    _activate(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)


# -- the manual ---------------------------------------------------------------------------


def test_the_guidance_covers_the_hub_and_every_screen():
    ids = _ids()
    assert len(ids) == len(set(ids))
    for needed in ("process", "rag", "thresholds", "lawful-bases", "golden-rules", "roles", "queue",
                   "case-workspace", "intake", "disclosure", "decision"):
        assert needed in ids
    named = {value for name, value in vars(help_content).items()
             if name.isupper() and not name.startswith("_") and isinstance(value, str)}
    assert named and named <= set(ids)


def test_every_section_has_a_title_and_its_links_lead_to_sections():
    ids = set(_ids())
    for section in help_content.sections():
        assert section.title and section.title != section.id
        for target in _LINK.findall(section.markdown):
            assert target in ids, f"{section.id} links to a missing section {target!r}"


def test_the_guidance_follows_the_hub_rules():
    rag = help_content.find("rag").plain
    for line in ("Red", "4 clock hours", "2 clock hours", "24 working hours", "6 working hours",
                 "72 working hours", "no target"):
        assert line in rag
    rules = help_content.find("golden-rules").markdown
    assert len(re.findall(r"^\d\. ", rules, re.M)) == 7
    levels = help_content.find("thresholds").plain
    assert all(f"| {n} " in help_content.find("thresholds").markdown for n in range(1, 5))
    for name in ("Universal", "Early help", "Complex / targeted", "Acute / protection"):
        assert name in levels


def test_the_guidance_follows_the_current_national_advice():
    """Working Together to Safeguard Children (2023) and the information-sharing advice of May 2024."""
    rules = help_content.find("golden-rules")
    text = " ".join(rules.plain.split())
    assert "Information sharing: advice for practitioners" in text and "May 2024" in text
    numbered = re.findall(r"^\d\. \*\*(.+?)\*\*", rules.markdown, re.M | re.S)
    assert len(numbered) == 7
    for said in ("right to be protected", "duty to share", "not a barrier", "When in doubt, share",
                 "open and honest", "do not need consent to share where there is a risk of harm",
                 "usually not the most appropriate", "Seek advice", "the referrer", "necessary, proportionate, "
                 "relevant, adequate and accurate", "timely", "securely", "Record what you shared and why"):
        assert said.lower() in text.lower(), said
    everything = " ".join(" ".join(s.plain.split()) for s in help_content.sections()).lower()
    for wrong in ("consent is the usual", "usually share with consent", "share with consent where appropriate",
                  "needs no written confirmation", "referrer's identity is always shared"):
        assert wrong not in everything, wrong
    for source in ("working together to safeguard children (hm government, 2023)", "data protection act 2018"):
        assert source in everything
    for section in ("process", "screening", "rag", "decision"):
        assert "one working day" in " ".join(help_content.find(section).plain.split()), section
    process = " ".join(help_content.find("process").plain.split())
    for said in ("three safeguarding partners", "lead safeguarding partner", "strategy discussion",
                 "always confirmed in writing", "not to be identified"):
        assert said in process, said
    assert "always be confirmed in writing" in " ".join(help_content.find("intake").plain.split())
    lawful = " ".join(help_content.find("lawful-bases").plain.split())
    assert "usually not the most appropriate lawful basis" in lawful and "do not need consent" in lawful
    assert "http" not in everything  # sources are named by title and year


def test_sections_are_read_in_number_order_with_their_titles(tmp_path):
    (tmp_path / "10-bee.md").write_text("# Bees\n\ntext", encoding="utf-8")
    (tmp_path / "2-ant.md").write_text("\n# Ants\n\nmore", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not a section", encoding="utf-8")
    (tmp_path / "3-cat.txt").write_text("# not markdown", encoding="utf-8")
    found = help_content.read_sections(tmp_path)
    assert [(s.id, s.title) for s in found] == [("ant", "Ants"), ("bee", "Bees")]


def test_search_keeps_sections_with_every_word():
    hits = help_content.search("Seven GOLDEN")
    assert "golden-rules" in [s.id for s in hits]
    assert all("seven" in s.plain.lower() and "golden" in s.plain.lower() for s in hits)
    assert help_content.search("golden qqzxv") == []
    assert help_content.search("  ") == list(help_content.sections())


def test_search_does_not_look_in_link_targets():
    plain = help_content.find("process-map").plain
    assert "#process" not in plain and "the hub process" in plain


# -- the window ---------------------------------------------------------------------------


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_search_box_filters_the_contents_and_highlights_the_word(qtbot, host):
    window = show_help(host, help_content.WELCOME)
    qtbot.keyClicks(window.search, "proportionate")
    shown = [window.contents.item(r).data(Qt.ItemDataRole.UserRole) for r in range(window.contents.count())
             if not window.contents.item(r).isHidden()]
    assert shown == [s.id for s in help_content.search("proportionate")]
    assert "golden-rules" in shown and window.current.id in shown
    marks = window.highlights()
    text = window.text.toPlainText().lower()
    assert marks and len(marks) == text.count("proportionate")
    assert all(m.cursor.selectedText().lower() == "proportionate" for m in marks)
    assert "contain" in window.found.text()
    window.search.clear()
    assert window.highlights() == [] and window.found.text() == ""
    assert all(not window.contents.item(r).isHidden() for r in range(window.contents.count()))
    qtbot.keyClicks(window.search, "qqzxv")
    assert "No section contains" in window.found.text()


def test_choosing_in_the_contents_shows_the_section_and_the_map_only_with_its_own(qtbot, host):
    window = show_help(host, help_content.PROCESS_MAP)
    assert window.current.id == "process-map" and window.map.isVisible()
    assert window.map.step is None
    window.contents.setCurrentRow(_ids().index("roles"))
    assert window.current.id == "roles" and not window.map.isVisible()
    assert "Decision maker" in window.text.toPlainText()


def test_a_link_opens_the_section_it_names(qtbot, host):
    window = show_help(host, help_content.PROCESS)
    window.text.anchorClicked.emit(QUrl("#rag"))
    assert window.current.id == "rag"
    window.text.anchorClicked.emit(QUrl("https://example.org/#process"))
    assert window.current.id == "rag"


def test_one_window_per_window_and_an_unknown_section_opens_the_first(qtbot, host):
    first = show_help(host, "no-such-section")
    assert first.current.id == _ids()[0]
    assert show_help(host, help_content.DECISION) is first and first.current.id == "decision"


def test_asking_for_a_section_the_search_left_out_clears_the_search(qtbot, host):
    window = show_help(host, help_content.WELCOME)
    qtbot.keyClicks(window.search, "proportionate")
    window.show_section(help_content.QUEUE)
    assert window.current.id == "queue" and window.search.text() == ""


def test_escape_closes_the_help_window_and_down_reaches_the_contents(qtbot, host):
    window = show_help(host, help_content.WELCOME)
    _activate(qtbot, window)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.contents.hasFocus()
    qtbot.keyClick(window.contents, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isVisible())


# -- ways in ------------------------------------------------------------------------------


def test_f1_in_the_queue_opens_the_queue_section_and_the_menu_the_map(qtbot, sup_hub):
    window = MainWindow(sup_hub.db, signed=sup_hub.sign_in("csc.officer"))
    qtbot.addWidget(window)
    _press_f1(qtbot, window)
    helper = _help_of(window)
    assert helper is not None and helper.isVisible() and helper.current.id == "queue"
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-1] == "&Help" and "&Case" in titles
    helper.show_section("roles")
    window.help_actions["process_map"].trigger()
    assert helper.current.id == "process-map" and helper.map.isVisible()
    window.close()


def test_f1_in_the_case_workspace_opens_its_section(qtbot, sup_hub):
    window = CaseWindow(sup_hub.db, sup_hub.sign_in("csc.officer"), REF)
    qtbot.addWidget(window)
    _press_f1(qtbot, window)
    assert _help_of(window).current.id == "case-workspace"


def _place(hub) -> Workplace:
    return Workplace(hub.db, hub.creds("CSC"), "CSC", "CSC agency")


DIALOGS = [
    (lambda h: ScreeningDialog(None, h.db, h.sign_in("csc.lead"), REF), "screening"),
    (lambda h: AllocationDialog(None, h.db, h.sign_in("csc.lead"), REF), "allocation"),
    (lambda h: DisclosureDialog(None, h.db, h.sign_in("pol.officer"), REF), "disclosure"),
    (lambda h: AuthoriseDialog(None, h.db, h.sign_in("pol.lead"), REF), "authorise"),
    (lambda h: DecisionDialog(None, h.db, h.sign_in("csc.decision"), REF), "decision"),
    (lambda h: IntakeDialog(None, h.db, h.sign_in("csc.officer")), "intake"),
    (lambda h: ConsultationDialog(None, h.db, h.sign_in("csc.officer")), "consultation"),
    (lambda h: ReasonDialog(REF), "opening-reason"),
    (lambda h: SignInDialog(_place(h)), "sign-in"),
    (lambda h: LockScreen(_place(h), h.sign_in("csc.officer")), "sign-in"),
]


@pytest.mark.parametrize("make, section", DIALOGS, ids=[s for _, s in DIALOGS[:-1]] + ["lock"])
def test_each_dialogs_help_button_and_f1_open_its_section(qtbot, sup_hub, make, section):
    dialog = make(sup_hub)
    qtbot.addWidget(dialog)
    _activate(qtbot, dialog)
    button = dialog.help_button
    assert button.text() == "&Help" and button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    helper = _help_of(dialog)
    assert helper is not None and helper.isVisible() and helper.current.id == section
    helper.show_section(help_content.WELCOME)
    helper.close()
    _press_f1(qtbot, dialog)
    assert helper.isVisible() and helper.current.id == section
    helper.close()
    if isinstance(dialog, LockScreen):
        dialog.finish()
    else:
        dialog.reject()
