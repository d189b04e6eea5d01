"""The user's pronunciations in real takes: heard by Whisper, seen in the voice's own phonemes, and
said in a warning wherever a voice cannot read one."""

from __future__ import annotations

from backends.base import PhonemeTimings
from backends.embedded import EmbeddedBackend
from backends.embedded.asr import WhisperTranscriber
from backends.lexicon import Lexicon, ReadingKind, check_entry, plan
from tests.backends.embedded.embedded_checks import Take, english_words, run_take

NGUYEN = check_entry("Nguyen", "ŋwˈɪən", "ipa", "en")


def phonemes(take: Take) -> str:
    return "".join(p for e in take.events if isinstance(e, PhonemeTimings) for p, _, _ in e.items)


def test_a_respelling_changes_the_word_that_is_heard(engine: EmbeddedBackend,
                                                     tiny_en: WhisperTranscriber) -> None:
    text = "Tomorrow I will feed the cat before breakfast."
    # The control: the plain take is heard as "cat". Piper draws new noise for every take and
    # tiny.en once heard one as "cap" in a full CI run (20 of 20 heard "cat" in a row afterwards),
    # so the control may take up to three takes; none of them may say "dog".
    for _ in range(3):
        heard_plain = english_words(tiny_en.transcribe(run_take(engine, text).audio, language="en").text)
        assert "dog" not in heard_plain, heard_plain
        if "cat" in heard_plain:
            break
    assert "cat" in heard_plain, heard_plain
    respelled = run_take(engine, text, lexicon=(check_entry("cat", "dog", "respell", "en"),))
    heard = english_words(tiny_en.transcribe(respelled.audio, language="en").text)
    assert "dog" in heard and "cat" not in heard, heard
    assert respelled.metadata["chunks"][0]["pronunciations"] == [
        {"word": "cat", "kind": "respell", "how": "respelled"}]
    assert respelled.metadata["text"] == text  # the take keeps what the user wrote


def test_piper_reads_ipa_as_its_phonemes(engine: EmbeddedBackend) -> None:
    plain = phonemes(run_take(engine, "Say Nguyen again."))
    read = phonemes(run_take(engine, "Say nguyen again.", lexicon=(NGUYEN,)))
    assert "ŋwˈɪən" in read and "ŋwˈɪən" not in plain
    assert read.replace("ŋwˈɪən", "") != plain.replace("nˈuːjɛn", "") or "nˈuːjɛn" in plain
    # only the word changed: what comes before and after it is the voice's own reading
    assert read.startswith(plain[:4]) and read.endswith(plain[-6:])


def test_an_entry_for_another_language_is_left_alone(engine: EmbeddedBackend) -> None:
    take = run_take(engine, "Say Nguyen again.", lexicon=(check_entry("Nguyen", "wɪn", "ipa", "ja"),))
    assert "wɪn" not in phonemes(take)
    assert take.metadata["chunks"][0]["pronunciations"] == []


def test_a_voice_that_cannot_read_ipa_says_so_and_reads_the_word(engine: EmbeddedBackend) -> None:
    take = run_take(engine, "Say Nguyen again. Nguyen.", voice_id="espeak:en", lexicon=(NGUYEN,))
    said = [w for w in take.warnings if w.code == "pronunciation-unsupported"]
    assert len(said) == 1 and "'Nguyen' is spoken as written" in said[0].message  # once per take
    assert take.metadata["chunks"][0]["pronunciations"][0]["how"] == "written"
    assert take.audio.duration > 0.5


def test_symbols_a_voice_has_no_sound_for_are_named(engine: EmbeddedBackend) -> None:
    take = run_take(engine, "Say Nguyen again.", lexicon=(check_entry("Nguyen", "ꭧwin", "ipa", "en"),))
    said = [w.message for w in take.warnings if w.code == "pronunciation-approximated"]
    assert len(said) == 1 and "ꭧ" in said[0], said
    assert "win" in phonemes(take)


def test_kokoro_reads_pinyin_for_a_polyphone(engine: EmbeddedBackend) -> None:
    kokoro = engine._kokoro  # the family that speaks Mandarin
    text = "我们去重庆。"
    default = kokoro.phonemize(text, "zh")
    entry = check_entry("重庆", "zhong4 qing4", "pinyin")  # the other reading of 重, on purpose
    spoken, unread = plan(text, Lexicon([entry]).find(text, "zh"), [ReadingKind.PINYIN])
    assert kokoro.reads(ReadingKind.PINYIN, "zh") and not kokoro.reads(ReadingKind.PINYIN, "en")
    assert not unread
    read = kokoro.phonemize(text, "zh", spoken)
    assert "ꭧʰʊ↗ŋ" in default and "ꭧʰʊ↗ŋ" not in read and "ꭧʊ↘ŋ" in read
    assert read.startswith(default[:3])  # 我们去 as before

    take = run_take(engine, text, lexicon=(entry,))
    assert take.metadata["chunks"][0]["pronunciations"] == [{"word": "重庆", "kind": "pinyin", "how": "read"}]
    assert not [w for w in take.warnings if w.code.startswith("pronunciation")]

