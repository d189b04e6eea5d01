"""Settings for the whole suite: never touch the user's real data, never need a display."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt: tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Everything the studio writes (library, settings, caches) goes under one throwaway folder unless a
# test points STEP_STUDIO_HOME somewhere else itself.
os.environ.setdefault("STEP_STUDIO_HOME", tempfile.mkdtemp(prefix="step-studio-tests-"))
