"""The local Step-Audio engines' set-up as the app keeps it: which model folders, device and precision the
user chose for TTS-3B and for EditX, stored in the settings and handed to each engine as its environment.

Both engines read their folders, device and precision from environment variables (the registry makes
them with no arguments, in this process and in their child), so a choice becomes those variables; each
engine class names its own (`StepLocalBackend.MODEL_DIR_VAR`, ...), and the two share only the audio
tokenizer folder, which is the same download for both. No Qt and no torch here: the set-up dialog and
start-up use it, and the memory estimate runs in a child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from studio.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class StepChoice:
    """What the user chose: folders they have ("" = the Hugging Face cache), device and precision.
    `tts_folder` is the model's folder (TTS-3B's or EditX's, whichever engine the choice is for)."""

    tokenizer_folder: str = ""
    tts_folder: str = ""
    device: str = "auto"
    quant: str = "auto"
    # EditX only: its LLM stage on a vLLM server ("" = run it here), the served name and the key.
    llm_url: str = ""
    llm_model: str = ""
    llm_key: str = ""


@dataclass(frozen=True)
class StepModel:
    """One local Step-Audio engine as the set-up sees it; the details come from its engine class."""

    engine_id: str
    settings_key: str
    engine_class: str  # "module:Class"

    @cached_property
    def engine(self) -> Any:
        import importlib

        module, _, name = self.engine_class.partition(":")
        return getattr(importlib.import_module(module), name)

    @property
    def manifest(self) -> Any:
        return self.engine.MANIFEST

    @property
    def specs(self) -> Any:
        return self.engine.SPECS

    @property
    def label(self) -> str:
        """The model repository's name, as its folder is labelled: "Step-Audio-TTS-3B"."""
        return str(self.specs[1].label)

    def download_gb(self, choice: StepChoice | None = None) -> float:
        """About how much a download of both folders is, in GB (less when a server runs the LLM)."""
        if choice is not None and self.served and choice.llm_url:
            return float(self.engine.SERVED_DOWNLOAD_GB)
        return float(self.engine.DOWNLOAD_GB)

    @property
    def extra_bytes(self) -> int:
        return int(self.engine.EXTRA_BYTES)

    @property
    def env(self) -> dict[str, str]:
        """StepChoice field -> the environment variable the engine reads it from."""
        e = self.engine
        return {"tokenizer_folder": e.TOKENIZER_VARS[0], "tts_folder": e.MODEL_DIR_VAR,
                "device": e.DEVICE_VAR, "quant": e.QUANT_VAR, **e.LLM_VARS}

    @property
    def served(self) -> bool:
        """Whether this engine's LLM can run on a vLLM server."""
        return bool(self.engine.LLM_VARS)

    def specs_for(self, choice: StepChoice) -> Any:
        """The files needed here for `choice`: without the LLM's weights when a server runs it."""
        return self.engine.SERVED_SPECS if self.served and choice.llm_url else self.specs


TTS = StepModel("step-local", "step_local", "backends.step.engine:StepLocalBackend")
EDITX = StepModel("step-editx", "step_editx", "backends.step.editx.engine:StepEditxBackend")
MODELS: dict[str, StepModel] = {m.engine_id: m for m in (TTS, EDITX)}


def load_choice(settings: Settings, model: StepModel = TTS) -> StepChoice:
    raw = settings.extra.get(model.settings_key)
    if not isinstance(raw, dict):
        return StepChoice()
    known = {k: str(v) for k, v in raw.items() if k in StepChoice.__dataclass_fields__ and v is not None}
    return StepChoice(**known)


def store_choice(settings: Settings, choice: StepChoice, model: StepModel = TTS) -> Settings:
    extra = dict(settings.extra)
    extra[model.settings_key] = dict(choice.__dict__)
    return replace(settings, extra=extra)


def apply_choice(choice: StepChoice, environ: Any = os.environ, model: StepModel = TTS) -> None:
    """Hand the choice to the engine the way it reads its settings (also inherited by its child)."""
    for name, var in model.env.items():
        value = getattr(choice, name).strip()
        if value:
            environ[var] = value
        else:
            environ.pop(var, None)


def apply_settings(settings: Settings, environ: Any = os.environ) -> None:
    """At start-up: each stored choice becomes its engine's environment."""
    for model in MODELS.values():
        if isinstance(settings.extra.get(model.settings_key), dict):
            apply_choice(load_choice(settings, model), environ, model)


def files_for(choice: StepChoice, model: StepModel = TTS) -> Any:
    from backends.step.files import ModelFiles

    return ModelFiles(tokenizer_folder=choice.tokenizer_folder or None, tts_folder=choice.tts_folder or None,
                      specs=model.specs_for(choice))


def run_fit(device: str, free_bytes: int, config_file: Path | None,
            extra_bytes: int | None = None) -> list[dict[str, Any]]:
    """The engine's memory estimate per precision, from a child process (it imports torch)."""
    args = ["fit", "--device", device, "--free", str(int(free_bytes))]
    if config_file is not None:
        args += ["--config", str(config_file)]
    if extra_bytes is not None:
        args += ["--extra", str(int(extra_bytes))]
    code = f"from backends.step.engine import main; main({args!r})"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)
    if out.returncode != 0:
        lines = [x for x in out.stderr.strip().splitlines() if x.strip()]
        raise RuntimeError(lines[-1] if lines else f"the estimate failed (exit {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])
