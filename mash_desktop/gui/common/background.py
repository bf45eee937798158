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

import itertools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance, Slot

from . import errors

T = TypeVar("T")

#: Operations whose work has not come back yet, by token. A worker holds
#: only its operation's token, never a Qt object: a QObject freed by a pool
#: thread (the last reference to it dropped there) races the GUI thread
#: delivering to it, and crashes the client.
_running: dict[int, "Operation[Any]"] = {}
_tokens = itertools.count(1)


class _Bridge(QObject):
    """One for the client, made on the GUI thread and never deleted: workers
    emit on it, and Qt queues each emission to the GUI thread, where it is
    handed to the operation with that token."""

    succeeded = Signal(object, object)  # token, result
    failed = Signal(object, object)  # token, exception

    def __init__(self) -> None:
        super().__init__()
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)

    @Slot(object, object)
    def _deliver_success(self, token: int, result: Any) -> None:
        operation = _running.pop(token, None)
        if operation is not None:
            operation._succeeded(result)

    @Slot(object, object)
    def _deliver_failure(self, token: int, exc: Exception) -> None:
        operation = _running.pop(token, None)
        if operation is not None:
            operation._failed(exc)


_bridge: _Bridge | None = None


def _the_bridge() -> _Bridge:
    global _bridge
    if _bridge is None or not shiboken6.isValid(_bridge):
        _bridge = _Bridge()
    return _bridge


class _Task(QRunnable):
    """Runs the function on a worker and reports its result under the token."""

    def __init__(self, fn: Callable[[], Any], token: int, succeeded: SignalInstance, failed: SignalInstance) -> None:
        super().__init__()
        self._fn, self._token = fn, token
        self._succeeded, self._failed = succeeded, failed

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # every failure goes back to the GUI thread
            self._failed.emit(self._token, exc)
        else:
            self._succeeded.emit(self._token, result)


class Operation(Generic[T]):
    """A piece of background work with callbacks run on the GUI thread."""

    def __init__(self, parent: QObject | None, fn: Callable[[], T]) -> None:
        self._parent = parent
        self._fn = fn
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._started = False

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        """Call ``callback(result)`` on the GUI thread when the work is done."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation[T]:
        """Call ``callback(exc)`` instead of showing the error to the user."""
        self._on_failure = callback
        return self

    def run(self) -> Operation[T]:
        """Start the work on the global thread pool; returns at once (call it on the GUI thread)."""
        if self._started:
            raise RuntimeError("an operation runs only once")
        self._started = True
        token = next(_tokens)
        _running[token] = self
        bridge = _the_bridge()
        QThreadPool.globalInstance().start(_Task(self._fn, token, bridge.succeeded, bridge.failed))
        return self

    def _wanted(self) -> bool:
        """Whether the parent still wants results (a closed window does not)."""
        return self._parent is None or shiboken6.isValid(self._parent)

    def _succeeded(self, result: T) -> None:
        if self._wanted() and self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: Exception) -> None:
        if not self._wanted():
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            errors.show_error(self._parent, exc)


def running() -> int:
    """How many operations have not reported back yet."""
    return len(_running)
