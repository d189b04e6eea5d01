from __future__ import annotations

from studio.conversation.reply import SentenceCutter


def feed_words(text: str) -> tuple[list[str], list[str]]:
    cutter = SentenceCutter()
    out: list[str] = []
    for word in text.split(" "):
        out += cutter.feed(word + " ")
    return out, cutter.flush()


def test_sentences_come_out_whole_as_the_text_streams() -> None:
    out, rest = feed_words("It is 3.5 degrees today. Dr. Smith agrees! What else can I")
    assert out == ["It is 3.5 degrees today.", "Dr. Smith agrees!"]
    assert rest == ["What else can I"]


def test_the_first_piece_may_end_at_a_comma_to_start_speaking_sooner() -> None:
    out, rest = feed_words("Well, yes, I think so, because the sky is blue. And then, more.")
    assert out == ["Well, yes, I think so,", "because the sky is blue."]
    assert rest == ["And then, more."]  # later sentences still end at their full stop


def test_punctuation_only_text_is_not_spoken() -> None:
    out, rest = feed_words("... !")
    assert out == [] and rest == []
