"""Step-Audio-EditX's 24 kHz decoder at its released size with random weights: flow and HiFT time and
peak memory for an edit of a given length (no download needed).

    python bench/editx_decoder.py                   # CPU: a 5 s clip edited into 5 s, minutes on 2 cores
    python bench/editx_decoder.py --seconds 10 --prompt 10
    python bench/editx_decoder.py --device cuda --dtype bfloat16   # on a GPU

In an edit the clip is both the decoder's prompt and the LLM's input, so the flow runs over prompt +
output frames: 10 guided Euler steps (a batch of 2) of the 16-layer DiT over all of them. The codes are
random in EditX's 2 + 3 group layout, 41.67 per second. Random weights make noise; the figures are speed
and memory only. Each run appends one record to `--out` (default bench/results/editx_decoder.json).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from machine import machine_line  # noqa: E402

from backends.step.vocoder.editx.config import RELEASED_HIFT, EditxFlowConfig  # noqa: E402
from backends.step.vocoder.editx.flow import EditxFlow  # noqa: E402
from backends.step.vocoder.hift import HiFTGenerator  # noqa: E402

CODES_PER_SECOND = 125 / 3


def random_parts(device: str = "cpu", dtype: torch.dtype = torch.float32,
                 seed: int = 0) -> tuple[EditxFlow, HiFTGenerator]:
    """The flow (in `dtype`) and HiFT (float32) at their released sizes, with PyTorch's default random
    initialisation after `torch.manual_seed(seed)` (also used by bench/editx_edit.py)."""
    torch.manual_seed(seed)
    flow = EditxFlow(EditxFlowConfig()).eval().to(device, dtype)
    hift = HiFTGenerator(RELEASED_HIFT).eval().to(device)
    return flow, hift


def codes(seconds: float, rng: np.random.Generator) -> np.ndarray:
    groups = max(1, round(seconds * CODES_PER_SECOND / 5))
    return np.concatenate([np.r_[rng.integers(0, 1024, 2), rng.integers(1024, 5120, 3)]
                           for _ in range(groups)])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the edited output")
    parser.add_argument("--prompt", type=float, default=5.0, help="length of the clip being edited")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", default="float32", choices=("float32", "bfloat16"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "editx_decoder.json")
    args = parser.parse_args()

    dtype = getattr(torch, args.dtype)
    t0 = time.perf_counter()
    flow, hift = random_parts(args.device, dtype, seed=0)
    build_s = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    prompt, target = codes(args.prompt, rng), codes(args.seconds, rng)
    prompt_frames = len(prompt) // 5 * 6
    prompt_mel = rng.standard_normal((1, prompt_frames, 80)).astype(np.float32)
    embedding = rng.standard_normal((1, 192)).astype(np.float32)
    if args.device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()
    flow_s, hift_s = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        mel = flow.inference(target, prompt, prompt_mel, embedding, seed=1)
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        flow_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        wav = hift.inference(mel.float(), generator=torch.Generator().manual_seed(1))
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        hift_s.append(time.perf_counter() - t0)
    audio_s = wav.shape[-1] / 24000
    record = {
        "machine": machine_line(), "device": args.device, "dtype": args.dtype,
        "threads": torch.get_num_threads(),
        "prompt_s": round(len(prompt) / CODES_PER_SECOND, 2), "output_s": round(audio_s, 2),
        "flow_params": sum(p.numel() for p in flow.parameters()),
        "hift_params": sum(p.numel() for p in hift.parameters()),
        "build_s": round(build_s, 2), "flow_s": [round(x, 2) for x in flow_s],
        "hift_s": [round(x, 2) for x in hift_s],
        "rtf": round((min(flow_s) + min(hift_s)) / audio_s, 2), "peak_rss_mb": round(peak_rss_mb()),
    }
    if args.device.startswith("cuda"):
        record["peak_gpu_mb"] = round(torch.cuda.max_memory_allocated() / 2**20)
    print(json.dumps(record))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
