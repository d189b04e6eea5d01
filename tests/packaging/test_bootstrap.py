"""packaging/bootstrap.sh's install stamp: a second run of `app` or `test`, in either order, with
nothing changed, runs no pip; a change to pyproject.toml does.

The script runs for real (bash), in a copy of the repository's two files it reads, against a fake
virtual environment whose `python`, `ruff` and `step-studio` only write down how they were called,
and a fake `dpkg-query` that reports every system package installed (so nothing is apt-installed).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("sha256sum") is None,
                                reason="needs bash and coreutils")

FAKE = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >> "{log}"
exit 0
"""
FAKE_DPKG_QUERY = """#!/usr/bin/env bash
# dpkg-query -W -f=FORMAT PACKAGES...: every package installed
shift 2
for p in "$@"; do echo "$p ii "; done
"""


def _executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "packaging").mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "bootstrap.sh", repo / "packaging" / "bootstrap.sh")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    (tmp_path / "venv" / "pyvenv.cfg").write_text("version = 3.11.7\n")
    log = tmp_path / "calls.log"
    for name in ("python", "ruff", "step-studio"):
        _executable(venv_bin / name, FAKE.format(log=log))
    fakebin = tmp_path / "fakebin"
    fakebin.mkdir()
    _executable(fakebin / "dpkg-query", FAKE_DPKG_QUERY)
    return tmp_path


def _run(tree: Path, mode: str) -> list[str]:
    """Run bootstrap.sh `mode`; the fake programs' calls, in order."""
    log = tree / "calls.log"
    log.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEP_STUDIO_")}
    env.update(STEP_STUDIO_VENV=str(tree / "venv"), PATH=f"{tree / 'fakebin'}:{env.get('PATH', '')}")
    done = subprocess.run(["bash", str(tree / "repo" / "packaging" / "bootstrap.sh"), mode],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return log.read_text().splitlines()


def _pip(calls: list[str]) -> list[str]:
    return [c for c in calls if c.startswith("python -m pip install")]


def test_a_second_run_installs_nothing_in_either_order(tree: Path) -> None:
    first = _run(tree, "test")
    assert any("install -e .[test]" in c for c in _pip(first))
    assert "python -m backends.embedded.speaker_weights" in first  # the weights, fetched at install
    assert any(c.startswith("python -m pytest") for c in first)
    # test, then app, then test, then app: nothing more to install.
    for mode in ("app", "test", "app", "test"):
        calls = _run(tree, mode)
        assert _pip(calls) == [], f"{mode} reinstalled: {calls}"
        launched = "step-studio" if mode == "app" else "python -m pytest"
        assert any(c.startswith(launched) for c in calls)


def test_app_first_then_test_installs_the_test_tools_once(tree: Path) -> None:
    assert any(c.endswith("install -e .") for c in _pip(_run(tree, "app")))
    assert _pip(_run(tree, "app")) == []
    assert any("install -e .[test]" in c for c in _pip(_run(tree, "test")))
    assert _pip(_run(tree, "app")) == []
    assert _pip(_run(tree, "test")) == []


def test_a_changed_pyproject_installs_again(tree: Path) -> None:
    _run(tree, "app")
    pyproject = tree / "repo" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n# a new dependency would go here\n")
    assert _pip(_run(tree, "app")) != []
    assert _pip(_run(tree, "app")) == []
    stamps = sorted(p.name for p in (tree / "venv").glob(".installed-*"))
    assert len(stamps) == 1, stamps  # the stale stamp is gone
