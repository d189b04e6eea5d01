"""Chunked decoding for streaming: overlapping token windows through the non-causal flow.

The flow sees a whole window at once (conformer and U-Net attend both ways), so frames near a
window's edges are decoded without the context they would have had in one pass. Each window
therefore decodes some already-owned tokens on its left (``context_tokens``) and, optionally, a few
future tokens on its right (``lookahead_tokens``, which costs latency). A window returns the mel of
the tokens it owns plus ``crossfade_frames`` frames re-rendered over the end of the previous
window, for the caller to crossfade; :class:`MelStitcher` does that with a held-back tail.

The ODE start noise is "position locked": frame ``f`` of the utterance always starts from the same
noise column whichever window renders it, so overlapping renders begin at the same point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from .model import FlowModel


@dataclass(frozen=True)
class TokenWindow:
    """Decode tokens ``[start, end)``; emit frames for owned tokens ``[own_start, own_end)``."""

    start: int
    end: int
    own_start: int
    own_end: int
    last: bool


@dataclass
class MelChunk:
    """``mel [1, 80, F]`` covering utterance frames ``[start_frame, start_frame + F)``.

    The first ``overlap`` frames re-render the end of the previous chunk (crossfade region).
    """

    mel: torch.Tensor
    start_frame: int
    overlap: int

    @property
    def end_frame(self) -> int:
        return self.start_frame + self.mel.shape[-1]


def plan_windows(
    n_tokens: int,
    *,
    first: int = 0,
    hop_tokens: int = 84,
    context_tokens: int = 12,
    lookahead_tokens: int = 0,
    final: bool = False,
) -> list[TokenWindow]:
    """Windows that can be decoded with ``n_tokens`` available, owning tokens from ``first`` on.

    A window owns ``hop_tokens`` tokens (84 = about 2 s of the 41.67 Hz stream) and is ready when its
    lookahead has arrived; with ``final`` the remainder becomes one last window (merged into the
    previous one's span when shorter than a quarter hop, to avoid a tiny, context-poor window).
    """
    if hop_tokens <= 0 or context_tokens < 0 or lookahead_tokens < 0:
        raise ValueError("hop must be positive, context and lookahead non-negative")
    out: list[TokenWindow] = []
    own = first
    while own < n_tokens:
        if final:
            own_end = min(own + hop_tokens, n_tokens)
            if n_tokens - own_end < max(1, hop_tokens // 4):
                own_end = n_tokens
        elif own + hop_tokens + lookahead_tokens <= n_tokens:
            own_end = own + hop_tokens
        else:
            break
        last = own_end == n_tokens and final
        out.append(
            TokenWindow(
                max(0, own - context_tokens), min(n_tokens, own_end + lookahead_tokens), own, own_end, last
            )
        )
        own = own_end
    return out


class PositionNoise:
    """Noise columns indexed by utterance frame, drawn lazily from one seeded generator.

    The generator and the buffer live on the CPU whatever device the flow runs on: a seed then gives
    the same noise on every device, and ``FlowModel.inference`` moves the columns it is given. Columns
    are drawn in whole blocks of ``BLOCK`` frames, so frame ``j`` gets the same noise however the
    requests were split (streaming windows or one pass): a draw sized by the request filled the
    ``[channels, n]`` block row by row, and the frames past the first block differed between the two.
    """

    BLOCK = 256

    def __init__(self, channels: int, seed: int | None):
        self._gen = torch.Generator()
        self._gen.manual_seed(seed if seed is not None else int(torch.randint(0, 2**31 - 1, (1,))))
        self._channels = channels
        self._buf = torch.zeros(channels, 0)

    def take(self, start: int, frames: int) -> torch.Tensor:
        need = start + frames
        if need > self._buf.shape[1]:
            blocks = -(-(need - self._buf.shape[1]) // self.BLOCK)
            extra = [torch.randn(self._channels, self.BLOCK, generator=self._gen) for _ in range(blocks)]
            self._buf = torch.cat([self._buf, *extra], dim=1)
        return self._buf[:, start:need]


def decode_window(
    flow: FlowModel,
    tokens: torch.Tensor,
    window: TokenWindow,
    prompt_token: torch.Tensor,
    prompt_feat: torch.Tensor,
    embedding: torch.Tensor,
    *,
    crossfade_frames: int = 0,
    prompt_noise: torch.Tensor | None = None,
    noise: PositionNoise | None = None,
    total_frames: int | None = None,
    n_timesteps: int | None = None,
) -> MelChunk:
    """Decode one window of ``tokens [1, N]`` (global indices) and cut out its own frames.

    Window frame counts are ``frame(end) - frame(start)`` with ``frame(g) = config.mel_frames(g)``,
    the reference's own token-to-frame rule, so all windows share one frame grid and the windows of
    ``N`` tokens add up to exactly the one-pass length; ``total_frames`` can pin the last window's end.
    """
    frame_at = flow.config.mel_frames
    f_start, f_end = frame_at(window.start), frame_at(window.end)
    if window.last and total_frames is not None and window.end == tokens.shape[1]:
        f_end = total_frames
    own_a = frame_at(window.own_start)
    own_b = f_end if window.own_end == window.end and window.last else frame_at(window.own_end)
    overlap = min(crossfade_frames, own_a - f_start)
    frames = f_end - f_start
    z = None
    if noise is not None:
        n_prompt = prompt_feat.shape[1]
        body = noise.take(f_start, frames)
        head = prompt_noise if prompt_noise is not None else body.new_zeros(flow.config.output_size, 0)
        if head.shape[-1] != n_prompt:
            raise ValueError("prompt_noise must cover the prompt mel frames")
        # Joined where the position noise lives (the CPU); the flow moves z to its device.
        head = head.reshape(flow.config.output_size, -1).to(device=body.device, dtype=body.dtype)
        z = torch.cat([head, body], dim=1)[None]
    piece = tokens[:, window.start : window.end]
    mel = flow.inference(
        piece,
        torch.tensor([piece.shape[1]]),
        prompt_token,
        torch.tensor([prompt_token.shape[1]]),
        prompt_feat,
        torch.tensor([prompt_feat.shape[1]]),
        embedding,
        noise=z,
        target_frames=frames,
        n_timesteps=n_timesteps,
    )
    a = own_a - overlap - f_start
    return MelChunk(mel[:, :, a : own_b - f_start], own_a - overlap, overlap)


class MelStitcher:
    """Joins :class:`MelChunk` s with a linear crossfade, holding back each chunk's tail until the next.

    ``push`` returns frames that will not change any more (safe to vocode); ``finish`` the rest.
    """

    def __init__(self, holdback: int):
        self.holdback = max(0, holdback)
        self._tail: torch.Tensor | None = None
        self._emitted = 0

    def push(self, chunk: MelChunk) -> torch.Tensor:
        mel = chunk.mel
        if self._tail is not None and chunk.overlap > 0:
            n = min(chunk.overlap, self._tail.shape[-1])
            # The ramp is made on the chunk's device, and the mix taken in float32 (a bf16 ramp of a few
            # steps would be uneven), then stored back in the chunk's dtype.
            fade = torch.linspace(0.0, 1.0, n + 2, dtype=torch.float32, device=mel.device)[1:-1]
            head = (self._tail[:, :, -n:].float() * (1 - fade)
                    + mel[:, :, chunk.overlap - n : chunk.overlap].float() * fade).to(mel.dtype)
            mel = torch.cat([self._tail[:, :, :-n], head, mel[:, :, chunk.overlap :]], dim=2)
        elif self._tail is not None:
            mel = torch.cat([self._tail, mel[:, :, chunk.overlap :]], dim=2)
        keep = min(self.holdback, mel.shape[-1])
        ready, self._tail = mel[:, :, : mel.shape[-1] - keep], mel[:, :, mel.shape[-1] - keep :]
        self._emitted += ready.shape[-1]
        return ready

    def finish(self) -> torch.Tensor:
        tail = self._tail if self._tail is not None else torch.zeros(1, 80, 0)
        self._tail = None
        self._emitted += tail.shape[-1]
        return tail


def crossfade_mels(chunks: Sequence[MelChunk], crossfade_frames: int) -> torch.Tensor:
    """Whole mel from chunks in order (what a streaming caller would have played)."""
    stitcher = MelStitcher(crossfade_frames)
    parts = [stitcher.push(c) for c in chunks]
    parts.append(stitcher.finish())
    return torch.cat(parts, dim=2)


class FlowStreamer:
    """Incremental front end: feed token ids as the LM yields them, receive mel chunks when ready."""

    def __init__(
        self,
        flow: FlowModel,
        prompt_token: torch.Tensor,
        prompt_feat: torch.Tensor,
        embedding: torch.Tensor,
        *,
        hop_tokens: int = 84,
        context_tokens: int = 12,
        lookahead_tokens: int = 0,
        crossfade_frames: int = 10,
        seed: int | None = None,
        n_timesteps: int | None = None,
    ):
        self.flow = flow
        self.prompt_token, self.prompt_feat, self.embedding = prompt_token, prompt_feat, embedding
        self.hop, self.context, self.lookahead = hop_tokens, context_tokens, lookahead_tokens
        self.crossfade = crossfade_frames
        self.n_timesteps = n_timesteps
        self._noise = PositionNoise(flow.config.output_size, seed)
        gen = torch.Generator().manual_seed((seed or 0) + 1)
        self._prompt_noise = torch.randn(flow.config.output_size, prompt_feat.shape[1], generator=gen)
        self._tokens: list[int] = []
        self._owned = 0

    def _run(self, final: bool) -> list[MelChunk]:
        tokens = torch.tensor([self._tokens], dtype=torch.long)
        windows = plan_windows(
            len(self._tokens),
            first=self._owned,
            hop_tokens=self.hop,
            context_tokens=self.context,
            lookahead_tokens=self.lookahead,
            final=final,
        )
        total = self.flow.config.mel_frames(len(self._tokens)) if final else None
        out = []
        for w in windows:
            out.append(
                decode_window(
                    self.flow,
                    tokens,
                    w,
                    self.prompt_token,
                    self.prompt_feat,
                    self.embedding,
                    crossfade_frames=self.crossfade,
                    prompt_noise=self._prompt_noise,
                    noise=self._noise,
                    total_frames=total,
                    n_timesteps=self.n_timesteps,
                )
            )
            self._owned = w.own_end
        return out

    def feed(self, tokens: Sequence[int]) -> list[MelChunk]:
        self._tokens.extend(int(t) for t in tokens)
        return self._run(final=False)

    def finish(self) -> list[MelChunk]:
        return self._run(final=True)
