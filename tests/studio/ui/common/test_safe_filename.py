"""Suggested export names must be accepted by Windows, macOS and Linux alike."""

from __future__ import annotations

import pytest

from studio.ui.common.labels import safe_filename


@pytest.mark.parametrize(("title", "expected"), [
    ('Hello: "world"?', "Hello world"),
    ("a/b\\c|d*e<f>g", "a b c d e f g"),
    ("tab\there\x01and\x1f", "tab here and"),
    ("ends with dots...", "ends with dots"),
    ("…", "take"),
    ("", "take"),
    ("CON", "CON take"),
    ("nul.backup", "nul.backup take"),
    ("com1", "com1 take"),
    ("console", "console"),
    ("你好，世界", "你好，世界"),
])
def test_titles_become_names_every_platform_accepts(title: str, expected: str) -> None:
    assert safe_filename(title) == expected


def test_a_long_title_is_cut_without_leaving_a_trailing_dot_or_space() -> None:
    name = safe_filename("x" * 58 + " .yz")
    assert len(name) <= 60
    assert not name.endswith((" ", "."))
