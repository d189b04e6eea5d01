"""Engines the user adds, removes or sets up from the window: remote engines by address (kept in
the settings) and the Step-Audio set-up dialog; each change is reflected in the Engine picker."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QMessageBox

from studio.engines import remote as remote_engines
from studio.ui.common.i18n import translate as _tr

log = logging.getLogger(__name__)


class EngineSetup:
    """Part of MainWindow: the Add/Remove Remote Engine actions and the Step-Audio set-up."""

    def _with_remote_entries(self, registry: Any) -> Any:
        """`registry` with this user's remote engines in it (a Registry is fixed, so: a new one)."""
        from backends.registry import Registry

        try:
            local = [e for e in registry.entries() if not remote_engines.is_remote_id(e.id)]
            return Registry(local + remote_engines.entries(list(self._remote.values())))
        except Exception as exc:  # a registry double without entries(), an id clash: no remote engines
            log.warning("remote engines not added to the registry: %s", exc)
            return registry

    def _use_registry(self, registry: Any) -> None:
        self.registry = registry
        if self.engines is not None:
            self.engines.registry = registry

    def open_add_remote_dialog(self) -> Any:
        """Open the "Add remote engine" dialog (non-modal to the event loop); returns it (tests)."""
        from studio.ui.shell.remote_engine_dialog import RemoteEngineDialog

        old = self.remote_dialog
        if old is not None and old.isVisible():
            old.raise_()
            old.activateWindow()
            return old
        if old is not None and not old.testing:
            old.deleteLater()
        dialog = RemoteEngineDialog(list(self._remote.values()), self)
        dialog.accepted.connect(lambda d=dialog: self._on_remote_dialog_accepted(d))
        self.remote_dialog = dialog
        dialog.open()
        return dialog

    def open_step_setup(self, engine_id: str = "step-local") -> Any:
        """A local Step-Audio engine's set-up dialog (files, device, precision); saving it re-checks the
        engine. One dialog at a time: asking again raises the open one (for the other engine it waits)."""
        from studio.ui.shell.engine_setup_dialog import MODELS, StepSetupDialog, load_choice

        if self.step_dialog is not None and self.step_dialog.isVisible():
            self.step_dialog.raise_()
            return self.step_dialog
        model = MODELS[engine_id]
        dialog = StepSetupDialog(load_choice(self.settings, model), self, model=model)
        dialog.accepted.connect(lambda d=dialog: self._on_step_setup_saved(d.choice(), d.model))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _on_step_setup_saved(self, choice: Any, model: Any = None) -> None:
        from studio.ui.shell.engine_setup_dialog import TTS, apply_choice, store_choice

        model = model or TTS
        engine_id = model.engine_id
        self.settings = store_choice(self.settings, choice, model)
        apply_choice(choice, model=model)
        self._schedule_save()
        if self.engines is None or engine_id not in self._engine_reasons:
            return
        if self.speak.engine_id == engine_id and self.speak.generating:
            self.statusBar().showMessage(_tr("Saved; it applies after the current take."), 6000)
            return
        self._forget_engine(engine_id)  # a new instance (and child process) with the new settings
        manager = self.engines

        def check() -> tuple[str, str | None]:
            backend = manager.backend(engine_id)
            state = backend.availability()
            reason = None if state.available else " ".join(x for x in (state.reason, state.fix) if x)
            return backend.manifest.name, reason

        def done(result: tuple[str, str | None]) -> None:
            name, reason = result
            self._local_rows = [(i, name, reason) if i == engine_id else (i, n, r)
                                for i, n, r in self._local_rows]
            self._fill_engine_combo()
            self.statusBar().showMessage(reason or _tr("{0} is ready to use.").format(name), 8000)

        self._tasks.run(check, done, lambda exc: self.statusBar().showMessage(str(exc), 8000))

    def _on_remote_dialog_accepted(self, dialog: Any) -> None:
        engine = dialog.engine()
        if engine is not None:
            self.add_remote_engine(engine)

    def add_remote_engine(self, engine: remote_engines.RemoteEngine) -> None:
        """Remember `engine` (settings, saved now) and list it in the picker; choosing it loads it."""
        try:
            self.settings = remote_engines.add(self.settings, engine)
        except ValueError as exc:
            QMessageBox.warning(self, _tr("Add Remote Engine"), str(exc))
            return
        self._remote = {e.id: e for e in remote_engines.load(self.settings)}
        engine = next(e for e in self._remote.values() if e.name == engine.name.strip())
        self._remote_state.pop(engine.id, None)
        self._forget_engine(engine.id)
        self.save_settings()
        if self.registry is None or self.engines is None:
            return  # still finding engines: the registry picks it up from the settings
        self._use_registry(self._with_remote_entries(self.registry))
        self._fill_engine_combo()
        self.engine_combo.setEnabled(True)
        self._check_remote(engine.id)
        self.statusBar().showMessage(_tr("Added {0}: choose it in the engine picker.").format(engine.name),
                                     8000)

    def remove_remote_engine(self, engine_id: str) -> bool:
        """Forget a remote engine (settings too). Refused, with a message, while it is making a take."""
        remote = self._remote.get(engine_id)
        if remote is None:
            return False
        in_use = engine_id in (self.speak.engine_id, self._loading_engine)
        if in_use and self.speak.generating:
            self.statusBar().showMessage(_tr("Stop the current take before removing its engine."), 6000)
            return False
        self.settings = remote_engines.remove(self.settings, engine_id)
        del self._remote[engine_id]
        self._remote_state.pop(engine_id, None)
        self.save_settings()
        if self.engines is not None:
            self._forget_engine(engine_id)
            self._use_registry(self._with_remote_entries(self.registry))
        if in_use:
            self._loading_engine = None
            self.speak.set_engine_pending("", _tr("{0} was removed; choose an engine.").format(remote.name))
        self._fill_engine_combo()
        if in_use:
            fallback = self._fallback_engine(engine_id)
            if fallback is not None:
                self.select_engine(fallback)
        self.statusBar().showMessage(_tr("Removed {0}.").format(remote.name), 6000)
        return True

    def _forget_engine(self, engine_id: str) -> None:
        """Drop the manager's instance of an engine, so a re-added one with the same name is new."""
        if self.engines is not None:
            self.engines.forget(engine_id)

    def _fallback_engine(self, failed: str) -> str | None:
        """Where to go when `failed` cannot be used: the engine used before, else the default one."""
        usable = [r[0] for r in self._local_rows if r[2] is None]
        usable += [i for i in self._remote if self._remote_state.get(i) is None and i != failed]
        previous = self._previous_engine
        if previous and previous != failed and previous in usable:
            return previous
        default = getattr(self.registry, "default_id", None)
        if default in usable and default != failed:
            return default
        return next((i for i in usable if i != failed), None)

    def _fill_remove_menu(self) -> None:
        menu = self.remove_remote_menu
        menu.clear()
        if not self._remote:
            none = menu.addAction(_tr("No remote engines added"))
            none.setEnabled(False)
            none.setToolTip(_tr("Add one first with Engine ▸ Add Remote Engine…"))
            menu.setToolTipsVisible(True)
            return
        for engine_id, remote in self._remote.items():
            action = menu.addAction(_tr("{0} ({1})").format(remote.name, remote.url))
            action.triggered.connect(lambda _checked=False, e=engine_id: self.remove_remote_engine(e))
