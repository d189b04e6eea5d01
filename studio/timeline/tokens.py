"""Step-Audio's dual-codebook tokens as timed cells, their comparison, and their exports.

The audio tokens come in groups of five per 120 ms: two vq02 codes (the linguistic codebook, 1024
entries, one per 60 ms) then three vq06 codes (the semantic codebook, 4096 entries, one per
40 ms), so 41.67 tokens per second of speech. A code's cell is its slot in that grouping, counted
from the start of the run it belongs to (a sentence of a take, or a whole clip the tokenizer read);
it is not a guess from the audio. Codes use the `<audio_N>` numbering: 0..1023 are vq02, 1024..5119
vq06 (stored per lane as 0..4095). A code in the other codebook's slot (only a random test model
does that) is drawn in the lane its value belongs to, at the time of its slot.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from backends.base import SpeechTokens

if TYPE_CHECKING:
    from studio.editing.transcript import Transcript

GROUP = 5  # codes per group: two vq02, three vq06
GROUP_SECONDS = 0.12
TOKEN_RATE = GROUP / GROUP_SECONDS  # 41.67 codes per second
VQ02_SIZE, VQ06_SIZE = 1024, 4096
MAX_PACKED_TOKENS = 200_000  # 80 minutes of speech: more in a take's record is not a take's tokens
LANES = ("vq02", "vq06")
_SLOT_START = np.array([0.0, 0.06, 0.0, 0.04, 0.08])  # each slot's start within its group
_SLOT_LENGTH = np.array([0.06, 0.06, 0.04, 0.04, 0.04])


@dataclass(frozen=True)
class Lane:
    """One codebook's cells, in time order: seconds, codes within the codebook, and each cell's
    position in the interleaved stream (what a comparison and an export refer to)."""

    name: str
    starts: np.ndarray
    ends: np.ndarray
    codes: np.ndarray
    positions: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def visible(self, start: float, end: float) -> slice:
        """The cells that overlap [start, end) seconds: a slice, found by bisection (a 10-minute
        take has 25,000 cells; a repaint draws only these)."""
        lo = int(np.searchsorted(self.ends, start, side="right"))
        hi = int(np.searchsorted(self.starts, end, side="left"))
        return slice(lo, max(lo, hi))


class TokenTimeline:
    """Every audio token of one take or clip at its time in it; filled run by run as an engine
    reports them (`add`), so a view can draw the lanes while the take is still being made."""

    def __init__(self) -> None:
        self._codes: list[np.ndarray] = []
        self._times: list[np.ndarray] = []  # start of each code's slot
        self._lengths: list[np.ndarray] = []
        self._lanes: dict[str, Lane] | None = None

    @classmethod
    def of(cls, events: Iterable[SpeechTokens]) -> TokenTimeline:
        timeline = cls()
        for event in events:
            timeline.add(event)
        return timeline

    @classmethod
    def from_streams(cls, vq02: np.ndarray, vq06: np.ndarray, start: float = 0.0) -> TokenTimeline:
        """A clip's tokens as the tokenizer gives them (two streams, 2:3), as one run from `start`."""
        a = np.asarray(vq02, np.int64).reshape(-1)
        b = np.asarray(vq06, np.int64).reshape(-1)
        groups = min(len(a) // 2, len(b) // 3)
        pairs, triples = a[: 2 * groups].reshape(groups, 2), VQ02_SIZE + b[: 3 * groups].reshape(groups, 3)
        codes = np.concatenate([pairs, triples], axis=1).reshape(-1)
        return cls.of([SpeechTokens(tuple(int(c) for c in codes), start, 0)])

    def add(self, event: SpeechTokens) -> None:
        codes = np.asarray(event.codes, np.int64)
        if len(codes) == 0:
            return
        if codes.min() < 0 or codes.max() >= VQ02_SIZE + VQ06_SIZE:
            raise ValueError("audio token codes must lie in 0..5119")
        position = event.index + np.arange(len(codes))
        group, slot = np.divmod(position, GROUP)
        self._codes.append(codes)
        self._times.append(event.start + group * GROUP_SECONDS + _SLOT_START[slot])
        self._lengths.append(_SLOT_LENGTH[slot])
        self._lanes = None

    def __len__(self) -> int:
        return sum(len(c) for c in self._codes)

    @property
    def duration(self) -> float:
        ends = (float((t + n).max()) for t, n in zip(self._times, self._lengths, strict=True))
        return max(ends, default=0.0)

    def codes(self) -> np.ndarray:
        """All codes in the order they were reported (the `<audio_N>` numbering)."""
        return np.concatenate(self._codes) if self._codes else np.zeros(0, np.int64)

    def lane(self, name: str) -> Lane:
        if self._lanes is None:
            self._lanes = self._build()
        return self._lanes[name]

    def _build(self) -> dict[str, Lane]:
        codes = self.codes()
        starts = np.concatenate(self._times) if self._times else np.zeros(0)
        ends = starts + (np.concatenate(self._lengths) if self._lengths else np.zeros(0))
        out: dict[str, Lane] = {}
        for name, chosen, offset in (("vq02", codes < VQ02_SIZE, 0), ("vq06", codes >= VQ02_SIZE, VQ02_SIZE)):
            index = np.flatnonzero(chosen)
            order = index[np.argsort(starts[index], kind="stable")]
            out[name] = Lane(name, starts[order], ends[order], codes[order] - offset, order)
        return out

    # --- exports ----------------------------------------------------------------------------------

    def as_text(self) -> str:
        """The `<audio_N>` string Step-Audio's prompts use for these tokens."""
        return "".join(f"<audio_{int(c)}>" for c in self.codes())

    def to_json(self, words: Transcript | None = None) -> dict[str, Any]:
        """Codes and times (and the words, when given) as plain JSON values."""
        out: dict[str, Any] = {"format": "step-audio-tokens", "version": 1,
                               "token_rate": round(TOKEN_RATE, 6)}
        for name in LANES:
            lane = self.lane(name)
            out[name] = {"codes": lane.codes.tolist(), "start": np.round(lane.starts, 4).tolist(),
                         "end": np.round(lane.ends, 4).tolist()}
        out["audio_tokens"] = self.as_text()
        if words is not None:
            out["words"] = [{"text": w.text, "start": round(w.start, 3), "end": round(w.end, 3)}
                            for w in words.words]
        return out


def pack(runs: Iterable[SpeechTokens]) -> dict[str, Any]:
    """The tokens of a take as kept in its record: each reported piece as [start, index, count],
    and all codes as base64 of little-endian uint16 (2 bytes a code: 1 KB for 10 s of speech)."""
    pieces = [r for r in runs if r.codes]
    codes = np.array([c for r in pieces for c in r.codes], dtype="<u2")
    return {"runs": [[round(float(r.start), 6), int(r.index), len(r.codes)] for r in pieces],
            "codes": base64.b64encode(codes.tobytes()).decode("ascii")}


def unpack(data: object) -> list[SpeechTokens]:
    """The pieces `pack` wrote, checked: a take's record can come from a shared bundle, so any
    value that is not what `pack` writes raises ValueError with a sentence."""
    if not isinstance(data, Mapping) or not isinstance(data.get("runs"), list) or not isinstance(
            data.get("codes"), str):
        raise ValueError("The take's audio tokens are not in the studio's format.")
    if len(data["codes"]) > 4 * MAX_PACKED_TOKENS:
        raise ValueError("The take's record holds more audio tokens than any take has.")
    try:
        raw = base64.b64decode(data["codes"], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("The take's audio tokens are damaged.") from None
    if len(raw) % 2:
        raise ValueError("The take's audio tokens are damaged.")
    codes = np.frombuffer(raw, dtype="<u2").astype(np.int64)
    if len(codes) and codes.max() >= VQ02_SIZE + VQ06_SIZE:
        raise ValueError("The take's audio tokens are damaged.")
    out, at = [], 0
    for run in data["runs"]:
        ok = isinstance(run, list) and len(run) == 3 and isinstance(run[0], (int, float)) and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in run[1:])
        if not ok or not math.isfinite(run[0]) or run[0] < 0 or at + run[2] > len(codes):
            raise ValueError("The take's audio tokens are damaged.")
        out.append(SpeechTokens(tuple(int(c) for c in codes[at:at + run[2]]), float(run[0]), run[1]))
        at += run[2]
    if at != len(codes):
        raise ValueError("The take's audio tokens are damaged.")
    return out


@dataclass(frozen=True)
class Comparison:
    """Where two token streams differ, per lane: a mask over each side's cells (True: changed,
    inserted or deleted) and the number of tokens that differ."""

    a: dict[str, np.ndarray]
    b: dict[str, np.ndarray]
    changed: int


def compare(first: TokenTimeline, second: TokenTimeline) -> Comparison:
    """Align each lane's codes (longest matching runs, as `difflib` does) and mark what differs:
    an edit that changed two words marks the cells under those words, not everything after them."""
    masks_a: dict[str, np.ndarray] = {}
    masks_b: dict[str, np.ndarray] = {}
    changed = 0
    for name in LANES:
        x, y = first.lane(name).codes, second.lane(name).codes
        ma, mb = np.ones(len(x), bool), np.ones(len(y), bool)
        matcher = difflib.SequenceMatcher(None, x.tolist(), y.tolist(), autojunk=False)
        for block in matcher.get_matching_blocks():
            ma[block.a:block.a + block.size] = False
            mb[block.b:block.b + block.size] = False
        masks_a[name], masks_b[name] = ma, mb
        changed += max(int(ma.sum()), int(mb.sum()))
    return Comparison(masks_a, masks_b, changed)
