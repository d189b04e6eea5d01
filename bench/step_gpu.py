"""Step-Audio TTS-3B on one GPU, at the released sizes with random weights: every figure the GPU
goals are judged by, from one run (a GPU lease is short, so it is one script).

    python bench/step_gpu.py --device cuda --out-dir $OUT           # the real thing (~3 min on an H200)
    python bench/step_gpu.py --device cpu --size medium --quick     # a smoke run of the same code

Parts, each written to `<out-dir>/step_gpu_<part>.json` as soon as it is done (a run cut short keeps
what it finished):

- `linears`: one-token matmul time per weight shape of Step1, bf16 against each int8/int4 kernel
  (replayed as a CUDA graph, so launch overhead is out; GB/s counts the weight bytes read).
- `llm`: per precision (bf16, int8, int4): build time, weight bytes, prefill of a ~1,000-token
  cloned-voice prompt, decode tokens/s at batch 1 eager and CUDA-graphed (cold and warm), sampler
  cost per token, peak GPU memory against `estimate()`, and the logit error of int8/int4 against
  bf16 on the same weights.
- `tts`: the whole engine (prompt, sampling, sentence loop, windowed flow + HiFT) per precision:
  first audio with a cached voice, real-time factor, and the time in LLM, flow and HiFT, each
  synchronised; peak GPU memory of the whole engine (what "fits in 8 GB" is about).

Random weights: the figures are speed and memory only. The tokenizer has its own bench
(bench/step_tokenizer.py) and runs once per cloned voice, not per take.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import platform
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from backends.base import CancelToken  # noqa: E402
from backends.step.llm import AUDIO_RANGE, Sampler, SamplingSettings, Step1Config, estimate  # noqa: E402

PROMPT_TOKENS = 1005  # what the engine builds for one sentence with the built-in ~5 s voice (step_tts)
QUANTS = ("none", "int8", "int4")


def _sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def _gpu_used() -> int:
    free, total = torch.cuda.mem_get_info()
    return total - free


def environment(device: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(), "torch": torch.__version__,
        "cpu": platform.processor() or platform.machine(), "torch_threads": torch.get_num_threads(),
    }
    if device == "cuda":
        props = torch.cuda.get_device_properties(0)
        info.update(gpu=props.name, gpu_memory_bytes=props.total_memory, sm_count=props.multi_processor_count,
                    capability=f"{props.major}.{props.minor}", cuda=torch.version.cuda,
                    cudnn=torch.backends.cudnn.version())
        try:
            smi = subprocess.run(["nvidia-smi", "--query-gpu=driver_version,clocks.max.sm,power.limit",
                                  "--format=csv,noheader"], capture_output=True, text=True, timeout=20)
            info["nvidia_smi"] = smi.stdout.strip()
        except (OSError, subprocess.TimeoutExpired) as exc:
            info["nvidia_smi"] = f"unavailable: {exc}"
    return info


def _graph_time(fn: Callable[[], Any], device: str, calls: int = 20, repeats: int = 5) -> float:
    """Seconds per call of `fn`, replayed as a CUDA graph of `calls` calls (median of `repeats`);
    plain timing on a CPU."""
    with torch.inference_mode():
        if device != "cuda":
            fn()
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                for _ in range(calls):
                    fn()
                times.append((time.perf_counter() - t0) / calls)
            return statistics.median(times)
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            fn()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            for _ in range(calls):
                fn()
        graph.replay()
        torch.cuda.synchronize()
        times = []
        for _ in range(repeats):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            graph.replay()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end) / 1000 / calls)
        return statistics.median(times)


def measure_linears(config: Step1Config, device: str) -> list[dict[str, Any]]:
    from backends.step.llm.quant import Int4Linear, Int8Linear

    h, i, kv, v = config.hidden_size, config.intermediate_size, config.kv_dim, config.vocab_size
    shapes = {"q/o": (h, h), "k/v": (kv, h), "gate/up": (i, h), "down": (h, i), "lm_head": (v, h)}
    rows = []
    for label, (out_f, in_f) in shapes.items():
        g = torch.Generator(device=device).manual_seed(1)
        w = torch.randn(out_f, in_f, generator=g, device=device, dtype=torch.bfloat16) / in_f ** 0.5
        x = torch.randn(1, in_f, generator=g, device=device, dtype=torch.bfloat16)
        row: dict[str, Any] = {"shape": label, "out": out_f, "in": in_f}
        dense = _graph_time(lambda x=x, w=w: torch.nn.functional.linear(x, w), device)
        row["bf16_us"] = round(dense * 1e6, 2)
        row["bf16_GBps"] = round(out_f * in_f * 2 / row["bf16_us"] / 1e3, 1)
        i8 = Int8Linear.from_weight(w, torch.bfloat16)
        row["int8_chosen"] = i8.kernel
        for kernel in ("int8pack", "dequant"):
            i8.kernel = kernel
            try:
                row[f"int8_{kernel}_us"] = round(_graph_time(lambda i8=i8, x=x: i8(x), device) * 1e6, 2)
            except RuntimeError as exc:
                row[f"int8_{kernel}_us"] = f"failed: {str(exc)[:120]}"
        if label != "lm_head":
            i4 = Int4Linear.from_weight(w, torch.bfloat16)
            row["int4_kernel"] = i4.kernel
            try:
                row["int4_us"] = round(_graph_time(lambda i4=i4, x=x: i4(x), device) * 1e6, 2)
            except RuntimeError as exc:
                row["int4_us"] = f"failed: {str(exc)[:120]}"
            del i4
        rows.append(row)
        del w, i8
    return rows


def _prompt(n: int) -> list[int]:
    return [1, 4] + [65536 + (i * 37) % 5120 for i in range(n - 2)]


def _time_generate(lm: Any, prompt: list[int], new_tokens: int, device: str) -> dict[str, Any]:
    settings = SamplingSettings(seed=0, max_length=len(prompt) + new_tokens)
    _sync(device)
    t0 = time.perf_counter()
    stamps = []
    for _ in lm.generate(prompt, settings, CancelToken(), stop_ids=(), allowed=AUDIO_RANGE):
        stamps.append(time.perf_counter())
    decode = [b - a for a, b in itertools.pairwise(stamps)]
    return {
        "mode": lm.last_decode_mode,
        "prefill_plus_first_token_s": round(stamps[0] - t0, 4),
        "decode_tokens": len(decode),
        "decode_tokens_per_s": round(len(decode) / sum(decode), 1),
        "decode_ms_per_token_median": round(statistics.median(decode) * 1e3, 3),
    }


def _time_prefill(lm: Any, prompt: list[int], room: int, chunk: int, runs: int, device: str) -> float:
    """Median seconds of `runs - 1` prefills into a fresh cache (the first run warms up)."""
    times = []
    for _ in range(runs):
        cache = lm.new_cache()
        cache.reserve(room)
        _sync(device)
        t1 = time.perf_counter()
        lm.prefill(prompt, cache, chunk=chunk)
        _sync(device)
        times.append(time.perf_counter() - t1)
        del cache
    return round(statistics.median(times[1:]), 4)


def measure_llm(config: Step1Config, quant: str, device: str, new_tokens: int,
                reference: dict[str, torch.Tensor]) -> dict[str, Any]:
    from step_llm import random_model

    from backends.step.llm.quant import kernel_choices

    record: dict[str, Any] = {"quant": quant, "dtype": "bfloat16"}
    gc.collect()
    if device == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        used_before = _gpu_used()
    t0 = time.perf_counter()
    lm = random_model(config, device=device, dtype=torch.bfloat16, quant=quant, seed=0)
    _sync(device)
    record["build_and_quantise_s"] = round(time.perf_counter() - t0, 2)
    record["weight_bytes"] = lm.weight_bytes()
    modules = lm._require().modules()
    record["kernels"] = sorted({m.kernel for m in modules if hasattr(m, "kernel")})
    record["int8_kernel_choices"] = kernel_choices()

    # Logit error on the same weights: 128 positions of a cloned-voice-like prompt.
    ids = _prompt(128)
    logits = lm.logits(ids).float().cpu()
    if quant == "none":
        reference["logits"] = logits
    elif "logits" in reference:
        ref = reference["logits"]

        def audio(t: torch.Tensor) -> torch.Tensor:
            return t[:, AUDIO_RANGE[0]:AUDIO_RANGE[1]]

        diff = (logits - ref).abs()
        record["logit_error_vs_bf16"] = {
            "max_abs": round(diff.max().item(), 4), "mean_abs": round(diff.mean().item(), 5),
            "ref_max_abs": round(ref.abs().max().item(), 3), "ref_std": round(ref.std().item(), 4),
            "relative_l2": round((torch.linalg.vector_norm(logits - ref)
                                  / torch.linalg.vector_norm(ref)).item(), 5),
            "top1_agreement": round((logits.argmax(-1) == ref.argmax(-1)).float().mean().item(), 4),
            "audio_top1_agreement": round((audio(logits).argmax(-1) == audio(ref).argmax(-1))
                                          .float().mean().item(), 4),
        }

    # Prefill of a cloned-voice prompt, alone (median after one warm-up). The chunk bounds the
    # [heads, chunk, context] bias; on a GPU larger chunks mean fewer launches.
    prompt = _prompt(PROMPT_TOKENS)
    record["prefill_tokens"] = PROMPT_TOKENS
    record["prefill_s"] = _time_prefill(lm, prompt, PROMPT_TOKENS + new_tokens, 256, 4, device)
    for chunk in (512, 1024):
        record[f"prefill_chunk{chunk}_s"] = _time_prefill(lm, prompt, PROMPT_TOKENS + new_tokens, chunk, 3,
                                                          device)

    # Decode: eager (the growing cache) and graphed; graphed twice (the first take captures).
    # Then graphed with the sampler's top-k on the CPU, to see what the device top-k saves.
    runs = []
    plan = [("eager", True), ("graph", True), ("graph", True), ("graph", False)]
    if device != "cuda":
        plan = [("eager", True), ("static", True)]
    for mode, device_sampling in plan:
        lm.decode_mode, lm.device_sampling = mode, device_sampling
        t1 = time.perf_counter()
        run = _time_generate(lm, prompt, new_tokens, device)
        run["take_s"] = round(time.perf_counter() - t1, 3)
        run["sampling"] = "device top-k" if device_sampling else "cpu"
        runs.append(run)
    record["decode"] = runs
    lm.decode_mode, lm.device_sampling = "auto", True

    # The sampler's share of a token (copy to the host, masks, top-k, draw), both ways.
    fake = torch.randn(config.vocab_size, device=device).to(torch.bfloat16).float()
    history = prompt[:]
    for device_topk in (True, False):
        sampler = Sampler(SamplingSettings(seed=0), config.vocab_size, stop_ids=(3,), allowed=AUDIO_RANGE,
                          seed=0)
        sampler.device_topk = device_topk
        _sync(device)
        t1 = time.perf_counter()
        for _ in range(50):
            sampler.pick(fake, history)
        key = "sampler_device_topk_ms" if device_topk else "sampler_cpu_ms"
        record[key] = round((time.perf_counter() - t1) / 50 * 1e3, 3)

    context = PROMPT_TOKENS + new_tokens
    est = estimate(config, dtype=torch.bfloat16, quant=quant, context=context, device=device)
    record["estimate_bytes"] = est.total
    record["estimate_breakdown"] = est.__dict__
    if device == "cuda":
        peak_alloc = torch.cuda.max_memory_allocated()
        peak_reserved = torch.cuda.max_memory_reserved()
        record["peak_allocated_bytes"] = peak_alloc
        record["peak_reserved_bytes"] = peak_reserved
        record["gpu_used_before_bytes"] = used_before  # CUDA context and anything else on the card
        # What the estimate stands for: the model's own peak plus the runtime's share (its
        # overhead term); compared with the allocator's peak reservation plus the context.
        model_estimate = est.total - est.overhead
        record["estimate_error_vs_reserved"] = round((model_estimate - peak_reserved) / peak_reserved, 3)
    lm.unload()
    del lm
    return record


class _Timed:
    """Wraps HiFT so each synthesize is timed with the GPU synchronised at both ends."""

    def __init__(self, inner: Any, device: str, sink: dict[str, float]) -> None:
        self._inner, self._device, self._sink = inner, device, sink

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def synthesize(self, *args: Any, **kwargs: Any) -> Any:
        _sync(self._device)
        t0 = time.perf_counter()
        out = self._inner.synthesize(*args, **kwargs)
        _sync(self._device)
        self._sink["hift_s"] += time.perf_counter() - t0
        return out


def measure_tts(quant: str, device: str, tokens: int, flow_dtype: torch.dtype,
                config: Step1Config) -> dict[str, Any]:
    from step_tts import TEXT, make_engine, run_once

    import backends.step.vocoder.flow.streaming as flow_streaming

    gc.collect()
    if device == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    engine, record = make_engine(size="real", device=device, quant=quant, tokens=tokens,
                                 flow_dtype=flow_dtype, llm_config=config)
    if device == "cuda":
        record["engine_loaded_allocated_bytes"] = torch.cuda.memory_allocated()
    runs = []
    # Cold (captures the decode graph, first flow/HiFT kernels), then warm: a cached voice.
    for label in ("cold", "warm", "warm"):
        run = run_once(engine, streaming=True, seed=1, device=device)
        run["label"] = label
        runs.append(run)
    runs.append({**run_once(engine, streaming=False, seed=1, device=device), "label": "warm"})

    # One more warm streaming take with every stage synchronised and timed separately.
    stages = {"flow_s": 0.0, "hift_s": 0.0}
    original = flow_streaming.decode_window

    def timed_window(*args: Any, **kwargs: Any) -> Any:
        _sync(device)
        t0 = time.perf_counter()
        out = original(*args, **kwargs)
        _sync(device)
        stages["flow_s"] += time.perf_counter() - t0
        return out

    decoder = engine._decoders[False]
    hift = decoder._hift
    decoder._hift = _Timed(hift, device, stages)
    flow_streaming.decode_window = timed_window
    try:
        staged = run_once(engine, streaming=True, seed=1, device=device)
    finally:
        flow_streaming.decode_window = original
        decoder._hift = hift
    staged.update({k: round(v, 4) for k, v in stages.items()})
    staged["label"] = "warm, stages synchronised"
    runs.append(staged)
    record["runs"] = runs
    record["prompt_total_tokens"] = len(engine.last_prompt_ids)
    record["text"] = TEXT
    if device == "cuda":
        record["peak_allocated_bytes"] = torch.cuda.max_memory_allocated()
        record["peak_reserved_bytes"] = torch.cuda.max_memory_reserved()
    engine.unload()
    del engine
    return record


def _save(out_dir: Path, part: str, data: Any) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"step_gpu_{part}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _guard(name: str, fn: Callable[[], Any]) -> Any:
    """Run one part; a failure is recorded and the next part still runs."""
    t0 = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # a benchmark records every failure and goes on
        traceback.print_exc()
        result = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
    print(f"[step_gpu] {name}: {time.perf_counter() - t0:.1f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cuda")
    parser.add_argument("--size", choices=("real", "medium", "tiny"), default="real")
    parser.add_argument("--out-dir", default=str(ROOT / ".bench-out"))
    parser.add_argument("--parts", default="linears,llm,tts")
    parser.add_argument("--new-tokens", type=int, default=300, help="decode steps per LLM timing")
    parser.add_argument("--tts-tokens", type=int, default=400, help="audio token cap per sentence")
    parser.add_argument("--quick", action="store_true", help="int8 only, short runs (smoke test)")
    args = parser.parse_args()
    out_dir = Path(args.out_dir)
    parts = set(args.parts.split(","))
    quants = ("int8",) if args.quick else QUANTS
    if args.quick:
        args.new_tokens, args.tts_tokens = 6, 12

    from step_llm import SIZES

    config = Step1Config.tts_3b() if args.size == "real" else Step1Config.from_json(SIZES[args.size])
    if args.device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.cuda.init()
        torch.empty(1, device="cuda")
    env = environment(args.device)
    _save(out_dir, "env", env)
    print(json.dumps(env), flush=True)
    if "linears" in parts:
        rows = _guard("linears", lambda: measure_linears(config, args.device))
        _save(out_dir, "linears", rows)
    if "llm" in parts:
        reference: dict[str, torch.Tensor] = {}
        llm = []
        for quant in quants:
            llm.append(_guard(f"llm {quant}", lambda q=quant: measure_llm(
                config, q, args.device, args.new_tokens, reference)))
            _save(out_dir, "llm", {"env": env, "size": args.size, "records": llm})
    if "tts" in parts:
        tts = []
        plan = [(q, torch.bfloat16) for q in quants] + [("int8", torch.float32)]
        if args.device != "cuda":
            plan = [("int8", torch.float32)]
        for quant, flow_dtype in plan:
            tts.append(_guard(f"tts {quant} flow {flow_dtype}", lambda q=quant, f=flow_dtype: measure_tts(
                q, args.device, args.tts_tokens, f, config)))
            _save(out_dir, "tts", {"env": env, "records": tts})
    print("[step_gpu] done", flush=True)


if __name__ == "__main__":
    main()
