"""The platform survey reads wheel names as pip does: a Linux-only package must not pass for Windows,
and a dependency whose newest release dropped a platform is reported with the release pip falls back
to. Offline: PyPI's answers are given here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "packaging" / "platform_wheels.py"
_spec = importlib.util.spec_from_file_location("platform_wheels", _PATH)
assert _spec is not None and _spec.loader is not None
pw = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("platform_wheels", pw)  # dataclasses look their module up there
_spec.loader.exec_module(pw)

WINDOWS, MAC_ARM, MAC_INTEL = pw.PLATFORMS


@pytest.mark.parametrize(("files", "target", "kind"), [
    (["x-1.0-cp311-cp311-manylinux_2_28_x86_64.whl", "x-1.0.tar.gz"], WINDOWS, "source"),
    (["x-1.0-cp311-cp311-manylinux_2_28_x86_64.whl"], WINDOWS, "none"),
    (["x-1.0-cp311-cp311-win_amd64.whl"], WINDOWS, "wheel"),
    (["x-1.0-cp312-cp312-win_amd64.whl"], WINDOWS, "none"),  # another Python
    (["x-1.0-cp39-abi3-win_amd64.whl"], WINDOWS, "wheel"),  # the stable ABI serves 3.11
    (["x-1.0-py3-none-any.whl"], MAC_ARM, "any"),
    (["x-1.0-py3-none-win_amd64.whl", "x-1.0-py3-none-any.whl"], WINDOWS, "wheel"),
    (["x-1.0-cp311-cp311-macosx_11_0_universal2.whl"], MAC_INTEL, "wheel"),
    (["x-1.0-cp311-cp311-macosx_14_0_arm64.whl"], MAC_INTEL, "none"),
    (["x-1.0-cp311-cp311-macosx_14_0_arm64.whl"], MAC_ARM, "wheel"),
    (["not a wheel.whl"], WINDOWS, "none"),
])
def test_files_are_read_as_pip_reads_them(files: list[str], target: object, kind: str) -> None:
    assert pw.classify(files, target) == kind


def test_a_dropped_platform_falls_back_to_the_newest_release_that_has_it() -> None:
    releases = {
        "1.23.2": ["o-1.23.2-cp311-cp311-macosx_13_0_x86_64.whl"],
        "1.24.0rc1": ["o-1.24.0rc1-cp311-cp311-macosx_13_0_x86_64.whl"],
        "1.32.0": ["o-1.32.0-cp311-cp311-macosx_14_0_arm64.whl"],
        "1.9.0": ["o-1.9.0-cp311-cp311-macosx_10_9_x86_64.whl"],
    }
    assert pw.choose("1.32.0", "1.32.0", releases, MAC_ARM) == pw.Verdict("", "1.32.0", "wheel")
    assert pw.choose("1.32.0", "1.32.0", releases, MAC_INTEL) == pw.Verdict("", "1.23.2", "older wheel")
    assert pw.choose(None, "1.32.0", releases, WINDOWS) == pw.Verdict("", "1.32.0", "none")


def test_requirements_are_walked_with_the_targets_markers() -> None:
    names = dict(pw.dependencies(['colorama; sys_platform == "win32"', 'uvloop; sys_platform != "win32"',
                                  "numpy"], WINDOWS))
    assert "colorama" in names and "numpy" in names and "uvloop" not in names
