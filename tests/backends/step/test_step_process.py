"""The app runs step-local in a child process: the real tiny engine over loopback, with streaming, cancel,
cloning and an unload that ends the child. The GUI process never imports torch for it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import AudioChunk, Cancelled, CancelToken, Finished, SynthesisRequest, VoiceProfile
from backends.registry import BUILT_IN, EngineEntry, Registry
from backends.step import StepLocalBackend
from studio.engines.manager import EngineManager
from studio.engines.process import ProcessBackend

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def child_env(tiny_step_folders, tmp_path_factory) -> dict[str, str]:
    tok, tts = tiny_step_folders
    return {
        "STEP_AUDIO_TOKENIZER_DIR": str(tok),
        "STEP_AUDIO_TTS_DIR": str(tts),
        "STEP_LOCAL_DEVICE": "cpu",
        "STEP_LOCAL_QUANT": "none",
        "STEP_LOCAL_STATE_DIR": str(tmp_path_factory.mktemp("step_child_state")),
        "HF_HUB_OFFLINE": "1",
    }


@pytest.fixture(scope="module")
def manager(child_env):
    saved = {k: os.environ.get(k) for k in child_env}
    os.environ.update(child_env)
    registry = Registry([EngineEntry("step-local", BUILT_IN, StepLocalBackend, None)])
    mgr = EngineManager(registry)
    yield mgr
    mgr.forget("step-local")
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _clip(seconds: float = 3.5, rate: int = 16000) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    x = 0.3 * np.sin(2 * np.pi * 170 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
    return Audio(x.astype(np.float32), rate)


def test_the_engine_manager_gives_a_process_backend_that_declares_before_it_starts(manager) -> None:
    backend = manager.backend("step-local")
    assert isinstance(backend, ProcessBackend)
    assert backend.process.pid is None  # nothing started to draw the UI
    assert backend.manifest.id == "step-local" and backend.manifest.hardware.device == "cuda"
    state = backend.availability()
    assert state.available, state.reason
    assert backend.options()["temperature"]["default"] == 0.7


def test_a_child_process_streams_cancels_clones_and_ends_on_unload(manager) -> None:
    backend = manager.backend("step-local")
    backend.load()
    pid = backend.process.pid
    assert pid is not None and pid != os.getpid() and backend.process.running

    # A whole take: several chunks, one rate, the child's metadata.
    events = list(backend.synthesize(SynthesisRequest("你好。", seed=2), CancelToken()))
    chunks = [e for e in events if isinstance(e, AudioChunk)]
    assert isinstance(events[-1], Finished) and events[-1].metadata["device"] == "cpu"
    assert len(chunks) >= 2 and {c.sample_rate for c in chunks} == {22050}

    # Streaming + cancel: the first chunk arrives while the take is still being made, and a cancel
    # sent then ends it without a Finished.
    cancel = CancelToken()
    long_text = "今天天气真好。" * 6
    got: list[object] = []
    t0 = time.perf_counter()
    with pytest.raises(Cancelled):
        for event in backend.synthesize(SynthesisRequest(long_text, seed=3), cancel):
            got.append(event)
            if isinstance(event, AudioChunk):
                cancel.cancel()
    assert any(isinstance(e, AudioChunk) for e in got)
    assert not any(isinstance(e, Finished) for e in got)
    assert time.perf_counter() - t0 < 60

    # Cloning through the child, then speaking with the profile.
    profile = backend.prepare_voice(_clip(), "今天天气真好", CancelToken())
    assert isinstance(profile, VoiceProfile) and profile.engine_id == "step-local"
    request = SynthesisRequest("你好。", seed=4, voice_profile=profile)
    events = list(backend.synthesize(request, CancelToken()))
    assert isinstance(events[-1], Finished) and events[-1].metadata["voice"] == "clone"

    # Tokens through the child (what Step-Audio-Chat's audio mode asks of it): the dual-codebook
    # string of a 3.5 s clip, 2:3 interleaved at about 41.7 tokens a second.
    tokens = backend.tokenize(_clip())
    codes = tokens.interleaved()
    assert len(codes) % 5 == 0 and 125 <= len(codes) <= 150
    assert tokens.as_text().startswith("<audio_") and tokens.as_text().count("<audio_") == len(codes)

    manager.unload("step-local")
    assert not backend.process.running and backend.process.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.parametrize("gpu", [False, True])
def test_listing_and_checking_the_engine_never_imports_torch_in_the_app(child_env, gpu: bool) -> None:
    """With a GPU listed by nvidia-smi (faked here) the fit estimate runs in a child, not in the app."""
    code = (
        "import sys\n"
        "import backends.step.engine as e\n"
        + ("e.gpu_info = lambda: e.GpuInfo('Fake GPU', 8 << 30, 7_000_000_000)\n" if gpu else "")
        + "from backends.registry import Registry\n"
        "from studio.engines.manager import EngineManager\n"
        "m = EngineManager(Registry())\n"
        "b = m.backend('step-local')\n"
        "a = b.availability()\n"
        "print(type(b).__name__, b.manifest.name, a.available, a.reason)\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    env = {**os.environ, **child_env, **({"STEP_LOCAL_DEVICE": "auto"} if gpu else {})}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("IsolatedEngine Step-Audio TTS-3B (local) True")
    if gpu:  # the tiny model fits easily: the verdict names the GPU and the precision
        assert "Fake GPU: needs" in out.stdout and "with bf16 weights" in out.stdout
