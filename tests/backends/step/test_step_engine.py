"""The whole tiny engine on CPU: prompts fed to the LLM, streaming, cancel, cloning, caching, errors."""

from __future__ import annotations

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import (
    AudioChunk,
    Backend,
    Cancelled,
    CancelToken,
    Finished,
    InvalidRequest,
    SpeechTokens,
    SupportsVoicePreparation,
    SynthesisRequest,
    SynthesisWarning,
)
from backends.step import StepLocalBackend
from backends.step.files import ModelFilesError
from backends.step.prompts import MusicMode, build_prompt_ids
from backends.step.textok import TextTokenizer


def _run(engine, text, **kw):
    return list(engine.synthesize(SynthesisRequest(text, seed=kw.pop("seed", 1), **kw), CancelToken()))


def _clip(seconds=3.5, rate=16000, seed=0) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    rng = np.random.default_rng(seed)
    x = 0.3 * np.sin(2 * np.pi * 180 * t) * (
        1 + 0.5 * np.sin(2 * np.pi * 3 * t)
    ) + 0.01 * rng.standard_normal(len(t))
    return Audio(x.astype(np.float32), rate)


def test_protocols(tiny_engine) -> None:
    assert isinstance(tiny_engine, Backend) and isinstance(tiny_engine, SupportsVoicePreparation)
    assert tiny_engine.manifest.id == "step-local"


def test_synthesis_with_tags_feeds_the_reference_prompt_and_streams(tiny_engine, tiny_step_folders) -> None:
    events = _run(tiny_engine, "(高兴1)(四川话)今天天气真好。")
    chunks = [e for e in events if isinstance(e, AudioChunk)]
    fin = events[-1]
    assert isinstance(fin, Finished)
    assert chunks and all(c.sample_rate == 22050 and c.samples.dtype == np.float32 for c in chunks)
    assert fin.metadata["audio_tokens"] > 0 and fin.metadata["seed"] == 1
    tok = TextTokenizer(tiny_step_folders[1] / "tokenizer.model")
    voice = tiny_engine.built_in_voice()
    expected = build_prompt_ids(
        tok,
        text="(高兴1)(四川话)今天天气真好。",
        prompt_text=voice.transcript,
        prompt_audio_ids=voice.prompt_ids,
        speaker="Tingting",
    )
    assert tiny_engine.last_prompt_ids == expected
    assert voice.transcript == "那等我们到海洋馆之后，给妈妈买个礼物，好不好呀？"
    assert all(65536 <= i < 70656 for i in voice.prompt_ids)


def test_first_audio_comes_before_the_last_token(tiny_engine, monkeypatch) -> None:
    lm = tiny_engine._lm
    original = lm.generate
    seen: list[str] = []

    def spy(*a, **k):
        for n, tok in enumerate(original(*a, **k)):
            seen.append(f"t{n}")
            yield tok

    monkeypatch.setattr(lm, "generate", spy)
    order: list[str] = []
    for e in tiny_engine.synthesize(SynthesisRequest("今天天气真好。", seed=3), CancelToken()):
        if isinstance(e, AudioChunk):
            order.append(f"a@{len(seen)}")
    total = len(seen)
    assert total > 12, "the tiny model stopped too early to test streaming"
    first_at = int(order[0].split("@")[1])
    assert first_at < total  # audio was yielded while tokens were still coming


def test_rap_uses_the_rap_prompt_and_the_music_decoder(tiny_engine) -> None:
    events = _run(tiny_engine, "(RAP)我们一起唱。")
    assert isinstance(events[-1], Finished) and events[-1].metadata["modes"] == ["rap"]
    assert tiny_engine.loaded["music_decoder"]
    tok = tiny_engine._text
    rap_voice = tiny_engine.built_in_voice(MusicMode.RAP)
    assert tiny_engine.last_prompt_ids == build_prompt_ids(
        tok,
        text="(RAP)我们一起唱。",
        prompt_text=rap_voice.transcript,
        prompt_audio_ids=rap_voice.prompt_ids,
        mode=MusicMode.RAP,
    )


def test_unsupported_tags_are_reported_not_spoken(tiny_engine) -> None:
    events = _run(tiny_engine, "你好[Laughter]朋友。(高兴3)再见。")
    warnings = [e for e in events if isinstance(e, SynthesisWarning)]
    assert any(w.code == "tag-unsupported" and "[Laughter]" in w.message for w in warnings)
    assert any(w.code == "tag-approximated" and "level 2" in w.message for w in warnings)
    assert "Laughter" not in tiny_engine._text.decode(tiny_engine.last_prompt_ids[-40:])


def test_respellings_reach_the_prompt_and_other_readings_are_said(tiny_engine, tiny_step_folders) -> None:
    from backends.lexicon import check_entry

    lexicon = (check_entry("重庆", "虫庆", "respell"), check_entry("今天", "jin1 tian1", "pinyin"))
    events = _run(tiny_engine, "(高兴1)今天去重庆。今天好。", lexicon=lexicon)
    voice = tiny_engine.built_in_voice()
    warnings = [e for e in events if isinstance(e, SynthesisWarning) and e.code.startswith("pronunciation")]
    assert len(warnings) == 1 and "'今天' is spoken as written" in warnings[0].message  # once per take
    events = _run(tiny_engine, "(高兴1)今天去重庆。", lexicon=lexicon)
    assert tiny_engine.last_prompt_ids == build_prompt_ids(
        tiny_engine._text, text="(高兴1)今天去虫庆。", prompt_text=voice.transcript,
        prompt_audio_ids=voice.prompt_ids, speaker="Tingting")


def test_cancel_stops_the_take(tiny_engine) -> None:
    cancel = CancelToken()
    it = tiny_engine.synthesize(SynthesisRequest("今天天气真好。明天也好。", seed=2), cancel)
    with pytest.raises(Cancelled):
        for e in it:
            if isinstance(e, AudioChunk):
                cancel.cancel()
    assert not any(isinstance(e, Finished) for e in it)


def test_clone_is_cached_and_reloads_from_its_profile(tiny_engine, monkeypatch) -> None:
    import backends.step.voices as voices

    clip = _clip(rate=8000)
    profile = tiny_engine.prepare_voice(clip, "你好，我是测试。", CancelToken())
    assert profile.engine_id == "step-local" and profile.kind == "clone"
    import json

    json.dumps(profile.to_json())  # JSON-safe
    calls = []
    monkeypatch.setattr(voices, "compute_voice", lambda *a, **k: calls.append(1))
    again = tiny_engine.prepare_voice(clip, "你好，我是测试。", CancelToken())
    assert calls == [] and again.data == profile.data
    events = _run(tiny_engine, "克隆的声音。", voice_profile=profile)
    assert isinstance(events[-1], Finished)
    assert tiny_engine.last_prompt_ids[-1] != 3
    data = profile.data
    assert list(tiny_engine.last_prompt_ids).count(data["prompt_ids"][0]) >= 1


def test_clip_checks(tiny_engine) -> None:
    with pytest.raises(InvalidRequest, match="at least 3 s"):
        tiny_engine.prepare_voice(_clip(seconds=2.0), "短", CancelToken())
    with pytest.raises(InvalidRequest, match="8000 Hz"):
        tiny_engine.prepare_voice(_clip(rate=6000), "短", CancelToken())


def test_bad_requests_fail_before_any_audio(tiny_engine) -> None:
    with pytest.raises(InvalidRequest):
        tiny_engine.synthesize(SynthesisRequest("(高兴1)"), CancelToken())
    with pytest.raises(InvalidRequest, match="no voice"):
        tiny_engine.synthesize(SynthesisRequest("你好。", voice_id="nobody"), CancelToken())
    with pytest.raises(InvalidRequest, match="Unknown option"):
        tiny_engine.synthesize(SynthesisRequest("你好。", options={"bogus": 1}), CancelToken())


def test_missing_files_name_the_file(tiny_step_folders, tmp_path) -> None:
    import shutil

    tok, tts = tiny_step_folders
    broken = tmp_path / "tts"
    shutil.copytree(tts, broken)
    (broken / "CosyVoice-300M-25Hz" / "flow.pt").unlink()
    engine = StepLocalBackend(tokenizer_folder=tok, tts_folder=broken, device="cpu", state_dir=tmp_path / "s")
    a = engine.availability()
    assert not a.available and "CosyVoice-300M-25Hz/flow.pt" in a.reason
    with pytest.raises(ModelFilesError, match=r"CosyVoice-300M-25Hz/flow\.pt"):
        engine.load()


def test_availability_without_files_or_gpu_says_why_and_how(tmp_path, monkeypatch) -> None:
    import backends.step.engine as eng

    monkeypatch.setattr(eng, "gpu_info", lambda: None)
    engine = StepLocalBackend(cache_dir=tmp_path / "empty", state_dir=tmp_path / "s", offline=True)
    a = engine.availability()
    assert not a.available
    assert "Step-Audio-TTS-3B is not downloaded" in a.reason and "no" in a.reason and "CPU" in a.reason
    assert "download" in a.fix and "HF_HUB_OFFLINE" in a.fix


def test_the_take_reports_its_tokens_at_their_times(tiny_engine, monkeypatch) -> None:
    """Every generated code reaches the timeline once, in order, with the audio it became; each
    sentence's run starts where its audio starts, and its cells follow the 2:3 grouping."""
    from studio.timeline.tokens import TOKEN_RATE, TokenTimeline

    tiny_engine.load()
    lm = tiny_engine._lm
    original = lm.generate
    generated: list[int] = []

    def spy(*a, **k):
        for tok in original(*a, **k):
            generated.append(tok - 65536)
            yield tok

    monkeypatch.setattr(lm, "generate", spy)
    events = _run(tiny_engine, "今天天气真好。我们去公园吧，好不好？", seed=2)
    runs = [e for e in events if isinstance(e, SpeechTokens)]
    audio = sum(len(e.samples) for e in events if isinstance(e, AudioChunk)) / 22050
    assert [c for r in runs for c in r.codes] == generated
    assert len(generated) == events[-1].metadata["audio_tokens"]
    first_audio = next(n for n, e in enumerate(events) if isinstance(e, AudioChunk))
    assert any(isinstance(e, SpeechTokens) for e in events[:first_audio])  # live: with the audio
    starts = sorted({r.start for r in runs})
    assert len(starts) == 2 and starts[0] == 0.0
    lengths = [sum(len(r.codes) for r in runs if r.start == s) for s in starts]
    frame = 256 / 22050  # the flow decoder renders whole mel frames
    assert starts[1] == pytest.approx(lengths[0] / TOKEN_RATE, abs=frame)
    assert starts[1] + lengths[1] / TOKEN_RATE == pytest.approx(audio, abs=2 * frame)
    for s in starts:  # each run's pieces continue one another
        pieces = [r for r in runs if r.start == s]
        assert [r.index for r in pieces] == list(np.cumsum([0] + [len(p.codes) for p in pieces[:-1]]))
    timeline = TokenTimeline.of(runs)

    def cell_start(position: int) -> float:
        for name in ("vq02", "vq06"):
            lane = timeline.lane(name)
            found = np.flatnonzero(lane.positions == position)
            if len(found):
                return float(lane.starts[found[0]])
        raise AssertionError(f"no cell for position {position}")

    second = lengths[0]  # the second sentence's first code, and its fourth (a vq06 slot: +40 ms)
    assert cell_start(second) == pytest.approx(starts[1])
    assert cell_start(second + 3) == pytest.approx(starts[1] + 0.04)
    assert cell_start(second + 6) == pytest.approx(starts[1] + 0.12 + 0.06)
    assert timeline.duration == pytest.approx(starts[1] + lengths[1] / TOKEN_RATE, abs=0.06)
