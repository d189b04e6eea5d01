"""Resident memory of the desktop app and of the engine server, step by step (issue 21, item 4).

Run: `python bench/app_memory.py [--out bench/results/app_memory.json]` (about three minutes: the
server's reading at rest waits for two turns of its minute timer).

The app: the real main window (offscreen) with the real Embedded engine and library, driven as a user
would, its resident memory (VmRSS from /proc) read after each step:

1. shown, with the default voice (Piper) and espeak-ng loaded;
2. after a take of the 300-character paragraph with Piper;
3. at rest: after the minute timer gave back the idle voices' scratch memory (here the idle
   threshold is set to 0 s so the bench need not wait the minute; the code path is the timer's);
4. Kokoro picked in the voice list (it loads in the background), then 5 and 6 as 2 and 3 with it.

The server: `step-studio serve --engine embedded` as a user starts it, read when it is listening,
after one speech request with the default voice, and at rest. The peak (VmHWM) of each is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STEP_STUDIO_HOME", tempfile.mkdtemp(prefix="step-studio-bench-"))

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui_stall import PARAGRAPH, wait_until  # noqa: E402
from machine import append_record, machine_line  # noqa: E402

from studio.engines import idle  # noqa: E402

PARAGRAPH_300 = PARAGRAPH.strip()
KOKORO = "kokoro:jf_alpha"


def _kb_fields(path: Path) -> dict[str, int]:
    out = {}
    for line in path.read_text().splitlines():
        name, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            out[name] = int(value.split()[0])
    return out


def status_mb(pid: int | str = "self") -> dict[str, float]:
    """Resident now and at its peak, and of the resident part what is the process's own (private)
    and its proportional share of pages shared with others (PSS), in MB."""
    status = _kb_fields(Path(f"/proc/{pid}/status"))
    rollup = _kb_fields(Path(f"/proc/{pid}/smaps_rollup"))
    return {"rss": round(status["VmRSS"] / 1024, 1), "peak": round(status["VmHWM"] / 1024, 1),
            "private": round((rollup["Private_Clean"] + rollup["Private_Dirty"]) / 1024, 1),
            "pss": round(rollup["Pss"] / 1024, 1)}


def settle(app: Any, seconds: float = 1.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def measure_app() -> dict[str, Any]:
    from studio.settings import SettingsStore
    from studio.ui.shell.app import create_app, tune_for_interface
    from studio.ui.shell.main_window import MainWindow

    tune_for_interface()
    app = create_app(["bench"])
    window = MainWindow(SettingsStore(Path(os.environ["STEP_STUDIO_HOME"]) / "config" / "settings.json"))
    page = window.speak
    steps: dict[str, Any] = {}

    def ready() -> bool:
        return page.backend is not None and window.library is not None and not getattr(
            page.backend, "warming", False)

    def families() -> list[str]:
        return sorted(s.name for s in page.backend.residency.states() if s.loaded)

    def take(name: str) -> None:
        page.editor.setPlainText(PARAGRAPH_300)
        before = page.takes.count()
        page.generate()
        assert wait_until(app, lambda: not page.generating and page.takes.count() == before + 1, 300), name
        settle(app)
        steps[name] = {**status_mb(), "loaded": families()}

    def rest(name: str) -> None:
        idle.SCRATCH_IDLE_S = 0.0  # the timer's own call, without waiting its minute
        window.unload_idle_voices()
        settle(app, 3.0)
        steps[name] = {**status_mb(), "loaded": families()}

    window.show()
    assert wait_until(app, ready, 120), "the engine did not load"
    settle(app)
    steps["shown"] = {**status_mb(), "loaded": families()}
    take("piper_take")
    rest("piper_rest")
    combo = page.voice_bar.voice_combo
    combo.setCurrentIndex(combo.findData(KOKORO))
    assert wait_until(app, lambda: ready() and "kokoro" in families(), 120), "Kokoro did not load"
    settle(app)
    steps["kokoro_chosen"] = {**status_mb(), "loaded": families()}
    take("kokoro_take")
    rest("kokoro_rest")
    window.close()
    return steps


def measure_server() -> dict[str, Any]:
    from server_queue import server, warm_once  # httpx: not in the app's process while it is measured

    steps: dict[str, Any] = {}
    with server(4, 32) as (url, pid):
        time.sleep(2.0)
        steps["listening"] = status_mb(pid)
        warm_once(url, PARAGRAPH_300, 120)
        time.sleep(1.0)
        steps["after_one_request"] = status_mb(pid)
        # Two turns of the server's minute timer: the first finds the family idle for under a
        # minute, the second hands its scratch memory back (studio.engines.idle).
        time.sleep(2 * idle.CHECK_EVERY_S + 5)
        steps["at_rest"] = status_mb(pid)
    return steps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "app_memory.json")
    args = ap.parse_args()
    result = {
        "what": "resident memory (VmRSS) and peak (VmHWM), MB, of the app driven step by step and of "
                "the engine server",
        "machine": machine_line(),
        "date": time.strftime("%Y-%m-%d"),
        "app": measure_app(),
        "server": measure_server(),
    }
    append_record(args.out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
