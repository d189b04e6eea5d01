"""Pronunciation entries: checked where they enter, found where they stand alone, split for a voice."""

from __future__ import annotations

import pytest

from backends.lexicon import (
    MAX_ENTRIES,
    Lexicon,
    LexiconError,
    Pronunciation,
    ReadingKind,
    check_entry,
    plan,
)


def entry(word: str, reading: str, kind: str = "respell", language: str = "") -> Pronunciation:
    return check_entry(word, reading, kind, language)


def test_entries_are_normalised_where_they_enter() -> None:
    e = check_entry("  Siobhan ", " Shiv   awn ", "respell", "en")
    assert (e.word, e.reading, e.kind, e.language) == ("Siobhan", "Shiv awn", ReadingKind.RESPELL, "en")
    p = check_entry("重庆", "Chong2 QING4", "pinyin")
    assert (p.reading, p.language) == ("chong2 qing4", "zh")  # pinyin is always Mandarin
    assert check_entry("绿", "lv4", "pinyin").reading == "lü4"


@pytest.mark.parametrize(("word", "reading", "kind", "language", "says"), [
    ("", "x", "respell", "", "empty"),
    ("Ana", "", "respell", "", "no reading"),
    ("Ana", "x", "phonetic", "", "not a kind"),
    ("A" * 65, "x", "respell", "", "longer than 64"),
    ("Ana", "x" * 201, "respell", "", "longer than 200"),
    ("Ana", "x", "respell", "english", "language code"),
    ("Ana\u202e", "x", "respell", "", "control character"),
    ("Ana", "(高兴1)x", "respell", "", "bracket"),
    ("---", "x", "respell", "", "no letters"),
    ("重庆", "chong qing", "pinyin", "", "tone digits"),
    ("重庆", "chong2", "pinyin", "", "2 characters but 1"),
    ("重庆", "chong2 qing4", "pinyin", "en", "for Mandarin"),
    ("Nguyen", "ŋwiˈ2ən", "ipa", "en", "digits"),
    (3, "x", "respell", "", "as text"),
])
def test_bad_entries_get_one_sentence(word, reading, kind, language, says) -> None:
    with pytest.raises(LexiconError, match=says) as caught:
        check_entry(word, reading, kind, language)
    message = str(caught.value)
    assert "\n" not in message and "\u202e" not in message and len(message) < 160


def test_words_are_found_alone_regardless_of_case_and_longest_first() -> None:
    lex = Lexicon([entry("Ana", "Ahna"), entry("Ana Lucia", "Ahna Loo-see-ah"),
                   entry("重", "chong2", "pinyin")])
    text = "ana said Banana to Ana Lucia: 重新"
    found = [(text[m.start:m.end], m.entry.word) for m in lex.find(text, "en")]
    assert found == [("ana", "Ana"), ("Ana Lucia", "Ana Lucia")]  # not inside "Banana"; 重 is Mandarin
    zh = [(text[m.start:m.end]) for m in lex.find(text, "zh")]
    assert "重" in zh  # Han is written without spaces: found inside a longer run
    assert len(lex.find(text, None)) == 3


def test_a_later_entry_for_the_same_word_wins_and_the_size_is_bounded() -> None:
    lex = Lexicon([entry("Ana", "Ahna", language="en"), entry("ANA", "Anna", language="en")])
    assert [e.reading for e in lex] == ["Anna"]
    full = Lexicon(entry(f"w{i}", "x") for i in range(MAX_ENTRIES))
    with pytest.raises(LexiconError, match="at most"):
        full.add(entry("one more", "x"))
    full.add(entry("w0", "y"))  # replacing is always allowed


def test_files_round_trip_and_hostile_ones_name_the_bad_entry() -> None:
    lex = Lexicon([entry("Siobhan", "Shiv-awn", language="en"), entry("重庆", "chong2 qing4", "pinyin"),
                   entry("Nguyen", "ŋwˈɪən", "ipa", "en")])
    assert Lexicon.from_json(lex.to_json()) == lex
    with pytest.raises(LexiconError, match=r"Entry 2: .*bracket"):
        Lexicon.from_json({"entries": [entry("a", "b").to_json(), {"word": "x", "reading": "[y]",
                                                                  "kind": "respell"}]})
    for raw, says in (({"format": "other"}, "not a pronunciation"), ({"version": 99, "entries": []}, "newer"),
                      ("words", "list of entries"), ([1], "Entry 1"),
                      ([{}] * (MAX_ENTRIES + 1), "at most")):
        with pytest.raises(LexiconError, match=says):
            Lexicon.from_json(raw)


def test_a_plan_writes_respellings_in_and_keeps_readings_the_voice_can_use() -> None:
    lex = Lexicon([entry("Siobhan", "Shiv-awn"), entry("Nguyen", "ŋwˈɪən", "ipa"),
                   entry("重庆", "chong2 qing4", "pinyin")])
    text = "Siobhan met Nguyen in 重庆."
    spoken, unread = plan(text, lex.find(text, None), {ReadingKind.IPA})
    assert spoken.text == "Shiv-awn met Nguyen in 重庆."
    assert [(t, e.kind if e else None) for t, e in spoken.pieces] == [
        ("Shiv-awn met ", None), ("Nguyen", ReadingKind.IPA), (" in 重庆.", None)]
    assert [m.entry.word for m in unread] == ["重庆"]
    plain, unread = plan(text, lex.find(text, None), ())
    assert not plain.has_readings and plain.text == "Shiv-awn met Nguyen in 重庆."
    assert len(unread) == 2
