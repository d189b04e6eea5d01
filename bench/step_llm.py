"""Step1 LLM speed and memory at a given size with random weights (no download needed).

    python bench/step_llm.py --size tts3b --quant int8 --prompt 64 --steps 8
    python bench/step_llm.py --size tts3b --quant int8 --dtype float32 --prompt 1005 --then-differ 25

The second line is the engine's CPU case (float32 compute) with a TTS-3B prompt's length (system and
voice prompt and one sentence), then the next sentence's prompt, which shares all but its last 25 ids.

Weights are drawn directly in the compute dtype one tensor at a time and pass through the same
placement/quantisation path as a checkpoint load, so memory behaves as in a real load (no fp32 copy
of the model ever exists). Peak memory is the process's peak RSS growth over the baseline after
importing torch (ru_maxrss), compared with `estimate()` for the same settings. Appends one record
to bench/results/step_llm.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import resource
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from machine import append_record

from backends.base import CancelToken
from backends.step.llm import AUDIO_RANGE, SamplingSettings, Step1Config, Step1LM, estimate
from backends.step.llm.model import Step1Network

SIZES = {
    "tts3b": {},
    "medium": dict(hidden_size=768, intermediate_size=2048, num_attention_heads=12, num_attention_groups=4,
                   num_hidden_layers=6, vocab_size=74752),
    "tiny": dict(hidden_size=128, intermediate_size=256, num_attention_heads=4, num_attention_groups=2,
                 num_hidden_layers=2, vocab_size=74752),
}


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak_rss() -> int:
    """Peak resident memory since `reset_peak()` (Linux VmHWM; ru_maxrss elsewhere)."""
    return _status("VmHWM:")


def reset_peak() -> int:
    """Restart the high-water mark here so import-time peaks do not hide growth; current RSS."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS:")


def random_model(config: Step1Config, *, device: str, dtype: torch.dtype, quant: str, seed: int) -> Step1LM:
    with torch.device("meta"):
        network = Step1Network(config)
    lm = Step1LM(config, network, torch.device(device), dtype, quant)
    # Drawn on the target device (a 3.5B draw takes minutes on a CPU, a second on a GPU); the same
    # seed on the same device gives the same weights, so bf16 and quantised runs compare.
    g = torch.Generator(device=device).manual_seed(seed)
    for name, param in list(network.named_parameters()):
        if name.endswith("norm.weight"):
            tensor = torch.ones(param.shape, dtype=dtype, device=device)
        else:
            tensor = torch.randn(param.shape, generator=g, dtype=dtype, device=device)
            if param.dim() == 2 and "embed" not in name:
                tensor /= param.shape[1] ** 0.5
        lm._place(name, tensor)
        del tensor
    network.eval()
    return lm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--quant", choices=("none", "int8", "int4"), default="int8")
    parser.add_argument("--dtype", default="bfloat16")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--prompt", type=int, default=64)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--then-differ", type=int, default=0, metavar="N",
                        help="then a second prompt equal to the first but for its last N ids: its time to "
                             "the first token with the kept prompt prefix (a take's next sentence)")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "step_llm.json"))
    args = parser.parse_args()

    config = Step1Config.from_json(SIZES[args.size]) if SIZES[args.size] else Step1Config.tts_3b()
    dtype = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[args.dtype]
    base = reset_peak()
    t0 = time.perf_counter()
    lm = random_model(config, device=args.device, dtype=dtype, quant=args.quant, seed=0)
    build_s = time.perf_counter() - t0
    after_load = peak_rss()

    prompt = [1, 4] + [65536 + (i * 37) % 5120 for i in range(args.prompt - 2)]
    settings = SamplingSettings(seed=0, max_length=args.prompt + args.steps, repeat_window=10)
    times: list[float] = []
    start = time.perf_counter()
    last = start
    for _ in lm.generate(prompt, settings, CancelToken(), stop_ids=(), allowed=AUDIO_RANGE):
        now = time.perf_counter()
        times.append(now - last)
        last = now
    first_token_s = times[0] if times else float("nan")  # prefill + first draw
    decode = times[1:]
    context = args.prompt + args.steps
    est = estimate(config, dtype=dtype, quant=args.quant, context=context, device=args.device)
    measured = peak_rss() - base
    kernels = sorted({getattr(m, "kernel", "") for m in lm._require().modules() if hasattr(m, "kernel")})
    record = {
        "size": args.size, "quant": args.quant, "dtype": args.dtype, "device": args.device,
        "machine": f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads, "
                   f"CPU capability {torch.backends.cpu.get_cpu_capability()}",
        "torch": torch.__version__, "prompt_tokens": args.prompt, "decode_steps": len(decode),
        "build_and_quantise_s": round(build_s, 2),
        "prefill_plus_first_token_s": round(first_token_s, 3),
        "decode_tokens_per_s": round(len(decode) / sum(decode), 3) if decode else None,
        "weight_bytes": lm.weight_bytes(), "kernels": kernels,
        "peak_rss_growth_bytes": measured, "rss_growth_after_load_bytes": after_load - base,
        "estimate_bytes": est.total, "estimate_breakdown": est.__dict__,
        "estimate_error": round((est.total - measured) / measured, 3),
    }
    if args.then_differ:
        tail = [65536 + (i * 53) % 5120 for i in range(args.then_differ)]
        second = prompt[: len(prompt) - args.then_differ] + tail
        start = time.perf_counter()
        for _ in lm.generate(second, SamplingSettings(seed=0, max_length=len(second) + 1), CancelToken(),
                             stop_ids=(), allowed=AUDIO_RANGE):
            break
        record["second_prompt"] = {"differs_in_last": args.then_differ, "reused_positions": lm.last_reused,
                                   "prefill_plus_first_token_s": round(time.perf_counter() - start, 3)}
    print(json.dumps(record, indent=2))
    append_record(Path(args.out), record)


if __name__ == "__main__":
    main()
