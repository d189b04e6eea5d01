"""Subtitles from word timings: the cue rules, and SRT/WebVTT that independent parsers read back."""

from __future__ import annotations

import html
import itertools
from pathlib import Path

import pytest
import srt
import webvtt

from backends.text import display_width
from studio.editing.transcript import TimedWord, Transcript, transcribe
from studio.timeline.subtitles import (
    MAX_CUE_SECONDS,
    MAX_LINE_WIDTH,
    MAX_LINES,
    MIN_CUE_SECONDS,
    Cue,
    SubtitleError,
    cues,
    from_sentences,
    to_srt,
    to_vtt,
    write_subtitles,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def _words(text: str, start: float = 0.0, step: float = 0.3, gap: float = 0.05,
           pauses: dict[int, float] | None = None) -> list[TimedWord]:
    out, t = [], start
    for k, w in enumerate(text.split()):
        t += (pauses or {}).get(k, 0.0)
        out.append(TimedWord(t, t + step, w))
        t += step + gap
    return out


def _transcript(words: list[TimedWord], language: str = "en") -> Transcript:
    return Transcript.of(words, language, (words[-1].end + 1.0) if words else 0.0)


def _check_rules(items: list[Cue]) -> None:
    for a, b in itertools.pairwise(items):
        assert a.end <= b.start + 1e-9 and a.start < a.end
    for c in items:
        lines = c.text.split("\n")
        assert len(lines) <= MAX_LINES, c.text
        assert all(display_width(line) <= MAX_LINE_WIDTH for line in lines), c.text
        assert c.end - c.start <= MAX_CUE_SECONDS + 0.5


def test_cues_end_at_sentences_and_pauses_and_keep_every_word() -> None:
    text = "Hello there. This is the studio speaking, and it reads well. Then it waits a little"
    words = _words(text, pauses={14: 1.2})  # a long pause before "a little"
    items = cues(_transcript(words))
    assert [c.text.replace("\n", " ") for c in items] == [
        "Hello there.", "This is the studio speaking, and it reads well.", "Then it waits", "a little"]
    assert items[0].start == words[0].start and items[1].start == words[2].start
    _check_rules(items)


def test_a_long_run_is_cut_by_length_and_by_time() -> None:
    many = " ".join(f"word{k}" for k in range(60))  # no punctuation, no pauses
    items = cues(_transcript(_words(many)))
    assert len(items) > 3
    _check_rules(items)
    assert " ".join(c.text.replace("\n", " ") for c in items) == many
    slow = cues(_transcript(_words("a b c d e f g h i j k l m", step=0.9)))
    assert all(c.end - c.start <= MAX_CUE_SECONDS for c in slow) and len(slow) >= 2


def test_chinese_characters_take_two_columns_and_are_not_spaced() -> None:
    chars = list("今天天气很好我们一起去公园散步吧然后回家吃饭晚上再看一部电影好不好呀大家都说好的")
    words = [TimedWord(0.25 * k, 0.25 * k + 0.2, c) for k, c in enumerate(chars)]
    items = cues(_transcript(words, "zh"))
    _check_rules(items)
    assert "".join(c.text.replace("\n", "") for c in items) == "".join(chars)
    assert display_width("今天") == 4 and display_width("ab") == 2
    assert all(" " not in c.text for c in items)


def test_a_short_cue_is_held_but_never_into_the_next() -> None:
    words = [TimedWord(0.0, 0.2, "Yes."), TimedWord(0.5, 0.8, "No."), TimedWord(5.0, 5.1, "Maybe.")]
    items = cues(_transcript(words))
    assert items[0].end == pytest.approx(0.5)  # held up to "No."
    assert items[1].end == pytest.approx(0.5 + MIN_CUE_SECONDS)
    assert items[2].end == pytest.approx(5.0 + MIN_CUE_SECONDS)


def test_srt_and_vtt_read_back_with_their_own_parsers(tmp_path: Path) -> None:
    words = _words("Fish & chips <cheap> today. A second line of speech follows here.")
    transcript = _transcript(words)
    items = cues(transcript)
    parsed = list(srt.parse(to_srt(items)))
    assert [p.content for p in parsed] == [c.text for c in items]
    assert [p.start.total_seconds() for p in parsed] == pytest.approx([c.start for c in items], abs=1e-3)
    assert [p.end.total_seconds() for p in parsed] == pytest.approx([c.end for c in items], abs=1e-3)
    path = write_subtitles(transcript, tmp_path / "take.vtt")
    read = webvtt.read(str(path))
    assert [html.unescape(c.text) for c in read] == [c.text for c in items]
    assert [c.start_in_seconds + c.start_time.milliseconds / 1000 for c in read] == pytest.approx(
        [c.start for c in items], abs=1e-3)
    assert "WEBVTT" in to_vtt(items).splitlines()[0]


def test_bad_requests_are_sentences_and_write_nothing(tmp_path: Path) -> None:
    transcript = _transcript(_words("One two."))
    with pytest.raises(SubtitleError, match=r"\.srt or \.vtt"):
        write_subtitles(transcript, tmp_path / "take.txt")
    with pytest.raises(SubtitleError, match="no words"):
        write_subtitles(Transcript.of([], "en", 3.0), tmp_path / "empty.srt")
    assert list(tmp_path.iterdir()) == []


def test_subtitles_of_a_real_recording_spell_its_transcript(tmp_path: Path) -> None:
    from backends.audio import load_audio

    transcript = transcribe(load_audio(DATA / "zero_shot_en_prompt.wav"), language="en")
    path = write_subtitles(transcript, tmp_path / "clip.srt")
    parsed = list(srt.parse(path.read_text(encoding="utf-8")))
    assert " ".join(p.content.replace("\n", " ") for p in parsed) == transcript.text
    assert parsed[0].start.total_seconds() == pytest.approx(transcript.words[0].start, abs=1e-3)
    assert parsed[-1].end.total_seconds() <= transcript.duration + 1e-3


def test_a_takes_own_sentence_timing_makes_subtitles() -> None:
    sentences = [[0.0, 1.2, "Hello there."], [1.2, 3.0, "This is the studio speaking."],
                 [3.4, 4.0, "今天好。"]]
    transcript = from_sentences(sentences, 4.2)
    assert [w.text for w in transcript.words] == [
        "Hello", "there.", "This", "is", "the", "studio", "speaking.", "今", "天", "好。"]
    assert transcript.words[2].start == pytest.approx(1.2) and transcript.words[6].end == pytest.approx(3.0)
    items = cues(transcript)
    assert [c.text for c in items][:2] == ["Hello there.", "This is the studio speaking."]
    assert items[1].start == pytest.approx(1.2)


@pytest.mark.parametrize("sentences", [
    None, [], "x", [[0, 1]], [[0, 1, 2]], [[1, 0, "a"]], [[-1, 0, "a"]], [[0, float("inf"), "a"]],
    [[True, 1, "a"]], [[0, 1, "a"]] * 20_001,
])
def test_a_damaged_sentence_record_is_one_sentence(sentences: object) -> None:
    with pytest.raises(SubtitleError):
        from_sentences(sentences, 3.0)


def test_an_embedded_takes_sentences_are_where_it_speaks_them(tmp_path: Path) -> None:
    """The real engine and job: each recorded sentence span, cut out and heard by Whisper, says
    that sentence; and the subtitles made from them spell the take's text."""
    from backends.base import SynthesisRequest
    from backends.embedded.engine import EmbeddedBackend
    from studio.editing.transcript import normalised_words, word_error_rate
    from studio.engines.jobs import SynthesisJob

    text = "The old lighthouse keeper climbed the stairs. Every night the lamp turned over the sea."
    job = SynthesisJob(EmbeddedBackend(preload_kokoro=False), SynthesisRequest(text), engine_id="embedded")
    job.start()
    assert job.wait(300) and job.audio is not None, job.error
    audio, sentences = job.audio, job.metadata["text_spans"]
    assert [s[2] for s in sentences] == ["The old lighthouse keeper climbed the stairs.",
                                         "Every night the lamp turned over the sea."]
    for k, (start, end, said) in enumerate(sentences):
        part = audio.samples[int(start * audio.sample_rate):int(end * audio.sample_rate)]
        heard = transcribe(type(audio)(part, audio.sample_rate), language="en").text
        # Measured on this text: 0.14 and 0.13 (Whisper hears "clung", "seat"); over seven
        # sentences of three takes 0 to 0.5, which is Piper's diction, not the timing.
        assert word_error_rate(said, heard) <= 0.35, (said, heard)
        others = set(normalised_words(sentences[1 - k][2])) - set(normalised_words(said))
        assert not others & set(normalised_words(heard)), (said, heard)  # nothing of the other one
    path = write_subtitles(from_sentences(sentences, audio.duration), tmp_path / "take.srt")
    parsed = list(srt.parse(path.read_text(encoding="utf-8")))
    assert normalised_words(" ".join(p.content for p in parsed)) == normalised_words(text)
    assert parsed[1].start.total_seconds() == pytest.approx(sentences[1][0], abs=1e-3)
