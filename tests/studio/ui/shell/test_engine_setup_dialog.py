"""The Step-Audio set-up dialog: files listed with their sizes, a download with byte progress that can be
cancelled and resumes, folders the user has, the "will it fit" estimate, and the choice in the settings.
Downloads go to a fake hub on loopback (tests/backends/step/fake_hub.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_fakes import FakePlayer

from backends.step.files import ModelFiles
from studio.settings import Settings
from studio.ui.shell.engine_setup_dialog import (
    StepChoice,
    StepSetupDialog,
    apply_choice,
    load_choice,
    run_fit,
    store_choice,
)
from tests.backends.step.fake_hub import FakeHub
from tests.backends.step.test_files import TOK, TTS, _repos


@dataclass
class Gpu:
    name: str = "NVIDIA GeForce RTX 4060"
    total: int = 8 << 30
    free: int = 7_500_000_000


def fit_rows(device: str, free: int, config: Any) -> list[dict[str, Any]]:
    need = {"none": 9_400_000_000, "int8": 6_100_000_000, "int4": 4_800_000_000}
    return [{"quant": q, "needed": n, "free": free, "fits": n <= free} for q, n in need.items()]


def make(qtbot, tmp_path, hub=None, choice=None, gpu=None) -> StepSetupDialog:
    def files(c: StepChoice) -> ModelFiles:
        return ModelFiles(cache_dir=tmp_path / "hf", endpoint=hub.url if hub else "http://127.0.0.1:9",
                          offline=False, token=False, state_dir=tmp_path / "state", specs=(TOK, TTS),
                          tokenizer_folder=c.tokenizer_folder or None, tts_folder=c.tts_folder or None)

    dialog = StepSetupDialog(choice, files_factory=files, fit_runner=fit_rows, gpu_probe=lambda: gpu,
                             ram_probe=lambda: 8_000_000_000)
    qtbot.addWidget(dialog, before_close_func=lambda d: d._tasks.wait(10000))
    return dialog


def test_lists_the_files_with_sizes_and_downloads_with_byte_progress(qtbot, tmp_path) -> None:
    with FakeHub(_repos()) as hub:
        dialog = make(qtbot, tmp_path, hub)
        qtbot.waitUntil(lambda: "Tok is not downloaded; TTS is not downloaded" in dialog.status.text(),
                        timeout=5000)
        dialog.list_button.click()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 6, timeout=10000)
        names = {dialog.table.item(i, 0).text(): dialog.table.item(i, 1).text() for i in range(6)}
        assert names["Tok/codebook.npy"] == "51 kB" and "TTS/config.json" in names
        assert "TTS/lib/kernel.so" not in names
        seen: list[int] = []
        dialog.progress.valueChanged.connect(seen.append)
        dialog.download_button.click()
        qtbot.waitUntil(lambda: "Downloaded" in dialog.download_label.text(), timeout=20000)
    assert dialog.progress.value() == 1000 and len(seen) > 3 and seen == sorted(seen)
    qtbot.waitUntil(lambda: "All model files are present" in dialog.status.text(), timeout=5000)


def test_cancel_then_download_again_resumes(qtbot, tmp_path, monkeypatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 4096)
    with FakeHub(_repos(), chunk=4096, delay=0.1) as hub:
        dialog = make(qtbot, tmp_path, hub)
        dialog.progress.valueChanged.connect(lambda v: v >= 100 and dialog.cancel_button.click())
        dialog.download_button.click()
        qtbot.waitUntil(lambda: "Stopped" in dialog.download_label.text(), timeout=10000)
        stopped_at = dialog.progress.value()
        assert 100 <= stopped_at < 1000 and dialog.download_button.isEnabled()
        dialog.progress.valueChanged.disconnect()
        hub.requests.clear()
        hub.delay = 0.0
        dialog.download_button.click()
        qtbot.waitUntil(lambda: "Downloaded" in dialog.download_label.text(), timeout=20000)
        resumed = [r for m, _p, r in hub.requests if m == "GET" and r]
    assert resumed and all(r.startswith("bytes=") and not r.startswith("bytes=0-") for r in resumed)


def test_a_failed_download_says_why_and_can_be_retried(qtbot, tmp_path) -> None:
    with FakeHub({}) as hub:
        dialog = make(qtbot, tmp_path, hub)
        dialog.download_button.click()
        qtbot.waitUntil(lambda: "failed" in dialog.download_label.text(), timeout=10000)
    assert "file list of Tok" in dialog.download_label.text() and dialog.download_button.isEnabled()


def test_folders_the_user_has_and_the_saved_choice(qtbot, tmp_path) -> None:
    tok, tts = tmp_path / "tok", tmp_path / "tts"
    for folder, names in ((tok, ("codebook.npy", "sub/model.pt")), (tts, ("config.json", "m.safetensors"))):
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(b"x")
    dialog = make(qtbot, tmp_path, choice=StepChoice(str(tok), str(tts), "cpu", "int8"), gpu=Gpu())
    assert dialog.use_folders.isChecked() and not dialog.download_button.isEnabled()
    qtbot.waitUntil(lambda: "TTS lacks flow.pt" in dialog.status.text(), timeout=5000)
    (tts / "Voc").mkdir()
    (tts / "Voc" / "flow.pt").write_bytes(b"x")
    dialog.tts_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "All model files are present" in dialog.status.text(), timeout=5000)
    choice = dialog.choice()
    assert choice == StepChoice(str(tok), str(tts), "cpu", "int8")
    settings = store_choice(Settings(), choice)
    assert load_choice(settings) == choice and settings.extra["step_local"]["quant"] == "int8"
    env: dict[str, str] = {"STEP_LOCAL_QUANT": "int4"}
    apply_choice(StepChoice("", str(tts), "auto", ""), env)
    assert env == {"STEP_AUDIO_TTS_DIR": str(tts), "STEP_LOCAL_DEVICE": "auto"}


def test_will_it_fit_names_the_gpu_and_follows_the_precision(qtbot, tmp_path) -> None:
    dialog = make(qtbot, tmp_path, gpu=Gpu())
    qtbot.waitUntil(lambda: "RTX 4060" in dialog.fit_label.text(), timeout=5000)
    fit = dialog.fit_label.text()
    assert "fail.svg" in fit and "bf16: 9.4 GB" in fit and "Automatic uses 8-bit" in fit
    dialog.quant_combo.setCurrentIndex(dialog.quant_combo.findData("none"))
    qtbot.waitUntil(lambda: "Your choice does not fit" in dialog.fit_label.text(), timeout=5000)
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    qtbot.waitUntil(lambda: "no NVIDIA GPU here" in dialog.fit_label.text(), timeout=5000)
    text = dialog.fit_label.text()
    assert "8.0 GB of memory free" in text and "float32: 9.4 GB ←" in text
    assert "slower than real time" in text


def test_the_estimate_runs_in_a_child_process(tmp_path) -> None:
    rows = run_fit("cuda", 8_000_000_000, None)
    assert [r["quant"] for r in rows] == ["none", "int8", "int4"]
    assert not rows[0]["fits"] and rows[1]["fits"]
    assert rows[0]["needed"] > rows[1]["needed"] > rows[2]["needed"]


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("STEP_AUDIO_TOKENIZER_DIR", "STEP_AUDIO_TTS_DIR", "STEP_LOCAL_DEVICE", "STEP_LOCAL_QUANT"):
        monkeypatch.setenv(name, "")  # so that the test's end restores (or removes) each one
        monkeypatch.delenv(name)
    return os.environ


def test_the_window_offers_the_setup_and_saving_rechecks_the_engine(qtbot, tmp_path, clean_env) -> None:
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from backends.step import StepLocalBackend
    from studio.settings import SettingsStore
    from studio.ui.shell.main_window import SETUP_STEP, MainWindow

    window = MainWindow(SettingsStore(tmp_path / "settings.json"),
                        registry_factory=lambda: Registry([EngineEntry("step-local", BUILT_IN,
                                                                       StepLocalBackend, None)]),
                        devices_probe=lambda: ([], "none"), player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    combo = window.engine_combo
    qtbot.waitUntil(lambda: combo.findData(SETUP_STEP) >= 0, timeout=15000)
    row = combo.findData("step-local")
    assert "(unavailable)" in combo.itemText(row)
    tip = combo.itemData(row, Qt.ItemDataRole.ToolTipRole)
    assert "not downloaded" in tip and "GPU" in tip
    combo.activated.emit(combo.findData(SETUP_STEP))
    dialog = window.step_dialog
    assert isinstance(dialog, StepSetupDialog) and dialog.isVisible()
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    dialog.accept()
    assert window.settings.extra["step_local"]["device"] == "cpu"
    assert os.environ["STEP_LOCAL_DEVICE"] == "cpu"
    qtbot.waitUntil(lambda: window.engines.backend("step-local").local.device_setting == "cpu",
                    timeout=5000)


def _save(dialog: StepSetupDialog) -> Any:
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_a_chosen_folder_that_is_not_the_model_is_named_and_not_saved(qtbot, tmp_path) -> None:
    junk, tok, tts = tmp_path / "junk", tmp_path / "tok", tmp_path / "tts"
    (junk / "photos").mkdir(parents=True)
    (junk / "photos" / "cat.jpg").write_bytes(b"x")
    for folder, names in ((tok, ("codebook.npy", "sub/model.pt")),
                          (tts, ("config.json", "m.safetensors", "Voc/flow.pt"))):
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(b"x")
    dialog = make(qtbot, tmp_path, choice=StepChoice(str(junk), str(tts)))
    dialog.show()
    note = dialog.folder_notes[0]
    qtbot.waitUntil(lambda: note.isVisible(), timeout=5000)
    assert "fail.svg" in note.text()
    assert note.text().endswith("This folder has no Tok: none of its files (codebook.npy, ...) is there.")
    assert not dialog.folder_notes[1].isVisible()
    assert not _save(dialog).isEnabled() and _save(dialog).toolTip()
    assert dialog.folder_state.isVisible() and "Save is off" in dialog.folder_state.text()

    dialog.tokenizer_edit.setText(str(tts))  # the other model's folder, in the wrong slot
    dialog.tokenizer_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "holds TTS, not Tok" in note.text(), timeout=5000)

    (tok / "sub" / "model.pt").unlink()
    dialog.tokenizer_edit.setText(str(tok))
    dialog.tokenizer_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: note.text().endswith("This folder has no Tok: sub/model.pt is missing."),
                    timeout=5000)

    (tok / "sub" / "model.pt").write_bytes(b"x")
    dialog.tokenizer_edit.setText(str(tok) + "/")  # edited, not yet checked: Save checks it first
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible(),
                    timeout=5000)
    assert not note.isVisible() and _save(dialog).isEnabled()


def test_editx_has_its_own_dialog_settings_and_environment(qtbot, tmp_path) -> None:
    from studio.ui.shell.engine_setup_dialog import EDITX, TTS

    dialog = StepSetupDialog(None, model=EDITX, fit_runner=fit_rows, gpu_probe=lambda: None,
                             ram_probe=lambda: 8_000_000_000)
    qtbot.addWidget(dialog, before_close_func=lambda d: d._tasks.wait(10000))
    assert dialog.windowTitle() == "Set up Step-Audio-EditX (local)"
    assert "about 9.2 GB" in dialog.use_cache.text()
    assert dialog._files_factory(StepChoice()).specs[1].repo_id == "stepfun-ai/Step-Audio-EditX"
    choice = StepChoice("/models/tok", "/models/editx", "cpu", "int8")
    settings = store_choice(Settings(), StepChoice(tts_folder="/models/tts"), TTS)
    settings = store_choice(settings, choice, EDITX)
    assert load_choice(settings, EDITX) == choice and load_choice(settings, TTS).tts_folder == "/models/tts"
    env: dict[str, str] = {"STEP_AUDIO_TOKENIZER_DIR": "/models/tok-for-tts"}
    apply_choice(choice, env, EDITX)
    assert env == {"STEP_AUDIO_TOKENIZER_DIR": "/models/tok-for-tts",
                   "STEP_EDITX_TOKENIZER_DIR": "/models/tok", "STEP_AUDIO_EDITX_DIR": "/models/editx",
                   "STEP_EDITX_DEVICE": "cpu", "STEP_EDITX_QUANT": "int8"}
    apply_choice(StepChoice(), env, EDITX)  # back to the cache: TTS-3B's tokenizer folder is left alone
    assert env == {"STEP_AUDIO_TOKENIZER_DIR": "/models/tok-for-tts", "STEP_EDITX_DEVICE": "auto",
                   "STEP_EDITX_QUANT": "auto"}


def test_the_window_offers_the_editx_setup(qtbot, tmp_path, clean_env, monkeypatch) -> None:
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from backends.step.editx.engine import StepEditxBackend
    from studio.settings import SettingsStore
    from studio.ui.shell.engine_picker import SETUP_EDITX
    from studio.ui.shell.main_window import MainWindow

    for name in ("STEP_AUDIO_EDITX_DIR", "STEP_EDITX_TOKENIZER_DIR", "STEP_EDITX_DEVICE", "STEP_EDITX_QUANT"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    window = MainWindow(SettingsStore(tmp_path / "settings.json"),
                        registry_factory=lambda: Registry([EngineEntry("step-editx", BUILT_IN,
                                                                       StepEditxBackend, None)]),
                        devices_probe=lambda: ([], "none"), player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    combo = window.engine_combo
    qtbot.waitUntil(lambda: combo.findData(SETUP_EDITX) >= 0, timeout=15000)
    assert "Step-Audio-EditX is not downloaded" in combo.itemData(combo.findData("step-editx"),
                                                                  Qt.ItemDataRole.ToolTipRole)
    combo.activated.emit(combo.findData(SETUP_EDITX))
    dialog = window.step_dialog
    assert isinstance(dialog, StepSetupDialog) and dialog.model.engine_id == "step-editx"
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    dialog.accept()
    extra = window.settings.extra
    assert extra["step_editx"]["device"] == "cpu" and "step_local" not in extra
    assert os.environ["STEP_EDITX_DEVICE"] == "cpu"
    qtbot.waitUntil(lambda: window.engines.backend("step-editx").local.device_setting == "cpu", timeout=5000)


def test_editx_can_run_its_language_model_on_a_vllm_server(qtbot, tmp_path) -> None:
    from studio.ui.shell.engine_setup_dialog import EDITX, TTS

    plain = StepSetupDialog(None, model=TTS, fit_runner=fit_rows, gpu_probe=lambda: None,
                            ram_probe=lambda: 8_000_000_000)
    qtbot.addWidget(plain, before_close_func=lambda d: d._tasks.wait(10000))
    assert plain.server_box is None  # TTS-3B has no served path
    dialog = StepSetupDialog(None, model=EDITX, fit_runner=fit_rows, gpu_probe=lambda: None,
                             ram_probe=lambda: 8_000_000_000)
    qtbot.addWidget(dialog, before_close_func=lambda d: d._tasks.wait(10000))
    box = dialog.server_box
    assert box is not None and box.here.isChecked() and not box.url_edit.isEnabled()
    box.server.setChecked(True)
    box.url_edit.setText("gpu-host:8000")
    box.url_edit.editingFinished.emit()
    assert "http://" in box.problem.text() and box.problem.isVisibleTo(dialog)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "http://" in _save(dialog).toolTip()
    box.url_edit.setText("http://gpu-host:8000")
    box.model_edit.setText("editx")
    box.key_edit.setText("sekrit")
    box.url_edit.editingFinished.emit()
    assert not box.problem.isVisibleTo(dialog)
    choice = dialog.choice()
    assert (choice.llm_url, choice.llm_model, choice.llm_key) == ("http://gpu-host:8000", "editx", "sekrit")
    assert not dialog.quant_combo.isEnabled() and "runs on the server" in dialog.fit_label.text()
    assert "about 2.2 GB" in dialog.use_cache.text()
    required = dialog._files_factory(choice).specs[1].required
    assert not any("safetensors" in r for r in required) and "tokenizer.model" in required
    env: dict[str, str] = {}
    apply_choice(choice, env, EDITX)
    assert env["STEP_EDITX_LLM_URL"] == "http://gpu-host:8000" and env["STEP_EDITX_LLM_KEY"] == "sekrit"
    apply_choice(StepChoice(), env, EDITX)
    assert not any(k.startswith("STEP_EDITX_LLM") for k in env)
