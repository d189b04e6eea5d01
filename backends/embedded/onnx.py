"""onnxruntime sessions for the bundled voices, configured to share the machine with a GUI.

onnxruntime's defaults take every core and spin-wait between operators. On a 2-core laptop that
starves the GUI thread and the audio callback: with the defaults the studio's event loop stalled
up to 100-200 ms while a long text was synthesised (bench/gui_stall.py). No spinning is what keeps
the GUI answering; a spared core helps above two cores, but on two it made Kokoro slower than real
time for no measured gain (see inference_threads).

Sessions are also cancellable mid-run. One Kokoro sentence is one `run` of several seconds on 2
cores (about 4 s quiet, 10 s with the cores shared), and a cancel polled between runs waited for
all of it: Stop in the studio kept a core busy for one long sentence more. onnxruntime checks a
`RunOptions.terminate` flag between operators, so setting it from the cancelling thread ends the
run within milliseconds (measured 3-22 ms); the run then raises, which we report as `Cancelled`.

And sessions give their scratch memory back when asked. ONNX Runtime keeps the arena its largest run
grew (one long sentence): Piper held about 100 MB more after a take than before it, Kokoro about 60
to 100 MB, until the process ended. Shrinking after every run would cost each take about 10 % of
its speed (arenas regrown: Piper's paragraph 1.63 s against 1.48 s, medians of 6, interleaved), so
a family shrinks once when it has been idle a while (`shrinking`, then `give_back_heap`).
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import onnxruntime as ort

from backends.base import Cancelled, CancelToken

THREADS_ENV = "STEP_STUDIO_ENGINE_THREADS"


def inference_threads(spare_a_core: bool = True) -> int:
    """Threads one inference may use: STEP_STUDIO_ENGINE_THREADS if set, else all cores but one so a
    window's GUI and audio threads keep a core, or all cores when there is nothing to spare one for
    (`spare_a_core=False`: a one-shot command line request).

    On two cores, measured (issue 21, 2-core AMD EPYC, bench/embedded_tts.py and bench/gui_stall.py
    with a real-time null sink): one thread made Kokoro slower than real time (real-time factor 1.14
    against 0.76 with two; Piper 0.121 against 0.087), while the GUI's stalls during a 161 s take
    were the same (p99 11.8 ms with one thread, 11.1 ms with two). Without spinning, the second
    thread costs the GUI nothing measurable there, so two cores keep both. Above two, one is still
    spared (not measured; a third of four is small beside a stutter-free GUI)."""
    configured = os.environ.get(THREADS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    cores = usable_cores()
    return cores - 1 if spare_a_core and cores > 2 else cores


def usable_cores() -> int:
    """The cores this process may run on: fewer than the machine's under `taskset`, a container's
    CPU set or a job scheduler's affinity, where more threads than cores only queue."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on macOS and Windows
        return os.cpu_count() or 2


class CancellableSession:
    """An InferenceSession whose runs a CancelToken can interrupt, for libraries that call `run`.

    kokoro-onnx and piper-tts call `session.run(None, inputs)` themselves, deep inside their own
    synthesis, so the token cannot be passed down as an argument. Instead the caller wraps its
    library call in `with session.cancellable(token):`; every `run` made by that thread inside the
    block gets its own RunOptions whose `terminate` flag the token sets on cancel. The token is
    kept per thread because one session serves several threads at once (a take and a voice match),
    and each must be stopped only by its own token. Everything else is the wrapped session's.
    """

    def __init__(self, session: ort.InferenceSession) -> None:
        self._session = session
        self._local = threading.local()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    @contextmanager
    def shrinking(self) -> Iterator[None]:
        """Runs by this thread inside the block hand the arena's free memory back when they end."""
        self._local.shrink = True
        try:
            yield
        finally:
            self._local.shrink = False

    @contextmanager
    def cancellable(self, cancel: CancelToken) -> Iterator[None]:
        """Runs by this thread inside the block end early, raising Cancelled, when `cancel` fires."""
        previous = getattr(self._local, "cancel", None)
        self._local.cancel = cancel
        try:
            yield
        finally:
            self._local.cancel = previous

    def run(self, output_names: Sequence[str] | None, input_feed: Mapping[str, Any],
            run_options: ort.RunOptions | None = None) -> list[Any]:
        cancel: CancelToken | None = getattr(self._local, "cancel", None)
        if getattr(self._local, "shrink", False):
            run_options = run_options if run_options is not None else ort.RunOptions()
            run_options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        if cancel is None:
            return self._session.run(output_names, input_feed, run_options)
        cancel.raise_if_cancelled()
        options = run_options if run_options is not None else ort.RunOptions()
        unregister = cancel.on_cancel(lambda: setattr(options, "terminate", True))
        try:
            return self._session.run(output_names, input_feed, options)
        except Exception as exc:
            # onnxruntime raises a generic Fail ("Exiting due to terminate flag..."); the token
            # says whether that was our interrupt or a real failure, which must stay an error.
            if cancel.cancelled:
                raise Cancelled() from exc
            raise
        finally:
            unregister()


def give_back_heap() -> None:
    """Return the C heap's free pages to the operating system (glibc's `malloc_trim`), after a
    session shrank its arena; elsewhere the allocator decides, and this does nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return


def session_threads(spare_a_core: bool = True) -> int:
    """The intra-op thread count to give ONNX Runtime; 0 lets it choose. On a single usable core its
    own choice (the caller and one pool thread) was far faster than one thread set by hand
    (bench/embedded_stages.py pinned with taskset, 2-core AMD EPYC, medians of 3: the paragraph in
    1.34 s against 2.35 s with Piper, 11.6 s against 19.9 s with Kokoro; a session-options sweep
    agreed: 1.18 s against 2.04 s). On two cores the two settings measured within each other's
    spread for Piper, and Kokoro took 13.2 s with ONNX Runtime's choice against 12.0 s with two
    threads set, so above one core the count is set, as inference_threads says."""
    configured = os.environ.get(THREADS_ENV, "").strip()
    if not (configured.isdigit() and int(configured) > 0) and usable_cores() == 1:
        return 0
    return inference_threads(spare_a_core)


def open_session(model: str | Path, spare_a_core: bool = True) -> CancellableSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = session_threads(spare_a_core)
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return CancellableSession(
        ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"]))
