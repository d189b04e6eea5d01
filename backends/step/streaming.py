"""Audio while the LLM is still talking: decode the growing token list window by window, in the mel domain.

The flow decoder is non-causal and has no streaming mode of its own. Each window decodes the tokens it
owns plus `context` tokens before them (so its first frames are not rendered blind), and its start noise
is locked to the utterance's frame positions (vocoder.flow.streaming.PositionNoise), so two windows that
render the same frames start from the same point and nearly agree; MelStitcher crossfades those frames
and releases only mel that will not change. HiFT then vocodes the released mel in pieces: each piece
re-reads `hift_context` frames before it, reuses the excitation of the frames it shares with the piece
before (`cache_source`, so the harmonic phase runs on), and holds back its last `hift_holdback` frames,
which the next piece re-renders with right context and the joiner crossfades.

Chosen over decoding each token window straight to waveform and crossfading audio, by a measurement on
the tiny random-weight decoders (250 tokens, windows 30/85 with 20 tokens of overlap, three seeds): the
stitched mel differed from the one-pass mel by 0.35 of its standard deviation (mean absolute), against
1.08 for waveform windows, and two renders of the same overlap frames differed by 0.22 against 1.09 (the
waveform windows each drew their noise from the window's start, so their overlaps were unrelated).
First audio comes after `first_window` tokens (30: 0.72 s of speech) either way. Windows end on whole
groups of five tokens (two vq02 + three vq06 codes), so every window starts in the same interleave phase.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from backends.joiner import StreamJoiner

TOKEN_RATE = 125.0 / 3.0  # interleaved audio tokens per second (2 x 16.67 Hz + 3 x 25 Hz per 120 ms)
GROUP = 5


class StreamDecoder:
    """Feed tokens one by one; collect audio pieces that can be played in order at once.

    `decoder`: a CosyVoiceDecoder; the prompt codes, mel and embedding are the voice's. `joiner` is
    shared by every sentence of a take and must hold `max_overlap_samples()`. `window` tokens are
    decoded per later window, `context` of them re-read from before. `streaming=False` decodes the
    whole sentence in one window at `finish()` (the reference's behaviour).
    """

    def __init__(
        self,
        decoder: Any,
        prompt_codes: np.ndarray,
        prompt_features: np.ndarray,
        embedding: np.ndarray,
        joiner: StreamJoiner,
        *,
        seed: int,
        first_window: int = 30,
        window: int = 85,
        context: int = 20,
        crossfade_frames: int = 10,
        hift_context: int = 16,
        hift_holdback: int = 6,
        streaming: bool = True,
    ) -> None:
        import torch

        from backends.step.vocoder.flow.streaming import MelStitcher, PositionNoise

        self.decoder = decoder
        self.flow = decoder.flow()
        self.hift = decoder.hift()
        cfg = self.flow.config
        # The voice's tensors go to the flow's device once, not with every window; the noise stays on
        # the CPU (its generators are CPU ones, so a seed gives the same take on any device).
        device = self.flow.device
        self.prompt_token = torch.as_tensor(np.asarray(prompt_codes, dtype=np.int64))[None].to(device)
        self.prompt_feat = torch.as_tensor(np.asarray(prompt_features, dtype=np.float32))[None].to(device)
        self.embedding = torch.as_tensor(np.asarray(embedding, dtype=np.float32).reshape(1, -1)).to(device)
        self.joiner = joiner
        self.first_window, self.hop, self.context = first_window, window - context, context
        self.crossfade = crossfade_frames
        self.streaming = streaming
        self._noise = PositionNoise(cfg.output_size, seed)
        gen = torch.Generator().manual_seed(seed + 1)
        self._prompt_noise = torch.randn(cfg.output_size, self.prompt_feat.shape[1], generator=gen)
        self._hift_gen = torch.Generator().manual_seed(seed + 2)
        self._stitch = MelStitcher(crossfade_frames)
        self.hift_context, self.hift_holdback = hift_context, hift_holdback
        self.hop_samples = int(self.hift.hop_length)
        self.tokens: list[int] = []
        self.owned = 0
        self.windows = 0
        self.decode_seconds = 0.0
        self._mel = torch.zeros(1, cfg.output_size, 0)  # released (final) mel frames
        self._voc_done = 0  # frames whose audio has been released
        self._src: torch.Tensor | None = None  # excitation of the last vocoded span
        self._src_start = 0
        self._held = 0  # samples at the end of the last piece that the next one re-renders
        self._held_start = 0

    @staticmethod
    def max_overlap_samples(hift_holdback: int = 6, hop: int = 256) -> int:
        """What the joiner must be able to hold back for the re-rendered vocoder frames."""
        return hift_holdback * hop

    def push(self, code: int) -> list[np.ndarray]:
        self.tokens.append(int(code))
        if not self.streaming:
            return []
        need = self.first_window if self.owned == 0 else self.hop
        if len(self.tokens) - self.owned < need:
            return []
        end = len(self.tokens) - len(self.tokens) % GROUP
        if end <= self.owned:
            return []
        return self._vocode(self._window(end, last=False), last=False)

    def finish(self) -> list[np.ndarray]:
        """Decode and vocode what is left, in one HiFT call. The joiner is not flushed: the take may go on.

        With streaming off this is the only call, so the sentence's whole mel is vocoded at once, as
        the reference does: vocoding it in two pieces redrew the excitation of the second piece and
        put a seam in it (10-14 dB SNR against the reference's one-pass waveform)."""
        import torch

        if not self.tokens:
            return []
        rest = self._window(len(self.tokens), last=True) if len(self.tokens) > self.owned else None
        tail = self._stitch.finish()
        mel = tail if rest is None else torch.cat([rest, tail.to(rest)], dim=2)
        return self._vocode(mel, last=True)

    def _window(self, end: int, *, last: bool) -> Any:
        """Decode tokens up to `end`; returns the mel the stitcher releases (``[1, 80, T]``, CPU)."""
        import time

        import torch

        from backends.step.vocoder.flow.streaming import MelChunk, TokenWindow, decode_window

        t0 = time.perf_counter()
        start = max(0, self.owned - self.context)
        start -= start % GROUP
        win = TokenWindow(start, end, self.owned, end, last)
        total = self.flow.config.mel_frames(len(self.tokens)) if last else None
        chunk = decode_window(
            self.flow, torch.tensor([self.tokens], dtype=torch.long), win, self.prompt_token,
            self.prompt_feat, self.embedding, crossfade_frames=self.crossfade,
            prompt_noise=self._prompt_noise, noise=self._noise, total_frames=total,
        )
        self.owned = end
        self.windows += 1
        # Stitch on the CPU in float32 (a few kB per window): the stitcher's fades are made there.
        ready = self._stitch.push(MelChunk(chunk.mel.float().cpu(), chunk.start_frame, chunk.overlap))
        self.decode_seconds += time.perf_counter() - t0
        return ready

    def _vocode(self, mel: Any, *, last: bool) -> list[np.ndarray]:
        import time

        import torch

        t0 = time.perf_counter()
        self._mel = torch.cat([self._mel, mel.float()], dim=2)
        n = self._mel.shape[-1]
        keep = 0 if last else self.hift_holdback
        if n - keep <= self._voc_done and not last:
            return []
        begin = max(0, self._held_start - self.hift_context)
        cache = None
        if self._src is not None:
            cache = self._src[:, :, (begin - self._src_start) * self.hop_samples:]
        wav, src = self.hift.synthesize(self._mel[:, :, begin:n], generator=self._hift_gen,
                                        cache_source=cache)
        wav = wav[0].float().cpu().numpy()
        self._src, self._src_start = src, begin
        new = wav[(self._held_start - begin) * self.hop_samples:]
        # new re-renders the held frames (now with right context) first: the joiner crossfades them.
        overlap = min(self._held, len(new), self.joiner.max_overlap)
        self._held = keep * self.hop_samples
        self._held_start = n - keep
        self._voc_done = n - keep
        self.decode_seconds += time.perf_counter() - t0
        piece = self.joiner.push(new.astype(np.float32), overlap=overlap)
        return [piece] if len(piece) else []
