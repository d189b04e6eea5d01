"""The app runs EditX in a child process, as it runs TTS-3B: an edit goes over loopback to the child's
engine server and comes back as audio; the GUI process never imports torch for it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backends.audio import load_audio
from backends.base import CancelToken, InvalidRequest
from backends.edits import EditKind, EditRequest, SupportsEditing
from backends.registry import BUILT_IN, EngineEntry, Registry
from backends.step.editx.engine import StepEditxBackend
from studio.engines.manager import EngineManager
from studio.engines.process import ProcessBackend

CLIP = Path(__file__).resolve().parents[3] / "data" / "zero_shot_en_prompt.wav"


@pytest.fixture(scope="module")
def manager(tiny_editx_folders, tmp_path_factory):
    tok, editx = tiny_editx_folders
    env = {"STEP_AUDIO_TOKENIZER_DIR": str(tok), "STEP_AUDIO_EDITX_DIR": str(editx),
           "STEP_EDITX_DEVICE": "cpu", "STEP_EDITX_QUANT": "none",
           "STEP_EDITX_STATE_DIR": str(tmp_path_factory.mktemp("editx_child")), "HF_HUB_OFFLINE": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    mgr = EngineManager(Registry([EngineEntry("step-editx", BUILT_IN, StepEditxBackend, None)]))
    yield mgr
    mgr.forget("step-editx")
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def test_an_edit_runs_in_the_child_and_comes_back(manager) -> None:
    backend = manager.backend("step-editx")
    assert isinstance(backend, ProcessBackend) and isinstance(backend, SupportsEditing)
    assert backend.process.pid is None and backend.manifest.edits["emotion"].max_seconds == 30.0
    clip = load_audio(CLIP).slice_seconds(0.0, 1.5)
    out = backend.edit(clip, EditRequest(EditKind.STYLE, "whisper", transcript="hello there",
                                         options={"seed": 1}), CancelToken())
    assert backend.process.running and backend.process.pid != os.getpid()
    # The child's edit route splices the 24 kHz result back at the clip's own rate.
    assert out.sample_rate == clip.sample_rate and len(out.samples) > 0
    # A refusal in the child reaches the caller as the engine's own sentence.
    with pytest.raises(InvalidRequest, match="no pitch edit"):
        backend.edit(clip, EditRequest(EditKind.PITCH, amount=1.0), CancelToken())
    backend.unload()
    assert not backend.process.running
