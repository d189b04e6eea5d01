"""The GPU-host recipe (packaging/step-audio-editx) names only settings the engine reads, and starts
vLLM with the model name and the untied output head the engine expects."""

from __future__ import annotations

from pathlib import Path

import yaml

from backends.step.editx.engine import SERVED_MODEL, StepEditxBackend

RECIPE = Path(__file__).resolve().parents[4] / "packaging" / "step-audio-editx"


def test_the_compose_file_matches_the_engine() -> None:
    services = yaml.safe_load((RECIPE / "compose.yaml").read_text(encoding="utf-8"))["services"]
    engine = StepEditxBackend
    read = {*engine.TOKENIZER_VARS, engine.MODEL_DIR_VAR, engine.DEVICE_VAR, engine.QUANT_VAR,
            engine.STATE_VAR,
            "STEP_EDITX_LLM_URL", "STEP_EDITX_LLM_MODEL", "STEP_EDITX_LLM_KEY", "STEP_STUDIO_HOME"}
    engines = services["engines"]
    assert set(engines["environment"]) <= read
    assert engines["environment"]["STEP_EDITX_LLM_MODEL"] == SERVED_MODEL
    assert engines["command"][engines["command"].index("--engine") + 1] == "step-editx"
    vllm = services["vllm"]["command"]
    assert vllm[vllm.index("--served-model-name") + 1] == SERVED_MODEL
    assert '"tie_word_embeddings": false' in vllm[vllm.index("--hf-overrides") + 1]
    readme = (RECIPE / "README.md").read_text(encoding="utf-8")
    for name in read - {"STEP_STUDIO_HOME"}:
        assert name in readme, name
