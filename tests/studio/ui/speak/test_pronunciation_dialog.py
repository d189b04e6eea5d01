"""File ▸ Pronunciations…: entries checked as they are typed, saved at once, marked in the editor,
sent with every take, shared through files, and the engine's support said before use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QTextCharFormat
from test_speak_page import generate
from ui_fakes import FakeBackend, MakeWindow

from backends.lexicon import Lexicon, ReadingKind, check_entry
from studio.voices.pronunciations import read_lexicon
from tests.widgets.test_tag_editor import fmt_at


def _open(qtbot: Any, make_window: MakeWindow) -> tuple[Any, Any]:
    window = make_window(FakeBackend)
    dialog = window.open_pronunciation_dialog()
    qtbot.addWidget(dialog)
    return window, dialog


def _fill(dialog: Any, word: str, reading: str, kind: ReadingKind, language: str = "") -> None:
    dialog.word.setText(word)
    dialog.reading.setText(reading)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.language.setCurrentIndex(dialog.language.findData(language))
    dialog.add_button.click()


def test_an_entry_is_checked_saved_marked_and_sent_with_the_take(qtbot: Any, make_window: MakeWindow) -> None:
    window, dialog = _open(qtbot, make_window)
    store = window.speak.pronunciations
    _fill(dialog, "重庆", "chong2", ReadingKind.PINYIN)
    assert "2 characters but 1" in dialog.problem.text() and dialog.table.rowCount() == 0
    _fill(dialog, "重庆", "chong2 qing4", ReadingKind.PINYIN)
    _fill(dialog, "Siobhan", "Shiv-awn", ReadingKind.RESPELL, "en")
    assert dialog.problem.text() == "" and dialog.table.rowCount() == 2
    store.wait()
    assert read_lexicon(store.path) == store.lexicon and len(store.lexicon) == 2
    # The engine says before use what it does with the kind chosen (the test engine declares nothing).
    assert "Fake engine" in dialog.support.text() and "read as written" in dialog.support.text()

    generate(qtbot, window, "Siobhan went to 重庆.")
    sent = window.speak.backend.requests[-1].lexicon
    assert {e.word for e in sent} == {"Siobhan", "重庆"}
    editor = window.speak.editor
    wave = QTextCharFormat.UnderlineStyle.WaveUnderline  # the test engine reads neither kind
    assert fmt_at(editor, 1).underlineStyle() == wave

    dialog.table.selectRow([dialog.table.item(r, 0).text() for r in range(2)].index("Siobhan"))
    assert dialog.word.text() == "Siobhan" and dialog.reading.text() == "Shiv-awn"
    dialog.remove_button.click()
    store.wait()
    assert [e.word for e in read_lexicon(store.path)] == ["重庆"]
    assert fmt_at(editor, 1).underlineStyle() != wave


def test_a_shared_file_is_merged_and_a_hostile_one_gets_a_sentence(qtbot: Any, make_window: MakeWindow,
                                                                  tmp_path: Path) -> None:
    window, dialog = _open(qtbot, make_window)
    _fill(dialog, "Ana", "Ahna", ReadingKind.RESPELL)
    hostile = tmp_path / "bad.json"
    hostile.write_text(json.dumps({"entries": [{"word": "x", "reading": "\u0007", "kind": "ipa"}]}))
    dialog.import_file(hostile)
    qtbot.waitUntil(lambda: "Entry 1" in dialog.problem.text(), timeout=10_000)
    assert "\u0007" not in dialog.problem.text() and len(window.speak.pronunciations.lexicon) == 1

    shared = tmp_path / "shared.json"
    shared.write_text(json.dumps(Lexicon([check_entry("Ana", "Anna", "respell"),
                                          check_entry("Nguyen", "ŋwˈɪən", "ipa", "en")]).to_json()))
    dialog.import_file(shared)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    readings = {e.word: e.reading for e in window.speak.pronunciations.lexicon}
    assert readings == {"Ana": "Anna", "Nguyen": "ŋwˈɪən"}  # the shared entry won

    out = tmp_path / "out.json"
    dialog.export_file(out)
    dialog.wait()
    assert read_lexicon(out) == window.speak.pronunciations.lexicon


def test_the_dictionary_is_read_back_at_the_next_start(qtbot: Any, make_window: MakeWindow) -> None:
    window, dialog = _open(qtbot, make_window)
    _fill(dialog, "Siobhan", "Shiv-awn", ReadingKind.RESPELL)
    window.speak.pronunciations.wait()
    again = make_window(FakeBackend)
    qtbot.waitUntil(lambda: again.speak.pronunciations.loaded, timeout=10_000)
    assert [e.word for e in again.speak.pronunciations.lexicon] == ["Siobhan"]


def test_a_damaged_dictionary_is_said_once_and_the_studio_goes_on(qtbot: Any, make_window: MakeWindow,
                                                                 studio_home: Path) -> None:
    from studio.voices.pronunciations import default_path

    default_path().write_text("{not json", encoding="utf-8")
    window = make_window(FakeBackend)
    notices = window.speak.notices
    qtbot.waitUntil(lambda: any("Pronunciations" in n for n in notices.texts()), timeout=10_000)
    assert len(window.speak.pronunciations.lexicon) == 0


def test_bundles_carry_the_dictionary_when_the_sender_agrees(qtbot: Any, make_window: MakeWindow,
                                                            tmp_path: Path, monkeypatch: Any) -> None:
    import numpy as np
    from PySide6.QtWidgets import QMessageBox

    from backends.audio import Audio
    from studio.ui.clone.voices_page import describe_preview
    from studio.voices.bundles import export_bundle, preview_bundle
    from studio.voices.library import Consent, VoiceLibrary

    with VoiceLibrary(tmp_path / "theirs") as theirs:
        voice = theirs.add("Ann", Audio(np.sin(np.arange(24000) / 10).astype(np.float32) * 0.3, 24000),
                           transcript="Hi", language="en", consent=Consent("Ann", True, "yes"))
        bundle = export_bundle(tmp_path / "ann.zip", [voice.id], [], theirs,
                               (check_entry("Ana", "Anna", "respell"), check_entry("Nguyen", "wɪn", "ipa")))
    assert "Pronunciations: Ana, Nguyen" in describe_preview(preview_bundle(bundle))

    window, dialog = _open(qtbot, make_window)
    _fill(dialog, "Ana", "Ahna", ReadingKind.RESPELL)  # the user's own reading stays theirs
    page = window.clone.voices_page
    qtbot.waitUntil(lambda: page.library is not None, timeout=10_000)
    page.confirm_import = lambda preview: True  # type: ignore[method-assign]
    page.import_bundle(str(bundle))
    store = window.speak.pronunciations
    qtbot.waitUntil(lambda: len(store.lexicon) == 2, timeout=10_000)
    assert {e.word: e.reading for e in store.lexicon} == {"Ana": "Ahna", "Nguyen": "wɪn"}

    for answer, expected in ((QMessageBox.StandardButton.No, 0), (QMessageBox.StandardButton.Yes, 2)):
        monkeypatch.setattr(QMessageBox, "question", lambda *a, answer=answer, **k: answer)
        assert len(store.ask_to_share(page)) == expected

