"""Starting the studio window: Qt application, translations, theme, and the window, fast.

The window must be on screen within about two seconds of launch on an ordinary laptop, so this
module imports only Qt and the window's own modules; engines, the take library and audio devices
are reached from worker threads after the first paint (see MainWindow.start_background).

Translations use Qt's own system: every visible string goes through `tr()`/`translate()`, the
catalogues live in `studio/i18n/step_studio_<lang>.ts` (made with pyside6-lupdate) and are
compiled to `.qm` with pyside6-lrelease. The language is the one chosen in View ▸ Language, or
the system's when none was chosen.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from studio.desktop.integration import APP_ID
from studio.settings import Settings, SettingsStore
from studio.ui.common.theme import apply_text_scale, apply_theme, text_scale
from widgets.icons import ICONS_DIR

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[2] / "i18n"
ICON_PATH = ICONS_DIR / "step-studio.svg"


def ui_language(settings: Settings) -> str:
    """The language to show: the one chosen in the app, else the system's (e.g. 'zh_CN')."""
    if settings.extra.get("ui_language_chosen"):
        return settings.ui_language
    return QLocale.system().name()


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Load the studio's and Qt's own catalogues for `language`; English needs none."""
    installed: list[QTranslator] = []
    if language.startswith("en"):
        return installed
    candidates = [language, language.split("_")[0]]
    studio = QTranslator(app)
    for lang in candidates:
        if studio.load(str(I18N_DIR / f"step_studio_{lang}.qm")):
            app.installTranslator(studio)
            installed.append(studio)
            break
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    for lang in candidates:
        if qt.load(f"qtbase_{lang}", qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
            break
    return installed


def create_app(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    app.setApplicationName("Step Audio Studio")
    app.setApplicationDisplayName("Step Audio Studio")
    app.setOrganizationName("Step Audio Studio")
    app.setDesktopFileName(APP_ID)  # the launcher --install-desktop writes: one icon in the dock
    if ICON_PATH.exists():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    return app


def _process_start_time() -> float:
    """When this process started (wall clock), from /proc where there is one, else now."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


def tune_for_interface() -> None:
    """Process settings that keep the window answering while engines work (bench/gui_stall.py
    measures them, and calls this as main() does).

    Engines run Python code on worker threads; a 1 ms GIL switch interval (default 5 ms) lets the
    GUI thread in sooner, which halved the longest event-loop stalls. Their native threads run
    below the GUI thread's priority (backends.threads.yield_to_interface)."""
    from backends.threads import yield_to_interface

    sys.setswitchinterval(0.001)
    yield_to_interface(True)


def main(argv: list[str] | None = None, open_paths: list[Path] | None = None) -> int:
    """Run the studio window until it is closed; returns the exit status. `open_paths`: files a
    launcher handed over (`step-studio open FILE…`), opened once the window is up."""
    started = time.perf_counter()
    tune_for_interface()
    from studio import logs

    logs.setup("studio", verbose=bool(os.environ.get("STEP_STUDIO_VERBOSE")))
    args = [sys.argv[0] if sys.argv else "step-studio", *(sys.argv[1:] if argv is None else argv)]
    app = create_app(args)
    store = SettingsStore()
    settings = store.load()
    install_translations(app, ui_language(settings))
    apply_text_scale(app, text_scale(settings))
    apply_theme(app, str(settings.extra.get("ui_theme", "system")))

    from studio.ui.shell.main_window import MainWindow

    window = MainWindow(store, settings)
    window.show()
    if open_paths:
        window.open_paths(open_paths)
    shown = time.perf_counter() - started
    log.info("window shown %.2f s after main()", shown)
    if os.environ.get("STEP_STUDIO_STARTUP_TIMING"):
        # Measured from process start (not from main()), so interpreter and import time count too.
        since_process = time.time() - _process_start_time()
        print(f"window shown {shown:.3f} s after main(), {since_process:.3f} s after process start",
              file=sys.stderr, flush=True)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
