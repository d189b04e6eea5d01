"""Running engine work so that Ctrl+C stops it at once (studio.cli.common.run_interruptibly)."""

from __future__ import annotations

import _thread
import threading
import time

import pytest

from backends.base import CancelToken
from studio.cli.common import run_interruptibly


def test_the_value_and_the_error_of_the_work_come_back() -> None:
    assert run_interruptibly(lambda: 6 * 7, CancelToken(), "t", 1.0) == 42
    with pytest.raises(ZeroDivisionError):
        run_interruptibly(lambda: 1 / 0, CancelToken(), "t", 1.0)


def test_ctrl_c_cancels_the_work_and_waits_for_it_to_stop(terminal_ctrl_c: None) -> None:
    cancel = CancelToken()
    started, stopped = threading.Event(), threading.Event()

    def work() -> str:
        started.set()
        while not cancel.cancelled:  # an engine that looks at its token
            time.sleep(0.01)
        stopped.set()
        return "stopped"

    def press_ctrl_c() -> None:
        started.wait(30)
        _thread.interrupt_main()

    threading.Thread(target=press_ctrl_c).start()
    with pytest.raises(KeyboardInterrupt):
        run_interruptibly(work, cancel, "interruptible", 30.0)
    assert cancel.cancelled and stopped.is_set()
