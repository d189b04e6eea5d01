"""What the machine offers the Step engine, read without torch (nvidia-smi, /proc/meminfo), and the
memory estimate per weight precision, which needs torch and so runs in a child (`main(["fit", ...])`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backends.base import BackendError

GB = 1 << 30
REAL_TIME_TOKENS_PER_S = 125.0 / 3.0
_DECODER_BYTES = int(
    1.2 * GB
)  # tokenizer + one decoder beside the LLM on the GPU (estimate for the fit check)


@dataclass(frozen=True)
class GpuInfo:
    name: str
    total: int
    free: int


def gpu_info() -> GpuInfo | None:
    """The first NVIDIA GPU as nvidia-smi reports it (no torch import), or None."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--query-gpu=name,memory.total,memory.free", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
        name, total, free = (p.strip() for p in out.strip().splitlines()[0].split(","))
        return GpuInfo(name, int(float(total)) << 20, int(float(free)) << 20)
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def available_ram() -> int:
    """Memory the system can give a new process now (MemAvailable), or 0 where it cannot be read."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def fit_table(config_file: Path | None, *, device: str, free_bytes: int,
              extra_bytes: int = _DECODER_BYTES) -> list[dict[str, Any]]:
    """For each weight precision: the bytes the engine needs (LLM + `extra_bytes` for the tokenizer and
    decoder) and whether they fit `free_bytes`. Imports torch, so the app asks a child process
    (`main(["fit", ...])`)."""
    from backends.step.llm import Step1Config, will_it_fit

    config = Step1Config.from_json(config_file) if config_file is not None else Step1Config.tts_3b()
    dtype = "bfloat16" if device == "cuda" else "float32"
    rows = []
    for quant in ("none", "int8", "int4"):
        verdict = will_it_fit(config, quant=quant, dtype=dtype, free_bytes=free_bytes, device=device,
                              extra_bytes=extra_bytes)
        rows.append({"quant": quant, "needed": verdict.needed, "free": free_bytes, "fits": verdict.fits})
    return rows


def _fit_table_in_child(config_file: Path, free_bytes: int,
                        extra_bytes: int = _DECODER_BYTES) -> list[dict[str, Any]]:
    args = ["fit", "--device", "cuda", "--free", str(int(free_bytes)), "--config", str(config_file),
            "--extra", str(int(extra_bytes))]
    out = subprocess.run([sys.executable, "-c", f"from backends.step.engine import main; main({args!r})"],
                         cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120,
                         check=False)
    if out.returncode != 0:
        lines = [x for x in out.stderr.splitlines() if x.strip()]
        raise BackendError(lines[-1] if lines else f"the memory estimate failed (exit {out.returncode})")
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    """`fit --device cuda|cpu --free BYTES [--config config.json] [--extra BYTES]`: fit_table as JSON."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m backends.step.engine")
    sub = parser.add_subparsers(dest="command", required=True)
    fit = sub.add_parser("fit", help="memory each weight precision needs, and whether it fits")
    fit.add_argument("--device", choices=("cuda", "cpu"), required=True)
    fit.add_argument("--free", type=int, required=True)
    fit.add_argument("--config", type=Path)
    fit.add_argument("--extra", type=int, default=_DECODER_BYTES, help="bytes beside the LLM")
    args = parser.parse_args(argv)
    print(json.dumps(fit_table(args.config, device=args.device, free_bytes=args.free,
                               extra_bytes=args.extra)))
    return 0

