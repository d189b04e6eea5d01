"""Reading dialogue and tables into scripts: labels in both scripts' punctuation, continuation,
tags kept, and hostile or odd input refused with the line named."""

from __future__ import annotations

import pytest

from studio.scripts.script import MAX_LINE_CHARS, NARRATOR, ScriptError, parse_dialogue, read_table


def test_labelled_dialogue_in_english_and_chinese_punctuation() -> None:
    script = parse_dialogue(
        "Ana: (高兴1)Good morning!\n"
        "Ben：Morning, Ana. How was the trip?\n"
        "\n"
        "It was long.\n"  # no label: Ben goes on
        "小明：早上好！你吃饭了吗？\n"
        "Dr. Li  :  (悲伤1)我没事。\n"
        "Mary Jane Watson: Hi.\n")
    assert [(line.speaker, line.text, line.source_line) for line in script.lines] == [
        ("Ana", "(高兴1)Good morning!", 1),
        ("Ben", "Morning, Ana. How was the trip?", 2),
        ("Ben", "It was long.", 4),
        ("小明", "早上好！你吃饭了吗？", 5),
        ("Dr. Li", "(悲伤1)我没事。", 6),
        ("Mary Jane Watson", "Hi.", 7),
    ]
    assert script.speaker_names() == ["Ana", "Ben", "小明", "Dr. Li", "Mary Jane Watson"]


def test_text_without_labels_is_a_narrator_and_times_are_not_labels() -> None:
    script = parse_dialogue("Once upon a time.\nAt 10:30 the bell rang.\n10:45: later still.\n")
    assert {line.speaker for line in script.lines} == {NARRATOR}
    assert [line.text for line in script.lines][1:] == ["At 10:30 the bell rang.", "10:45: later still."]
    # A sentence with a colon late in it is not a speaker of five words or more.
    long = parse_dialogue("The thing I want to say is this: hello.")
    assert long.lines[0].speaker == NARRATOR


@pytest.mark.parametrize(("text", "words"), [
    ("", "no lines"),
    ("   \n\n", "no lines"),
    ("Ana: hi\nBen: " + "x" * (MAX_LINE_CHARS + 1), "Line 2 has"),
    ("Ana: hi\nBen: bad \x1b[2J escape", "Line 2"),
    ("".join(f"S{k}: line\n" for k in range(70)), "65th speaker"),
])
def test_bad_scripts_name_the_line(text: str, words: str) -> None:
    with pytest.raises(ScriptError, match=words.replace("(", r"\(")) as caught:
        parse_dialogue(text)
    assert "\x1b" not in str(caught.value)


def test_tables_in_csv_and_tsv() -> None:
    script = read_table("text,voice,tags,output\n"
                        "Hello there.,low,(高兴1),hello\n,,,\n\"One, two.\",,,count\n")
    assert [(line.text, line.voice, line.output, line.source_line) for line in script.lines] == [
        ("(高兴1)Hello there.", "low", "hello", 2), ("One, two.", None, "count", 4)]
    tsv = read_table("output\ttext\na\tFirst.\nb\tSecond, with a comma.\n")
    assert [line.text for line in tsv.lines] == ["First.", "Second, with a comma."]
    with pytest.raises(ScriptError, match="lacks output"):
        read_table("text\nHello\n")
    with pytest.raises(ScriptError, match="Row 3 writes 'a' again"):
        read_table("text,output\nOne.,a\nTwo.,a\n")


def test_every_speaker_gets_a_voice_of_their_own_that_speaks_their_language() -> None:
    from backends.base import VoiceInfo
    from studio.scripts.script import assign_voices

    voices = [VoiceInfo("joe", "Joe", ("en",), 22050), VoiceInfo("mei", "Mei", ("en", "zh"), 24000),
              VoiceInfo("kai", "Kai", ("zh",), 24000)]
    script = parse_dialogue("Ana: Hello.\n小明：你好！\nBen: Hi.\nCleo: Hey.\nDan: Yo.\n")
    voices_of = assign_voices(script, voices, {"Ben": "joe"})
    assert voices_of["Ben"] == "joe"  # as given
    assert voices_of["Ana"] == "mei"  # English, and joe is taken
    assert voices_of["小明"] == "kai"  # Chinese
    assert voices_of["Cleo"] == "joe" and voices_of["Dan"] == "joe"  # none left: the first that speaks it
    assert assign_voices(script, [], {}) == {}


@pytest.mark.parametrize("name", ["../escape", "a/b", "a\\b", ".hidden", "..", "x" * 121, "bad\x1bname"])
def test_a_tables_output_names_stay_in_the_folder(name: str) -> None:
    with pytest.raises(ScriptError, match="Row 2: the output name must be a plain file name"):
        read_table(f"text,output\nHi.,{name}\n")
    with pytest.raises(ScriptError, match="Row 2 has text but no output name"):
        read_table("text,output\nHi.,\n")
