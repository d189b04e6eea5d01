"""Text no engine can take is refused where it enters, with where it is (backends.text)."""

from __future__ import annotations

import re

import pytest

from backends.base import InvalidRequest
from backends.text import check_text, decode_utf8


@pytest.mark.parametrize("text", ["Hello.\n\tTabbed and\r\nWindows lines.", "你好，世界。(高兴1)", "",
                                  "e\u0301"])
def test_ordinary_text_passes(text: str) -> None:
    check_text(text)


@pytest.mark.parametrize(("text", "words"), [
    ("ab\x00c", "control character (U+0000) at character 3 (line 1, column 3)"),
    ("line one\nx\x1b[2J", "control character (U+001B) at character 11 (line 2, column 2)"),
    ("bad \udcff byte", "not valid Unicode at character 5 (line 1, column 5) (byte 0xff)"),
    ("lone \ud800", "not valid Unicode at character 6"),
    ("c1 \x85", "U+0085"),
])
def test_what_no_engine_can_speak_is_refused_with_its_place(text: str, words: str) -> None:
    with pytest.raises(InvalidRequest, match=re.escape(words)):
        check_text(text)


def test_bytes_that_are_not_utf8_are_refused_with_their_offset() -> None:
    assert decode_utf8("\ufeffhello 你好".encode(), "x") == "hello 你好"  # a BOM is dropped
    expected = "standard input is not UTF-8 text: byte 0xff at byte 9 (line 3)"
    with pytest.raises(InvalidRequest, match=re.escape(expected)):
        decode_utf8(b"one\ntwo\n\xffthree", "standard input")


def test_display_width_counts_wide_characters_twice() -> None:
    from backends.text import display_width

    assert display_width("") == 0
    assert display_width("abc") == 3
    assert display_width("今天好") == 6
    assert display_width("Ｆｕｌｌ") == 8  # full-width Latin
    assert display_width("Joe 说") == 6
