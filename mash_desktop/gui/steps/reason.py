"""Asking why someone opens a case their agency is not involved in.

The reason goes into the audit trail with the look (DPA 2018 s62: a
consultation log carries its justification), so the dialog says so, and it
does not accept an empty reason. Esc or Cancel means "do not open".
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...services.case.reader import MAX_REASON
from ..common.reason_prompt import ReasonPrompt
from ..help import content as help_content
from ..help.window import help_button

EXPLANATION = ("{reference} is not allocated to you or your agency, and your agency has not been asked to "
               "research it. You can still open it, but you must say why. Your reason is recorded in the "
               "audit trail, with your name and the time, and may be reviewed by the hub's auditors.")


class ReasonDialog(ReasonPrompt):
    """A modal question: why do you need to open this case?"""

    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, title=f"Reason for opening {reference}",
                         explanation=EXPLANATION.format(reference=reference),
                         label="&Reason for opening this case:", ok_text="&Open case", limit=MAX_REASON,
                         placeholder="For example: strategy meeting tomorrow about a sibling", one_line=True,
                         make_help=lambda dialog: help_button(dialog, help_content.OPENING_REASON))
