"""Settings for the whole suite: never touch the user's real data, never need a display."""

from __future__ import annotations

import os
import tempfile
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
