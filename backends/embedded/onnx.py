"""onnxruntime sessions for the bundled voices, configured to share the machine with a GUI.

onnxruntime's defaults take every core and spin-wait between operators. On a 2-core laptop that
starves the GUI thread and the audio callback: with the defaults the studio's event loop stalled
up to 100-200 ms while a long text was synthesised (bench/gui_stall.py). One core fewer and no
spinning brought the worst stall to ~30 ms for about 30 % more synthesis time, still far faster
than real time.
"""

from __future__ import annotations

import os
from pathlib import Path

import onnxruntime as ort

THREADS_ENV = "STEP_STUDIO_ENGINE_THREADS"


def inference_threads() -> int:
    """Threads one inference may use: all cores but one (at least one), or STEP_STUDIO_ENGINE_THREADS."""
    configured = os.environ.get(THREADS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, (os.cpu_count() or 2) - 1)


def open_session(model: str | Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = inference_threads()
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
