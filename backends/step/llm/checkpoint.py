"""Reading the official safetensors checkpoint one tensor at a time.

We parse the safetensors layout ourselves (an 8-byte header length, a JSON header, raw data)
instead of memory-mapping the whole file: each tensor is read into its own buffer, converted or
quantised, and the buffer dropped, so loading never holds more than the finished model plus one
tensor (the 7 GB shard is never mapped, which also keeps resident memory honest on CPU).
Every failure names the file, because a user fixing a broken download needs to know which one.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch

INDEX_NAME = "model.safetensors.index.json"
SINGLE_NAME = "model.safetensors"

_DTYPES: dict[str, torch.dtype] = {
    "BF16": torch.bfloat16, "F16": torch.float16, "F32": torch.float32, "F64": torch.float64,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
    "BOOL": torch.bool,
}
_NAMES = {v: k for k, v in _DTYPES.items()}
_MAX_HEADER = 100 * 1024 * 1024


class CheckpointError(ValueError):
    """A checkpoint file is missing, damaged, or holds tensors that do not fit the config."""


def checkpoint_plan(folder: Path) -> list[tuple[Path, list[str] | None]]:
    """The files to read and, for a sharded checkpoint, which tensors each must hold.

    `None` for the tensor list means "whatever the file holds" (a single-file checkpoint).
    """
    folder = Path(folder)
    index = folder / INDEX_NAME
    if index.is_file():
        try:
            raw = json.loads(index.read_text(encoding="utf-8"))
            weight_map: dict[str, str] = dict(raw["weight_map"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CheckpointError(f"{index} cannot be read: {exc}") from exc
        by_file: dict[str, list[str]] = {}
        for name, shard in weight_map.items():
            by_file.setdefault(str(shard), []).append(name)
        plan: list[tuple[Path, list[str] | None]] = []
        for shard, names in sorted(by_file.items()):
            path = folder / shard
            if not path.is_file():
                raise CheckpointError(f"{path} is missing (named by {INDEX_NAME}); download it again")
            plan.append((path, names))
        return plan
    single = folder / SINGLE_NAME
    if single.is_file():
        return [(single, None)]
    raise CheckpointError(f"{folder} holds neither {INDEX_NAME} nor {SINGLE_NAME}")


def read_header(path: Path) -> tuple[dict[str, Any], int]:
    """The tensor table of one safetensors file and the byte offset where its data starts."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if len(head) < 8:
                raise CheckpointError(f"{path} is truncated (no safetensors header)")
            (length,) = struct.unpack("<Q", head)
            if length > _MAX_HEADER or 8 + length > size:
                raise CheckpointError(f"{path} is damaged (header length {length} does not fit the file)")
            header = json.loads(handle.read(length).decode("utf-8"))
    except OSError as exc:
        raise CheckpointError(f"{path} cannot be read: {exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"{path} is damaged (its header is not JSON): {exc}") from exc
    if not isinstance(header, dict):
        raise CheckpointError(f"{path} is damaged (its header is not a table)")
    header.pop("__metadata__", None)
    data_start = 8 + length
    for name, info in header.items():
        begin, end = info.get("data_offsets", (0, -1))
        if info.get("dtype") not in _DTYPES:
            raise CheckpointError(f"{path}: tensor {name} has unsupported dtype {info.get('dtype')}")
        if data_start + end > size or end < begin:
            raise CheckpointError(f"{path} is truncated: tensor {name} lies beyond the end of the file")
    return header, data_start


def iter_tensors(path: Path, names: list[str] | None = None) -> Iterator[tuple[str, torch.Tensor]]:
    """Yield (name, CPU tensor) in file order; each tensor owns its memory."""
    header, data_start = read_header(path)
    if names is not None:
        absent = [n for n in names if n not in header]
        if absent:
            raise CheckpointError(f"{path} lacks {len(absent)} tensor(s) the index names, e.g. {absent[0]}")
        wanted = set(names)
    else:
        wanted = set(header)
    order = sorted(wanted, key=lambda n: header[n]["data_offsets"][0])
    with path.open("rb") as handle:
        for name in order:
            info = header[name]
            begin, end = info["data_offsets"]
            dtype = _DTYPES[info["dtype"]]
            shape = [int(s) for s in info["shape"]]
            count = 1
            for s in shape:
                count *= s
            nbytes = end - begin
            if nbytes != count * torch.empty((), dtype=dtype).element_size():
                raise CheckpointError(f"{path}: tensor {name} has {nbytes} bytes for shape {shape}")
            buffer = torch.empty(nbytes, dtype=torch.uint8)
            handle.seek(data_start + begin)
            if nbytes and handle.readinto(memoryview(buffer.numpy())) != nbytes:
                raise CheckpointError(f"{path} is truncated while reading {name}")
            yield name, buffer.view(dtype).reshape(shape)


def write_safetensors(path: Path, tensors: dict[str, torch.Tensor]) -> None:
    """Write a safetensors file (for test checkpoints and benchmarks; the hub's own layout)."""
    header: dict[str, Any] = {}
    offset = 0
    for name, tensor in tensors.items():
        nbytes = tensor.numel() * tensor.element_size()
        header[name] = {"dtype": _NAMES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    blob = json.dumps(header, separators=(",", ":")).encode("utf-8")
    blob += b" " * (-len(blob) % 8)
    with Path(path).open("wb") as handle:
        handle.write(struct.pack("<Q", len(blob)))
        handle.write(blob)
        for tensor in tensors.values():
            flat = tensor.detach().contiguous().cpu().reshape(-1)
            handle.write(flat.view(torch.uint8).numpy().tobytes())
