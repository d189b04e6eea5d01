"""The engine in use and how it should speak: the voice picker (the engine's voices and the user's
library voices), speed and pitch within the engine's ranges, and its own sampling options."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QToolButton,
    QWidget,
)

from backends.base import Backend, Manifest, Range, VoiceInfo, VoiceProfile
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.labels import language_names
from studio.ui.speak.sampling_dialog import SamplingDialog
from widgets.flow import FlowRow, keep_together, labelled
from widgets.icons import icon
from widgets.sizes import scaled

LIBRARY_PREFIX = "library:"  # voice picker data for a library voice (engine voice ids are plain)

# Engines describe voices with these words (VoiceInfo.gender); the UI shows them translated.
GENDERS = {"male": QT_TRANSLATE_NOOP("", "male"), "female": QT_TRANSLATE_NOOP("", "female")}


class VoiceBar(QWidget):
    """Voice, speed, pitch and sampling for the loaded engine (which it holds for the page)."""

    preferencesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend: Backend | None = None
        self.engine_id = ""
        self.manifest: Manifest | None = None
        self.voices: list[VoiceInfo] = []
        self.library_voices: list[Any] = []  # library Voices: offered when they have a profile here
        self.voice_preferences: dict[str, str] = {}
        self._speed_pref = 1.0  # what the user chose; survives an engine whose range is narrower
        self._pitch_pref = 0.0
        self.sampling: dict[str, dict[str, Any]] = {}  # engine id -> options the user changed
        self.seed: int | None = None  # None: a new random seed each take

        # Groups wrap onto a second line when the text is large or the window narrow.
        self._row = params = FlowRow(self, spacing=14)
        self.voice_combo = QComboBox(self)
        self.voice_combo.setMinimumWidth(scaled(200))
        self.voice_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Asks for 18 characters and takes the row's spare width: asking for a whole "Joe (Piper) —
        # English · male" pushed Pitch onto a second line at 1280 px.
        self.voice_combo.setMinimumContentsLength(18)
        self.voice_combo.setAccessibleName(_tr("Voice"))
        params.addWidget(labelled(self, _tr("Voice"), self.voice_combo, grow=True))
        self.speed_slider, self.speed_value, self.speed_badge = self._slider_group(params, _tr("Speed"))
        self.pitch_slider, self.pitch_value, self.pitch_badge = self._slider_group(params, _tr("Pitch"))
        # Shown only for engines that declare their own options (Step-Audio: temperature, top-k, ...).
        self.sampling_button = QPushButton(_tr("Sampling…"), self)
        self.sampling_button.setToolTip(_tr("This engine's sampling settings and the seed"))
        self.sampling_button.clicked.connect(self.edit_sampling)
        self.sampling_button.hide()
        params.addWidget(self.sampling_button)

        self.voice_combo.currentIndexChanged.connect(self._on_voice_changed)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        self.pitch_slider.valueChanged.connect(self._on_pitch_changed)
        self.speed_value.clicked.connect(lambda: self._reset_slider("speed"))
        self.pitch_value.clicked.connect(lambda: self._reset_slider("pitch"))

    def place_beside_voice(self, widget: QWidget) -> None:
        """Put `widget` (the presets button) right after the voice picker."""
        self._row.insertWidget(1, widget)

    def _slider_group(self, layout: FlowRow, title: str) -> tuple[QSlider, QToolButton, QLabel]:
        label = QLabel(title, self)
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setMinimumWidth(scaled(45))
        slider.setMaximumWidth(scaled(72))  # its group keeps this width; the voice takes the spare
        slider.setSizePolicy(QSizePolicy.Policy.Preferred, slider.sizePolicy().verticalPolicy())
        slider.setAccessibleName(title)
        label.setBuddy(slider)
        slider.setEnabled(False)
        slider.setToolTip(_tr("Available once the engine is loaded"))
        value = QToolButton(self)
        value.setAutoRaise(True)
        value.setToolTip(_tr("Reset to the default"))
        value.setMinimumWidth(scaled(48))
        badge = QLabel(self)
        badge.setProperty("role", "badge")
        layout.addWidget(keep_together(self, label, slider, value, badge))  # the voice gets the spare width
        return slider, value, badge

    # --- engine ---------------------------------------------------------------------------------

    def set_engine_pending(self, engine_id: str) -> None:
        """The engine is loading (or failed to): there is no backend until `set_engine`."""
        self.engine_id = engine_id
        self.backend = None

    def set_engine(self, engine_id: str, backend: Backend, voices: list[VoiceInfo]) -> None:
        """Use a loaded engine: voices and parameter ranges follow its manifest."""
        self.engine_id = engine_id
        self.backend = backend
        self.manifest = backend.manifest
        self.voices = list(voices)

    def show_engine(self) -> None:
        """Fill the picker and the sliders for the engine `set_engine` gave."""
        assert self.manifest is not None
        self._fill_voices()
        self._configure_slider(self.speed_slider, self.speed_badge, self.manifest.speed, 100, "speed")
        self._configure_slider(self.pitch_slider, self.pitch_badge, self.manifest.pitch, 2, "pitch")
        self.sampling_button.setVisible(bool(self.declared_options()))

    def declared_options(self) -> dict[str, Any]:
        """The current engine's own options (`options()`), or none."""
        declared = getattr(self.backend, "options", None)
        return dict(declared()) if callable(declared) else {}

    def edit_sampling(self) -> None:
        declared = self.declared_options()
        if not declared or self.manifest is None:
            return
        dialog = SamplingDialog(self.manifest.name, declared, self.sampling.get(self.engine_id, {}),
                                self.seed, self)
        if self.run_sampling_dialog(dialog):
            self.sampling[self.engine_id] = dialog.values()
            self.seed = dialog.seed()

    def run_sampling_dialog(self, dialog: SamplingDialog) -> bool:
        """Show the dialog modally (tests replace this)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def set_library_voices(self, voices: list[Any]) -> None:
        """The voice library changed: offer its voices that have a profile for this engine."""
        self.library_voices = list(voices)
        if self.manifest is not None:
            self._fill_voices()

    def usable_library_voices(self) -> list[tuple[Any, VoiceProfile]]:
        """Library voices the current engine can speak with, and their profile for it."""
        from studio.ui.clone.services import profiles_of

        out = []
        for voice in self.library_voices:
            profile = profiles_of(voice).get(self.engine_id)
            if profile is not None:
                out.append((voice, profile))
        return out

    def _fill_voices(self) -> None:
        current = self.voice_combo.currentData()
        self.voice_combo.blockSignals(True)
        self.voice_combo.clear()
        for voice, profile in self.usable_library_voices():
            kind = _tr("cloned") if profile.kind == "clone" else _tr("matched")
            label = (_tr("{0} ({1}, similarity {2:.2f})").format(voice.name, kind, profile.similarity)
                     if profile.similarity is not None else _tr("{0} ({1})").format(voice.name, kind))
            self.voice_combo.addItem(icon("star"), label, LIBRARY_PREFIX + voice.id)
            note = translate_core(profile.note)
            tip = _tr("Your voice from the library") + (f"\n{note}" if note else "")
            self.voice_combo.setItemData(self.voice_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if self.voice_combo.count():
            self.voice_combo.insertSeparator(self.voice_combo.count())
        for v in self.voices:
            extra = f" · {_tr(GENDERS.get(v.gender, v.gender))}" if v.gender else ""
            label = f"{translate_core(v.name)} — {language_names(v.languages)}{extra}"
            self.voice_combo.addItem(label, v.id)
            tip = translate_core(v.description or v.name)
            if v.origin != "built-in":
                tip += f" ({v.origin})"
            self.voice_combo.setItemData(self.voice_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        wanted = self.voice_preferences.get(self.engine_id)
        index = self.voice_combo.findData(wanted) if wanted else -1
        if index < 0 and current:
            index = self.voice_combo.findData(current)
        if index < 0:  # the engine's own first voice, not a library one, by default
            index = next((i for i in range(self.voice_combo.count())
                          if self.voice_combo.itemData(i) and
                          not str(self.voice_combo.itemData(i)).startswith(LIBRARY_PREFIX)), 0)
        self.voice_combo.setCurrentIndex(max(0, index))
        self.voice_combo.blockSignals(False)
        self.voice_combo.setEnabled(self.voice_combo.count() > 0)
        self._update_pitch_badge()
        self._warm_chosen_voice()

    def _configure_slider(self, slider: QSlider, badge: QLabel, rng: Range | None, scale: int,
                          kind: str) -> None:
        slider.blockSignals(True)
        if rng is None:
            slider.setRange(0, 0)
            slider.setEnabled(False)
            name = self.manifest.name if self.manifest else ""
            what = _tr("speed") if kind == "speed" else _tr("pitch")
            slider.setToolTip(_tr("{0} has no {1} control").format(name, what))
            badge.setText(_tr("n/a"))
        else:
            slider.setEnabled(True)
            slider.setRange(round(rng.minimum * scale), round(rng.maximum * scale))
            slider.setSingleStep(5 if kind == "speed" else 1)
            slider.setPageStep(10 if kind == "speed" else 2)
            current = getattr(self, f"_{kind}_pref", rng.default)
            current = min(max(current, rng.minimum), rng.maximum)
            slider.setValue(round(current * scale))
            slider.setToolTip(translate_core(rng.how))
            badge.setToolTip(translate_core(rng.how))
        slider.blockSignals(False)
        self._show_values()
        if kind == "speed" and rng is not None:
            badge.setText(self._short_how(rng.how))
        self._update_pitch_badge()

    @staticmethod
    def _short_how(how: str) -> str:
        text = how.strip()
        if not text:
            return ""
        if len(text) <= 14:
            return translate_core(text)
        return _tr("native") if text.lower().startswith("native") else _tr("post-process")

    def _update_pitch_badge(self) -> None:
        rng = self.manifest.pitch if self.manifest else None
        if rng is None:
            return
        voice = self.current_voice()
        if len(rng.how) <= 14:
            self.pitch_badge.setText(self._short_how(rng.how))
        elif voice is not None:
            self.pitch_badge.setText(_tr("native") if voice.native_pitch else _tr("post-process"))
        else:
            self.pitch_badge.setText(self._short_how(rng.how))

    # --- parameters -----------------------------------------------------------------------------

    def current_voice(self) -> VoiceInfo | None:
        vid = self.voice_combo.currentData()
        return next((v for v in self.voices if v.id == vid), None)

    def current_library_voice(self) -> tuple[Any, VoiceProfile] | None:
        """The chosen library voice and its profile for this engine, if one is chosen."""
        vid = self.voice_combo.currentData()
        if not isinstance(vid, str) or not vid.startswith(LIBRARY_PREFIX):
            return None
        wanted = vid[len(LIBRARY_PREFIX):]
        return next(((v, p) for v, p in self.usable_library_voices() if v.id == wanted), None)

    @property
    def speed(self) -> float:
        return self.speed_slider.value() / 100.0 if self.speed_slider.isEnabled() else 1.0

    @property
    def pitch(self) -> float:
        return self.pitch_slider.value() / 2.0 if self.pitch_slider.isEnabled() else 0.0

    @property
    def speed_preference(self) -> float:
        return self._speed_pref

    @property
    def pitch_preference(self) -> float:
        return self._pitch_pref

    def set_parameters(self, speed: float | None = None, pitch: float | None = None) -> None:
        """Restore saved values (applied now, and again when an engine's ranges arrive)."""
        if speed is not None:
            self._speed_pref = float(speed)
            if self.speed_slider.isEnabled() and self.manifest is not None:
                self.speed_slider.setValue(round(speed * 100))
        if pitch is not None:
            self._pitch_pref = float(pitch)
            if self.pitch_slider.isEnabled() and self.manifest is not None:
                self.pitch_slider.setValue(round(pitch * 2))
        self._show_values()

    def _show_values(self) -> None:
        self.speed_value.setText(f"{self.speed:.2f}×")
        p = self.pitch
        self.pitch_value.setText(_tr("{0} st").format(f"{p:+g}" if p else "0"))
        # A reset that would change nothing is off, and says why (no dead buttons).
        for kind, button in (("speed", self.speed_value), ("pitch", self.pitch_value)):
            rng = getattr(self.manifest, kind, None) if self.manifest else None
            at_default = rng is None or abs(getattr(self, kind) - rng.default) < 1e-6
            button.setEnabled(not at_default)
            button.setToolTip(_tr("Reset to the default") if not at_default else
                              _tr("At the default; move the slider to change it") if rng is not None else
                              _tr("Available once the engine is loaded"))

    def _on_speed_changed(self, _value: int) -> None:
        self._speed_pref = self.speed
        self._show_values()
        self.preferencesChanged.emit()

    def _on_pitch_changed(self, _value: int) -> None:
        self._pitch_pref = self.pitch
        self._show_values()
        self.preferencesChanged.emit()

    def _reset_slider(self, kind: str) -> None:
        rng = getattr(self.manifest, kind, None) if self.manifest else None
        if rng is None:
            return
        slider = self.speed_slider if kind == "speed" else self.pitch_slider
        slider.setValue(round(rng.default * (100 if kind == "speed" else 2)))

    def _on_voice_changed(self, _index: int) -> None:
        vid = self.voice_combo.currentData()
        if vid and self.engine_id:
            self.voice_preferences[self.engine_id] = vid
            self.preferencesChanged.emit()
        self._update_pitch_badge()
        self._warm_chosen_voice()

    def _warm_chosen_voice(self) -> None:
        """Engines that load voices on demand (the Embedded engine's Kokoro) start loading the one
        just chosen in the background, so its first take does not wait for it (`warm_voice` returns
        at once)."""
        warm = getattr(self.backend, "warm_voice", None)
        vid = self.voice_combo.currentData()
        if not callable(warm) or not isinstance(vid, str) or not vid:
            return
        library = self.current_library_voice()
        if library is not None:
            warm("", library[1])
        elif not vid.startswith(LIBRARY_PREFIX):
            warm(vid)
