"""The reference's EditX decoder (upstream `stepvocoder`, not part of the studio) timed on the inputs of
bench/editx_decoder.py, so the two can be compared on one machine.

Needs an extracted upstream tree and a throwaway venv with torch==2.13.0, hyperpyyaml and einops, as
tests/data/step/editx/README.md describes (upstream aacb90a), e.g.::

    git -C <mirror of stepfun-ai/Step-Audio-EditX> archive HEAD stepvocoder | tar -x -C /tmp/editxref
    PYTHONPATH=/tmp/editxref /tmp/goldvenv/bin/python bench/editx_decoder_reference.py

The released sizes are written into the tiny test yaml's structure (the real yaml is not public); the
weights are the classes' own random initialisation. It prints one JSON line.
"""

from __future__ import annotations

import importlib.util
import json
import resource
import sys
import tempfile
import time
import types
from pathlib import Path

import numpy as np
import torch

TINY = Path(__file__).resolve().parents[1] / "tests" / "data" / "step" / "editx" / "cosyvoice_tiny.yaml"
RELEASED = {  # key: (tiny value, released value), note §3.2
    "input_size": ("64", "512"), "output_size": ("64", "512"), "num_blocks": ("2", "6"),
    "num_up_blocks": ("2", "4"), "attention_heads": ("2", "8"), "linear_units": ("128", "2048"),
    "depth": ("2", "16"), "num_heads": ("2", "8"), "head_dim": ("32", "64"), "hidden_size": ("64", "512"),
    "base_channels": ("16", "512"), "cond_channels": ("32", "512"),
}


def _shim(name: str) -> None:
    """Empty stand-ins for what `cli/cosyvoice.py` imports and the decode path never uses."""
    if importlib.util.find_spec(name) is not None:
        return
    module = types.ModuleType(name)
    module.__path__ = []  # type: ignore[attr-defined]
    sys.modules[name] = module


def released_yaml() -> Path:
    lines = []
    for line in TINY.read_text().splitlines():
        body = line.split("#", 1)[0].rstrip()
        name, _, value = body.strip().partition(": ")
        if name in RELEASED and value == RELEASED[name][0]:
            body = body.replace(f"{name}: {value}", f"{name}: {RELEASED[name][1]}")
        lines.append(body)
    path = Path(tempfile.mkdtemp()) / "cosyvoice.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    for name in ("whisper", "torchaudio", "torchaudio.compliance", "torchaudio.compliance.kaldi"):
        _shim(name)
    from hyperpyyaml import load_hyperpyyaml
    from stepvocoder.cosyvoice2.cli.cosyvoice import CosyVoice_stream_impl_

    torch.manual_seed(0)
    t0 = time.perf_counter()
    with released_yaml().open() as f:
        configs = load_hyperpyyaml(f)
    flow, hift = configs["flow"].eval(), configs["hift"].eval()
    impl = CosyVoice_stream_impl_(flow, hift, [15, 24, 48], 8, 10).to(torch.device("cpu"), torch.float32)
    build = time.perf_counter() - t0
    rng = np.random.default_rng(0)  # the same draws, in the same order, as bench/editx_decoder.py

    def codes(seconds: float) -> np.ndarray:
        groups = max(1, round(seconds * 125 / 3 / 5))
        return np.concatenate([np.r_[rng.integers(0, 1024, 2), rng.integers(1024, 5120, 3)]
                               for _ in range(groups)])

    prompt, target = codes(5.0), codes(5.0)
    prompt_mel = torch.from_numpy(rng.standard_normal((1, len(prompt) // 5 * 6, 80)).astype(np.float32))
    embedding = torch.from_numpy(rng.standard_normal((1, 192)).astype(np.float32))
    t0 = time.perf_counter()
    with torch.inference_mode():
        speech = impl.token2wav_nonstream(torch.tensor([target.tolist()]), torch.tensor([prompt.tolist()]),
                                          prompt_mel, embedding)
    total = time.perf_counter() - t0
    mel = torch.randn(1, 80, len(target) // 5 * 6)
    t0 = time.perf_counter()
    with torch.inference_mode():
        hift.inference(mel)
    hift_s = time.perf_counter() - t0
    print(json.dumps({"impl": "upstream stepvocoder", "threads": torch.get_num_threads(),
                      "build_s": round(build, 2), "token2wav_s": round(total, 2), "hift_s": round(hift_s, 2),
                      "flow_s_estimate": round(total - hift_s, 2), "samples": int(speech.shape[-1]),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


if __name__ == "__main__":
    main()
