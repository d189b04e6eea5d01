"""Weight-only 8-bit and 4-bit Linear layers, quantised while the checkpoint loads.

The point is memory: TTS-3B is 7 GB in bf16, too much for an 8 GB card next to the vocoders.
Quantisation happens tensor by tensor (and in row blocks inside a tensor), so loading never holds
the whole bf16 model, nor even one whole fp32 copy of the 74752-row output head.

- int8: symmetric, one scale per output channel (rows of the weight).
- int4: asymmetric, groups of 128 input columns, two codes per byte (low nibble = even column).
  The output head stays int8 in int4 mode: its error feeds straight into sampling.

Matmuls use torch's packed weight-only kernels where this torch build has them for the device
(`_weight_int8pack_mm`, `_weight_int4pack_mm[_for_cpu]`), else dequantise row blocks into the
compute dtype; on the CPU a float32 layer runs the int8 kernel in bfloat16 (see _CPU_BF16_ROWS for
why). Each layer checks its kernel against the dequantised result once at load time and
falls back if the kernel is missing or disagrees, so a torch upgrade cannot silently corrupt output.
On a GPU, existing is not enough for int8: torch's CUDA `_weight_int8pack_mm` may be a simple
reference kernel, slower than a cast plus cuBLAS. There each weight shape's int8 path is chosen
by timing both once (replayed as a CUDA graph, the way decoding runs), and the choice is kept.
"""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch import nn

QUANT_MODES = ("none", "int8", "int4")
INT4_GROUP = 128
_BLOCK_ELEMENTS = 1 << 24  # rows are processed in blocks of about this many weights
# On the CPU, torch's int8 kernel with float32 activations costs time in proportion to the rows it
# multiplies and is slow even for one row; with bfloat16 activations it is about ten times faster.
# Measured on one 8192 x 3072 layer (2-core AMD EPYC, AVX2 without bf16 instructions, torch 2.13, best
# of 5), ms for 1 / 4 / 8 / 32 / 64 rows: kernel in float32 18 / 130 / 234 / - / -; kernel in bfloat16
# (cast in and out) 1.9 / 4.2 / 7.5 / 30 / 61; dequantised float32 blocks 55 / 88 / 88 / 98 / 130.
# So float32 layers run rows up to _CPU_BF16_ROWS through the kernel in bfloat16 and a longer prefill
# through dequantised blocks (a 474-token EditX prompt took over 18 minutes with the float32 kernel).
# The bfloat16 rounding of activations and outputs (relative error 0.3 % on that layer) is a third
# of what the int8 codes themselves cost (0.9 %), and bfloat16 is the model's own dtype upstream.
_CPU_INT8PACK_ROWS = 4
_CPU_BF16_ROWS = 64


def _row_block(in_features: int) -> int:
    return max(1, _BLOCK_ELEMENTS // max(1, in_features))


def int4_group_size(in_features: int) -> int:
    """128 where it divides the input width; otherwise one group per row (tiny test models)."""
    return INT4_GROUP if in_features % INT4_GROUP == 0 else in_features


def quantize_int8(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(codes int8 [N, K], scale float32 [N]) with weight ≈ codes * scale[:, None]."""
    rows, cols = weight.shape
    codes = torch.empty(rows, cols, dtype=torch.int8, device=weight.device)
    scale = torch.empty(rows, dtype=torch.float32, device=weight.device)
    step = _row_block(cols)
    for start in range(0, rows, step):
        block = weight[start:start + step].float()
        s = (block.abs().amax(dim=1) / 127.0).clamp(min=1e-12)
        codes[start:start + step] = torch.round(block / s[:, None]).clamp_(-127, 127).to(torch.int8)
        scale[start:start + step] = s
    return codes, scale


def quantize_int4(weight: torch.Tensor, group: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(packed uint8 [N, K/2], scale float32 [N, K/g], zero float32 [N, K/g]).

    weight ≈ (code - zero) * scale per group, code in 0..15, zero an integer in 0..15.
    """
    rows, cols = weight.shape
    if cols % group or cols % 2:
        raise ValueError(f"int4 needs an even input width divisible by the group size {group}, got {cols}")
    groups = cols // group
    packed = torch.empty(rows, cols // 2, dtype=torch.uint8, device=weight.device)
    scale = torch.empty(rows, groups, dtype=torch.float32, device=weight.device)
    zero = torch.empty(rows, groups, dtype=torch.float32, device=weight.device)
    step = _row_block(cols)
    for start in range(0, rows, step):
        block = weight[start:start + step].float().reshape(-1, groups, group)
        low = block.amin(dim=-1).clamp(max=0.0)
        high = block.amax(dim=-1).clamp(min=0.0)
        s = ((high - low) / 15.0).clamp(min=1e-12)
        z = torch.round(-low / s).clamp_(0, 15)
        codes = torch.round(block / s[..., None] + z[..., None]).clamp_(0, 15).to(torch.uint8)
        codes = codes.reshape(codes.shape[0], cols)
        packed[start:start + step] = codes[:, 0::2] | (codes[:, 1::2] << 4)
        scale[start:start + step] = s
        zero[start:start + step] = z
    return packed, scale, zero


def unpack_int4(packed: torch.Tensor) -> torch.Tensor:
    """uint8 [N, K/2] -> codes uint8 [N, K]."""
    rows = packed.shape[0]
    return torch.stack((packed & 0x0F, packed >> 4), dim=-1).reshape(rows, -1)


class Int8Linear(nn.Module):
    def __init__(self, codes: torch.Tensor, scale: torch.Tensor, compute_dtype: torch.dtype) -> None:
        super().__init__()
        self.out_features, self.in_features = codes.shape
        self.register_buffer("codes", codes.contiguous())
        self.register_buffer("scale", scale.to(compute_dtype))
        self.kernel = "dequant"
        if _try_kernel(self, "int8pack"):
            self.kernel = "int8pack"
            if self.codes.device.type == "cuda":
                self.kernel = _fastest_on_cuda(self, ("int8pack", "dequant"))
            elif self.scale.dtype == torch.float32 and _try_kernel(self, "int8pack_bf16"):
                self.kernel = "int8pack_bf16"

    @classmethod
    def from_weight(cls, weight: torch.Tensor, compute_dtype: torch.dtype) -> Int8Linear:
        codes, scale = quantize_int8(weight)
        return cls(codes, scale, compute_dtype)

    def dequantized_rows(self, start: int, stop: int, dtype: torch.dtype) -> torch.Tensor:
        return self.codes[start:stop].to(dtype) * self.scale[start:stop, None].to(dtype)

    def rows_linear(self, x: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        """x times rows start..stop of the weight. The per-row scale is applied to the output, not
        to the weight: the codes are exact in any float dtype (|code| <= 127), so this is one
        rounding fewer than scaling the weight, and one pass over the block fewer."""
        return F.linear(x, self.codes[start:stop].to(x.dtype)) * self.scale[start:stop].to(x.dtype)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.numel() // self.in_features
        if self.kernel == "int8pack" and (x.device.type != "cpu" or rows <= _CPU_INT8PACK_ROWS):
            flat = x.reshape(-1, self.in_features).contiguous()
            out = torch.ops.aten._weight_int8pack_mm(flat, self.codes, self.scale.to(x.dtype))
            return out.reshape(*x.shape[:-1], self.out_features)
        if self.kernel == "int8pack_bf16" and rows <= _CPU_BF16_ROWS:
            flat = x.reshape(-1, self.in_features).to(torch.bfloat16).contiguous()
            out = torch.ops.aten._weight_int8pack_mm(flat, self.codes, self.scale.to(torch.bfloat16))
            return out.to(x.dtype).reshape(*x.shape[:-1], self.out_features)
        return _blockwise_linear(self, x)


class Int4Linear(nn.Module):
    def __init__(self, packed: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor,
                 compute_dtype: torch.dtype) -> None:
        super().__init__()
        self.out_features = packed.shape[0]
        self.in_features = packed.shape[1] * 2
        self.group = self.in_features // scale.shape[1]
        self.register_buffer("packed", packed.contiguous())
        self.register_buffer("scale", scale.to(compute_dtype))
        self.register_buffer("zero", zero.to(compute_dtype))
        self.kernel = "dequant"
        self._kernel_weight: torch.Tensor | None = None
        self._kernel_scales: torch.Tensor | None = None
        for name in ("int4pack_cpu", "int4pack_cuda"):
            if _try_kernel(self, name):
                self.kernel = name
                # The kernel's own layout now carries the codes; keeping both would double the memory.
                self.packed = torch.empty(0, dtype=torch.uint8, device=packed.device)
                break

    @classmethod
    def from_weight(cls, weight: torch.Tensor, compute_dtype: torch.dtype) -> Int4Linear:
        group = int4_group_size(weight.shape[1])
        packed, scale, zero = quantize_int4(weight, group)
        return cls(packed, scale, zero, compute_dtype)

    def rows_linear(self, x: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        return F.linear(x, self.dequantized_rows(start, stop, x.dtype))

    def dequantized_rows(self, start: int, stop: int, dtype: torch.dtype) -> torch.Tensor:
        if self.packed.numel() == 0:
            raise RuntimeError("this layer keeps its codes only in the packed-kernel layout")
        codes = unpack_int4(self.packed[start:stop]).to(dtype).reshape(stop - start, -1, self.group)
        w = (codes - self.zero[start:stop, :, None].to(dtype)) * self.scale[start:stop, :, None].to(dtype)
        return w.reshape(stop - start, self.in_features)

    def _prepare_kernel(self, name: str, dtype: torch.dtype) -> None:
        """The packed-kernel layouts: tinygemm wants `(code - 8) * scale + offset` per group."""
        offsets = (8.0 - self.zero.float()) * self.scale.float()
        self._kernel_scales = torch.stack((self.scale.float(), offsets), dim=-1).transpose(0, 1)
        self._kernel_scales = self._kernel_scales.contiguous().to(dtype)
        codes = unpack_int4(self.packed)
        if name == "int4pack_cpu":
            self._kernel_weight = torch.ops.aten._convert_weight_to_int4pack_for_cpu(codes.to(torch.int32), 2)
        else:
            high_first = (codes[:, 0::2] << 4) | codes[:, 1::2]
            self._kernel_weight = torch.ops.aten._convert_weight_to_int4pack(high_first.contiguous(), 8)
        self.kernel = name

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.kernel == "int4pack_cpu":
            flat = x.reshape(-1, self.in_features).contiguous()
            out = torch.ops.aten._weight_int4pack_mm_for_cpu(flat, self._kernel_weight, self.group,
                                                            self._kernel_scales)
            return out.reshape(*x.shape[:-1], self.out_features)
        if self.kernel == "int4pack_cuda":
            flat = x.reshape(-1, self.in_features).contiguous()
            out = torch.ops.aten._weight_int4pack_mm(flat, self._kernel_weight, self.group,
                                                    self._kernel_scales)
            return out.reshape(*x.shape[:-1], self.out_features)
        return _blockwise_linear(self, x)


def _blockwise_linear(layer: Int8Linear | Int4Linear, x: torch.Tensor) -> torch.Tensor:
    step = _row_block(layer.in_features)
    if step >= layer.out_features:
        return layer.rows_linear(x, 0, layer.out_features)
    parts = [layer.rows_linear(x, start, min(start + step, layer.out_features))
             for start in range(0, layer.out_features, step)]
    return torch.cat(parts, dim=-1)


_FASTEST: dict[tuple[object, ...], str] = {}


def _fastest_on_cuda(layer: Int8Linear, names: tuple[str, ...]) -> str:
    """The quickest of `names` (all already checked correct) for one-token steps of this layer's
    shape, timed as a replayed CUDA graph of 20 calls; remembered per shape, device and dtype."""
    dtype = layer.scale.dtype
    device = layer.codes.device
    key = (type(layer).__name__, layer.out_features, layer.in_features, str(device), dtype, names)
    if key in _FASTEST:
        return _FASTEST[key]
    probe = torch.randn(1, layer.in_features, device=device, dtype=dtype)
    timings: dict[str, float] = {}
    for name in names:
        layer.kernel = name
        try:
            with torch.inference_mode():
                side = torch.cuda.Stream()
                side.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(side):
                    layer(probe)
                torch.cuda.current_stream().wait_stream(side)
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph):
                    for _ in range(20):
                        layer(probe)
                graph.replay()
                torch.cuda.synchronize()
                start = time.perf_counter()
                for _ in range(3):
                    graph.replay()
                torch.cuda.synchronize()
                timings[name] = time.perf_counter() - start
            del graph
        except RuntimeError:
            torch.cuda.synchronize()
    best = min(timings, key=timings.__getitem__) if timings else names[-1]
    _FASTEST[key] = best
    return best


def kernel_choices() -> dict[str, str]:
    """What `_fastest_on_cuda` chose, for benchmarks and logs: 'Int8Linear 3072x8192 ...' -> kernel."""
    return {f"{k[0]} {k[1]}x{k[2]} {k[3]} {k[4]}": v for k, v in _FASTEST.items()}


def _try_kernel(layer: Int8Linear | Int4Linear, name: str) -> bool:
    """Use a packed kernel only if this build has it for the device and it agrees with dequantising."""
    device = layer.scale.device
    dtype = layer.scale.dtype
    aten = torch.ops.aten
    if name.startswith("int8pack") and not hasattr(aten, "_weight_int8pack_mm"):
        return False
    if name == "int8pack_bf16" and device.type != "cpu":
        return False
    if name == "int4pack_cpu" and (device.type != "cpu" or not hasattr(aten, "_weight_int4pack_mm_for_cpu")):
        return False
    if name == "int4pack_cuda" and (device.type != "cuda" or dtype != torch.bfloat16
                                    or not hasattr(aten, "_weight_int4pack_mm")):
        return False
    generator = torch.Generator(device="cpu").manual_seed(0)
    probe = torch.randn(2, layer.in_features, generator=generator).to(device=device, dtype=dtype)
    try:
        expected = _blockwise_linear(layer, probe).float()
        previous = layer.kernel
        if isinstance(layer, Int4Linear):
            layer._prepare_kernel(name, dtype)
        else:
            layer.kernel = name
        got = layer(probe).float()
    except (RuntimeError, NotImplementedError, TypeError, AttributeError):
        _reset(layer)
        return False
    low_precision = dtype in (torch.bfloat16, torch.float16) or name == "int8pack_bf16"
    tolerance = 2e-2 if low_precision else 1e-3
    scale = expected.abs().max().clamp(min=1.0)
    if not torch.isfinite(got).all() or (got - expected).abs().max() > tolerance * scale:
        _reset(layer)
        return False
    layer.kernel = previous
    return True


def _reset(layer: Int8Linear | Int4Linear) -> None:
    layer.kernel = "dequant"
    if isinstance(layer, Int4Linear):
        layer._kernel_weight = None
        layer._kernel_scales = None


def quantize_linear(weight: torch.Tensor, mode: str, compute_dtype: torch.dtype, *,
                    head: bool = False) -> nn.Module:
    """A quantised stand-in for `nn.Linear(bias=False)` holding `weight` [out, in] (any float dtype)."""
    if mode == "int8" or (mode == "int4" and head):
        return Int8Linear.from_weight(weight, compute_dtype)
    if mode == "int4":
        return Int4Linear.from_weight(weight, compute_dtype)
    raise ValueError(f"unknown quantisation {mode!r}; choose one of {', '.join(QUANT_MODES)}")
