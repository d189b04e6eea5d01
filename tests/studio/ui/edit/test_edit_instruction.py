"""The instruction panel: built from the engine's declarations, refusing before it runs, and a run
through the Embedded engine (or a failing test engine) seen from the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import BackendError, CancelToken, Manifest, Support
from backends.edits import EditKind, EditRequest, EditSupport
from backends.embedded.engine import EmbeddedBackend
from studio.ui.edit.page import EditPage

CLIP = Path(__file__).parents[3] / "data" / "zero_shot_en_prompt.wav"


class Failing:
    """An engine whose second clip fails, as a GPU running out of memory would."""

    max_edit_seconds = 0.0

    def __init__(self) -> None:
        self.manifest = Manifest("failing", "Failing", "1", "MIT", "", ("en",), {}, edits={
            "denoise": EditSupport(Support.NATIVE, "returns its input quieter")})
        self.calls = 0

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken, progress: Any = None) -> Audio:
        self.calls += 1
        if self.calls == 2:
            raise BackendError("the GPU ran out of memory")
        return Audio(audio.samples * np.float32(0.5), audio.sample_rate)


@pytest.fixture
def page(opened_page: EditPage) -> EditPage:
    return opened_page


def test_the_form_shows_what_the_engine_declares(page: EditPage) -> None:
    panel = page.instruction
    assert not panel.run_button.isEnabled()  # no engine yet
    page.set_engine("embedded", EmbeddedBackend(preload_kokoro=False))
    combo = panel.kind_combo
    model = combo.model()
    kinds = {combo.itemData(i): i for i in range(combo.count())}
    assert set(kinds) == set(EditKind)
    style = kinds[EditKind.STYLE]
    assert not model.item(style).isEnabled()  # type: ignore[attr-defined]
    assert "Step-Audio-EditX" in combo.itemData(style, 3)  # the reason, as the tooltip
    combo.setCurrentIndex(kinds[EditKind.EMOTION])
    assert "approximated" in combo.currentText()
    assert panel.how_label.text().startswith("Approximated:")
    assert not panel.value_combo.isHidden() and panel.value_combo.count() > 0
    combo.setCurrentIndex(kinds[EditKind.SPEED])
    assert not panel.amount_spin.isHidden() and panel.value_combo.isHidden()
    assert panel.run_button.isEnabled()


def test_speed_through_the_embedded_engine_on_a_selection(qtbot: Any, page: EditPage) -> None:
    page.set_engine("embedded", EmbeddedBackend(preload_kokoro=False))
    before = page.doc.state.duration  # type: ignore[union-attr]
    panel = page.instruction
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(EditKind.SPEED))
    panel.amount_spin.setValue(2.0)
    page.timeline.set_selection(1.0, 3.0, emit=True)
    panel.run_button.click()
    qtbot.waitUntil(lambda: not page.doc.busy and page.doc.state.current == 1, timeout=60_000)  # type: ignore[union-attr]
    after = page.doc.state.duration  # type: ignore[union-attr]
    # The span (widened to pauses, so about 2 s or a little more) plays in half the time.
    assert 0.9 < before - after < 1.6
    assert page.doc.state.versions[-1].op["op"] == "instruct"  # type: ignore[union-attr]
    assert panel.progress.isHidden() and panel.run_button.isEnabled()


def test_an_engine_failing_mid_way_keeps_the_finished_iteration(qtbot: Any, page: EditPage) -> None:
    engine = Failing()
    page.set_engine("failing", engine)
    panel = page.instruction
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(EditKind.DENOISE))
    panel.repeat_spin.setValue(3)
    panel.run_button.click()
    qtbot.waitUntil(lambda: not page.doc.busy and panel.progress.isHidden(), timeout=30_000)
    qtbot.waitUntil(lambda: page.doc.state.current == 1, timeout=10_000)  # type: ignore[union-attr]
    notices = " ".join(w.text() for w in page.notices.findChildren(type(page.title_label)))
    assert "iteration 2 of 3" in notices and "GPU ran out of memory" in notices
    assert "Traceback" not in notices


def test_an_engine_that_lists_edits_but_cannot_run_them_is_said_so(page: EditPage) -> None:
    class ListsOnly:
        manifest = Failing().manifest  # declares denoise, has no edit()

    page.set_engine("lists-only", ListsOnly())
    panel = page.instruction
    assert "cannot edit recordings by instruction" in panel.engine_label.text()
    assert panel.kind_combo.count() == 0 and not panel.run_button.isEnabled()


class Sounds:
    """An engine that adds sounds and records where it was asked to put them."""

    max_edit_seconds = 0.0

    def __init__(self) -> None:
        self.manifest = Manifest("sounds", "Sounds", "1", "MIT", "", ("en",), {}, edits={
            "paralinguistic": EditSupport(Support.NATIVE, "adds the sound")})
        self.requests: list[tuple[EditRequest, float]] = []

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken, progress: Any = None) -> Audio:
        self.requests.append((request, audio.duration))
        return audio


def test_a_sound_goes_at_the_cursor(qtbot: Any, page: EditPage) -> None:
    engine = Sounds()
    page.set_engine("sounds", engine)
    panel = page.instruction
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(EditKind.PARALINGUISTIC))
    assert "cursor" in panel.how_label.text()
    page.timeline.set_selection(2.0, 2.0, emit=True)  # a click on the waveform
    panel.run_button.click()
    qtbot.waitUntil(lambda: not page.doc.busy and panel.progress.isHidden(), timeout=30_000)
    (request, seconds), = engine.requests
    assert request.value == "breathing" and seconds > 4.0  # the whole recording, the cursor inside it
    assert request.at == pytest.approx(2.0, abs=0.3)  # in the piece sent, which starts near 0
