"""EditX speech while the LLM is still talking: TTS-3B's windowed decoding, with EditX's flow.

The reference has a cache-based chunk schedule for its decoder (`../shared/notes/step-audio-editx.md`
§3.11) that its own TTS code never uses; this is not that. It is the studio's windowed decoding
(backends.step.streaming: each window re-reads some tokens before it, the mel windows are crossfaded,
HiFT runs on the released mel with its excitation carried over), with two EditX specifics: a window
decodes its codes after the voice's prompt, so its noise is the flow's fixed buffer at the prompt's
positions and then at the window's own (the positions a one-pass decode gives those frames); and the
vocoder's excitation is drawn from the take's seed, as the one-pass decode draws it. So with streaming
off the sentence is decoded exactly as `EditxDecoder.token2wav` decodes it. Windows start on whole
groups of five codes (two vq02 + three vq06), which become six mel frames.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from backends.joiner import StreamJoiner
from backends.step.streaming import GROUP, StreamDecoder

FRAMES_PER_GROUP = 6  # 5 codes -> 3 token frames -> x2 upsampling
HOP = 480  # samples per mel frame at 24 kHz (8 * 5 * 3 * 4)


class EditxStreamDecoder(StreamDecoder):
    """Feed EditX's mixed codes one by one; audio pieces come back in order (see StreamDecoder)."""

    def __init__(self, decoder: Any, prompt_codes: np.ndarray, prompt_features: np.ndarray,
                 embedding: np.ndarray, joiner: StreamJoiner, *, seed: int, **settings: Any) -> None:
        import torch

        from backends.step.vocoder.editx.flow import regroup_codes

        super().__init__(decoder, prompt_codes, prompt_features, embedding, joiner, seed=seed, **settings)
        self.seed = int(seed)
        self._codes = np.asarray(prompt_codes, dtype=np.int64).reshape(-1)
        self._feats = np.asarray(prompt_features, dtype=np.float32)[None]
        self._emb = np.asarray(embedding, dtype=np.float32).reshape(1, -1)
        stride = self.flow.config.encoder.up_stride
        self._prompt_frames = stride * len(regroup_codes(self._codes)) if len(self._codes) else 0
        self._regroup = regroup_codes
        self._stride = stride
        self._hift_gen = torch.Generator().manual_seed(self.seed)  # as token2wav draws the excitation

    @staticmethod
    def max_overlap_samples(hift_holdback: int = 6, hop: int = HOP) -> int:
        return hift_holdback * hop

    def _window(self, end: int, *, last: bool) -> Any:
        """Decode codes up to `end` after the prompt; returns the mel the stitcher releases."""
        import time

        import torch

        from backends.step.vocoder.flow.streaming import MelChunk

        t0 = time.perf_counter()
        start = max(0, self.owned - self.context)
        start -= start % GROUP
        codes = self.tokens[start:end]
        f_start = start // GROUP * FRAMES_PER_GROUP
        own_a = self.owned // GROUP * FRAMES_PER_GROUP
        frames = self._stride * len(self._regroup(codes))
        buffer = self.flow.noise(self._prompt_frames + f_start + frames, self.seed)
        head, body = buffer[:, :, :self._prompt_frames], buffer[:, :, self._prompt_frames + f_start:]
        z = torch.cat([head, body], dim=2)
        mel = self.flow.inference(codes, self._codes, self._feats, self._emb, seed=self.seed, noise=z)
        f_end = f_start + mel.shape[-1]
        own_b = f_end if last else end // GROUP * FRAMES_PER_GROUP
        overlap = min(self.crossfade, own_a - f_start)
        a = own_a - overlap - f_start
        chunk = MelChunk(mel[:, :, a:own_b - f_start].float().cpu(), own_a - overlap, overlap)
        self.owned = end
        self.windows += 1
        ready = self._stitch.push(chunk)
        self.decode_seconds += time.perf_counter() - t0
        return ready
