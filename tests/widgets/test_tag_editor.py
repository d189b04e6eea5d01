"""The tag editor on its own: colours, engine marks, tooltips, tag insertion, keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from backends.base import Support, TagSupport
from backends.tags import Tag, TagFamily
from widgets.tag_editor import FAMILY_COLOURS, TagEditor


def fmt_at(editor: TagEditor, position: int) -> QTextCharFormat:
    block = editor.document().findBlock(position)
    for rng in block.layout().formats():
        if rng.start <= position - block.position() < rng.start + rng.length:
            return QTextCharFormat(rng.format)
    return QTextCharFormat()


def support(tag: Tag | str) -> TagSupport:
    key = tag if isinstance(tag, str) else tag.key
    if key == "emotion:生气":
        return TagSupport(Support.UNSUPPORTED, "no anger here")
    if key == "emotion:高兴":
        return TagSupport(Support.APPROXIMATED, "pitch up a bit")
    return TagSupport(Support.NATIVE, "fine")


def test_tags_are_coloured_by_family_without_an_engine(qtbot: Any) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("(高兴1)Hi [Laughter] plain (slow) text")
    happy = fmt_at(editor, 1)
    laugh = fmt_at(editor, editor.toPlainText().index("[Laughter]") + 2)
    plain = fmt_at(editor, editor.toPlainText().index("plain") + 1)
    assert happy.background().color().name() == FAMILY_COLOURS[TagFamily.EMOTION][0]
    assert laugh.background().color().name() == FAMILY_COLOURS[TagFamily.PARALINGUISTIC][0]
    assert plain.background().style() == Qt.BrushStyle.NoBrush
    assert happy.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline


def test_engine_support_underlines_and_tooltips(qtbot: Any) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("(高兴1)Hi. (生气1)Grr. (快速1)Go.")
    editor.set_support(support, "Test engine")
    text = editor.toPlainText()
    wave = QTextCharFormat.UnderlineStyle.WaveUnderline
    assert fmt_at(editor, 1).underlineStyle() == wave
    assert fmt_at(editor, 1).underlineColor().name() == "#d97706"
    assert fmt_at(editor, text.index("(生气1)") + 1).underlineColor().name() == "#e11d48"
    assert fmt_at(editor, text.index("(快速1)") + 1).underlineStyle() != wave
    tip = editor.tooltip_at(text.index("(生气1)") + 2)
    assert "Test engine" in tip and "no anger here" in tip and "fail.svg" in tip
    assert editor.tooltip_at(text.index("Grr")) == ""


def test_parser_issues_appear_in_tooltips(qtbot: Any) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("(悲伤3)Sad words")
    assert "level 3" in editor.tooltip_at(2)
    assert fmt_at(editor, 2).underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine


def test_typing_updates_highlighting_immediately(qtbot: Any) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    qtbot.keyClicks(editor, "Hello [Sigh] you")
    pos = editor.toPlainText().index("[Sigh]") + 1
    assert fmt_at(editor, pos).background().color().name() == FAMILY_COLOURS[TagFamily.PARALINGUISTIC][0]
    with qtbot.waitSignal(editor.parsedChanged, timeout=2000) as blocker:
        qtbot.keyClicks(editor, "!")
    assert blocker.args[0].source == "Hello [Sigh] you!"


def test_state_tags_go_to_the_sentence_start_and_replace_their_family(qtbot: Any) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("One. (快速1)Two words")
    cursor = editor.textCursor()
    cursor.setPosition(len(editor.toPlainText()) - 2)
    editor.setTextCursor(cursor)
    editor.insert_tag("(高兴1)", TagFamily.EMOTION)
    assert editor.toPlainText() == "One. (高兴1)(快速1)Two words"
    editor.insert_tag("(慢速2)", TagFamily.SPEED)
    assert editor.toPlainText() == "One. (高兴1)(慢速2)Two words"
    editor.undo()
    assert editor.toPlainText() == "One. (高兴1)(快速1)Two words"


def test_sounds_go_at_the_cursor(qtbot: Any) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("Well then")
    cursor = editor.textCursor()
    cursor.setPosition(4)
    editor.setTextCursor(cursor)
    editor.insert_tag("[Sigh]", TagFamily.PARALINGUISTIC)
    assert editor.toPlainText() == "Well[Sigh] then"


def test_ctrl_enter_never_inserts_a_newline(qtbot: Any) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "abc"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "abc\n"


def test_dictionary_words_are_marked_outside_tags_and_say_their_reading(qtbot: Any) -> None:
    from backends.lexicon import Lexicon, ReadingKind, check_entry

    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("(Nguyen)Nguyen met Ana in 重庆. Banana.")
    lexicon = Lexicon([check_entry("Nguyen", "ŋwˈɪən", "ipa", "en"), check_entry("Ana", "Ahna", "respell"),
                       check_entry("重庆", "chong2 qing4", "pinyin")])

    def reading(kind: ReadingKind) -> TagSupport:
        if kind is ReadingKind.PINYIN:
            return TagSupport(Support.UNSUPPORTED, "no pinyin here")
        return TagSupport(Support.NATIVE, "fine")

    editor.set_lexicon(lexicon, reading)
    text = editor.toPlainText()
    dash, wave = QTextCharFormat.UnderlineStyle.DashUnderline, QTextCharFormat.UnderlineStyle.WaveUnderline
    assert fmt_at(editor, text.index("Nguyen met") + 1).underlineStyle() == dash
    assert fmt_at(editor, 2).underlineStyle() != dash  # inside a tag: a tag, not a word to say
    assert fmt_at(editor, text.index("Ana in") + 1).underlineStyle() == dash
    assert fmt_at(editor, text.index("Banana") + 4).underlineStyle() != dash  # not a word of its own
    assert fmt_at(editor, text.index("重庆")).underlineStyle() == wave
    tip = editor.tooltip_at(text.index("重庆"))
    assert "chong2 qing4" in tip and "no pinyin here" in tip
    assert "ŋwˈɪən" in editor.tooltip_at(text.index("Nguyen met")) and "fine" not in editor.tooltip_at(
        text.index("Nguyen met"))
    editor.set_lexicon(Lexicon())
    assert fmt_at(editor, text.index("Ana in") + 1).underlineStyle() != dash
