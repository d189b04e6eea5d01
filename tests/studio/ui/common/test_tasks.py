"""Work off the GUI thread: results come back on it, and the interpreter waits for the pools at exit."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QObject

from studio.ui.common.tasks import Tasks, wait_for_pools


@pytest.fixture
def owner() -> QObject:
    """What owns a Tasks in the studio: a page or dialog (a pool without one is not used)."""
    return QObject()


def test_results_and_errors_come_back_on_the_gui_thread(qtbot: Any, owner: QObject) -> None:
    tasks = Tasks(owner, max_threads=1)
    got: list[tuple[str, object, bool]] = []
    gui = threading.current_thread()
    tasks.run(lambda: 6 * 7, lambda r: got.append(("done", r, threading.current_thread() is gui)))
    tasks.run(lambda: 1 / 0, None,
              lambda e: got.append(("error", type(e), threading.current_thread() is gui)))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=10_000)
    assert got == [("done", 42, True), ("error", ZeroDivisionError, True)]
    assert not tasks.busy


def test_at_exit_the_work_still_running_on_a_pool_is_waited_for(qtbot: Any, owner: QObject) -> None:
    """Registered at exit: a pool thread still running Python when the interpreter was finalised
    was ended from under Qt ('Qt Concurrent has caught an exception thrown from a worker thread',
    seen at the end of test_translation.py) and its work never finished."""
    tasks = Tasks(owner, max_threads=1)
    started, finished = threading.Event(), threading.Event()

    def work() -> None:
        started.set()
        time.sleep(0.3)
        finished.set()

    tasks.run(work)
    assert started.wait(30)
    assert wait_for_pools() is True
    assert finished.is_set()


def test_waiting_skips_pools_whose_qt_object_is_gone() -> None:
    from shiboken6 import delete, isValid

    tasks = Tasks()
    delete(tasks)  # as when the page that owned it was closed
    assert not isValid(tasks)
    assert wait_for_pools(grace=1.0) is True


def test_an_outcome_for_a_closed_owner_is_dropped(qtbot: Any) -> None:
    """A page closed while its work runs: the result must not reach callbacks on its widgets."""
    from shiboken6 import delete

    owner = QObject()
    tasks = Tasks(owner, max_threads=1)
    release, got = threading.Event(), []
    tasks.run(lambda: release.wait(30), got.append)
    threading.Timer(0.2, release.set).start()
    delete(owner)  # waits for the pool (Qt does), while the result is queued to the relay
    qtbot.wait(200)
    assert got == []


@pytest.mark.timeout(60, method="thread")  # a deadlock holds the lock a signal handler needs
def test_an_owner_deleted_later_while_its_work_runs_does_not_hang(qtbot: Any) -> None:
    """A window closed (deleted from the event loop) while its pool still runs Python work: Qt's
    pool destructor used to wait for that work while the event loop held the interpreter lock the
    work needed, and the studio froze (seen as a full-suite hang after a window's tests)."""
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    tasks = Tasks(owner, max_threads=2)
    started, done = threading.Event(), []

    def work() -> int:
        started.set()
        time.sleep(0.3)
        return sum(range(200_000))  # Python work after the wait: needs the interpreter lock

    for _ in range(2):
        tasks.run(work, done.append)
    assert started.wait(30)
    owner.deleteLater()
    other = QWidget()
    qtbot.addWidget(other)
    # The deferred delete runs inside this wait, which (unlike qWait) keeps the interpreter lock.
    with qtbot.waitExposed(other, timeout=5000):
        other.show()
    qtbot.waitUntil(lambda: wait_for_pools(grace=1.0), timeout=20_000)
    assert done == []  # the owner is gone: its callbacks are not called


def test_a_pool_deleted_before_its_owner_is_let_go_quietly() -> None:
    """At interpreter exit Qt may delete a pool before the Tasks that owned it signals its end:
    retiring the deleted pool then printed a traceback ('Internal C++ object already deleted')."""
    from PySide6.QtCore import QThreadPool
    from shiboken6 import delete, isValid

    from studio.ui.common import tasks as module

    holder = QObject()
    pool = QThreadPool(holder)
    delete(holder)  # Qt deletes the pool with it
    assert not isValid(pool)
    module._retire(pool)  # what the owner's destroyed signal does
    assert pool not in module._retired
    assert wait_for_pools(grace=1.0) is True
