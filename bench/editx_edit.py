"""Step-Audio-EditX, one whole edit of a real recording at the released sizes with random weights: seconds
in the audio tokenizer, the LLM (prefill and generation, tokens/s) and the decoder (flow and HiFT), the
prompt and answer token counts, and peak memory (no download needed).

    python bench/editx_edit.py --size tiny                                    # seconds, any machine
    python bench/editx_edit.py --size real --quant int8                      # CPU: ~5 min, 6.8 GB
    python bench/editx_edit.py --size real --device cuda --quant none --runs 2      # on a GPU
    python bench/editx_edit.py --size real --device cuda --quant int8 --runs 2
    python bench/editx_edit.py --size real --device cuda --quant int4 --runs 2

What runs is the engine itself: `StepEditxBackend.edit` (backends/step/editx/engine.py) with an
`EditRequest` (emotion "happy" by default, `--kind`/`--value` for another, a fixed seed), i.e. the edit
contract's checks, EditxPipeline.apply -> rounds -> clip (the audio tokenizer with silence trimming, the
24 kHz prompt mel and CAM++ x-vector of the clip) -> the edit prompt -> the Step1 LLM sampling audio ids
only -> the decoder's token2wav (flow, then HiFT). The clip is tests/data/zero_shot_en_prompt.wav (44.1 kHz,
5.0 s, one English speaker) cut to `--seconds` (default 5), with its transcript (cut by the share of words
for a shorter clip: approximate).

The answer is capped. Random weights never end their turn, so every run would go on to the pipeline's own
cap (twice the clip plus 3 s); the engine's `max_new_tokens` is set to `--answer-seconds` x 41.67 tokens/s
(default 5 s = 208 tokens, the length of a same-speed edit of a 5 s clip). The record says whether the LLM
stopped by itself ("stop") or at the cap ("max_length"; always so with random weights).

How each stage is timed: the functions that do it are wrapped for the length of the bench (instance
attributes on the loaded objects, or module attributes restored afterwards; nothing under backends/ is
edited), each wrapper adding its wall seconds (after torch.cuda.synchronize on a GPU, so that queued
kernels are billed to the stage that queued them):

* audio_tokenizer: StepAudioTokenizer.tokenize (the clip to vq02 + vq06 codes), split further by
  bench/step_tokenizer.py's StageClock (prep, vq02 front end, Paraformer encoder, nearest centroid,
  Whisper mel, vq06 ONNX);
* prompt_mel_24k and campplus_xvector: the decoder's prompt_features and speaker_embedding of the clip;
* llm: Step1LM.generate from the call to its last token, and llm_prefill: Step1LM.prefill over the prompt
  inside it; llm_generation = llm - llm_prefill (the per-token sampling and the one-token forwards).
  generation tokens/s = answer tokens / llm_generation; prefill tokens/s = prompt tokens / llm_prefill;
* flow: EditxDecoder.token2mel (the dual-codebook encoder and 10 guided Euler steps of the DiT over prompt
  + answer frames) and hift: CosyVoiceDecoder.mel2wav (F0, source, HiFT, iSTFT) at 24 kHz;
* other: the rest of the edit call (prompt building, checks, Python glue).

Sizes and where they come from (`--size real`; `--size tiny` uses the tiny folders alone):

* The folders start as the tiny pair of tests/backends/step/tiny_editx.py (official layout, a tiny Step1,
  the stand-in SentencePiece text tokenizer with EditX's id layout, the tiny 24 kHz decoder and CAM++).
* The audio tokenizer folder is replaced by a released-size one with random weights, built by
  bench/step_tokenizer.py (build_folder, in a child process: Paraformer-large online encoder 50 blocks x
  512, 1024 x 512 centroids, S3 tokenizer v1 25 Hz 6 x 1280 exported to ONNX; sources in its docstring).
* After loading, the engine's LLM is replaced by a Step1 of the released size (hidden 3072, 48 heads,
  4 KV groups, 32 layers, intermediate 8192, vocab 74752: Step1Config.tts_3b(); EditX's config.json has
  TTS-3B's shape, per shared/notes/step-audio-editx.md), drawn one tensor at a time in the compute dtype
  (`--llm-dtype`, by default the engine's own: bfloat16 on CUDA, float32 on the CPU, as
  StepLocalBackend.load chooses) and quantised by `--quant` as a checkpoint load would be
  (bench/step_llm.py random_model).
* The decoder's flow (EditxFlowConfig(): 154 M parameters, float32 as the engine runs it on every device)
  and HiFT (RELEASED_HIFT: 21 M) are replaced by random released-size ones (bench/editx_decoder.py
  random_parts).
* Not at the released size: CAM++ (the tiny ONNX stand-in; the released campplus.onnx is 28 MB, its time
  is in campplus_xvector) and the text tokenizer (the stand-in splits the instruction and transcript into
  other pieces than the real one, so the text part of the prompt count is approximate; the audio part,
  the clip's codes at 41.67 per second after trimming, is the real count).

On the CPU the engine computes in float32 (StepLocalBackend.load). Its int8 layers run torch's
_weight_int8pack_mm in bfloat16 for up to 64 rows and dequantise row blocks for a longer prefill chunk
(backends/step/llm/quant.py says why, with the timings); before that, a run with the engine's dtype
spent 2.7 s on each generated token (0.37 tokens/s; 677 s for the whole edit). `--llm-dtype bfloat16`
computes everything in bfloat16 instead (not the engine's choice: the record says which, in
build.llm_dtype_is_the_engines).

Random weights make noise: the figures are about speed and memory only. Memory: the process's resident
set (VmRSS) with everything loaded and its high-water mark (VmHWM, reset before each edit) during the edit;
on a GPU also torch.cuda.memory_allocated after loading and max_memory_allocated during the edit.
`other_processes_cpu_share` is the share of the machine's CPU time other processes took during the edit
(from /proc): on a shared machine, read the CPU figures with it. Each run appends one record to `--out`
(default bench/results/editx_edit_<device>_<size>.json). The first edit includes first-call costs (ONNX
Runtime's first run; on a GPU CUDA start-up and the static decoder's capture): on a GPU use `--runs 2` and
read the second.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from editx_decoder import random_parts  # noqa: E402
from machine import append_record, machine_line  # noqa: E402
from step_llm import peak_rss, random_model, reset_peak  # noqa: E402
from step_tokenizer import StageClock, build_folder, cpu_ticks, machine, others_cpu_share, versions  # noqa: E402

from backends.step.hardware import REAL_TIME_TOKENS_PER_S  # noqa: E402

CLIP = ROOT / "tests" / "data" / "zero_shot_en_prompt.wav"
TRANSCRIPT = "His political stance was conservative, and he was particularly close to margaret thatcher."
TOKENIZER_STAGES = ("prep", "vq02_frontend", "paraformer_encoder", "nearest_centroid", "whisper_mel",
                    "vq06_onnx")
AUDIO_ID_OFFSET = 65536


def _rss() -> int:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def clip_and_transcript(seconds: float) -> tuple[Any, str]:
    """The recording cut to `seconds`, and its transcript (cut by the share of words if shorter)."""
    from backends.audio import load_audio

    audio = load_audio(CLIP)
    full = audio.duration
    if seconds <= full - 0.05:
        audio = audio.slice_seconds(0.0, seconds)
        words = TRANSCRIPT.split()
        return audio, " ".join(words[: max(1, round(len(words) * seconds / full))])
    return audio, TRANSCRIPT


# --- the engine ----------------------------------------------------------------------------------------

def make_engine(args: argparse.Namespace, work: Path, cap: int) -> tuple[Any, dict[str, Any]]:
    """The EditX engine on the tiny folders with the released-size parts swapped in (`--size real`), every
    part loaded; and what the record says about how it was built."""
    from backends.step.editx.engine import StepEditxBackend
    from tests.backends.step.tiny_editx import build_tiny_editx

    real = args.size == "real"
    info: dict[str, Any] = {}
    t0 = time.perf_counter()
    tok_folder, editx_folder = build_tiny_editx(work / "tiny")
    if real:
        _log("building the released-size tokenizer folder (child process)")
        tok_folder, info["tokenizer_folder"] = build_folder(work / "real", "real", args.seed)
    info["folders_build_s"] = round(time.perf_counter() - t0, 2)

    for var in ("STEP_EDITX_LLM_URL", "STEP_EDITX_LLM_MODEL", "STEP_EDITX_LLM_KEY"):
        os.environ.pop(var, None)  # the LLM runs here, not on a server
    engine = StepEditxBackend(tokenizer_folder=tok_folder, editx_folder=editx_folder, device=args.device,
                              quant="none" if real else args.quant, state_dir=work / "state", offline=True,
                              max_new_tokens=cap)
    base = reset_peak()
    t0 = time.perf_counter()
    engine.load()  # the tiny LLM and the text tokenizer
    if real:
        from backends.step.llm import Step1Config

        _log(f"drawing the released-size Step1 LLM ({args.quant})")
        engine._lm.unload()
        engine_dtype = torch.bfloat16 if args.device == "cuda" else torch.float32  # StepLocalBackend.load's
        dtype = engine_dtype if args.llm_dtype == "auto" else getattr(torch, args.llm_dtype)
        info["llm_dtype_is_the_engines"] = dtype == engine_dtype
        t1 = time.perf_counter()
        engine._lm = random_model(Step1Config.tts_3b(), device=args.device, dtype=dtype, quant=args.quant,
                                  seed=0)
        engine.quant = args.quant
        _sync(args.device)
        info["llm_build_s"] = round(time.perf_counter() - t1, 1)
    decoder = engine._decoder(False)
    if real:
        t1 = time.perf_counter()
        decoder._flow, decoder._hift = random_parts(args.device, torch.float32, seed=0)
        info["decoder_build_s"] = round(time.perf_counter() - t1, 1)
    decoder.load()  # CAM++ (and, tiny, the flow and HiFT from the folder)
    tokenizer = engine._tokenizer()
    t1 = time.perf_counter()
    tokenizer.load()
    _sync(args.device)
    info["tokenizer_load_s"] = round(time.perf_counter() - t1, 2)
    engine.pipeline()  # the loaded parts, as the first edit would assemble them
    info["load_s"] = round(time.perf_counter() - t0, 1)
    info["load_peak_rss_bytes"] = peak_rss()
    info["load_peak_rss_growth_bytes"] = peak_rss() - base
    _log(f"loaded in {info['load_s']} s")

    from backends.step.llm.model import Step1Network
    from backends.step.tokenizer.tokenizer import VQ06_FILE

    lm = engine._lm
    with torch.device("meta"):
        params = sum(p.numel() for p in Step1Network(lm.config).parameters())  # before quantisation
    flow, hift = decoder.flow(), decoder.hift()
    info["llm"] = {
        "config": {k: v for k, v in lm.config.__dict__.items() if k not in ("extra", "quantization_config")},
        "params": params,
        "compute_dtype": str(lm.dtype).removeprefix("torch."), "quant": engine.quant,
        "weight_bytes": lm.weight_bytes(),
        "kernels": sorted({getattr(m, "kernel", "") for m in lm._require().modules() if hasattr(m, "kernel")}
                          - {""}),
    }
    info["decoder"] = {"flow_params": sum(p.numel() for p in flow.parameters()),
                       "flow_dtype": str(flow.dtype).removeprefix("torch."),
                       "hift_params": sum(p.numel() for p in hift.parameters()),
                       "campplus": "tiny stand-in" if real else "tiny"}
    info["tokenizer"] = {"encoder_params": sum(p.numel() for p in tokenizer.encoder.parameters()),
                         "vq06_file_bytes": (tok_folder / VQ06_FILE).stat().st_size,
                         "vq06_providers": tokenizer.vq06.session.get_providers()}
    return engine, info


# --- timing --------------------------------------------------------------------------------------------

@contextlib.contextmanager
def stage_wrappers(engine: Any, clock: StageClock, llm: dict[str, Any], device: str) -> Iterator[None]:
    """The wrappers of the module docstring, installed on the engine's loaded parts; removed afterwards."""
    pipe = engine.pipeline()
    lm, decoder, tokenizer = pipe.lm, pipe.decoder, pipe.audio_tokenizer
    generate = lm.generate

    def timed_generate(*args: Any, **kwargs: Any) -> Iterator[int]:
        t0 = time.perf_counter()
        count = 0
        try:
            for token in generate(*args, **kwargs):
                count += 1
                if count == 1:
                    llm["first_token_s"] = time.perf_counter() - t0
                elif count % 25 == 0:
                    _log(f"  LLM: {count} tokens in {time.perf_counter() - t0:.1f} s")
                yield token
        finally:
            _sync(device)
            clock.seconds["llm"] += time.perf_counter() - t0
            llm["answer_tokens"] = llm.get("answer_tokens", 0) + count

    parts = [(lm, "generate", timed_generate),
             (lm, "prefill", clock.timed("llm_prefill", lm.prefill, sync=True)),
             (tokenizer, "tokenize", clock.timed("audio_tokenizer", tokenizer.tokenize, sync=True)),
             (decoder, "prompt_features", clock.timed("prompt_mel_24k", decoder.prompt_features)),
             (decoder, "speaker_embedding", clock.timed("campplus_xvector", decoder.speaker_embedding)),
             (decoder, "token2mel", clock.timed("flow", decoder.token2mel, sync=True)),
             (decoder, "mel2wav", clock.timed("hift", decoder.mel2wav, sync=True))]
    try:
        for owner, name, wrapper in parts:
            setattr(owner, name, wrapper)
        with clock.installed():  # the tokenizer's own stages (bench/step_tokenizer.py)
            yield
    finally:
        for owner, name, _ in parts:
            owner.__dict__.pop(name, None)


def run_once(engine: Any, audio: Any, request: Any, device: str) -> dict[str, Any]:
    from backends.base import CancelToken

    pipe = engine.pipeline()
    clock = StageClock(pipe.audio_tokenizer, device == "cuda")
    llm: dict[str, Any] = {}
    _sync(device)
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    rss0 = reset_peak()
    ticks = cpu_ticks()
    with stage_wrappers(engine, clock, llm, device):
        t0 = time.perf_counter()
        out = engine.edit(audio, request, CancelToken())
        _sync(device)
        wall = time.perf_counter() - t0
    s = dict(clock.seconds)
    prompt = list(pipe.last_prompt_ids)
    answer = llm.get("answer_tokens", 0)
    generation = s.get("llm", 0.0) - s.get("llm_prefill", 0.0)
    stages = {
        "audio_tokenizer": s.get("audio_tokenizer", 0.0),
        "prompt_mel_24k": s.get("prompt_mel_24k", 0.0),
        "campplus_xvector": s.get("campplus_xvector", 0.0),
        "llm": s.get("llm", 0.0), "llm_prefill": s.get("llm_prefill", 0.0), "llm_generation": generation,
        "decoder": s.get("flow", 0.0) + s.get("hift", 0.0), "flow": s.get("flow", 0.0),
        "hift": s.get("hift", 0.0),
    }
    counted = ("audio_tokenizer", "prompt_mel_24k", "campplus_xvector", "llm", "decoder")
    stages["other"] = wall - sum(stages[k] for k in counted)
    record: dict[str, Any] = {
        "wall_s": round(wall, 3),
        "stages_s": {k: round(v, 3) for k, v in stages.items()},
        "audio_tokenizer_stages_s": {k: round(s.get(k, 0.0), 3) for k in TOKENIZER_STAGES},
        "prompt_tokens": len(prompt),
        "prompt_audio_tokens": sum(1 for i in prompt if i >= AUDIO_ID_OFFSET),
        "prompt_text_tokens": sum(1 for i in prompt if i < AUDIO_ID_OFFSET),
        "answer_tokens": answer,
        "llm_stop": getattr(pipe.lm, "last_stop", None),
        "llm_decode_mode": getattr(pipe.lm, "last_decode_mode", None),
        "llm_first_token_s": round(llm.get("first_token_s", 0.0), 3),
        "llm_prefill_tokens_per_s": round(len(prompt) / stages["llm_prefill"], 2) if stages["llm_prefill"]
        else None,
        "llm_generation_tokens_per_s": round(answer / generation, 3) if generation > 0 else None,
        "llm_tokens_per_s_overall": round(answer / stages["llm"], 3) if stages["llm"] else None,
        "clip_s": round(audio.duration, 3),
        "output_audio_s": round(out.duration, 3), "output_sample_rate": out.sample_rate,
        "rtf_vs_output": round(wall / out.duration, 3) if out.duration else None,
        "rss_before_edit_bytes": rss0,
        "peak_rss_bytes": peak_rss(),
        "peak_rss_growth_bytes": peak_rss() - rss0,
        "other_processes_cpu_share": others_cpu_share(ticks),
        "load_average_1_5_15": os.getloadavg(),
    }
    if device == "cuda":
        record["cuda_peak_allocated_bytes"] = int(torch.cuda.max_memory_allocated())
    return record


# --- main ----------------------------------------------------------------------------------------------

def bench(args: argparse.Namespace) -> dict[str, Any]:
    from backends.edits import EditRequest

    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit(f"--device cuda: this torch build sees no CUDA device (torch {torch.__version__})")
    if args.threads:
        torch.set_num_threads(args.threads)
    cap = round(args.answer_seconds * REAL_TIME_TOKENS_PER_S)
    audio, transcript = clip_and_transcript(args.seconds)
    request = EditRequest(args.kind, args.value, transcript=transcript, options={"seed": args.seed})
    record: dict[str, Any] = {
        "bench": "editx_edit", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "size": args.size,
        "device": args.device, "quant": args.quant, "llm_dtype": args.llm_dtype, "weights": "random",
        "note": "random weights: the audio is noise; the figures are about speed and memory only",
        "edit": request.describe(), "seed": args.seed,
        "clip": {"file": CLIP.name, "seconds": round(audio.duration, 3), "sample_rate": audio.sample_rate,
                 "transcript": transcript},
        "answer_cap": {"answer_seconds": args.answer_seconds, "max_new_tokens": cap,
                       "why": "random weights never end their turn; the engine's max_new_tokens cuts them"},
        "rss_baseline_bytes": _rss(),
    }
    work = Path(tempfile.mkdtemp(prefix="editx-edit-bench-"))
    try:
        engine, built = make_engine(args, work, cap)
        record["build"] = built
        record["rss_loaded_bytes"] = _rss()
        if args.device == "cuda":
            record["cuda_allocated_after_load_bytes"] = int(torch.cuda.memory_allocated())
        record["torch_threads"] = torch.get_num_threads()
        runs = []
        for n in range(args.runs):
            _log(f"edit {n + 1}/{args.runs}: {request.describe()} of {audio.duration:.2f} s, "
                 f"answer capped at {cap} tokens")
            runs.append(run_once(engine, audio, request, args.device))
            _log(f"  done in {runs[-1]['wall_s']} s: {json.dumps(runs[-1]['stages_s'])}")
        record["runs"] = runs
        record["machine"] = {"line": machine_line(), **machine(args.device)}
        record["versions"] = versions()
        engine.unload()
        return record
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "real"), default="tiny")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--quant", choices=("none", "int8", "int4"), default="none",
                        help="the LLM's weights (real size, none: as --llm-dtype)")
    parser.add_argument("--llm-dtype", choices=("auto", "bfloat16", "float32"), default="auto",
                        help="the real-size LLM's compute dtype (auto: the engine's, bfloat16 on CUDA, "
                             "float32 on the CPU; see the docstring for int8 on the CPU)")
    parser.add_argument("--seconds", type=float, default=5.0, help="the clip: the recording cut to this")
    parser.add_argument("--answer-seconds", type=float, default=5.0,
                        help="the answer's cap in seconds of audio (x 41.67 tokens/s)")
    parser.add_argument("--kind", default="emotion", help="the edit's kind (backends.edits.EditKind)")
    parser.add_argument("--value", default="happy", help="its value")
    parser.add_argument("--runs", type=int, default=1, help="edits in a row (the first has first-call costs)")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's own choice)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.size == "tiny" and args.llm_dtype != "auto":
        parser.error("--llm-dtype applies to --size real (the tiny LLM is loaded by the engine itself)")
    # a `timeout` or kill still removes the temporary folders (over 1 GB at the released sizes)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = Path(args.out or ROOT / "bench" / "results" / f"editx_edit_{args.device}_{args.size}.json")

    record = bench(args)
    print(json.dumps(record, indent=2, ensure_ascii=False))
    append_record(out, record)


if __name__ == "__main__":
    main()
