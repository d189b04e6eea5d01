"""Set up a local Step-Audio engine (TTS-3B or EditX): its model files (folders the user has, or a
download), where it runs (GPU or CPU, weight precision) and whether that fits, stored in the settings.

The engine itself never runs here: it runs in its own process (engines.manager.IsolatedEngine), and this
window must not import torch either. So the file check is the engine's own cheap one (files present),
the download is `ModelFiles.download` on a worker thread (true byte progress from the hub's sizes,
cancel between chunks, a retry resumes the partial file), and the "will it fit" figures come from the
engine's memory estimate run in a short child process. The choice is kept in the settings' extra key
of its engine ("step_local", "step_editx") and handed to the engine as its environment
(studio.engines.step_setup), the way the registry's no-argument construction reads it, in this process
and in the engine's child.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backends.base import Cancelled, CancelToken
from studio.engines.step_setup import (
    EDITX,
    MODELS,
    TTS,
    StepChoice,
    StepModel,
    apply_choice,
    apply_settings,
    files_for,
    load_choice,
    run_fit,
    store_choice,
)
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.shell.llm_server_box import LlmServerBox
from widgets.icons import marked
from widgets.screen_fit import ScrollingBody
from widgets.sizes import scaled

ENGINE_ID = TTS.engine_id
SETTINGS_KEY = TTS.settings_key
GB = 1_000_000_000
_QUANT_WORDS = {"none": "bf16", "int8": "8-bit", "int4": "4-bit"}
# Importable from here as before (the window, tests).
__all__ = ["EDITX", "ENGINE_ID", "MODELS", "SETTINGS_KEY", "TTS", "StepChoice", "StepModel",
           "StepSetupDialog", "apply_choice", "apply_settings", "folder_sentence", "load_choice", "run_fit",
           "store_choice"]


def _gb(n: float) -> str:
    return f"{n / GB:.1f} GB"


class StepSetupDialog(QDialog):
    """`files_factory(choice)` makes the ModelFiles to check and download with (tests point it at a fake
    hub); `fit_runner(device, free, config)` gives the estimate; `gpu_probe()` the GPU or None;
    `ram_probe()` the memory free for the CPU."""

    def __init__(self, choice: StepChoice | None = None, parent: QWidget | None = None, *,
                 files_factory: Callable[[StepChoice], Any] | None = None,
                 fit_runner: Callable[[str, int, Path | None], list[dict[str, Any]]] | None = None,
                 gpu_probe: Callable[[], Any] | None = None,
                 ram_probe: Callable[[], int] | None = None, model: StepModel = TTS) -> None:
        super().__init__(parent)
        from backends.step.engine import available_ram, gpu_info

        self.model = model
        manifest = model.manifest
        self.setWindowTitle(_tr("Set up {0}").format(translate_core(manifest.name)))
        self.setMinimumWidth(scaled(640))
        self._files_factory = files_factory or (lambda choice: files_for(choice, model))
        self._fit_runner = fit_runner or (lambda device, free, config: run_fit(device, free, config,
                                                                               model.extra_bytes))
        self._gpu_probe = gpu_probe or gpu_info
        self._ram_probe = ram_probe or available_ram
        self._tasks = Tasks(self, 2, "step-setup")
        self._bridge = EventBridge(0, self)
        self._bridge.event.connect(self._on_download_event)
        self._cancel: CancelToken | None = None
        self._download: threading.Thread | None = None
        self._busy = False
        self._fit_serial = 0
        self.gpu: Any = None
        choice = choice or StepChoice()

        outer = QVBoxLayout(self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ScrollingBody(body, self), 1)  # scrolls only when taller than the screen
        title = QLabel(f"<b>{translate_core(manifest.name)}</b>")
        about = QLabel(translate_core(manifest.description))
        about.setWordWrap(True)
        needs = QLabel(_tr("Needs: {0}").format(translate_core(manifest.hardware.note)))
        needs.setWordWrap(True)
        self.status = QLabel(_tr("Checking…"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (title, about, needs, self.status):
            layout.addWidget(w)

        files_box = QGroupBox(_tr("Model files"))
        fl = QVBoxLayout(files_box)
        self.use_cache = QRadioButton(self._download_words(choice))
        self.use_folders = QRadioButton(_tr("Use folders I already have"))
        group = QButtonGroup(self)
        group.addButton(self.use_cache)
        group.addButton(self.use_folders)
        fl.addWidget(self.use_cache)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_tr("File"), _tr("Size")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(150)
        self.table.setVisible(False)  # until the hub has said which files and how big
        fl.addWidget(self.table)
        row = QHBoxLayout()
        self.list_button = QPushButton(_tr("List the files"))
        self.download_button = QPushButton(_tr("Download"))
        self.cancel_button = QPushButton(_tr("Cancel download"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        for w in (self.list_button, self.download_button, self.cancel_button):
            row.addWidget(w)
        row.addWidget(self.progress, 1)
        fl.addLayout(row)
        self.download_label = QLabel(_tr("“List the files” asks the hub for each file and its size. "
                                         "A stopped download continues where it stopped."))
        self.download_label.setWordWrap(True)
        fl.addWidget(self.download_label)
        fl.addWidget(self.use_folders)
        form = QFormLayout()
        self.tokenizer_edit = QLineEdit(choice.tokenizer_folder)
        self.tts_edit = QLineEdit(choice.tts_folder)
        self.tokenizer_edit.setPlaceholderText(_tr("folder holding linguistic_tokenizer.npy"))
        self.tts_edit.setPlaceholderText(_tr("folder holding config.json and CosyVoice-300M-25Hz/"))
        form.addRow(_tr("Step-Audio-Tokenizer"), self._with_browse(self.tokenizer_edit))
        self.folder_notes = (QLabel(""), QLabel(""))  # what each chosen folder lacks, in one sentence
        form.addRow("", self.folder_notes[0])
        form.addRow(model.label, self._with_browse(self.tts_edit))
        form.addRow("", self.folder_notes[1])
        for note in self.folder_notes:
            note.setWordWrap(True)
            note.setObjectName("folderNote")
            note.setVisible(False)
        fl.addLayout(form)
        self.folder_state = QLabel("")
        self.folder_state.setWordWrap(True)
        fl.addWidget(self.folder_state)
        self._checked: StepChoice | None = None  # the choice whose folders the last check found whole
        self._accept_when_checked = False
        layout.addWidget(files_box)

        run_box = QGroupBox(_tr("Where it runs"))
        rl = QFormLayout(run_box)
        self.device_combo = QComboBox()
        for value, label in (("auto", _tr("Automatic (the GPU when there is one)")),
                             ("cuda", _tr("NVIDIA GPU")), ("cpu", _tr("CPU (far slower than real time)"))):
            self.device_combo.addItem(label, value)
        self.quant_combo = QComboBox()
        for value, label in (("auto", _tr("Automatic (the most precise that fits)")),
                             ("none", _tr("bf16 (full precision)")), ("int8", _tr("8-bit")),
                             ("int4", _tr("4-bit"))):
            self.quant_combo.addItem(label, value)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(choice.device)))
        self.quant_combo.setCurrentIndex(max(0, self.quant_combo.findData(choice.quant)))
        rl.addRow(_tr("Device"), self.device_combo)
        rl.addRow(_tr("Weights"), self.quant_combo)
        self.fit_label = QLabel(_tr("Estimating…"))
        self.fit_label.setWordWrap(True)
        rl.addRow(_tr("Will it fit?"), self.fit_label)
        self.server_box: LlmServerBox | None = None
        if model.served:  # EditX: its language model may run on a vLLM server
            self.server_box = LlmServerBox(choice.llm_url, choice.llm_model, choice.llm_key, body)
            layout.addWidget(self.server_box)
        layout.addWidget(run_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        has_folders = bool(choice.tokenizer_folder or choice.tts_folder)
        (self.use_folders if has_folders else self.use_cache).setChecked(True)
        self.use_cache.toggled.connect(self._mode_changed)
        self.list_button.clicked.connect(self.list_files)
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.tokenizer_edit.editingFinished.connect(self.refresh)
        self.tts_edit.editingFinished.connect(self.refresh)
        self.device_combo.currentIndexChanged.connect(self.estimate)
        self.quant_combo.currentIndexChanged.connect(self.estimate)
        if self.server_box is not None:
            self.server_box.changed.connect(self._server_changed)
            self.quant_combo.setEnabled(not choice.llm_url)
        self._mode_changed()
        self.estimate()

    # --- the choice ------------------------------------------------------------------------------

    def choice(self) -> StepChoice:
        folders = self.use_folders.isChecked()
        url, served, key = self.server_box.values() if self.server_box is not None else ("", "", "")
        return StepChoice(self.tokenizer_edit.text().strip() if folders else "",
                          self.tts_edit.text().strip() if folders else "",
                          str(self.device_combo.currentData()), str(self.quant_combo.currentData()),
                          url, served, key)

    def _download_words(self, choice: StepChoice) -> str:
        return _tr("Download from the Hugging Face hub into its shared cache (about {0} GB)").format(
            f"{self.model.download_gb(choice):g}")

    def _server_changed(self) -> None:
        """The files needed here and the memory estimate both follow where the model runs."""
        choice = self.choice()
        self.quant_combo.setEnabled(not choice.llm_url)  # the precision is the local model's
        self.use_cache.setText(self._download_words(choice))
        self.refresh()
        self.estimate()

    def _with_browse(self, edit: QLineEdit) -> QWidget:
        holder = QWidget()
        hl = QHBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(edit, 1)
        button = QPushButton(_tr("Browse…"))
        button.clicked.connect(lambda: self._browse(edit))
        hl.addWidget(button)
        edit.setProperty("browse", button)
        return holder

    def _browse(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, _tr("Choose the folder"), edit.text())
        if folder:
            edit.setText(folder)
            self.refresh()

    def _mode_changed(self, *_: object) -> None:
        cache = self.use_cache.isChecked()
        for w in (self.table, self.list_button, self.download_button):
            w.setEnabled(cache)
        for edit in (self.tokenizer_edit, self.tts_edit):
            edit.setEnabled(not cache)
            edit.property("browse").setEnabled(not cache)
        self.refresh()

    # --- state ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Check the current choice, off this thread: which files are missing (the engine's own bounded
        check) and, for each folder the user chose, what it lacks in one sentence. Saving waits for it:
        a folder that is not a model is refused here, not found out when the model fails to load."""
        choice = self.choice()
        factory = self._files_factory
        folders = (choice.tokenizer_folder, choice.tts_folder)
        self._checked = None
        if any(folders):
            self._set_save(False, _tr("Checking the folders…"))
        else:
            self._set_save(True, "")

        def check() -> tuple[list[str], Any, list[Any]]:
            from backends.step.files import check_folder

            files = factory(choice)
            specs = files.specs
            checks = [check_folder(folder, spec, specs) if folder else None
                      for folder, spec in zip(folders, specs, strict=True)]
            return files.missing(), specs, checks

        self._tasks.run(check, lambda result: self._on_checked(choice, *result), self._on_check_failed)

    def _on_checked(self, choice: StepChoice, missing: list[str], specs: Any, checks: list[Any]) -> None:
        if choice != self.choice():
            return  # the user changed it meanwhile; that change's own check follows
        for note, result in zip(self.folder_notes, checks, strict=True):
            words = folder_sentence(result) if result is not None and not result.ok else ""
            note.setText(marked("fail", words) if words else "")
            note.setVisible(bool(words))
        bad = [r for r in checks if r is not None and not r.ok]
        if bad:
            self._set_save(False, _tr("Save is off until each chosen folder holds its model: choose "
                                      "other folders, or download the model files instead."))
        else:
            self._checked = choice
            self._set_save(True, "")
        if not missing:
            self.status.setText(marked("ok", _tr("All model files are present.")))
        else:
            self.status.setText(marked("fail", _tr("Not ready: {0}.").format(_missing_words(missing, specs))))
        if not bad and missing and (choice.tokenizer_folder or choice.tts_folder):
            self.folder_state.setText(_tr("Choose the folders that hold these files, or download them."))
        if self._accept_when_checked:
            self._accept_when_checked = False
            if not bad:
                super().accept()

    def _on_check_failed(self, exc: BaseException) -> None:
        self._accept_when_checked = False
        self.status.setText(str(exc))
        self._set_save(True, "")

    def _set_save(self, enabled: bool, why: str) -> None:
        """Save on or off; when off, the tooltip and the line under the folders say why."""
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(enabled)
        save.setToolTip("" if enabled else why)
        self.folder_state.setText(why)

    def accept(self) -> None:
        """Save, once the folders shown are the ones checked (an edit not yet checked is checked first)."""
        why = self.server_box.why_not() if self.server_box is not None else ""
        if why:
            self._set_save(False, why)
            return
        if self.use_folders.isChecked() and self._checked != self.choice():
            self._accept_when_checked = True
            self.refresh()
            return
        super().accept()

    def list_files(self) -> None:
        """The files a download fetches and their sizes, from the hub's metadata (network)."""
        factory, choice = self._files_factory, self.choice()
        self.list_button.setEnabled(False)
        self.download_label.setText(_tr("Asking the hub for the file list…"))

        def done(rows: list[tuple[str, str, int]]) -> None:
            self.list_button.setEnabled(self.use_cache.isChecked())
            self.table.setVisible(True)
            self.table.setRowCount(len(rows))
            for i, (label, path, size) in enumerate(rows):
                self.table.setItem(i, 0, QTableWidgetItem(f"{label}/{path}"))
                item = QTableWidgetItem(_size(size))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, 1, item)
            total = sum(r[2] for r in rows)
            self.download_label.setText(_tr("{0} files, {1} in all.").format(len(rows), _size(total)))

        def failed(exc: BaseException) -> None:
            self.list_button.setEnabled(self.use_cache.isChecked())
            self.download_label.setText(str(exc))

        self._tasks.run(lambda: factory(choice).sizes(), done, failed)

    def start_download(self) -> None:
        if self._busy:
            return
        files = self._files_factory(self.choice())
        cancel = self._cancel = CancelToken()
        bridge = self._bridge

        def work() -> None:
            try:
                files.download(cancel, lambda p: bridge.deliver(("progress", p)))
            except Cancelled:
                bridge.deliver(("cancelled", None))
            except Exception as exc:
                bridge.deliver(("error", str(exc)))
            else:
                bridge.deliver(("done", None))

        self._busy = True  # until its last event is handled here (the thread may still be ending)
        self.download_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.download_label.setText(_tr("Starting the download…"))
        self._download = threading.Thread(target=work, name="step-download", daemon=True)
        self._download.start()

    def cancel_download(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
        self.cancel_button.setEnabled(False)

    @property
    def downloading(self) -> bool:
        return self._busy

    def _on_download_event(self, _tag: int, value: object) -> None:
        kind, data = value  # type: ignore[misc]
        if kind == "progress":
            p = data
            if p.total:
                self.progress.setValue(int(1000 * p.done / p.total))
            where = _tr(" · {0}: {1} of {2}").format(p.file, _size(p.file_done), _size(p.file_total)) \
                if p.file else ""
            self.download_label.setText(_tr("{0} of {1}").format(_size(p.done), _size(p.total)) + where)
            return
        self._busy = False
        self.download_button.setEnabled(self.use_cache.isChecked())
        self.cancel_button.setEnabled(False)
        if kind == "done":
            self.progress.setValue(1000)
            self.download_label.setText(marked("ok", _tr("Downloaded and checked.")))
            self.refresh()
        elif kind == "cancelled":
            self.download_label.setText(_tr("Stopped. Download again to continue where it stopped."))
        else:
            failed = _tr("The download failed: {0} Download again to retry.").format(data)
            self.download_label.setText(marked("fail", failed))

    def estimate(self, *_: object) -> None:
        """How much memory each precision needs on the chosen device, against what is free there."""
        self._fit_serial += 1
        serial = self._fit_serial
        device, quant = str(self.device_combo.currentData()), str(self.quant_combo.currentData())
        choice, runner = self.choice(), self._fit_runner
        gpu_probe, ram_probe = self._gpu_probe, self._ram_probe
        if choice.llm_url:
            self.fit_label.setText(_tr("The language model runs on the server; here the audio tokenizer and "
                                       "the decoder need about {0} GB.").format(
                f"{self.model.extra_bytes / (1 << 30):.1f}"))
            return
        self.fit_label.setText(_tr("Estimating…"))

        def work() -> tuple[Any, str, list[dict[str, Any]]]:
            gpu = gpu_probe() if device != "cpu" else None
            where = "cuda" if gpu is not None else "cpu"
            free = gpu.free if gpu is not None else ram_probe()
            config = Path(choice.tts_folder) / "config.json" if choice.tts_folder else None
            return gpu, where, runner(where, free, config if config and config.is_file() else None)

        def done(result: tuple[Any, str, list[dict[str, Any]]]) -> None:
            if serial != self._fit_serial:
                return
            gpu, where, rows = result
            self.gpu = gpu
            self.fit_label.setText(_fit_words(gpu, where, device, quant, rows))

        def failed(exc: BaseException) -> None:
            if serial == self._fit_serial:
                self.fit_label.setText(_tr("Could not estimate: {0}").format(exc))

        self._tasks.run(work, done, failed)

    def done(self, result: int) -> None:
        self.cancel_download()
        super().done(result)


def _size(n: int) -> str:
    if n >= GB:
        return f"{n / GB:.2f} GB"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.0f} kB"


def folder_sentence(check: Any) -> str:
    """A FolderCheck (backends.step.files) in one sentence, in the user's language."""
    from backends.step.files import file_list

    what = {"Step-Audio-Tokenizer": _tr("audio tokenizer"), "Step-Audio-TTS-3B": _tr("TTS-3B model"),
            "Step-Audio-EditX": _tr("EditX model")}.get(
        check.spec.label, check.spec.what or check.spec.label)
    if check.problem == "absent":
        return _tr("This folder does not exist: {0}.").format(check.folder)
    if check.problem == "not_a_folder":
        return _tr("{0} is a file, not a folder: choose the folder that holds the {1}.").format(
            check.folder, what)
    if check.problem == "other_model":
        return _tr("This folder holds {0}, not {1}: choose it for {0} instead.").format(check.hint,
                                                                                       check.spec.label)
    if check.problem == "in_subfolder":
        return _tr("This folder is not {0} itself, but its subfolder {1} is: choose that.").format(
            check.spec.label, check.hint)
    if check.nothing_present:
        names = ", ".join([p for p in check.spec.required if "/" not in p][:2])
        return _tr("This folder has no {0}: none of its files ({1}, ...) is there.").format(what, names)
    if len(check.missing) == 1:
        return _tr("This folder has no {0}: {1} is missing.").format(what, check.missing[0])
    return _tr("This folder has no {0}: {1} are missing.").format(what, file_list(check.missing))


def _missing_words(missing: list[str], specs: Any) -> str:
    """"Repo: pattern" entries as a sentence: a repository with nothing present is "not downloaded"."""
    parts = []
    for spec in specs:
        mine = [m.split(": ", 1)[1] for m in missing if m.startswith(spec.label + ": ")]
        if not mine:
            continue
        if len(mine) >= len(spec.required):
            parts.append(_tr("{0} is not downloaded").format(spec.label))
        else:
            names = ", ".join(m.rsplit("/", 1)[-1] for m in mine)
            parts.append(_tr("{0} lacks {1}").format(spec.label, names))
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        joined = _tr("{0}; {1}").format(joined, part)  # a list's separator is punctuation too
    return joined


def _fit_words(gpu: Any, where: str, device: str, quant: str, rows: list[dict[str, Any]]) -> str:
    place = (_tr("{0} has {1} free").format(gpu.name, _gb(gpu.free)) if gpu is not None
             else _tr("no NVIDIA GPU here; the CPU has {0} of memory free").format(_gb(rows[0]["free"])))
    if device == "cuda" and gpu is None:
        place = _tr("the device is set to the GPU, but there is none here")
    words = dict(_QUANT_WORDS, none="float32") if where == "cpu" else _QUANT_WORDS
    parts = []
    for row in rows:
        chosen = " ←" if row["quant"] == quant else ""
        parts.append(marked("ok" if row["fits"] else "fail",
                            f"{words[row['quant']]}: {_gb(row['needed'])}{chosen}"))
    best = next((r["quant"] for r in rows if r["fits"]), None)
    if quant == "auto" and where == "cpu":
        fits = rows[0]["fits"]
        tail = _tr("Automatic uses float32 on the CPU.") + ("" if fits else " " + _tr("It does not fit: "
                                                                                      "choose 8-bit."))
    elif quant != "auto":
        verdict = next(r for r in rows if r["quant"] == quant)
        tail = _tr("Your choice fits.") if verdict["fits"] else _tr("Your choice does not fit.")
    elif best is not None:
        tail = _tr("Automatic uses {0}.").format(words[best])
    else:
        tail = _tr("Nothing fits: close other programs or use the CPU.")
    slow = _tr(" On the CPU it is far slower than real time.") if where == "cpu" else ""
    return f"{html.escape(place)}. " + " · ".join(parts) + f". {html.escape(tail + slow)}"
