"""The Edit page driven as a user would: open a real recording, select, operate, undo, restore.

Every step runs on the document's worker; the tests wait for its snapshot like the page does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from studio.ui.edit.page import EditPage

DATA = Path(__file__).parents[3] / "data"
CLIP = DATA / "zero_shot_en_prompt.wav"


@pytest.fixture
def page(started_page: EditPage) -> EditPage:
    return started_page


def _settle(qtbot: Any, page: EditPage) -> None:
    qtbot.waitUntil(lambda: not page.doc.busy, timeout=60_000)


def _open(qtbot: Any, page: EditPage, path: Path = CLIP) -> float:
    page.open_file(path)
    qtbot.waitUntil(lambda: page.doc.state is not None, timeout=30_000)
    _settle(qtbot, page)
    return page.doc.state.duration  # type: ignore[union-attr]


def test_opening_a_recording_lists_it_and_draws_it(qtbot: Any, page: EditPage) -> None:
    duration = _open(qtbot, page)
    assert duration == pytest.approx(sf.info(str(CLIP)).duration, abs=1e-3)
    qtbot.waitUntil(lambda: page.projects.list.count() == 1)
    assert CLIP.stem in page.title_label.text()
    qtbot.waitUntil(lambda: page.timeline.columns_for_view(page.timeline.canvas.width()) is not None)
    mins, maxs = page.timeline.columns_for_view(page.timeline.canvas.width())  # type: ignore[misc]
    assert float(maxs.max()) > 0.05 and float(mins.min()) < -0.05  # speech, drawn


def test_delete_undo_redo_and_the_shortcuts(qtbot: Any, page: EditPage) -> None:
    duration = _open(qtbot, page)
    assert not page.ops.actions["delete"].isEnabled()  # nothing selected yet
    page.timeline.set_selection(1.0, 2.0, emit=True)
    assert page.ops.actions["delete"].isEnabled()
    page.ops.actions["delete"].trigger()
    _settle(qtbot, page)
    shorter = page.doc.state.duration  # type: ignore[union-attr]
    assert shorter == pytest.approx(duration - 1.0, abs=0.05)  # cuts snap to quiet
    assert page.timeline.duration == pytest.approx(shorter)
    assert page.history.list.count() == 2
    page._actions["undo"].trigger()
    _settle(qtbot, page)
    assert page.doc.state.duration == pytest.approx(duration)  # type: ignore[union-attr]
    assert page._actions["redo"].isEnabled()
    page._actions["redo"].trigger()
    _settle(qtbot, page)
    assert page.doc.state.duration == pytest.approx(shorter)  # type: ignore[union-attr]


def test_cut_then_paste_puts_the_same_audio_back(qtbot: Any, page: EditPage) -> None:
    duration = _open(qtbot, page)
    page.timeline.set_selection(0.5, 1.5, emit=True)
    page.run_operation("cut")
    _settle(qtbot, page)
    assert page.doc.clipboard is not None
    cut = page.doc.clipboard.duration
    page.timeline.set_selection(2.0, 2.0, emit=True)
    assert page.ops.actions["paste"].isEnabled()
    page.run_operation("paste")
    _settle(qtbot, page)
    assert page.doc.state.duration == pytest.approx(duration, abs=0.05)  # type: ignore[union-attr]
    a, b = page.timeline.selection  # the pasted span is selected
    assert b - a == pytest.approx(cut, abs=1e-3)


def test_restoring_an_old_version_keeps_the_history(qtbot: Any, page: EditPage) -> None:
    duration = _open(qtbot, page)
    page.timeline.set_selection(0.0, 1.0, emit=True)
    page.run_operation("crop")
    _settle(qtbot, page)
    assert page.doc.state.duration == pytest.approx(1.0, abs=0.05)  # type: ignore[union-attr]
    page.history.list.setCurrentRow(0)
    assert page.history.restore_button.isEnabled()
    page.history.restore_button.click()
    _settle(qtbot, page)
    state = page.doc.state
    assert state is not None and state.duration == pytest.approx(duration)
    assert len(state.versions) == 3 and state.current == 2  # restore is a step, undoable


def test_gain_on_a_selection_changes_only_the_selection(qtbot: Any, page: EditPage,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _open(qtbot, page)
    monkeypatch.setattr("studio.ui.edit.page.QInputDialog.getDouble", lambda *a, **k: (-6.0, True))
    page.timeline.set_selection(1.0, 2.0, emit=True)
    page.run_operation("gain")
    _settle(qtbot, page)
    project = page.doc.project
    assert project is not None
    before, after = project.render(0).samples, project.render().samples
    rate = project.sample_rate
    inside = slice(int(1.2 * rate), int(1.8 * rate))
    ratio = np.sqrt(np.mean(after[inside] ** 2) / np.mean(before[inside] ** 2))
    assert 20 * np.log10(ratio) == pytest.approx(-6.0, abs=0.1)
    outside = slice(int(2.5 * rate), int(3.0 * rate))
    assert np.array_equal(after[outside], before[outside])


def test_a_broken_file_gets_one_sentence_and_opens_nothing(qtbot: Any, page: EditPage,
                                                            tmp_path: Path) -> None:
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" * 4)
    page.open_file(bad)
    _settle(qtbot, page)
    assert page.doc.state is None
    texts = [n.text() for n in page.notices.findChildren(type(page.title_label)) if n.text()]
    assert any("broken.wav" in t for t in texts), texts
    assert not any("Traceback" in t for t in texts)
    assert page.projects.list.count() == 0


def test_projects_reopen_rename_and_delete(qtbot: Any, page: EditPage,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _open(qtbot, page)
    page.timeline.set_selection(0.0, 0.5, emit=True)
    page.run_operation("silence")
    _settle(qtbot, page)
    project_id = page.doc.state.project_id  # type: ignore[union-attr]
    monkeypatch.setattr("studio.ui.edit.page.QInputDialog.getText", lambda *a, **k: ("Interview", True))
    page._rename(project_id, "old")
    _settle(qtbot, page)
    assert "Interview" in page.title_label.text()
    page.doc.open_project(project_id)
    _settle(qtbot, page)
    assert page.doc.state.current == 1  # type: ignore[union-attr]
    monkeypatch.setattr("studio.ui.edit.page.QMessageBox.exec", lambda self: self.StandardButton.Yes)
    page._delete(project_id, "Interview")
    _settle(qtbot, page)
    assert page.doc.state is None
    qtbot.waitUntil(lambda: page.projects.list.count() == 0)
    assert page.timeline.duration == 0.0
