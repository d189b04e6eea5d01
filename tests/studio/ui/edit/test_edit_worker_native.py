"""Native audio code on the Edit page's worker thread: transcribing and then pitch shifting on that
thread crashed the process (pedalboard's one-time numpy set-up re-took the GIL with a stale thread
state on a Qt pool thread; backends/embedded/native.py). Run in a child process, since the failure
is a segmentation fault."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]

SCRIPT = textwrap.dedent("""
    import os, sys, tempfile, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {repo!r})
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from studio.editing import EditStore
    from studio.editing.transcript import transcribe
    from studio.ui.edit.page import EditPage
    from backends.embedded.pitch import shift_pitch

    page = EditPage(store_factory=lambda: EditStore(tempfile.mkdtemp()))
    page.show()
    page.start_background()

    def spin(seconds, done):
        end = time.time() + seconds
        while time.time() < end and not done():
            app.processEvents()
            time.sleep(0.01)

    spin(30, lambda: page.projects.new_button.isEnabled())
    page.open_file({clip!r})
    spin(30, lambda: page.doc.state is not None and not page.doc.busy)
    page.doc.apply(lambda p: (transcribe(p, language="en"), None)[1])
    spin(120, lambda: not page.doc.busy)
    shifted = []
    def shift(p):
        shifted.append(len(shift_pitch(p.render().samples, p.sample_rate, -8.0)))
    page.doc.apply(shift)
    spin(60, lambda: not page.doc.busy)
    print("shifted", shifted)
""")


def test_transcribe_then_pitch_shift_on_the_worker_thread(tmp_path: Path) -> None:
    clip = str(REPO / "tests" / "data" / "zero_shot_en_prompt.wav")
    script = tmp_path / "run.py"
    script.write_text(SCRIPT.format(repo=str(REPO), clip=clip), encoding="utf-8")
    env = {**os.environ, "STEP_STUDIO_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "shifted [" in done.stdout and "shifted []" not in done.stdout
