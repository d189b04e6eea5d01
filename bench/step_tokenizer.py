"""Step-Audio dual-codebook tokenizer (vq02 + vq06) at the released sizes, random weights: seconds per
stage, real-time factor and peak memory for one voice-cloning clip.

    python bench/step_tokenizer.py --size tiny                 # seconds, any machine (smoke run)
    python bench/step_tokenizer.py --device cpu                # released sizes on the CPU
    python bench/step_tokenizer.py --device cuda               # released sizes on a GPU
    python bench/step_tokenizer.py --device cuda --clip my_voice.wav

What runs is the project's tokenizer (backends.step.tokenizer.StepAudioTokenizer) called as the engine calls
it when it clones a voice (backends/step/voices.py compute_voice): `tokenize(audio, trim_silence=True)` on
the clip as loaded by backends.audio.load_audio at its own sample rate, then `.llm_ids()`. Each stage is
timed by wrapping the function that does it for the length of the bench (nothing under backends/ is edited):
audio prep (resample to 16 kHz with soxr, peak normalise, trim silence; the resample is also shown alone),
the vq02 front end (kaldi fbank + LFR + CMVN, OnlineFrontend.accept), the Paraformer encoder
(forward_chunk, once per 240 ms chunk; followed by torch.cuda.synchronize on a GPU so that its kernels are
not billed to the next stage), nearest-centroid search, the 128-bin Whisper log-mel, the vq06 ONNX run
(InferenceSession.run) and the interleave into LLM ids. "other" is the rest of the call (Python glue).
One warm-up call, then the median of 3 timed calls; 3 more calls without the wrappers give the plain total.
RTF = stage seconds / clip seconds (the clip as given, before trimming). `other_processes_cpu_share` is the
share of the machine's CPU time that other processes took during the timed calls (from /proc): on a shared
machine, read the CPU figures with it. With torch's default threads, a CPU that other processes keep busy
slows the encoder's many small per-chunk operations far more than in proportion; `--threads 1` shows it.

The folder is built in a temporary directory, in a child process (so its memory does not blur the
figures here), in the official Step-Audio-Tokenizer layout: the tiny folder of
tests/backends/step/tiny_tokenizer.py (build_tiny_tokenizer: file names, configuration.json, tokens.json
and the 560-value am.mvn, whose size is already the real one), with `--size real` then overwriting
config.yaml, model.pt, linguistic_tokenizer.npy and speech_tokenizer_v1.onnx by released-size ones (the
tiny builder's sizes are module constants and cannot be set from outside). Random weights: the tokens
are meaningless; the figures are about speed and memory only.

Released sizes and where they come from:

* vq02 encoder, Paraformer-large online (SANMEncoderChunkOpt): output_size 512, attention_heads 4,
  linear_units 2048, num_blocks 50, kernel_size 11, sanm_shift 0, input 80 mels x LFR 7/6 = 560; decoder
  16 blocks (written to config.yaml only). Source: FunASR's ParaformerStreaming template
  (modelscope/FunASR funasr/models/paraformer_streaming/template.yaml, commit 1367973), the same
  encoder numbers as the hub's paraformer-large config.yaml (funasr/paraformer-zh). Step-Audio ships
  dengcunqin/speech_paraformer-large_asr_nat-zh-cantonese-en-16k-vocab8501-online, whose config.yaml
  we could not read; that it has these sizes is inferred: its model.pt is 881 MB, and a 50-layer encoder
  (157 M parameters) plus a 16-layer decoder of these widths comes to about 870 MB in float32.
  model.pt here holds only the encoder.* tensors (about 630 MB): the decoder and CIF predictor are
  never read by our loader. Streaming settings (chunk [0, 4, 5], look-back 4) are the project's own
  (EncoderConfig), taken from Step-Audio's tokenizer.
* vq02 centroids: 1024 x 512 float32 (Step-Audio-Tokenizer linguistic_tokenizer.npy, per
  /work/shared/notes/step-audio-reference.md).
* vq06, CosyVoice's S3 tokenizer v1 at 25 Hz: a Whisper-style encoder, n_mels 128, n_state 1280, n_head 20,
  n_layer 6, n_ctx 1500, MLP 4 x 1280, conv1 (kernel 3, stride 2) and conv2 (kernel 3, stride 2), then
  L2-normalised features and the nearest of a 4096 x 1280 codebook. Source: xingchensong/S3Tokenizer
  s3tokenizer/model.py (ModelConfig; stride 2 for "speech_tokenizer_v1_25hz", which its __init__.py
  downloads from CosyVoice-300M-25Hz/speech_tokenizer_v1.onnx). Check: about 129 M parameters, 516 MB in
  float32, against the 523 MB of Step-Audio's speech_tokenizer_v1.onnx. The graph is our own export
  (torch.onnx, opset 17, input/output names and dtypes of the tiny builder: feats float32 [1, 128, T],
  feats_length int32 [1] -> indices int64 [1, T']); the released file was exported by its authors from
  their model, so its exact operator layout (and so onnxruntime's fusions) may differ: a guess in
  detail, not in size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from machine import append_record, cpu_model

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CLIP = "zero_shot_en_prompt.wav"  # 5.0 s, 44.1 kHz, one English speaker (see shared/audio/README.md)
CLIP_DIRS = (ROOT / "shared" / "audio", ROOT.parent / "shared" / "audio", Path("/work/shared/audio"))
# 4.4 s, 44.1 kHz: the built-in voice's prompt
FALLBACK_CLIP = ROOT / "backends" / "step" / "assets" / "tingting.flac"

PARAFORMER = dict(output_size=512, attention_heads=4, linear_units=2048, num_blocks=50, kernel_size=11)
PARAFORMER_DECODER = dict(attention_heads=4, linear_units=2048, num_blocks=16)
S3_V1_25HZ = dict(n_mels=128, n_ctx=1500, n_state=1280, n_head=20, n_layer=6, codebook=4096, stride=2)
CENTROIDS = (1024, 512)
RUNS = 3
STAGES = ("prep", "vq02_frontend", "paraformer_encoder", "nearest_centroid", "whisper_mel", "vq06_onnx",
          "interleave")


# --- memory -------------------------------------------------------------------------------------------

def _status(key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def reset_peak() -> int:
    """Restart the resident-memory high-water mark (Linux); returns the current RSS."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS:")


def peak_rss() -> int:
    return _status("VmHWM:")


def cpu_ticks() -> tuple[int, int, int] | None:
    """(all ticks, idle ticks, this process's ticks) from /proc, to tell how busy other processes kept
    the machine while we were timing; None where /proc is missing."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        return sum(fields[:8]), fields[3] + fields[4], int(own[11]) + int(own[12])
    except (OSError, ValueError, IndexError):
        return None


def others_cpu_share(before: tuple[int, int, int] | None) -> float | None:
    """Share of all CPU time (0..1) that other processes used since `before`."""
    after = cpu_ticks()
    if before is None or after is None or after[0] <= before[0]:
        return None
    total, idle, own = (a - b for a, b in zip(after, before, strict=True))
    return round(max(0.0, (total - idle - own) / total), 3)


# --- the folder ----------------------------------------------------------------------------------------

def _real_config_yaml() -> str:
    """The tiny builder's config.yaml with the released Paraformer-large sizes put in."""
    import yaml

    from tests.backends.step import tiny_tokenizer

    conf = yaml.safe_load(tiny_tokenizer.CONFIG_YAML)
    conf["encoder_conf"].update(PARAFORMER)
    conf["decoder_conf"].update(PARAFORMER_DECODER)
    conf["predictor_conf"]["idim"] = PARAFORMER["output_size"]
    return yaml.safe_dump(conf, sort_keys=False, allow_unicode=True)


def _sinusoids(length: int, channels: int):
    import torch

    step = math.log(10000.0) / (channels // 2 - 1)
    inv = torch.exp(-step * torch.arange(channels // 2, dtype=torch.float32))
    t = torch.arange(length, dtype=torch.float32)[:, None] * inv[None]
    return torch.cat([torch.sin(t), torch.cos(t)], dim=1)


def _s3_tokenizer_v1(cfg: dict):
    """A Whisper-style S3 tokenizer v1 (25 Hz) of the sizes in `cfg`, random weights."""
    import torch
    from torch import nn

    d, heads = cfg["n_state"], cfg["n_head"]

    class Block(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attn_ln = nn.LayerNorm(d)
            self.query = nn.Linear(d, d)
            self.key = nn.Linear(d, d, bias=False)
            self.value = nn.Linear(d, d)
            self.out = nn.Linear(d, d)
            self.mlp_ln = nn.LayerNorm(d)
            self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

        def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
            b, t, _ = x.shape
            h = self.attn_ln(x)
            q, k, v = (lin(h).reshape(b, t, heads, d // heads).transpose(1, 2)
                       for lin in (self.query, self.key, self.value))
            scores = torch.matmul(q, k.transpose(-2, -1)) * (d // heads) ** -0.5 + bias
            att = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, t, d)
            x = x + self.out(att)
            return x + self.mlp(self.mlp_ln(x))

    class S3TokenizerV1(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv1 = nn.Conv1d(cfg["n_mels"], d, 3, stride=cfg["stride"], padding=1)
            self.conv2 = nn.Conv1d(d, d, 3, stride=2, padding=1)
            self.register_buffer("positional_embedding", _sinusoids(cfg["n_ctx"], d))
            self.blocks = nn.ModuleList([Block() for _ in range(cfg["n_layer"])])
            # stored once, as [n_state, codebook]; the squared norms are computed in the graph
            # (unit-length random codes, like the L2-normalised features they are compared with)
            codes = nn.functional.normalize(torch.randn(cfg["codebook"], d), dim=-1)
            self.register_buffer("codebook_t", codes.T.contiguous())

        def forward(self, feats: torch.Tensor, feats_length: torch.Tensor) -> torch.Tensor:
            lengths = feats_length.to(torch.int64)

            def valid(count: int, n: torch.Tensor) -> torch.Tensor:
                return (torch.arange(count, device=feats.device)[None] < n[:, None]).to(feats.dtype)

            x = nn.functional.gelu(self.conv1(feats * valid(feats.shape[2], lengths)[:, None]))
            lengths = (lengths - 1) // self.conv1.stride[0] + 1
            x = nn.functional.gelu(self.conv2(x * valid(x.shape[2], lengths)[:, None]))
            lengths = (lengths - 1) // 2 + 1
            keep = valid(x.shape[2], lengths)
            x = x.transpose(1, 2) + self.positional_embedding[: x.shape[2]]
            bias = ((1.0 - keep) * -1.0e10)[:, None, None, :]
            for block in self.blocks:
                x = block(x, bias)
            x = nn.functional.normalize(x, p=2.0, dim=-1)
            e = self.codebook_t
            dist = (x ** 2).sum(-1, keepdim=True) - 2.0 * x @ e + (e ** 2).sum(0)
            return dist.argmin(dim=-1)

    return S3TokenizerV1().eval()


def build_real_folder(folder: Path, seed: int = 0) -> dict[str, Any]:
    """The tiny folder, then config.yaml, model.pt, centroids and ONNX at the released sizes."""
    import numpy as np
    import torch

    from backends.step.tokenizer.paraformer import build_encoder, read_config
    from backends.step.tokenizer.tokenizer import CENTROIDS_FILE, PARAFORMER_DIR, VQ06_FILE
    from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

    info: dict[str, Any] = {}
    t0 = time.perf_counter()
    build_tiny_tokenizer(folder, seed=seed)
    para = folder / PARAFORMER_DIR
    (para / "config.yaml").write_text(_real_config_yaml(), encoding="utf-8")
    _, enc_cfg = read_config(para / "config.yaml")  # the loader's own reading of what was written
    torch.manual_seed(seed)
    with torch.no_grad():
        encoder = build_encoder(enc_cfg)  # default (PyTorch) initialisation: random weights
    state = {f"encoder.{k}": v for k, v in encoder.state_dict().items()}
    info["paraformer_encoder_params"] = sum(v.numel() for v in state.values())
    torch.save(state, para / "model.pt")
    del encoder, state
    t1 = time.perf_counter()
    rng = np.random.default_rng(seed)
    np.save(folder / CENTROIDS_FILE, rng.standard_normal(CENTROIDS).astype(np.float32))
    torch.manual_seed(seed + 1)
    s3 = _s3_tokenizer_v1(S3_V1_25HZ)
    info["vq06_params"] = sum(p.numel() for p in s3.parameters()) + s3.codebook_t.numel()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        frames = 300
        torch.onnx.export(
            s3, (torch.randn(1, S3_V1_25HZ["n_mels"], frames), torch.tensor([frames], dtype=torch.int32)),
            str(folder / VQ06_FILE), input_names=["feats", "feats_length"], output_names=["indices"],
            dynamic_axes={"feats": {2: "T"}, "indices": {1: "T_out"}}, opset_version=17, dynamo=False,
        )
    info["paraformer_build_s"] = round(t1 - t0, 2)
    info["vq06_export_s"] = round(time.perf_counter() - t1, 2)
    return info


def _child_build(folder: Path, size: str, seed: int) -> None:
    t0 = time.perf_counter()
    if size == "real":
        info = build_real_folder(folder, seed)
    else:
        from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

        build_tiny_tokenizer(folder, seed=seed)
        info = {}
    info["build_s_in_child"] = round(time.perf_counter() - t0, 2)
    info["build_peak_rss_bytes"] = peak_rss()
    print(json.dumps(info))


def build_folder(work: Path, size: str, seed: int) -> tuple[Path, dict[str, Any]]:
    folder = work / "Step-Audio-Tokenizer"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--build-into", str(folder),
                           "--size", size, "--seed", str(seed)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"building the {size} tokenizer folder failed (exit {proc.returncode})")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    info["build_s"] = round(time.perf_counter() - t0, 2)  # child start (Python + torch import) included
    return folder, info


def folder_files(folder: Path) -> dict[str, int]:
    from backends.step.tokenizer import required_files

    return {str(p.relative_to(folder)): p.stat().st_size for p in required_files(folder)}


# --- the clip ------------------------------------------------------------------------------------------

def find_clip(given: str | None) -> Path:
    if given:
        return Path(given)
    for d in CLIP_DIRS:
        if (d / DEFAULT_CLIP).is_file():
            return d / DEFAULT_CLIP
    return FALLBACK_CLIP


# --- timing --------------------------------------------------------------------------------------------

class StageClock:
    """Wraps the functions that do each stage, for the length of a `with`; adds up their seconds."""

    def __init__(self, tokenizer: Any, cuda: bool) -> None:
        self.tok = tokenizer
        self.cuda = cuda
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def timed(self, name: str, fn: Any, *, sync: bool = False) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            out = fn(*args, **kwargs)
            if sync and self.cuda:
                import torch

                torch.cuda.synchronize()
            self.seconds[name] += time.perf_counter() - t0
            self.calls[name] += 1
            return out

        return wrapper

    @contextlib.contextmanager
    def installed(self):
        from backends.audio import Audio
        from backends.step.tokenizer import frontend as frontend_mod
        from backends.step.tokenizer import tokenizer as tokenizer_mod
        from backends.step.tokenizer import vq06 as vq06_mod

        clock = self

        class TimedSession:
            def __init__(self, session: Any) -> None:
                self._session = session
                self.run = clock.timed("vq06_onnx", session.run)

            def __getattr__(self, name: str) -> Any:
                return getattr(self._session, name)

        saved = [(tokenizer_mod, "prepare", tokenizer_mod.prepare),
                 (Audio, "resampled", Audio.resampled),
                 (frontend_mod.OnlineFrontend, "accept", frontend_mod.OnlineFrontend.accept),
                 (vq06_mod, "log_mel_spectrogram", vq06_mod.log_mel_spectrogram)]
        session = self.tok.vq06.session
        try:
            tokenizer_mod.prepare = self.timed("prep", tokenizer_mod.prepare)
            Audio.resampled = self.timed("prep_resample", Audio.resampled)
            online = frontend_mod.OnlineFrontend
            online.accept = self.timed("vq02_frontend", online.accept)
            vq06_mod.log_mel_spectrogram = self.timed("whisper_mel", vq06_mod.log_mel_spectrogram)
            self.tok.encoder.forward_chunk = self.timed("paraformer_encoder", self.tok.encoder.forward_chunk,
                                                        sync=True)
            self.tok.nearest_centroid = self.timed("nearest_centroid", self.tok.nearest_centroid)
            self.tok.vq06.session = TimedSession(session)
            yield self
        finally:
            for owner, name, value in saved:
                setattr(owner, name, value)
            self.tok.encoder.__dict__.pop("forward_chunk", None)
            self.tok.__dict__.pop("nearest_centroid", None)
            self.tok.vq06.session = session


def clone_call(tokenizer: Any, audio: Any, clock: StageClock | None = None) -> tuple[float, Any, list[int]]:
    """What compute_voice does with the tokenizer: tokenize with silence trimming, then the LLM ids."""
    t0 = time.perf_counter()
    tokens = tokenizer.tokenize(audio, trim_silence=True)
    t1 = time.perf_counter()
    ids = [int(i) for i in tokens.llm_ids()]
    t2 = time.perf_counter()
    if clock is not None:
        clock.seconds["interleave"] += t2 - t1
        clock.calls["interleave"] += 1
    return t2 - t0, tokens, ids


# --- machine -------------------------------------------------------------------------------------------

def machine(device: str) -> dict[str, Any]:
    import torch

    out: dict[str, Any] = {"cpu": cpu_model(), "cpu_count": os.cpu_count(),
                           "torch_threads": torch.get_num_threads(), "platform": platform.platform(),
                           "python": platform.python_version(), "load_average_1_5_15": os.getloadavg()}
    if device == "cuda":
        props = torch.cuda.get_device_properties(0)
        out.update(gpu=torch.cuda.get_device_name(0), gpu_memory_bytes=int(props.total_memory),
                   cuda=torch.version.cuda)
    else:
        out["gpu"] = None
    return out


def versions() -> dict[str, str]:
    import numpy as np
    import onnxruntime as ort
    import torch

    out = {"torch": torch.__version__, "onnxruntime": ort.__version__, "numpy": np.__version__}
    with contextlib.suppress(ImportError):
        import onnx

        out["onnx"] = onnx.__version__
    with contextlib.suppress(ImportError):
        import soxr

        out["soxr"] = soxr.__version__
    return out


# --- main ----------------------------------------------------------------------------------------------

def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def bench(args: argparse.Namespace) -> dict[str, Any]:
    import onnxruntime as ort
    import torch

    from backends.audio import load_audio
    from backends.step.tokenizer import StepAudioTokenizer, prepare

    cuda = args.device == "cuda"
    if args.threads:
        torch.set_num_threads(args.threads)
    if cuda and not torch.cuda.is_available():
        raise SystemExit("--device cuda: this torch build sees no CUDA device "
                         f"(torch {torch.__version__}, CUDA {torch.version.cuda})")

    record: dict[str, Any] = {
        "bench": "step_tokenizer", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "size": args.size,
        "device": args.device, "weights": "random",
        "note": "random weights: the tokens are meaningless; figures are about speed and memory only",
        "load_average_at_start": os.getloadavg(),
    }
    work = None if args.folder else Path(tempfile.mkdtemp(prefix="step-tokenizer-bench-"))
    try:
        if work is None:
            folder = Path(args.folder)
            record["size"] = record["weights"] = f"given folder {folder}"
            record["note"] = "weights from the given folder"
            build: dict[str, Any] = {}
        else:
            folder, build = build_folder(work, args.size, args.seed)
        record["build"] = build
        record["files_bytes"] = folder_files(folder)
        if args.size == "real" and not args.folder:
            record["dims"] = {
                "paraformer_encoder": {**PARAFORMER, "input_size": 560, "decoder_blocks_in_config": 16,
                                       "params": build.get("paraformer_encoder_params")},
                "centroids": list(CENTROIDS),
                "vq06_s3_tokenizer_v1_25hz": {**S3_V1_25HZ, "params": build.get("vq06_params")},
            }

        clip = find_clip(args.clip)
        audio = load_audio(clip)
        record["clip"] = {"file": clip.name, "path": str(clip), "sample_rate": audio.sample_rate,
                          "seconds": round(audio.duration, 3),
                          "fallback": clip == FALLBACK_CLIP and not args.clip}
        seconds = audio.duration

        # load: what the engine's first tokenize does (config, weights to the device, ONNX session)
        base = reset_peak()
        if cuda:
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        t0 = time.perf_counter()
        tok = StepAudioTokenizer(folder, device=args.device)
        tok.load()
        if cuda:
            torch.cuda.synchronize()
        record["load_s"] = round(time.perf_counter() - t0, 3)
        memory: dict[str, Any] = {"load_peak_rss_growth_bytes": peak_rss() - base,
                                  "rss_after_load_bytes": _status("VmRSS:")}
        if cuda:
            memory["cuda_allocated_after_load_bytes"] = int(torch.cuda.memory_allocated())
            memory["cuda_load_peak_allocated_bytes"] = int(torch.cuda.max_memory_allocated())

        providers = tok.vq06.session.get_providers()
        available = ort.get_available_providers()
        record["onnxruntime_providers"] = {"vq06_session": providers, "available": available,
                                           "device": ort.get_device()}
        cuda_ep = "CUDAExecutionProvider"
        if cuda and cuda_ep not in providers:
            why = (f"this onnxruntime build has no {cuda_ep}" if cuda_ep not in available
                   else f"onnxruntime offers {cuda_ep} but the session did not take it")
            record["vq06_note"] = f"vq06 ran on the CPU: {why}; the other stages ran on the GPU"
        record["torch_threads"] = torch.get_num_threads()

        # tokenizing: warm-up, RUNS timed calls with the stage wrappers, RUNS plain calls
        base = reset_peak()
        if cuda:
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        ticks = cpu_ticks()
        clock = StageClock(tok, cuda)
        per_stage: dict[str, list[float]] = defaultdict(list)
        totals: list[float] = []
        with clock.installed():
            first, tokens, ids = clone_call(tok, audio, clock)
            record["first_call_s"] = round(first, 3)
            record["first_call_stages_s"] = {k: round(v, 4) for k, v in clock.seconds.items()}
            for _ in range(RUNS):
                clock.reset()
                total, tokens, ids = clone_call(tok, audio, clock)
                totals.append(total)
                for name in (*STAGES, "prep_resample"):
                    per_stage[name].append(clock.seconds.get(name, 0.0))
                per_stage["other"].append(total - sum(clock.seconds.get(n, 0.0) for n in STAGES))
            calls = dict(clock.calls)
        plain = [clone_call(tok, audio)[0] for _ in range(RUNS)]
        record["other_processes_cpu_share"] = others_cpu_share(ticks)  # 0 on a quiet machine
        memory["tokenize_peak_rss_growth_bytes"] = peak_rss() - base
        if cuda:
            memory["cuda_tokenize_peak_allocated_bytes"] = int(torch.cuda.max_memory_allocated())
        record["memory"] = memory

        stages = {name: round(_median(v), 4) for name, v in per_stage.items()}
        record["stages_s"] = stages
        record["stages_rtf"] = {name: round(v / seconds, 4) for name, v in stages.items()}
        record["stages_runs_s"] = {name: [round(x, 4) for x in v] for name, v in per_stage.items()}
        record["stage_calls_per_run"] = calls
        record["total_s"] = round(_median(totals), 4)
        record["total_plain_s"] = round(_median(plain), 4)
        record["total_runs_s"] = [round(x, 4) for x in totals]
        record["total_plain_runs_s"] = [round(x, 4) for x in plain]
        record["rtf"] = round(_median(plain) / seconds, 4)
        record["runs"] = RUNS
        record["tokens"] = {"vq02": len(tokens.vq02), "vq06": len(tokens.vq06), "llm_ids": len(ids),
                            "trimmed_16k_seconds": round(len(prepare(audio, trim=True)) / 16000, 3)}
        record["versions"] = versions()
        record["machine"] = machine(args.device)
        tok.unload()
        return record
    finally:
        if work is not None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif work is not None:
            print(f"kept {work}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("real", "tiny"), default="real")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--clip", help=f"audio file (default: {DEFAULT_CLIP} from shared/audio, "
                                       f"else {FALLBACK_CLIP.relative_to(ROOT)})")
    parser.add_argument("--folder", help="use this Step-Audio-Tokenizer folder instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the built folder")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's own choice; "
                                                   "onnxruntime keeps its default)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="results file (default bench/results/step_tokenizer.json)")
    parser.add_argument("--build-into", help=argparse.SUPPRESS)
    args = parser.parse_args()
    # a `timeout` or kill still removes the temporary folder (over 1 GB at the released sizes)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.build_into:
        _child_build(Path(args.build_into), args.size, args.seed)
        return

    record = bench(args)
    print(json.dumps(record, indent=2, ensure_ascii=False))
    out = Path(args.out or ROOT / "bench" / "results" / "step_tokenizer.json")
    append_record(out, record)


if __name__ == "__main__":
    main()
