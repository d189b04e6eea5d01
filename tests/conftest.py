"""Settings for the whole suite: never touch the user's real data, never need a display."""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Anything the studio writes at import or collection time goes under one throwaway folder.
os.environ.setdefault("STEP_STUDIO_HOME", tempfile.mkdtemp(prefix="step-studio-tests-"))


@pytest.fixture(autouse=True)
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own empty studio home (library, settings, drafts)."""
    home = tmp_path / "home"
    monkeypatch.setenv("STEP_STUDIO_HOME", str(home))
    return home


@pytest.fixture
def terminal_ctrl_c() -> Iterator[None]:
    """Ctrl+C as a user's terminal has it, for tests that press it.

    Python raises KeyboardInterrupt on SIGINT only when SIGINT was not ignored at start; a process
    started in the background by a shell script (a CI runner, `cmd &`) inherits it ignored, and then
    a pressed Ctrl+C (`os.kill`, `_thread.interrupt_main`) does nothing and the test waits until its
    timeout (seen twice: 300 s in backgrounded full runs)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
