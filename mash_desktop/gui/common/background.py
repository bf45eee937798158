"""The one way the client runs database work off the GUI thread.

Every query or write goes through :class:`Operation`::

    Operation(window, lambda: list_referrals(db)).success(window.show_rows).run()

The function runs on a worker of the global ``QThreadPool``; its result (or
the exception it raised) comes back as a queued signal, so the callbacks run
on the GUI thread, where touching widgets is safe. A failure nobody asked to
handle goes to the error router, so no exception disappears in a worker.

If the parent widget is gone by the time the work finishes, the result is
dropped: a closed window must not be updated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from . import errors

T = TypeVar("T")

#: Operations whose work has not come back yet. Holding them here keeps each
#: bridge alive (and never deleted) while a worker may still emit on it.
_running: set[Operation[Any]] = set()


class _Bridge(QObject):
    """Lives on the GUI thread; the worker emits, the GUI thread receives.

    The receiving slots belong to this QObject, so Qt queues each emission
    from a worker to the bridge's own (GUI) thread.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        self._on_success(result)

    @Slot(object)
    def _deliver_failure(self, exc: Exception) -> None:
        self._on_failure(exc)


class _Task(QRunnable):
    """Runs the function on a worker and reports through the bridge."""

    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self._fn = fn
        self._bridge = bridge

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # every failure goes back to the GUI thread
            self._bridge.failed.emit(exc)
        else:
            self._bridge.succeeded.emit(result)


class Operation(Generic[T]):
    """A piece of background work with callbacks run on the GUI thread."""

    def __init__(self, parent: QObject | None, fn: Callable[[], T]) -> None:
        self._parent = parent
        self._fn = fn
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._bridge: _Bridge | None = None

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        """Call ``callback(result)`` on the GUI thread when the work is done."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation[T]:
        """Call ``callback(exc)`` instead of showing the error to the user."""
        self._on_failure = callback
        return self

    def run(self) -> Operation[T]:
        """Start the work on the global thread pool; returns at once."""
        if self._bridge is not None:
            raise RuntimeError("an operation runs only once")
        # Created here, on the GUI thread, so queued signals land here.
        self._bridge = _Bridge(self._succeeded, self._failed)
        _running.add(self)
        QThreadPool.globalInstance().start(_Task(self._fn, self._bridge))
        return self

    def _finish(self) -> bool:
        """Forget this operation; say whether its parent still wants results."""
        _running.discard(self)
        if self._bridge is not None:
            self._bridge.deleteLater()
        return self._parent is None or shiboken6.isValid(self._parent)

    def _succeeded(self, result: T) -> None:
        if self._finish() and self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: Exception) -> None:
        if not self._finish():
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            errors.show_error(self._parent, exc)


def running() -> int:
    """How many operations have not reported back yet."""
    return len(_running)
