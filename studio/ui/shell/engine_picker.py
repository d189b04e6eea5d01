"""The Engine picker: engines found off the GUI thread, each listed with why it cannot run, the
chosen one loaded in the background and handed to the pages; remote engines checked one by one."""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel

from studio.engines import remote as remote_engines
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from widgets.icons import marked

log = logging.getLogger(__name__)


ADD_REMOTE = "__add_remote__"  # the engine picker's "Add remote engine…" row
SETUP_STEP = "__setup_step__"  # its "Set up Step-Audio TTS-3B…" row (files, device, precision)
SETUP_EDITX = "__setup_editx__"  # its "Set up Step-Audio-EditX…" row


class EnginePicker:
    """Part of MainWindow: fills the Engine picker, loads the chosen engine, and answers
    the Speak page's EngineSwitcher questions (a preset made for another engine)."""

    def _on_registry_failed(self, exc: BaseException) -> None:
        self.engine_combo.clear()
        self.engine_combo.addItem(_tr("No engines"), None)
        self.engine_status.setText(_tr("Engines could not be found: {0}").format(exc))
        self.speak.set_engine_pending("", translate_core(str(exc)))
        self.chat.set_engine_pending(translate_core(str(exc)))

    def _on_registry(self, registry: Any) -> None:
        from studio.engines.manager import EngineManager
        from studio.ui.shell.engine_setup_dialog import apply_settings

        apply_settings(self.settings)  # the Step engine's stored folders/device, before it is made
        self._remote = {e.id: e for e in remote_engines.load(self.settings)}
        self._remote_state = {}
        local_ids = [i for i in registry.ids() if not remote_engines.is_remote_id(i)]
        registry = self._with_remote_entries(registry)
        self.registry = registry
        self.engines = EngineManager(registry)
        manager = self.engines
        self.edit.set_engines(manager, lambda take_id: self.library.get(take_id) if self.library else None)
        self.edit.pronunciations = lambda: self.speak.pronunciations.lexicon.entries

        def describe() -> list[tuple[str, str, str | None]]:
            rows: list[tuple[str, str, str | None]] = []
            for engine_id in local_ids:  # remote engines are checked one by one, later
                entry = registry.entry(engine_id)
                if entry.error:
                    rows.append((engine_id, engine_id, translate_core(entry.error)))
                    continue
                try:
                    backend = manager.backend(engine_id)
                    name = translate_core(backend.manifest.name)
                    available = backend.availability()
                    reason = None if available.available else " ".join(
                        translate_core(x) for x in (available.reason, available.fix) if x)
                except Exception as exc:
                    name, reason = engine_id, translate_core(str(exc))
                rows.append((engine_id, name, reason))
            return rows

        self._tasks.run(describe, self._on_engines_described, self._on_registry_failed)

    def _on_engines_described(self, rows: list[tuple[str, str, str | None]]) -> None:
        if os.environ.get("STEP_STUDIO_STARTUP_TIMING"):  # bench/startup_model_folder.py reads it
            print(f"engines listed {time.perf_counter() - self._started:.3f} s after the window was made",
                  file=sys.stderr, flush=True)
        self._local_rows = list(rows)
        self._fill_engine_combo()
        for engine_id in self._remote:
            self._check_remote(engine_id)
        usable = [r[0] for r in rows if r[2] is None]
        self._describe_cloning(usable, {r[0]: r[1] for r in rows})
        usable += list(self._remote)  # reachable or not is found out by loading (never on this thread)
        rows = rows + [(i, e.name, None) for i, e in self._remote.items()]
        if not usable:
            self.engine_combo.setEnabled(bool(rows))
            why = "; ".join(f"{r[1]}: {r[2]}" for r in rows) or _tr("no engine is installed")
            self.engine_status.setText(_tr("No engine can run here"))
            self.speak.set_engine_pending("", _tr("No engine can run here ({0}).").format(why))
            self.chat.set_engine_pending(_tr("No engine can run here ({0}).").format(why))
            return
        self.engine_combo.setEnabled(True)
        wanted = self.settings.engine_id
        default = getattr(self.registry, "default_id", None)
        engine_id = wanted if wanted in usable else (default if default in usable else usable[0])
        self.select_engine(engine_id)

    def _fill_engine_combo(self) -> None:
        """(Re)build the picker: described engines, remote engines, then "Add remote engine…"."""
        combo = self.engine_combo
        combo.clear()
        self._engine_rows.clear()
        self._engine_reasons = {engine_id: reason for engine_id, _name, reason in self._local_rows}
        model = combo.model()
        for engine_id, name, reason in self._local_rows:
            label = name if reason is None else _tr("{0} (unavailable)").format(name)
            combo.addItem(label, engine_id)
            row = combo.count() - 1
            self._engine_rows[engine_id] = row
            if reason is not None:
                combo.setItemData(row, reason, Qt.ItemDataRole.ToolTipRole)
                if isinstance(model, QStandardItemModel):
                    item = model.item(row)
                    if item is not None:
                        item.setEnabled(False)
            else:
                combo.setItemData(row, _tr("{0}: click to use this engine").format(name),
                                  Qt.ItemDataRole.ToolTipRole)
        for engine_id in self._remote:
            combo.addItem("", engine_id)
            self._engine_rows[engine_id] = combo.count() - 1
            self._label_remote(engine_id)
        combo.insertSeparator(combo.count())
        for engine_id, row_id, label in (("step-local", SETUP_STEP, _tr("Set up Step-Audio TTS-3B…")),
                                         ("step-editx", SETUP_EDITX, _tr("Set up Step-Audio-EditX…"))):
            if engine_id in self._engine_reasons:
                combo.addItem(label, row_id)
                combo.setItemData(combo.count() - 1, _tr("Its model files, GPU or CPU, and weight precision"),
                                  Qt.ItemDataRole.ToolTipRole)
        combo.addItem(_tr("Add remote engine…"), ADD_REMOTE)
        combo.setItemData(combo.count() - 1, self.add_remote_action.toolTip(), Qt.ItemDataRole.ToolTipRole)
        current = self._loading_engine or self.speak.engine_id
        row = self._engine_rows.get(current or "", -1)
        if row >= 0:
            combo.setCurrentIndex(row)

    def _label_remote(self, engine_id: str) -> None:
        """A remote engine's row: its name, and its state (not checked yet, ready, or why not)."""
        row = self._engine_rows.get(engine_id, -1)
        remote = self._remote.get(engine_id)
        if row < 0 or remote is None:
            return
        where = _tr("“{0}” on {1}").format(remote.engine_id, remote.url)
        if engine_id not in self._remote_state:
            label = _tr("{0} (remote)").format(remote.name)
            tip = _tr("{0}; checking the server…").format(where)
            self._engine_reasons.pop(engine_id, None)
        elif self._remote_state[engine_id] is None:
            label = _tr("{0} (remote)").format(remote.name)
            tip = _tr("{0}: click to use this engine").format(where)
            self._engine_reasons[engine_id] = None
        else:
            reason = self._remote_state[engine_id] or ""
            label = _tr("{0} (remote, unavailable)").format(remote.name)
            tip = _tr("{0}: {1} Choose it again to retry.").format(where, reason)
            self._engine_reasons[engine_id] = reason
        self.engine_combo.setItemText(row, label)
        self.engine_combo.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)

    def _check_remote(self, engine_id: str) -> None:
        """Ask a remote engine's server whether it can run, on a worker; the row shows the answer."""
        manager = self.engines

        def check() -> str | None:
            state = manager.backend(engine_id).availability()
            if state.available:
                return None
            return " ".join(translate_core(x) for x in (state.reason, state.fix) if x)

        def done(reason: str | None) -> None:
            if engine_id in self._remote and self.engines is manager:
                self._remote_state[engine_id] = reason
                self._label_remote(engine_id)

        self._tasks.run(check, done, lambda exc: done(translate_core(str(exc)) or type(exc).__name__))

    def _describe_cloning(self, usable: list[str], names: dict[str, str]) -> None:
        """Tell the Clone workspace which engines can clone or match (manifests read off-thread)."""
        from studio.ui.clone.wizard import EngineChoice, ensure_loaded

        manager = self.engines

        def read() -> list[EngineChoice]:
            choices = []
            for engine_id in usable:
                manifest = manager.backend(engine_id).manifest
                if getattr(manifest.cloning, "kind", "none") in ("clone", "match"):
                    choices.append(EngineChoice(engine_id, translate_core(manifest.name), manifest,
                                                lambda e=engine_id: ensure_loaded(manager, e)))
            return choices

        self._tasks.run(read, lambda choices: self.clone.set_engines(choices, names),
                        lambda exc: log.warning("cloning engines not described: %s", exc))

    def select_engine(self, engine_id: str) -> None:
        """Switch to `engine_id`: load it in the background, then hand it to the page."""
        row = self._engine_rows.get(engine_id, -1)
        if row >= 0:
            self.engine_combo.setCurrentIndex(row)
        name = self.engine_combo.itemText(row) if row >= 0 else engine_id
        if self.speak.backend is not None and self.speak.engine_id != engine_id:
            self._previous_engine = self.speak.engine_id
        self._loading_engine = engine_id
        self._load_started = time.perf_counter()
        message = _tr("Loading {0}…").format(name)
        self.engine_status.setText(marked("busy", message))
        self.speak.set_engine_pending(engine_id, message)
        self.chat.set_engine_pending(message)
        bridge = self._engine_bridge
        self.engines.load_in_background(engine_id, lambda err, e=engine_id: bridge.deliver((e, err)))

    # The page's EngineSwitcher (a preset made for another engine).

    def engine_problem(self, engine_id: str) -> str | None:
        if self.engines is None:
            return _tr("the engines are still being found; try again in a moment.")
        if engine_id not in self._engine_rows:
            return _tr("it needs the engine “{0}”, which is not installed.").format(engine_id)
        reason = self._engine_reasons.get(engine_id)
        if reason is not None:
            return _tr("it needs the engine “{0}”, which cannot run here: {1}").format(engine_id, reason)
        if self.speak.generating:
            return _tr("stop the current take before switching engines.")
        return None

    def engine_voices(self, engine_id: str) -> list[Any]:
        return list(self.engines.backend(engine_id).voices())

    def switch_engine(self, engine_id: str) -> None:
        if engine_id == self._loading_engine:
            return  # already on its way; the page applies the preset when it is ready
        self.select_engine(engine_id)
        self._schedule_save()

    def _on_engine_chosen(self, row: int) -> None:
        engine_id = self.engine_combo.itemData(row)
        if engine_id in (ADD_REMOTE, SETUP_STEP, SETUP_EDITX):
            current = self._engine_rows.get(self._loading_engine or self.speak.engine_id, -1)
            if current >= 0:
                self.engine_combo.setCurrentIndex(current)
            if engine_id == SETUP_STEP:
                self.open_step_setup()
            elif engine_id == SETUP_EDITX:
                self.open_step_setup("step-editx")
            else:
                self.open_add_remote_dialog()
            return
        if not engine_id or engine_id == self._loading_engine:
            return
        if engine_id == self.speak.engine_id and self.speak.backend is not None:
            return
        if self.speak.generating:
            self.statusBar().showMessage(_tr("Stop the current take before switching engines."), 5000)
            self.engine_combo.setCurrentIndex(self._engine_rows.get(self.speak.engine_id, 0))
            return
        self.select_engine(engine_id)
        self._schedule_save()

    def _on_engine_loaded(self, _tag: int, value: object) -> None:
        engine_id, error = value  # type: ignore[misc]
        if engine_id != self._loading_engine:
            return
        elapsed = time.perf_counter() - self._load_started
        row = self._engine_rows.get(engine_id, -1)
        name = self.engine_combo.itemText(row) if row >= 0 else engine_id
        if engine_id in self._remote:
            name = self._remote[engine_id].name
        if error:
            self.engine_status.setText(marked("fail", _tr("{0} failed to load").format(name)))
            error = translate_core(error)
            self.engine_status.setToolTip(error)
            self.speak.set_engine_pending(engine_id, error)
            self.speak.cancel_pending_preset()
            self.speak.notices.show_notice(_tr("{0} could not be loaded: {1}").format(name, error),
                                           key="engine-load")
            self.chat.set_engine_pending(_tr("{0} could not be loaded: {1}").format(name, error))
            if engine_id in self._remote:
                # A server that is down or refuses us: say so on its row, and go back to a working engine.
                self._loading_engine = None
                self._remote_state[engine_id] = error
                self._label_remote(engine_id)
                fallback = self._fallback_engine(engine_id)
                if fallback is not None:
                    self.select_engine(fallback)
            return
        if engine_id in self._remote:
            self._remote_state[engine_id] = None
            self._label_remote(engine_id)
        backend = self.engines.backend(engine_id)

        def ready(voices: list[Any]) -> None:
            if engine_id != self._loading_engine:
                return
            self._loading_engine = None
            self.speak.set_engine(engine_id, backend, voices)
            self.chat.set_engine(engine_id, backend, voices)
            self.edit.set_engine(engine_id, backend)
            self.clone.voices_page.set_builtin(translate_core(backend.manifest.name), voices)
            ready_text = _tr("{0} ready · loaded in {1:.1f} s · {2} voices").format(name, elapsed,
                                                                                   len(voices))
            self.engine_status.setText(marked("ready", ready_text))
            self.engine_status.setToolTip(translate_core(backend.manifest.description))

        self._tasks.run(backend.voices, ready,
                        lambda exc: self.engine_status.setText(
                            _tr("{0}: voices unavailable ({1})").format(name, exc)))
