"""Presets in the Speak workspace: the menu, applying (with an engine switch), saving and deleting."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_fakes import MANIFEST, RATE, FakeBackend, FakePlayer

from backends.audio import Audio
from backends.base import Manifest, VoiceInfo, VoiceProfile
from backends.registry import EngineEntry, Registry
from studio.paths import data_dir
from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow
from studio.voices.library import VoiceLibrary
from studio.voices.presets import EngineSettings, Preset, ShippedPresets, VoiceRef, shipped_presets

NO_DEVICE = ([], "No audio output device was found.")


class OtherBackend(FakeBackend):
    """A second engine with its own voices, so a preset can ask for a switch."""

    @property
    def manifest(self) -> Manifest:
        return dataclasses.replace(MANIFEST, id="other", name="Other engine")

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("tenor", "Tenor", ("en",), RATE, "male")]


def two_engines() -> Registry:
    return Registry([
        EngineEntry("fake", "built-in", FakeBackend, None),
        EngineEntry("other", "built-in", OtherBackend, None),
        EngineEntry("broken", "some-plugin", None, "Engine 'broken' could not be loaded: ImportError: no."),
    ])


def preset(preset_id: str, voice: VoiceRef, *, engine: str = "fake", tags: str = "", speed: float = 1.0,
           pitch: float = 0.0, description: str = "") -> Preset:
    return Preset(preset_id, preset_id.replace("-", " ").title(), voice, tags,
                  EngineSettings(engine, speed, pitch), None, description)


SHIPPED = (
    preset("bass-happy", VoiceRef.built_in("fake", "bass"), tags="(高兴1)(快速1)", speed=1.25, pitch=2.0,
           description="A happy bass, a little fast."),
    preset("other-tenor", VoiceRef.built_in("other", "tenor"), engine="other", speed=0.8,
           description="The other engine's tenor."),
    preset("missing-voice", VoiceRef.built_in("fake", "soprano"), speed=1.5, description="Gone."),
    preset("broken-engine", VoiceRef.built_in("broken", "x"), engine="broken"),
    preset("not-installed", VoiceRef.built_in("nowhere", "x"), engine="nowhere"),
)

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: Any, studio_home: Path) -> MakeWindow:
    made: list[MainWindow] = []

    def make(shipped: ShippedPresets | None = None) -> MainWindow:
        window = MainWindow(
            SettingsStore(studio_home / "config" / "settings.json"),
            registry_factory=two_engines, devices_probe=lambda: NO_DEVICE,
            player_factory=lambda index: FakePlayer(index),
            presets_loader=lambda: shipped if shipped is not None else ShippedPresets(SHIPPED, ()),
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=10_000)
        qtbot.waitUntil(lambda: window.speak.presets.preset_library is not None, timeout=10_000)
        # The user's presets are listed in the background after the library opens; until then the
        # menu's Save action is the disabled "waiting" one, and triggering it does nothing.
        qtbot.waitUntil(lambda: window.speak.presets.save_preset_action.isEnabled(), timeout=10_000)
        qtbot.waitUntil(lambda: len(window.speak.presets.shipped)
                        == len((shipped or ShippedPresets(SHIPPED, ())).presets), timeout=10_000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def action_named(window: MainWindow, name: str) -> Any:
    return next(a for a in window.speak.presets.preset_actions() if a.text() == name)


def voice_state(window: MainWindow) -> tuple[Any, float, float, str, str]:
    page = window.speak
    return (page.voice_combo.currentData(), page.speed, page.pitch, page.editor.toPlainText(), page.engine_id)


def test_menu_lists_shipped_and_user_presets_with_descriptions(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    names = [a.text() for a in page.presets.preset_actions()]
    assert names[:len(SHIPPED)] == [p.name for p in SHIPPED]
    happy = action_named(window, "Bass Happy")
    assert happy.toolTip().startswith("A happy bass, a little fast.")
    # Saving needs an engine and a voice, which arrive from the background a moment after start.
    qtbot.waitUntil(page.presets.save_preset_action.isEnabled, timeout=5000)
    # Nothing of the user's yet; shipped ones are never deletable.
    assert not page.presets.delete_menu.isEnabled()
    assert page.presets_button.menu() is page.presets_menu


def test_applying_a_shipped_preset_sets_voice_speed_pitch_and_tags_in_one_undo_step(
        make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    page.editor.setPlainText("(悲伤1)(四川话)Good morning. (高兴1)Later.")
    action_named(window, "Bass Happy").trigger()
    assert page.voice_combo.currentData() == "bass"
    assert page.speed == pytest.approx(1.25)
    assert page.pitch == pytest.approx(2.0)
    # Same family replaced where it stood, the new family added to the opening group; the tag in the
    # second sentence is left alone.
    assert page.editor.toPlainText() == "(高兴1)(四川话)(快速1)Good morning. (高兴1)Later."
    page.editor.undo()
    assert page.editor.toPlainText() == "(悲伤1)(四川话)Good morning. (高兴1)Later."
    assert not [t for t in page.notices.texts() if "preset" in t]


def test_a_preset_for_another_engine_switches_engine_then_applies(qtbot: Any,
                                                                  make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    page.editor.setPlainText("Hello.")
    action_named(window, "Other Tenor").trigger()
    qtbot.waitUntil(lambda: page.engine_id == "other" and page.backend is not None
                    and page.voice_combo.currentData() == "tenor", timeout=10_000)
    assert window.engine_combo.currentData() == "other"
    assert page.speed == pytest.approx(0.8)
    assert page.editor.toPlainText() == "Hello."


@pytest.mark.parametrize(("name", "said"), [
    ("Missing Voice", "has no voice “soprano”"),
    ("Broken Engine", "cannot run here"),
    ("Not Installed", "not installed"),
])
def test_a_preset_whose_voice_or_engine_is_missing_changes_nothing(
        qtbot: Any, make_window: MakeWindow, name: str, said: str) -> None:
    window = make_window()
    page = window.speak
    page.editor.setPlainText("(悲伤1)Hello.")
    before = voice_state(window)
    action_named(window, name).trigger()
    qtbot.waitUntil(lambda: any(said in t for t in page.notices.texts()), timeout=5000)
    assert voice_state(window) == before
    assert window.engine_combo.currentData() == "fake"


def test_a_preset_with_a_library_voice_missing_from_the_library_changes_nothing(
        qtbot: Any, make_window: MakeWindow) -> None:
    gone = preset("gone", VoiceRef.library("0123456789abcdef"), engine="other", speed=1.7)
    window = make_window(ShippedPresets((gone,), ()))
    page = window.speak
    before = voice_state(window)
    action_named(window, "Gone").trigger()
    assert any("no longer in your voice library" in t for t in page.notices.texts())
    qtbot.wait(100)
    assert voice_state(window) == before


def test_save_appears_in_menu_and_applies_back_then_delete(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("bass"))
    page.speed_slider.setValue(150)
    page.pitch_slider.setValue(-4)
    page.editor.setPlainText("(高兴1)(慢速1)Once upon a time.")
    page.presets.ask_preset_details = lambda: ("My storyteller", "Slow and happy")  # type: ignore[method-assign]
    page.presets.save_preset_action.trigger()
    qtbot.waitUntil(lambda: any(a.text() == "My storyteller" for a in page.presets.preset_actions()),
                    timeout=5000)

    stored = VoiceLibrary(data_dir())
    try:
        (saved,) = stored.presets.list()
    finally:
        stored.close()
    assert saved.voice == VoiceRef.built_in("fake", "bass")
    assert saved.tags == "(高兴1)(慢速1)"
    assert (saved.engine.engine_id, saved.engine.speed, saved.engine.pitch) == ("fake", 1.5, -2.0)
    assert saved.description == "Slow and happy"
    assert action_named(window, "My storyteller").toolTip().startswith("Slow and happy")

    # Change everything, then apply the saved preset: it all comes back.
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("alto"))
    page.speed_slider.setValue(100)
    page.pitch_slider.setValue(0)
    page.editor.setPlainText("(悲伤1)The end.")
    action_named(window, "My storyteller").trigger()
    assert voice_state(window)[:4] == ("bass", 1.5, -2.0, "(高兴1)(慢速1)The end.")

    # Delete: asked first (a "no" keeps it), then gone from the menu and the library.
    assert [a.text() for a in page.presets.delete_menu.actions()] == ["My storyteller"]
    page.presets.confirm_delete_preset = lambda name: False  # type: ignore[method-assign]
    page.presets.delete_menu.actions()[0].trigger()
    qtbot.wait(100)
    assert any(a.text() == "My storyteller" for a in page.presets.preset_actions())
    page.presets.confirm_delete_preset = lambda name: True  # type: ignore[method-assign]
    page.presets.delete_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: all(a.text() != "My storyteller" for a in page.presets.preset_actions()),
                    timeout=5000)
    assert not page.presets.delete_menu.isEnabled()
    stored = VoiceLibrary(data_dir())
    try:
        assert stored.presets.list() == []
    finally:
        stored.close()


def test_a_saved_preset_with_a_library_voice_selects_it(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    library = window.clone.library
    voice = library.add("Narrator", _tone(),
                        profiles=[VoiceProfile("fake", "match", 1, {"voice": "alto"}, 0.8, 0.6, "")])
    window.clone.voices_page.refresh()
    qtbot.waitUntil(lambda: page.voice_combo.findData("library:" + voice.id) >= 0, timeout=5000)
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("library:" + voice.id))
    page.presets.ask_preset_details = lambda: ("Mine", "")  # type: ignore[method-assign]
    page.presets.save_preset_action.trigger()
    qtbot.waitUntil(lambda: any(a.text() == "Mine" for a in page.presets.preset_actions()), timeout=5000)
    assert page.presets.user_presets[0].voice == VoiceRef.library(voice.id)
    page.voice_combo.setCurrentIndex(page.voice_combo.findData("alto"))
    action_named(window, "Mine").trigger()
    assert page.voice_combo.currentData() == "library:" + voice.id


def _tone() -> Audio:
    import numpy as np

    t = np.arange(RATE) / RATE
    return Audio((0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), RATE)


def test_problems_reading_shipped_presets_are_shown_once(make_window: MakeWindow) -> None:
    window = make_window(ShippedPresets(SHIPPED[:1], ("broken.json: not a bundle",)))
    texts = [t for t in window.speak.notices.texts() if "broken.json" in t]
    assert len(texts) == 1 and "could not be read" in texts[0]


def test_the_shipped_presets_file_reads_cleanly() -> None:
    shipped = shipped_presets()
    assert shipped.problems == ()
    assert shipped.presets and all(p.description for p in shipped.presets)
