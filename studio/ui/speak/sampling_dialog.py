"""The engine's own synthesis options (Step-Audio's temperature, top-k, top-p, streaming) and a seed.

Built from what the engine declares in `options()` (name -> {default, min, max, help}), so an engine
that declares nothing gets no button at all, and a new option needs no UI change. Numbers with an
integer default become spin boxes, other numbers decimal spin boxes, booleans check boxes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core

RANDOM_SEED = -1  # the seed box's "random" value


class SamplingDialog(QDialog):
    def __init__(self, engine_name: str, declared: Mapping[str, Mapping[str, Any]], values: Mapping[str, Any],
                 seed: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Sampling — {0}").format(engine_name))
        self._declared = dict(declared)
        self._widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for name, spec in self._declared.items():
            default = spec.get("default")
            value = values.get(name, default)
            widget: QWidget
            if isinstance(default, bool):
                box = QCheckBox(self)
                box.setChecked(bool(value))
                widget = box
            elif isinstance(default, int):
                spin = QSpinBox(self)
                spin.setRange(int(spec.get("min", 0)), int(spec.get("max", 1_000_000)))
                spin.setValue(int(value))
                widget = spin
            elif isinstance(default, float):
                dspin = QDoubleSpinBox(self)
                dspin.setDecimals(2)
                dspin.setSingleStep(0.05)
                dspin.setRange(float(spec.get("min", 0.0)), float(spec.get("max", 1e6)))
                dspin.setValue(float(value))
                widget = dspin
            else:
                continue  # a kind of option this dialog cannot edit is left at the engine's default
            widget.setToolTip(translate_core(str(spec.get("help", ""))))
            widget.setAccessibleName(name)
            self._widgets[name] = widget
            form.addRow(translate_core(name.replace("_", " ").capitalize()), widget)
        self.seed_box = QSpinBox(self)
        self.seed_box.setRange(RANDOM_SEED, 2**31 - 1)
        self.seed_box.setSpecialValueText(_tr("random"))
        self.seed_box.setValue(RANDOM_SEED if seed is None else seed)
        self.seed_box.setToolTip(_tr("The same seed, text and settings make the same take again."))
        form.addRow(_tr("Seed"), self.seed_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def restore_defaults(self) -> None:
        for name, widget in self._widgets.items():
            default = self._declared[name].get("default")
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(default))
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.setValue(default)  # type: ignore[arg-type]
        self.seed_box.setValue(RANDOM_SEED)

    def values(self) -> dict[str, Any]:
        """Only what differs from the engine's defaults: a take's metadata then says what was changed."""
        out: dict[str, Any] = {}
        for name, widget in self._widgets.items():
            value: Any
            if isinstance(widget, QCheckBox):
                value = widget.isChecked()
            elif isinstance(widget, QDoubleSpinBox):
                value = round(widget.value(), 4)
            else:
                value = widget.value()  # type: ignore[attr-defined]
            if value != self._declared[name].get("default"):
                out[name] = value
        return out

    def seed(self) -> int | None:
        return None if self.seed_box.value() == RANDOM_SEED else self.seed_box.value()
