"""The EditX engine on tiny random checkpoints: edits through the edit contract, speech as a clone plus
the edits its tags ask for, voices for its 24 kHz decoder, and every refusal in one sentence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from backends.base import (
    AudioChunk,
    Backend,
    Cancelled,
    CancelToken,
    Finished,
    InvalidRequest,
    SupportsVoicePreparation,
    SynthesisRequest,
    SynthesisWarning,
)
from backends.edits import EditKind, EditRequest, SupportsEditing
from backends.step.editx.engine import StepEditxBackend

CLIP = Path(__file__).resolve().parents[3] / "data" / "zero_shot_en_prompt.wav"


@pytest.fixture(scope="module")
def engine(tiny_editx_folders: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory):
    tok, editx = tiny_editx_folders
    backend = StepEditxBackend(tokenizer_folder=tok, editx_folder=editx, device="cpu", quant="none",
                               state_dir=tmp_path_factory.mktemp("editx_state"), offline=True,
                               max_new_tokens=42)  # random weights never end their turn
    yield backend
    backend.unload()


@pytest.fixture(scope="module")
def clip() -> Audio:
    return load_audio(CLIP).slice_seconds(0.0, 1.5)


def test_it_is_an_isolated_editing_engine(engine: StepEditxBackend) -> None:
    assert isinstance(engine, Backend) and isinstance(engine, SupportsEditing)
    assert isinstance(engine, SupportsVoicePreparation)
    assert engine.isolate and engine.max_edit_seconds == 30.0
    assert engine.availability().available, engine.availability().reason
    assert engine.child_env()["STEP_AUDIO_EDITX_DIR"] == str(engine.files.user_folders[1])
    assert "STEP_EDITX_STATE_DIR" in engine.child_env()


def test_an_edit_returns_24khz_audio_reproducible_by_its_seed(engine: StepEditxBackend, clip: Audio) -> None:
    request = EditRequest(EditKind.EMOTION, "happy", transcript="hello there", options={"seed": 5})
    seen: list[float] = []
    out = engine.edit(clip, request, CancelToken(), lambda f, _m: seen.append(f))
    assert out.sample_rate == 24000 and 0 < len(out.samples) <= 9 * 6 * 480  # 42 codes: 9 groups at most
    assert seen[0] == 0.0 and seen[-1] == 1.0
    again = engine.edit(clip, request, CancelToken())
    np.testing.assert_array_equal(again.samples, out.samples)
    # The prompt quotes the transcript and carries the clip's codes.
    text = engine.pipeline().text.decode(engine.pipeline().last_prompt_ids)
    assert "more happy" in text and "hello there" in text


def test_edits_it_cannot_do_are_refused_before_any_work(engine: StepEditxBackend, clip: Audio) -> None:
    with pytest.raises(InvalidRequest, match="no pitch edit"):
        engine.edit(clip, EditRequest(EditKind.PITCH, amount=2.0), CancelToken())
    with pytest.raises(InvalidRequest, match=r"cannot do the emotion .giddy."):
        engine.edit(clip, EditRequest(EditKind.EMOTION, "giddy"), CancelToken())
    with pytest.raises(InvalidRequest, match="transcript"):
        engine.edit(clip, EditRequest(EditKind.PARALINGUISTIC, "laughter", at=0.5), CancelToken())
    with pytest.raises(InvalidRequest, match="seed"):
        engine.edit(clip, EditRequest(EditKind.DENOISE, options={"seed": "x"}), CancelToken())
    with pytest.raises(InvalidRequest, match="at most 30 s"):
        engine.edit(Audio(np.full(16000 * 31, 0.1, np.float32), 16000), EditRequest(EditKind.DENOISE),
                    CancelToken())
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        engine.edit(clip, EditRequest(EditKind.STYLE, "whisper"), cancel)


def test_speech_is_cloned_then_edited_as_its_tags_ask(engine: StepEditxBackend, clip: Audio,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    profile = engine.prepare_voice(Audio(np.tile(clip.samples, 3), clip.sample_rate), "hello there",
                                   CancelToken())
    assert profile.engine_id == "step-editx" and profile.data["name"].startswith("clone_")
    json.dumps(profile.to_json())
    pipe = engine.pipeline()
    cloned, edited = [], []
    real_clone, real_edit = pipe.clone, pipe.edit

    def clone(text, voice, speaker, **kw):
        cloned.append((text, speaker))
        return real_clone(text, voice, speaker, **kw)

    def edit(prepared, instruction, **kw):
        edited.append(instruction)
        return real_edit(prepared, instruction, **kw)

    monkeypatch.setattr(pipe, "clone", clone)
    monkeypatch.setattr(pipe, "edit", edit)
    request = SynthesisRequest("(高兴)你好[Sigh]世界。(RAP)走吧。", voice_profile=profile, seed=3)
    events = list(engine.synthesize(request, CancelToken()))
    chunks = [e for e in events if isinstance(e, AudioChunk)]
    warnings = [e for e in events if isinstance(e, SynthesisWarning)]
    done = events[-1]
    assert isinstance(done, Finished) and done.metadata["sentences"] == 2
    assert {c.sample_rate for c in chunks} == {24000} and len(chunks) >= 2
    assert done.metadata["streamed_sentences"] == 0  # both sentences are edited afterwards: whole
    # Each sentence is cloned without its tags, in the voice's own speaker id.
    assert cloned == [("你好世界。", profile.data["name"]), ("走吧。", profile.data["name"])]
    # The first gets its sound, then the emotion; the emotion holds into the second, whose RAP is refused.
    assert edited[0].startswith("Add some non-verbal sounds") and "你好[Sigh]世界。" in edited[0]
    assert "more happy" in edited[1] and "more happy" in edited[2] and len(edited) == 3
    assert done.metadata["edits"] == 3
    assert any(w.code == "tag-unsupported" and "RAP" in w.message for w in warnings)


def test_voices_of_another_engine_are_refused_by_name(engine: StepEditxBackend) -> None:
    from backends.base import VoiceProfile

    tts_voice = VoiceProfile("step-local", "clone", 1, {})
    with pytest.raises(InvalidRequest, match="'step-local' engine, not Step-Audio-EditX"):
        engine.synthesize(SynthesisRequest("你好。", voice_profile=tts_voice), CancelToken())
    with pytest.raises(InvalidRequest, match="no voice"):
        engine.synthesize(SynthesisRequest("你好。", voice_id="nobody"), CancelToken())
    with pytest.raises(InvalidRequest, match="Unknown option"):
        engine.synthesize(SynthesisRequest("你好。", options={"temperature": 1}), CancelToken())
    with pytest.raises(InvalidRequest, match="true or false"):
        engine.synthesize(SynthesisRequest("你好。", options={"streaming": "yes"}), CancelToken())


def test_without_files_it_says_what_to_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import backends.step.engine as eng

    monkeypatch.setattr(eng, "gpu_info", lambda: None)
    backend = StepEditxBackend(cache_dir=tmp_path / "empty", state_dir=tmp_path / "s", offline=True)
    state = backend.availability()
    assert not state.available and "Step-Audio-EditX cannot run" in state.reason
    assert "Step-Audio-EditX is not downloaded" in state.reason and "12 GB" in state.reason
    assert "--model editx" in state.fix and "STEP_AUDIO_EDITX_DIR" in state.fix


def test_the_vllm_era_layout_is_a_setting(tiny_editx_folders: tuple[Path, Path], tmp_path: Path,
                                          clip: Audio) -> None:
    tok, editx = tiny_editx_folders
    backend = StepEditxBackend(tokenizer_folder=tok, editx_folder=editx, device="cpu", quant="none",
                               state_dir=tmp_path, offline=True, max_new_tokens=10, prompt_layout="b")
    try:
        assert backend.child_env()["STEP_EDITX_PROMPT_LAYOUT"] == "B"
        backend.edit(clip, EditRequest(EditKind.DENOISE, options={"seed": 1}), CancelToken())
        ids = backend.pipeline().last_prompt_ids
        assert ids[:3] != [1, 4, 1] and ids.count(1) == 1  # one BOS, as the chat template writes it
    finally:
        backend.unload()
    with pytest.raises(ValueError, match="prompt_layout"):
        StepEditxBackend(tokenizer_folder=tok, editx_folder=editx, state_dir=tmp_path, prompt_layout="Z")


def test_a_model_too_big_for_the_memory_is_refused_before_loading(
        tiny_editx_folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import backends.step.engine as eng
    from backends.base import BackendError

    monkeypatch.setattr(eng, "available_ram", lambda: 200_000_000)
    tok, editx = tiny_editx_folders
    backend = StepEditxBackend(tokenizer_folder=tok, editx_folder=editx, device="cpu", state_dir=tmp_path)
    with pytest.raises(BackendError, match=r"does not fit in this computer's memory: needs 2\.\d GB, "
                                           r"this computer has 0\.2 GB free"):
        backend.load()
    assert not backend.loaded["llm"]
