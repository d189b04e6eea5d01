"""Loading the `.pt` state dicts of a CosyVoice folder.

The checkpoints were saved from modules wrapped in weight normalisation. Depending on the torch
version that saved them the pair is stored as `<name>.weight_g` / `<name>.weight_v` (the legacy hook)
or `<name>.parametrizations.weight.original0` / `original1` (the parametrisation API). Inference never
trains, so both forms are folded here into the plain `weight` once at load time: the modules of this
package are ordinary convolutions, which is also faster than recomputing the norm on every call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from backends.step.vocoder.config import VocoderFileError

_LEGACY = (".weight_g", ".weight_v")
_PARAM = (".parametrizations.weight.original0", ".parametrizations.weight.original1")


def _fold(g: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """weight = g * v / ||v||, the norm taken over every axis except the one g runs along."""
    g32, v32 = g.float(), v.float()
    if g32.dim() == v32.dim():
        keep = [i for i, n in enumerate(g32.shape) if n != 1]
        axes = [i for i in range(v32.dim()) if i not in keep]
    else:  # dim=None: one scalar gain for the whole tensor
        axes = list(range(v32.dim()))
    norm = v32.pow(2).sum(dim=axes, keepdim=True).sqrt() if axes else v32.abs()
    return (v32 * (g32 / norm)).to(v.dtype)


def fold_weight_norm(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """A copy of `state` with every weight-norm pair (either naming) replaced by its `weight`."""
    out: dict[str, torch.Tensor] = {}
    pairs: dict[str, dict[int, torch.Tensor]] = {}
    for key, value in state.items():
        dotted = "." + key  # top-level layers have no leading module path
        for suffixes in (_LEGACY, _PARAM):
            hit = next((i for i, s in enumerate(suffixes) if dotted.endswith(s)), None)
            if hit is not None:
                stem = (dotted[: -len(suffixes[hit])] + ".weight")[1:]
                pairs.setdefault(stem, {})[hit] = value
                break
        else:
            out[key] = value
    for stem, pair in pairs.items():
        if len(pair) != 2:
            raise KeyError(f"weight-norm pair for {stem} is incomplete")
        out[stem] = _fold(pair[0], pair[1])
    return out


def read_state_dict(path: Path) -> dict[str, torch.Tensor]:
    """Tensors of a torch checkpoint, refusing pickled code (weights_only) and naming the file on failure."""
    path = Path(path)
    if not path.is_file():
        raise VocoderFileError(path, "file is missing")
    try:
        raw: Any = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise VocoderFileError(path, f"is damaged or not a torch checkpoint ({type(exc).__name__}: {exc})") \
            from exc
    if isinstance(raw, dict) and "state_dict" in raw and isinstance(raw["state_dict"], dict):
        raw = raw["state_dict"]
    if not isinstance(raw, dict) or not all(isinstance(v, torch.Tensor) for v in raw.values()):
        raise VocoderFileError(path, "does not hold a state dict of tensors")
    return raw


def load_into(module: torch.nn.Module, state: dict[str, torch.Tensor], path: Path, *,
              prefix: str = "") -> None:
    """Strictly load folded `state` (keys under `prefix`) into `module`, naming the file on mismatch."""
    folded = fold_weight_norm({k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)})
    expected = module.state_dict()
    missing = sorted(set(expected) - set(folded))
    unexpected = sorted(set(folded) - set(expected))
    if missing or unexpected:
        raise VocoderFileError(
            path, f"does not fit the model: {len(missing)} missing tensors {missing[:5]}, "
                  f"{len(unexpected)} unexpected {unexpected[:5]}")
    bad = [k for k, v in folded.items() if tuple(v.shape) != tuple(expected[k].shape)]
    if bad:
        k = bad[0]
        raise VocoderFileError(
            path, f"tensor {prefix}{k} has shape {tuple(folded[k].shape)}, the config expects "
                  f"{tuple(expected[k].shape)} ({len(bad)} mismatched)")
    module.load_state_dict(folded, strict=True)
