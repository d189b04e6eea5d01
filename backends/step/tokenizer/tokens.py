"""The dual-codebook token stream: interleaving, LLM id offsets and the `<audio_N>` text form.

Step-Audio's LLM sees speech as groups of five tokens covering 120 ms: two vq02 codes (16.67 Hz)
followed by three vq06 codes (25 Hz). Groups only exist while both streams have a full share, so
any tail that does not fill a whole group (at most one vq02 or two vq06 codes past the last
group, or more when one side ran longer) is dropped, as the reference does in both its id and its
text builders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

VQ02_SIZE = 1024
VQ06_SIZE = 4096
AUDIO_ID_OFFSET = 65536  # first LLM vocabulary id of an audio token
AUDIO_CODE_COUNT = VQ02_SIZE + VQ06_SIZE  # 5120 interleaved codes: 0..1023 vq02, 1024..5119 vq06
VQ02_PER_GROUP = 2
VQ06_PER_GROUP = 3

_AUDIO_TAG = re.compile(r"<audio_(\d+)>")


def interleave(vq02: np.ndarray, vq06: np.ndarray) -> np.ndarray:
    """Codes 0..5119 in groups of 2 vq02 + 3 vq06 (vq06 shifted by 1024); partial groups dropped."""
    a = np.asarray(vq02, dtype=np.int64).reshape(-1)
    b = np.asarray(vq06, dtype=np.int64).reshape(-1)
    groups = min(len(a) // VQ02_PER_GROUP, len(b) // VQ06_PER_GROUP)
    if groups == 0:
        return np.zeros(0, dtype=np.int64)
    left = a[: groups * VQ02_PER_GROUP].reshape(groups, VQ02_PER_GROUP)
    right = b[: groups * VQ06_PER_GROUP].reshape(groups, VQ06_PER_GROUP) + VQ02_SIZE
    return np.concatenate([left, right], axis=1).reshape(-1)


def deinterleave(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split an interleaved stream back into (vq02, vq06); a trailing partial group is kept by kind."""
    c = np.asarray(codes, dtype=np.int64).reshape(-1)
    if c.size and (c.min() < 0 or c.max() >= AUDIO_CODE_COUNT):
        raise ValueError(f"audio codes must lie in 0..{AUDIO_CODE_COUNT - 1}")
    is_vq02 = c < VQ02_SIZE
    return c[is_vq02], c[~is_vq02] - VQ02_SIZE


def codes_to_text(codes: np.ndarray) -> str:
    return "".join(f"<audio_{int(x)}>" for x in np.asarray(codes).reshape(-1))


def text_to_codes(text: str) -> np.ndarray:
    """Every `<audio_N>` in `text`, in order (other text is ignored); N must be a valid code."""
    values = [int(m) for m in _AUDIO_TAG.findall(text)]
    out = np.asarray(values, dtype=np.int64)
    if out.size and out.max() >= AUDIO_CODE_COUNT:
        raise ValueError(f"<audio_{int(out.max())}> is outside 0..{AUDIO_CODE_COUNT - 1}")
    return out


def codes_to_llm_ids(codes: np.ndarray) -> list[int]:
    return [int(x) + AUDIO_ID_OFFSET for x in np.asarray(codes).reshape(-1)]


def llm_ids_to_codes(ids: list[int] | np.ndarray) -> np.ndarray:
    """Audio codes from LLM ids, keeping only ids in the audio range (text ids are skipped)."""
    arr = np.asarray(ids, dtype=np.int64).reshape(-1)
    keep = (arr >= AUDIO_ID_OFFSET) & (arr < AUDIO_ID_OFFSET + AUDIO_CODE_COUNT)
    return arr[keep] - AUDIO_ID_OFFSET


@dataclass
class AudioTokens:
    """Both code streams of one clip; `vq02` at 16.67 Hz (0..1023), `vq06` at 25 Hz (0..4095)."""

    vq02: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vq06: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        self.vq02 = np.asarray(self.vq02, dtype=np.int64).reshape(-1)
        self.vq06 = np.asarray(self.vq06, dtype=np.int64).reshape(-1)

    def interleaved(self) -> np.ndarray:
        return interleave(self.vq02, self.vq06)

    def llm_ids(self) -> list[int]:
        return codes_to_llm_ids(self.interleaved())

    def as_text(self) -> str:
        return codes_to_text(self.interleaved())

    @classmethod
    def from_text(cls, text: str) -> AudioTokens:
        """Parse `<audio_N>` text back into both streams (the inverse of `as_text`)."""
        vq02, vq06 = deinterleave(text_to_codes(text))
        return cls(vq02, vq06)
