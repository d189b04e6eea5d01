"""The wheel installs cleanly: built from the checkout, installed into a fresh virtual environment
outside it, `step-studio` speaks a sentence and the window starts with its translations, icons,
shipped presets and personas, all read from the installed package, none from the source tree.

The fresh environment borrows the already installed dependencies (a .pth line to this
environment's site-packages, whose own .pth files, the editable install's among them, are not run
from there), so the test needs no network and checks only what the wheel itself carries.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import soundfile as sf

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

WINDOW_CHECK = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import studio, widgets, backends
from studio.ui.shell.app import I18N_DIR, ICON_PATH, create_app, install_translations
from studio.ui.shell.main_window import MainWindow
from studio.settings import SettingsStore
from studio.voices.presets import shipped_presets
from studio.conversation.personas import SHIPPED_DIR
from backends.step.engine import RESOURCES

checkout = sys.argv[1]
for module in (studio, widgets, backends):
    assert not module.__file__.startswith(checkout), module.__file__
app = create_app(["step-studio"])
assert install_translations(app, "zh_CN"), "no Chinese catalogue in " + str(I18N_DIR)
assert ICON_PATH.is_file() and (RESOURCES / "tingting.flac").is_file()
shipped = shipped_presets()
assert shipped.presets and not shipped.problems and any(SHIPPED_DIR.glob("*.toml")), shipped.problems
window = MainWindow(SettingsStore())
window.show()
def check():
    if window.speak.backend is None:
        QTimer.singleShot(200, check)
        return
    print("window", window.windowTitle(), window.speak.engine_id, len(window.speak.voices))
    window.close()
    app.quit()
QTimer.singleShot(200, check)
QTimer.singleShot(120000, lambda: app.exit(3))
sys.exit(app.exec())
"""


def test_the_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(dist), str(ROOT)], capture_output=True, text=True, timeout=600,
                           cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = dist.glob("step_audio_studio-*.whl")
    venv = tmp_path / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = Path(subprocess.run([str(python), "-c", where], capture_output=True, text=True,
                                  check=True).stdout.strip())
    deps = [p for p in [*site.getsitepackages(), sysconfig.get_path("purelib")] if Path(p).is_dir()]
    (purelib / "borrowed_dependencies.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                                "--no-index", str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(STEP_STUDIO_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    cli = venv / "bin" / "step-studio"
    spoke = subprocess.run([str(cli), "speak", "Hello from the installed studio.", "-o", "hello.wav"],
                           capture_output=True, text=True, timeout=300, cwd=outside, env=env)
    assert spoke.returncode == 0, spoke.stderr[-2000:]
    assert sf.info(str(outside / "hello.wav")).duration > 1.0
    started = subprocess.run([str(python), "-c", WINDOW_CHECK, str(ROOT)], capture_output=True, text=True,
                             timeout=300, cwd=outside, env=env)
    assert started.returncode == 0, started.stderr[-3000:]
    assert started.stdout.startswith("window "), started.stdout
    # The desktop files come from the installed package too, and name the installed command.
    share = tmp_path / "share"
    added = subprocess.run([str(cli), "--install-desktop"], capture_output=True, text=True, timeout=120,
                           cwd=outside, env={**env, "XDG_DATA_HOME": str(share)})
    assert added.returncode == 0, added.stderr[-2000:]
    launcher = next((share / "applications").glob("*.desktop")).read_text(encoding="utf-8")
    assert f"Exec={cli} open %F" in launcher
    assert len(list((share / "icons" / "hicolor").rglob("*.png"))) == 4
