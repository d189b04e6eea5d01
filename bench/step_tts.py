"""Step-Audio TTS-3B, the whole pipeline: time to first audio (streaming vs not), tokens/s, real-time factor
and peak memory, with random weights (no download needed).

    python bench/step_tts.py --size tiny                                   # seconds, any machine
    python bench/step_tts.py --size real --quant int8 --tokens 30 --only-streaming   # CPU, ~8 min, ~6 GB
    python bench/step_tts.py --size real --device cuda --quant none --tokens 400     # on a GPU
    python bench/step_tts.py --size real --device cuda --quant int8 --tokens 400

What runs is the engine itself (backends.step.StepLocalBackend: prompt building, sampling, sentence loop,
StreamDecoder windows, joiner), on tiny folders built by the test helpers. With `--size real` the engine's
language model is replaced after loading by a Step1 of the released size (hidden 3072, 32 layers,
vocab 74752) drawn in the compute dtype one tensor at a time and quantised as a checkpoint load would be
(bench/step_llm.py), and its speech decoder by a flow and HiFT built from their default (released)
configurations with random weights. The voice prompt comes from the tiny tokenizer and front ends (its
length, ~5 s of the built-in voice, is what the real prompt has). Random weights make noise; the figures
are about speed and memory only.

On a GPU: run from the repository root with a CUDA build of torch and `--device cuda`; peak memory is then
torch.cuda.max_memory_allocated (plus what the CPU side grew). Goal there: >= 42 audio tokens/s and first
audio under 1 s. Each run appends one record to `--out` (default bench/results/step_tts_<device>_<size>.json).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from machine import append_record  # noqa: E402

from backends.base import AudioChunk, CancelToken, Finished, SynthesisRequest  # noqa: E402

TEXT = "今天天气真好，我们一起去公园散步吧。"


class RandomDecoder:
    """The speech decoder at its released size with random weights: what StreamDecoder asks of a
    CosyVoiceDecoder (its flow and HiFT)."""

    def __init__(self, device: str, flow_dtype: torch.dtype, seed: int = 0) -> None:
        from backends.step.vocoder.config import HiftConfig
        from backends.step.vocoder.flow import FlowModel
        from backends.step.vocoder.flow.config import FlowConfig
        from backends.step.vocoder.hift import HiFTGenerator

        torch.manual_seed(seed)
        self._flow = FlowModel(FlowConfig()).eval().to(device=device, dtype=flow_dtype)
        self._hift = HiFTGenerator(HiftConfig()).eval().to(device)
        self.params = sum(p.numel() for p in self._flow.parameters()) + sum(
            p.numel() for p in self._hift.parameters())

    def flow(self) -> Any:
        return self._flow

    def hift(self) -> Any:
        return self._hift

    def unload(self) -> None:
        self._flow = self._hift = None


def _peak_cpu() -> int:
    from step_llm import peak_rss

    return peak_rss()


def _reset_cpu() -> int:
    from step_llm import reset_peak

    return reset_peak()


def run_once(engine: Any, *, streaming: bool, seed: int, device: str) -> dict[str, Any]:
    base = _reset_cpu()
    if device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    first: float | None = None
    chunks = 0
    meta: dict[str, Any] = {}
    request = SynthesisRequest(TEXT, seed=seed, options={"streaming": streaming})
    for event in engine.synthesize(request, CancelToken()):
        if isinstance(event, AudioChunk) and len(event.samples):
            chunks += 1
            if first is None:
                first = time.perf_counter() - t0
        elif isinstance(event, Finished):
            meta = dict(event.metadata)
    wall = time.perf_counter() - t0
    out = {
        "streaming": streaming,
        "first_audio_s": round(first or 0.0, 3),
        "wall_s": round(wall, 3),
        "audio_s": meta.get("audio_s"),
        "audio_tokens": meta.get("audio_tokens"),
        "llm_tokens_per_s": meta.get("tokens_per_second"),
        "generate_s": meta.get("generate_s"),
        "decode_s": meta.get("decode_s"),
        "rtf": round(wall / meta["audio_s"], 3) if meta.get("audio_s") else None,
        "audio_chunks": chunks,
        "peak_rss_growth_bytes": _peak_cpu() - base,
    }
    if device == "cuda":
        out["cuda_peak_allocated_bytes"] = int(torch.cuda.max_memory_allocated())
    return out


def make_engine(*, size: str, device: str, quant: str, tokens: int, flow_dtype: torch.dtype | None = None,
                llm_config: Any = None) -> tuple[Any, dict[str, Any]]:
    """The engine on tiny folders, with a released-size LLM and decoder swapped in for `size="real"`;
    and the record's fixed fields. `flow_dtype`: the flow's dtype (default bf16 on CUDA, fp32 on CPU);
    `llm_config`: another Step1Config for the swapped-in LLM (smoke runs of the GPU bench on a CPU)."""
    from backends.step import StepLocalBackend
    from tests.backends.step.tiny_cosyvoice import build_tiny_cosyvoice
    from tests.backends.step.tiny_step1 import build_tiny_step1
    from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

    work = Path(tempfile.mkdtemp(prefix="step-tts-bench-"))
    tok = build_tiny_tokenizer(work / "Step-Audio-Tokenizer")
    tts = build_tiny_step1(work / "Step-Audio-TTS-3B")
    build_tiny_cosyvoice(tts / "CosyVoice-300M-25Hz")
    engine = StepLocalBackend(tokenizer_folder=tok, tts_folder=tts, device=device,
                              quant="none" if size == "real" else quant, state_dir=work / "state",
                              offline=True, max_tokens_per_sentence=tokens)
    engine.load()
    voice = engine.built_in_voice()  # computed with the tiny front ends, cached before any swap
    record: dict[str, Any] = {
        "size": size, "device": device, "quant": quant, "text": TEXT,
        "text_tokens": len(engine._text.encode(TEXT)) if engine._text else None,
        "voice_prompt_audio_tokens": len(voice.prompt_ids), "token_cap": tokens,
        "weights": "random", "torch": torch.__version__,
        "machine": (f"{platform.machine()}, {torch.get_num_threads()} torch threads, CPU capability "
                    f"{torch.backends.cpu.get_cpu_capability()}"
                    + (f", {torch.cuda.get_device_name()}" if device == "cuda" else ", no GPU")),
    }
    if size == "real":
        from step_llm import random_model

        from backends.step.llm import Step1Config

        if flow_dtype is None:
            flow_dtype = torch.bfloat16 if device == "cuda" else torch.float32
        base = _reset_cpu()
        t0 = time.perf_counter()
        engine._lm.unload()
        # The engine's own compute dtype (StepLocalBackend.load): bfloat16 on CUDA, float32 on the CPU.
        llm_dtype = torch.bfloat16 if device == "cuda" else torch.float32
        engine._lm = random_model(llm_config or Step1Config.tts_3b(), device=device, dtype=llm_dtype,
                                  quant=quant, seed=0)
        record["llm_dtype"] = str(llm_dtype).removeprefix("torch.")
        engine.quant = quant
        engine._decoders[False] = RandomDecoder(device, flow_dtype)
        record["build_s"] = round(time.perf_counter() - t0, 1)
        record["flow_dtype"] = str(flow_dtype).removeprefix("torch.")
        record["llm_weight_bytes"] = engine._lm.weight_bytes()
        record["decoder_params"] = engine._decoders[False].params
        record["load_rss_growth_bytes"] = _peak_cpu() - base
    return engine, record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "real"), default="tiny")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--quant", choices=("none", "int8", "int4"), default="none")
    parser.add_argument("--tokens", type=int, default=200, help="audio tokens per sentence (cap)")
    parser.add_argument("--only-streaming", action="store_true", help="skip the non-streaming run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out")
    args = parser.parse_args()
    out = Path(args.out or ROOT / "bench" / "results" / f"step_tts_{args.device}_{args.size}.json")

    engine, record = make_engine(size=args.size, device=args.device, quant=args.quant, tokens=args.tokens)
    runs = [run_once(engine, streaming=True, seed=args.seed, device=args.device)]
    record["prompt_total_tokens"] = len(engine.last_prompt_ids)
    if not args.only_streaming:
        runs.append(run_once(engine, streaming=False, seed=args.seed, device=args.device))
    record["runs"] = runs
    print(json.dumps(record, indent=2, ensure_ascii=False))
    append_record(out, record)


if __name__ == "__main__":
    main()
