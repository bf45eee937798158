"""A new password typed twice, as the administration dialogs ask for it.

The password is checked by the services (length, common passwords, not the
username) when it is saved; here the form only says whether both boxes are
filled and agree. Nothing typed is ever logged or kept after the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from ...services.admin.users import KdfParams

#: Password hashing parameters for passwords set in the client; None means the
#: default. Only the test suite sets cheaper ones.
KDF_PARAMS: KdfParams | None = None


def _secret_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setAccessibleName(name)
    return box


class PasswordPair(QWidget):
    """Two password boxes added to a form; :meth:`problem` says what is missing."""

    changed = Signal()

    def __init__(self, form: QFormLayout, whose: str) -> None:
        super().__init__()
        self.whose = whose
        self.first = _secret_box(f"{whose} password")
        self.again = _secret_box(f"{whose} password again")
        form.addRow("&Password:", self.first)
        form.addRow("Password a&gain:", self.again)
        self.first.textChanged.connect(self.changed)
        self.again.textChanged.connect(self.changed)

    def password(self) -> str:
        return self.first.text()

    def problem(self) -> str | None:
        if not self.first.text():
            return f"Type {self.whose} password."
        if self.again.text() != self.first.text():
            return "Type the same password again in the second box."
        return None

    def clear(self) -> None:
        self.first.clear()
        self.again.clear()
