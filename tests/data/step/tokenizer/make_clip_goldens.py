"""Regenerate ``clip_golden.npz``: UPSTREAM Step-Audio tokenization of whole clips at their own rate.

Not part of the test suite. Unlike the other tokenizer goldens (which start from audio already at
16 kHz), these start from the clip as the user gives it, so they cover upstream's resampling
(``torchaudio.transforms.Resample``, windowed sinc), peak normalisation and librosa trim too.

Setup (throwaway, outside the repo)::

    # upstream tree at commit a52b94d (assets/ left out: its large files are not in the mirror)
    R=/work/.mirror/stepfun-ai+Step-Audio/repo; mkdir -p /tmp/stepref
    git -C $R archive HEAD $(git -C $R ls-tree --name-only HEAD | grep -v '^assets$') | tar -x -C /tmp/stepref

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0          # CPU wheel; never an unpinned torch
    /tmp/refvenv/bin/pip install numpy onnxruntime soundfile librosa omegaconf requests six sox==1.5.0 \
        tiktoken more-itertools tqdm
    /tmp/refvenv/bin/pip install --no-deps openai-whisper==20250625

    # torchaudio shim: the torchaudio 2.9.1 PyPI wheel is built against CUDA torch 2.9 and its
    # libtorchaudio.so will not load beside CPU torch 2.13. Its python sources are used unmodified
    # (functional/, transforms/, compliance/, ... -> the real Resample / resample / kaldi code),
    # with lib/*.so deleted (so _extension reports no extension) and only torchaudio/__init__.py
    # replaced by one whose load/save use soundfile with torchaudio 2.3.1 semantics (load: float32,
    # int16/32768, [C, T]; save of a float32 tensor as wav: 32-bit IEEE float, lossless).
    /tmp/refvenv/bin/pip download --no-deps torchaudio==2.9.1 -d /tmp/tawheel
    /tmp/refvenv/bin/python tests/data/step/tokenizer/make_clip_goldens.py \
        --shim /tmp/tawheel/torchaudio-2.9.1-cp311-cp311-manylinux_2_28_x86_64.whl /tmp/tashim

    # stub for an import unused on this path: funasr_detach/register.py ends with `import funasr`
    mkdir -p /tmp/refstubs && echo '' > /tmp/refstubs/funasr.py

    # the tiny random checkpoint, with the project's venv
    cd /work/main && .venv/bin/python -c "from tests.backends.step.tiny_tokenizer import \
        build_tiny_tokenizer; build_tiny_tokenizer(__import__('pathlib').Path('/tmp/tinytok'), seed=0)"

    cd /work/main && PYTHONPATH=/tmp/stepref:/tmp/tashim:/tmp/refstubs \
        /tmp/refvenv/bin/python tests/data/step/tokenizer/make_clip_goldens.py

CPU patches (as for the earlier goldens): ``Tensor.cuda`` / ``Module.cuda`` are no-ops, and the
``device=0`` that tokenizer.py hands to ``infer_encoder`` becomes "cpu"; onnxruntime falls back
from the CUDA provider to the CPU one by itself.

The 48 kHz and 22.05 kHz clips are made here (when missing) from tingting_prompt.wav with soxr VHQ,
first 4.0 s, int16 FLAC, and are then treated as the user's files.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import soundfile as sf
import torch

HERE = Path(__file__).resolve().parent
OUT = HERE / "clip_golden.npz"
STEPREF = Path(os.environ.get("STEPREF", "/tmp/stepref"))
TINYTOK = Path(os.environ.get("TINYTOK", "/tmp/tinytok"))
AUDIO = Path(os.environ.get("SHARED_AUDIO", "/work/shared/audio"))

# name -> file (relative paths are under this folder)
CLIPS = {
    "fear24k": AUDIO / "fear_zh_female_prompt.wav",
    "en44k": AUDIO / "zero_shot_en_prompt.wav",
    "clip48k": HERE / "clip48k.flac",
    "clip22k": HERE / "clip22k.flac",
}
DERIVED = {"clip48k": 48000, "clip22k": 22050}
DERIVED_SECONDS = 4.0
SAMPLES_FOR = "en44k"  # samples16k for this clip only (all clips: 2.2 MB; None stores every clip)


SHIM_INIT = '''"""Shim torchaudio: the 2.9.1 wheel's python sources, its lib/*.so removed, this file replaced.

load/save use soundfile with torchaudio 2.3.1 semantics (the version Step-Audio pins): load gives
float32 [C, T], int PCM / 2**(bits-1); save of a float32 tensor as wav writes 32-bit IEEE float.
"""
import os
from typing import Optional

import numpy as np
import soundfile
import torch

from . import _extension  # noqa  # usort: skip
from . import compliance, functional, transforms  # noqa: F401

__version__ = "2.9.1+shim"


def load(uri, frame_offset=0, num_frames=-1, normalize=True, channels_first=True, format=None,
         buffer_size=4096, backend=None):
    assert normalize, "shim only implements normalize=True"
    data, sr = soundfile.read(uri, dtype="float32", always_2d=True, start=frame_offset,
                              frames=num_frames)
    t = torch.from_numpy(np.ascontiguousarray(data))  # [T, C]
    return (t.t().contiguous() if channels_first else t), sr


def save(uri, src, sample_rate, channels_first=True, format=None, encoding=None,
         bits_per_sample=None, buffer_size=4096, backend=None, compression=None):
    assert encoding is None and bits_per_sample is None, "shim: default encoding only"
    if format is None:
        format = os.path.splitext(str(uri))[1].lstrip(".")
    fmt = {"wav": "WAV", "flac": "FLAC"}[format.lower()]
    x = src.detach().cpu()
    x = x[None] if x.ndim == 1 else x
    x = x.t() if channels_first else x
    subtype = {(torch.float32, "WAV"): "FLOAT", (torch.float64, "WAV"): "DOUBLE",
               (torch.int16, "WAV"): "PCM_16", (torch.int16, "FLAC"): "PCM_16",
               (torch.int32, "WAV"): "PCM_32"}[(x.dtype, fmt)]
    soundfile.write(uri, x.numpy(), sample_rate, format=fmt, subtype=subtype)
'''


def write_torchaudio_shim(wheel: Path, dest: Path) -> None:
    """dest/torchaudio = the wheel's unmodified python files, minus lib/*.so, plus SHIM_INIT."""
    import zipfile

    dest = Path(dest)
    with zipfile.ZipFile(wheel) as zf:
        for member in zf.namelist():
            if not member.startswith("torchaudio/") or member.endswith(".so"):
                continue
            zf.extract(member, dest)
    init = dest / "torchaudio" / "__init__.py"
    init.rename(init.with_name("__init__.py.orig"))
    init.write_text(SHIM_INIT)
    print(f"wrote {dest / 'torchaudio'}")


def make_derived_clips() -> None:
    import soxr

    src, sr = sf.read(AUDIO / "tingting_prompt.wav", dtype="float32")
    for name, rate in DERIVED.items():
        path = CLIPS[name]
        if path.exists():
            continue
        y = soxr.resample(src, sr, rate, quality="VHQ")[: int(DERIVED_SECONDS * rate)]
        pcm = np.clip(np.round(y.astype(np.float64) * 32768.0), -32768, 32767).astype(np.int16)
        sf.write(path, pcm, rate, format="FLAC", subtype="PCM_16")
        print(f"wrote {path} ({rate} Hz, {len(pcm)} samples)")


def build_upstream():
    torch.Tensor.cuda = lambda self, *a, **k: self
    torch.nn.Module.cuda = lambda self, *a, **k: self
    sys.path.insert(0, str(STEPREF))
    import tokenizer as upstream  # Step-Audio's tokenizer.py

    tok = upstream.StepAudioTokenizer(str(TINYTOK))
    real_infer = tok.funasr_model.infer_encoder

    def infer_encoder_cpu(*args, **cfg):
        cfg["device"] = "cpu"
        return real_infer(*args, **cfg)

    tok.funasr_model.infer_encoder = infer_encoder_cpu
    return tok


def load_like_upstream(path: Path):
    import torchaudio

    wav, sr = torchaudio.load(str(path))  # tts.py preprocess_prompt_wav
    if wav.shape[0] > 1:
        wav = wav.mean(dim=0, keepdim=True)
    return wav, sr


def main() -> None:
    make_derived_clips()
    tok = build_upstream()
    captured = {}
    real_pre = tok.preprocess_wav

    def preprocess_capture(*args, **kw):
        out = real_pre(*args, **kw)
        captured["samples"] = out.detach().cpu().numpy().reshape(-1).astype(np.float32)
        return out

    tok.preprocess_wav = preprocess_capture

    arrays: dict[str, np.ndarray] = {}
    meta = {"clips": {}}
    for name, path in CLIPS.items():
        wav, sr = load_like_upstream(path)
        meta["clips"][name] = {"file": path.name, "sample_rate": sr, "samples": int(wav.shape[-1])}
        for trim in (True, False):
            key = f"{name}_{'trim' if trim else 'notrim'}"
            captured.clear()
            tokens, vq02, vq06 = tok.wav2token(wav.clone(), sr, enable_trim=trim)
            samples = captured["samples"]
            if SAMPLES_FOR is None or name == SAMPLES_FOR:
                arrays[f"{key}_samples16k"] = samples
            arrays[f"{key}_vq02"] = np.asarray(vq02, dtype=np.int16)
            arrays[f"{key}_vq06"] = np.asarray(vq06, dtype=np.int16)
            arrays[f"{key}_tokens"] = np.asarray(tokens, dtype=np.int32)
            meta["clips"][name][f"{'trim' if trim else 'notrim'}_samples16k"] = len(samples)
            print(f"{key}: {sr} Hz {wav.shape[-1]} -> {len(samples)} samples at 16 kHz, "
                  f"vq02 {len(vq02)}, vq06 {len(vq06)}, tokens {len(tokens)}")
    arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--shim":
        write_torchaudio_shim(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
