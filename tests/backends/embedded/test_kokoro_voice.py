"""The five Kokoro voices (kokoro_voice.py) transcribed back: all five in Mandarin, two in English and
two in Japanese (why: see EN_VOICES).

Each language's test reads its fixed sentences (embedded_checks) as one take, so its score is the mean
over those sentences. Synthesis is deterministic (same text, voice, prosody: bit-identical audio), so
rerunning a take measures nothing; the bounds come from bench/mandarin_voices.py (`--part test-takes`,
results in bench/results/mandarin_voices.json), which scored each test's own take per voice four
ways: plain (what the test runs), with (高兴1) (rate x1.06, +1.5 semitones) and (悲伤1) (rate x0.88,
-2 semitones), and the plain take re-heard with -80 dBFS noise added. Measured on a 2-core AMD EPYC
(shared with other work), Whisper tiny.en / base, beam 5. Each bound is at least the worst of a
voice's four takes plus their spread (max - min), for every voice; the per-test comments give the
numbers.
"""

from __future__ import annotations

import pytest
from embedded_checks import ENGLISH, JAPANESE, MANDARIN, kana_error, pinyin_error, run_take, wer

from backends.base import Cancelled, CancelToken
from backends.embedded import EmbeddedBackend
from backends.embedded.asr import WhisperTranscriber
from backends.embedded.kokoro_voice import KOKORO_VOICES, KokoroFamily

pytestmark = pytest.mark.slow
VOICE_IDS = [f"kokoro:{name}" for name, _, _ in KOKORO_VOICES]
# Every voice is heard in Mandarin, where the voices differ most and the engine's fallback choice
# rests on them. English and Japanese run through the same model and phonemizer for all five and
# scored in one cluster (below), so each is heard on two voices: the one measured worst there (the
# most sensitive sentinel) and one other. That keeps every voice file exercised and saves about
# 75 s of the suite's 15-minute budget on 2 cores.
EN_VOICES = ["kokoro:jf_alpha", "kokoro:jm_kumo"]
JA_VOICES = ["kokoro:jf_tebukuro", "kokoro:jf_gongitsune"]

# English word error. Plain take: 0.018 (1 word of 56: "beams" for "beam") for all five voices, and the
# same re-heard with noise; with a tag, 14 of 15 takes 0-0.018, one 0.161 (Alpha with (高兴1): the first
# sentence misheard, "You would like house to let the edge"). The bound keeps two words of headroom
# over the one-word cluster; a take like Alpha's tagged one is a real breakdown and should fail.
EN_MAX_WER = 0.05
# Mandarin toned-pinyin error (43 syllables): Alpha 0.093-0.116 (the machine: 0.116, over the
# old 0.10 bound), Gongitsune 0.023-0.070, Nezumi 0.046-0.070, Tebukuro 0.046-0.058, Kumo 0.012-0.070.
# Worst plus spread: Alpha 0.139, Kumo 0.128.
ZH_MAX_PINYIN_ERROR = 0.15
# Japanese kana-reading error (63 morae): Alpha 0, Gongitsune 0-0.016, Nezumi 0-0.032,
# Tebukuro 0.016-0.064, Kumo 0. Worst plus spread: Tebukuro 0.112. (Character error, which this test
# used before, counted Whisper's spelling: Gongitsune 0.064-0.085 against a 0.10 bound for きょう
# written for 今日 and よい for 良い; Tebukuro's (悲伤1) take 0.277 for 0.064 of reading errors.)
JA_MAX_KANA_ERROR = 0.12


def test_available_and_lists_its_languages() -> None:
    fam = KokoroFamily()
    assert fam.availability().available
    voices = fam.voices()
    assert [v.id for v in voices] == VOICE_IDS
    assert all(v.languages == ("en", "zh", "ja") and v.sample_rate == 24000 for v in voices)


@pytest.mark.parametrize("voice", EN_VOICES)
def test_english(engine: EmbeddedBackend, tiny_en: WhisperTranscriber, voice: str) -> None:
    text = " ".join(ENGLISH)
    take = run_take(engine, text, voice_id=voice)
    assert {c["language"] for c in take.metadata["chunks"]} == {"en"}
    heard = tiny_en.transcribe(take.audio).text
    assert wer(text, heard) <= EN_MAX_WER, heard


@pytest.mark.parametrize("voice", VOICE_IDS)
def test_mandarin(engine: EmbeddedBackend, whisper_base: WhisperTranscriber, voice: str) -> None:
    text = "".join(MANDARIN)
    take = run_take(engine, text, voice_id=voice)
    assert {c["voice"] for c in take.metadata["chunks"]} == {voice}
    heard = whisper_base.transcribe(take.audio, "zh").text
    # Toned pinyin, not characters: Whisper base picks among homophones (做 for 坐, 管理 for 馆里),
    # which is not the voice's fault. Its character error, for the record: 0.058-0.128 plain.
    assert pinyin_error(text, heard) <= ZH_MAX_PINYIN_ERROR, heard


@pytest.mark.parametrize("voice", JA_VOICES)
def test_japanese(engine: EmbeddedBackend, whisper_base: WhisperTranscriber, voice: str) -> None:
    text = "".join(JAPANESE)
    take = run_take(engine, text, voice_id=voice)
    heard = whisper_base.transcribe(take.audio, "ja").text
    # The reading, not the characters: Whisper base spells words in kana or kanji as it likes.
    assert kana_error(text, heard) <= JA_MAX_KANA_ERROR, heard


def test_phonemes_per_language(engine: EmbeddedBackend) -> None:
    fam = engine._families["kokoro"]
    assert "↘" in fam.phonemize("你好。", "zh") or "↓" in fam.phonemize("你好。", "zh")  # misaki tone marks
    assert fam.phonemize("Hello.", "en").startswith("h")
    assert fam.phonemize("こんにちは。", "ja").startswith("k")
    with pytest.raises(ValueError):
        fam.phonemize("안녕", "ko")


def test_cancel_is_checked_between_model_calls(engine: EmbeddedBackend) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        engine._families["kokoro"].synthesize("kokoro:jf_alpha", "Hello there.", "en", 1.0, 0.0, cancel)
