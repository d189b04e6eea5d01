"""Script-based language detection and the tag override (language.py)."""

from __future__ import annotations

import pytest

from backends.chunking import chunk_text
from backends.embedded.language import chunk_language, detect_script_language
from backends.tags import parse


@pytest.mark.parametrize(("text", "expected"), [
    ("Hello there, how are you?", "en"),
    ("今天天气真好。", "zh"),
    ("今日はいい天気ですね。", "ja"),  # Han plus kana is Japanese
    ("カタカナだけ", "ja"),
    ("안녕하세요", "ko"),
    ("Привет, как дела?", "ru"),
    ("नमस्ते दुनिया", "hi"),
    ("我喜欢Python和JavaScript", "zh"),  # a few Latin words inside Chinese stay Chinese
    ("12345 !!!", "en"),
])
def test_script_decides_the_language(text: str, expected: str) -> None:
    assert detect_script_language(text).language == expected


def test_latin_text_accepts_any_latin_language_voice() -> None:
    d = detect_script_language("Bonjour tout le monde")
    assert d.pick(("fr",)) == "fr"  # the French voice keeps French text
    assert d.pick(("en", "zh", "ja")) == "en"
    assert d.pick(("ko",)) is None


def test_han_text_may_be_cantonese_for_a_cantonese_voice() -> None:
    d = detect_script_language("你好嗎")
    assert d.pick(("yue",)) == "yue"
    assert d.pick(("en",)) is None


def test_language_tag_overrides_script() -> None:
    chunks = chunk_text(parse("(粤语)你好嗎？(英文)我是"))
    first = chunk_language(chunks[0].text, chunks[0].state)
    assert (first.language, first.source, first.accepts) == ("yue", "tag", ())
    second = chunk_language(chunks[1].text, chunks[1].state)
    assert second.language == "en"


def test_sichuanese_is_routed_as_mandarin() -> None:
    chunk = chunk_text(parse("(四川话)今天天气真好"))[0]
    assert chunk_language(chunk.text, chunk.state).language == "zh"
