"""The tag picker's menus and marks, and the inline notices."""

from __future__ import annotations

from typing import Any

from backends.base import Support, TagSupport
from backends.tags import TagFamily, vocabulary
from widgets.notices import Level, NoticeArea
from widgets.tag_picker import TagPicker


def test_every_vocabulary_tag_is_offered_in_canonical_form(qtbot: Any) -> None:
    picker = TagPicker()
    qtbot.addWidget(picker)
    emotion = [a.data() for a in picker.menu_actions(TagFamily.EMOTION)]
    assert emotion[:2] == ["(高兴1)", "(高兴2)"]
    languages = [a.data() for a in picker.menu_actions(TagFamily.LANGUAGE)]
    assert "(四川话)" in languages and "(粤语)" in languages
    sounds = [a.data() for a in picker.menu_actions(TagFamily.PARALINGUISTIC)]
    assert sounds == [f"[{d.name}]" for d in vocabulary(TagFamily.PARALINGUISTIC)]
    music = [a.data() for a in picker.menu_actions(TagFamily.MUSIC)]
    assert music == ["(RAP)", "(哼唱)"]


def test_marks_and_tooltips_follow_the_support_lookup(qtbot: Any) -> None:
    picker = TagPicker()
    qtbot.addWidget(picker)

    def lookup(key: str) -> TagSupport:
        if key.startswith("music"):
            return TagSupport(Support.UNSUPPORTED, "cannot sing")
        if key.startswith("emotion"):
            return TagSupport(Support.APPROXIMATED, "prosody only")
        return TagSupport(Support.NATIVE, "yes")

    picker.set_support(lookup, "Engine X")
    rap = picker.menu_actions(TagFamily.MUSIC)[0]
    assert rap.property("mark") == "fail" and "Engine X" in rap.toolTip() and "cannot sing" in rap.toolTip()
    assert picker.menu_actions(TagFamily.EMOTION)[0].property("mark") == "approx"
    assert picker.menu_actions(TagFamily.SPEED)[0].property("mark") == "ok"


def test_choosing_an_item_emits_the_tag(qtbot: Any) -> None:
    picker = TagPicker()
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.tagChosen) as blocker:
        picker.menu_actions(TagFamily.BREAK)[2].trigger()
    assert blocker.args == ['<break time="1s"/>', TagFamily.BREAK]


def test_notices_replace_by_key_and_can_be_dismissed(qtbot: Any) -> None:
    area = NoticeArea()
    qtbot.addWidget(area)
    area.show_notice("one", Level.INFO, key="a")
    area.show_notice("two", Level.WARNING, key="a")
    area.show_notice("three", Level.ERROR)
    assert area.texts() == ["two", "three"]
    assert area.levels() == [Level.WARNING, Level.ERROR]
    area.dismiss("a")
    assert area.texts() == ["three"]
    area.clear()
    assert area.isHidden()
