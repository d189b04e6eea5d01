"""Native worker threads: the interpreter waits for them at exit instead of aborting mid-call."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from backends.threads import BACKGROUND_NICE, join_native, native_thread, start_native, yield_to_interface

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_interpreter_waits_for_native_work_at_exit(tmp_path: Path) -> None:
    """A plain daemon thread would be cut off here (the file never written); one from
    start_native finishes its work before the process ends."""
    done = tmp_path / "done"
    result = _run(f"""
        import time
        from backends.threads import start_native

        def work():
            time.sleep(0.5)
            open({str(done)!r}, "w").write("finished")

        start_native(work, name="slow-native-work")
    """)
    assert result.returncode == 0, result.stderr
    assert done.read_text() == "finished"


def test_closing_while_kokoro_still_loads_waits_for_it() -> None:
    """The fault seen: a session that ended while Kokoro's background load was inside ONNX
    Runtime aborted with 'terminate called without an active exception' (exit status 134), now
    and then. Deterministically: the loading thread must have ended (loaded, or stopped with a
    Python error it keeps) when the last exit handler runs; exit handlers run last-registered
    first, so this one, registered before backends is imported, runs after the wait."""
    result = _run("""
        import atexit

        def report():
            print("still loading at exit:", engine.warming, flush=True)

        atexit.register(report)

        from backends.embedded.engine import EmbeddedBackend

        engine = EmbeddedBackend(preload_kokoro=True)
        engine.load()
        assert engine.warming, "Kokoro should still be loading in the background"
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "terminate called" not in result.stderr
    assert "still loading at exit: False" in result.stdout


def test_the_wait_is_bounded_and_ignores_threads_never_started() -> None:
    release = threading.Event()
    native_thread(release.wait, name="never-started")  # joining it would raise; it is skipped
    stuck = start_native(release.wait, name="stuck-native-work")
    try:
        assert join_native(grace=0.05) is False
        assert stuck.is_alive()
    finally:
        release.set()
    assert join_native() is True


def _nice_of(thread_work: Any) -> int:
    seen: list[int] = []

    def work() -> None:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        thread_work()

    t = start_native(work, name="priority-probe")
    t.join(30)
    return seen[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are set on Linux only")
def test_native_threads_step_back_for_the_interface_when_asked() -> None:
    """The desktop app asks (studio.ui.shell.app.tune_for_interface); the CLI and server do not."""
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    assert _nice_of(lambda: None) == base  # not asked: full priority
    yield_to_interface(True)
    try:
        assert _nice_of(lambda: None) == min(19, base + BACKGROUND_NICE)
        # A native thread started by a lowered one is not lowered twice.
        inner: list[int] = []
        _nice_of(lambda: inner.append(_nice_of(lambda: None)))
        assert inner == [min(19, base + BACKGROUND_NICE)]
    finally:
        yield_to_interface(False)
    assert _nice_of(lambda: None) == base
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == base  # the caller untouched
