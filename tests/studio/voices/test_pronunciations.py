"""The pronunciation file: written whole or not at all, read as hostile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backends.lexicon import Lexicon, LexiconError, check_entry
from studio.library.storage import StorageError
from studio.voices.pronunciations import MAX_FILE_BYTES, read_lexicon, write_lexicon


def test_a_dictionary_round_trips_and_a_missing_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "pronunciations.json"
    assert len(read_lexicon(path)) == 0
    lex = Lexicon([check_entry("Siobhan", "Shiv-awn", "respell", "en"),
                   check_entry("重庆", "chong2 qing4", "pinyin")])
    write_lexicon(path, lex)
    assert read_lexicon(path) == lex
    assert "重庆" in path.read_text(encoding="utf-8")  # readable, not \\u-escaped


@pytest.mark.parametrize(("content", "says"), [
    (b"\xff\xfe", "not JSON"),
    (b"{nope", "not JSON"),
    (b"[" * 200_000, "not JSON"),  # nested past the parser's depth
    (json.dumps({"entries": [{"word": "a", "reading": "b\u0007", "kind": "respell"}]}).encode(), "Entry 1"),
    (b" " * (MAX_FILE_BYTES + 1), "larger"),
])
def test_a_damaged_file_gets_one_sentence(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "pronunciations.json"
    path.write_bytes(content)
    with pytest.raises(LexiconError, match=says) as caught:
        read_lexicon(path)
    assert "\n" not in str(caught.value) and "\u0007" not in str(caught.value)


def test_a_failed_save_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "pronunciations.json"
    old = Lexicon([check_entry("a", "b", "respell")])
    write_lexicon(path, old)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    with pytest.raises(StorageError):
        write_lexicon(blocked, old)  # a folder where the file should be
    assert read_lexicon(path) == old
