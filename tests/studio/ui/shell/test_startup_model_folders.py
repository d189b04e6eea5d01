"""Start-up with the Step-Audio engine pointed at a huge folder that is not a model: the window lists
the engine (unavailable, saying what is missing) without ever entering the folder's tree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_fakes import FakePlayer

from studio.settings import Settings, SettingsStore


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STEP_AUDIO_TOKENIZER_DIR", "STEP_AUDIO_TTS_DIR", "STEP_LOCAL_DEVICE", "STEP_LOCAL_QUANT"):
        monkeypatch.setenv(name, "")  # so that the test's end restores (or removes) each one
        monkeypatch.delenv(name)


def test_start_up_never_walks_a_configured_model_folder(qtbot: Any, tmp_path: Path, monkeypatch: Any,
                                                         clean_env: None) -> None:
    import backends.step.engine as eng
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from backends.step import StepLocalBackend
    from studio.ui.shell.main_window import MainWindow

    monkeypatch.setattr(eng, "gpu_info", lambda: None)
    big = tmp_path / "big"
    trap = big / "trap"
    for d in range(30):  # a tree any walk would enter; the look at start-up must not
        (trap / f"d{d}").mkdir(parents=True)
        (trap / f"d{d}" / "x.safetensors").write_bytes(b"x")
    listed: list[str] = []
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        listed.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    settings = Settings(extra={"step_local": {"tokenizer_folder": str(big), "tts_folder": str(big),
                                              "device": "auto", "quant": "auto"}})
    window = MainWindow(SettingsStore(tmp_path / "settings.json"), settings,
                        registry_factory=lambda: Registry([EngineEntry("step-local", BUILT_IN,
                                                                       StepLocalBackend, None)]),
                        devices_probe=lambda: ([], "none"), player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    combo = window.engine_combo
    qtbot.waitUntil(lambda: combo.findData("step-local") >= 0, timeout=15000)
    tip = combo.itemData(combo.findData("step-local"), Qt.ItemDataRole.ToolTipRole)
    assert "Step-Audio-Tokenizer is not downloaded" in tip
    assert [p for p in listed if Path(p).is_relative_to(trap)] == []
