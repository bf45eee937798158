"""The client's own settings: typed, with defaults, bounds and descriptions.

They live in the platform's settings store through ``QSettings`` (named by
``app.configure``). No secret ever goes here: the workstation credentials
are in the system keyring, and nothing else the client keeps is secret.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings


@dataclass(frozen=True)
class IntSetting:
    """A whole-number setting kept within ``minimum``..``maximum``."""

    key: str
    default: int
    minimum: int
    maximum: int
    description: str

    def clamp(self, value: int) -> int:
        return max(self.minimum, min(self.maximum, value))

    def read(self, settings: QSettings | None = None) -> int:
        """The stored value, clamped; the default when unset or not a number."""
        raw = (settings or QSettings()).value(self.key, self.default)
        try:
            value = int(str(raw).strip())
        except ValueError:
            return self.default
        return self.clamp(value)

    def write(self, value: int, settings: QSettings | None = None) -> None:
        (settings or QSettings()).setValue(self.key, self.clamp(value))


IDLE_MINUTES = IntSetting(
    "session/idle_minutes", 15, 1, 60,
    "Minutes without keyboard or mouse input before the window locks and asks for the password again.",
)
