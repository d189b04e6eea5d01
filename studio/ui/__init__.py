"""The Qt application: windows and pages. The only part of studio/ that imports Qt."""

from __future__ import annotations


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("step-audio-studio")
    except Exception:  # running from a checkout that was never installed
        return "0.1.0"


__version__ = _version()
