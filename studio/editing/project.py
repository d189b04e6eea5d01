"""The edit project: a source recording kept unchanged, and the versions made from it by operations.

Every operation makes a new `Version`: the operation as asked (name, selection in seconds,
parameters) and what it resolved to (the sample range after snapping to low energy), plus the
piece table that renders it (`studio.editing.pieces`). New sound an operation makes is appended
to the project's buffers and never changed again, so:

- undo and redo move a pointer (instant, unlimited); a new operation after undos drops the redo
  branch and frees the buffers only that branch used;
- any version renders at any time (A/B against the current one) and `restore` makes an earlier
  version current again as a new step, so restoring is itself undoable;
- a cut, insert or paste costs work proportional to the span it touches, never the file.

Positions and selections are in seconds, as a user and a waveform view think of them. A bad
selection (empty, reversed, past the end, not a number) is refused with one `EditError` sentence
before anything changes.

Saving is not this module's concern: a store (`studio.editing.store`) passes a `persist` callback
that runs after each change and before it counts; if it raises (a full disk), the change is rolled
back and the project stays at the last saved version.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from backends.audio import Audio, load_audio
from studio.editing import dsp
from studio.editing.dsp import EditError
from studio.editing.overview import Pyramid, overview
from studio.editing.pieces import SILENCE, Piece, Table, render, replace, sub, total
from studio.editing.seams import SNAP_SECONDS, blend_edges, join, snap_to_quiet

# Called after each change with `committed`: True for a new version (the current one), False when
# only the current version moved (undo, redo).
Persist = Callable[["EditProject", bool], None]


@dataclass(frozen=True)
class Version:
    """One step of the history: what was done (`op`) and what it sounds like (`table`)."""

    op: dict[str, Any]
    table: Table
    new_buffers: tuple[int, ...] = ()
    created: float = field(default_factory=time.time)
    key: str = field(default_factory=lambda: uuid.uuid4().hex[:16])  # names its saved record

    @property
    def length(self) -> int:
        return total(self.table)


class EditProject:
    """An editable recording. Not thread-safe: one owner (the Edit page's controller) drives it."""

    def __init__(self, source: Audio, *, title: str = "", persist: Persist | None = None) -> None:
        if len(source) == 0:
            raise EditError("The recording is empty; there is nothing to edit.")
        self.sample_rate = source.sample_rate
        self.title = title
        self.id: str | None = None
        self.meta: dict[str, Any] = {}  # what a store keeps about it (creation time, file names)
        self.buffers: list[np.ndarray | None] = [source.samples]
        self.pyramids: list[Pyramid | None] = [Pyramid(source.samples)]
        self.versions: list[Version] = [Version({"op": "open"}, (Piece(0, 0, len(source)),))]
        self.current = 0
        self.persist = persist

    @classmethod
    def open(cls, path: str | Path, *, title: str | None = None) -> EditProject:
        """A project on any file `backends.audio.load_audio` reads (AudioLoadError if it cannot)."""
        audio = load_audio(path)
        return cls(audio, title=title if title is not None else Path(path).stem)

    @classmethod
    def from_saved(cls, buffers: list[np.ndarray | None], sample_rate: int, versions: list[Version],
                   current: int, *, title: str = "") -> EditProject:
        """Rebuild a saved project (the store's reopen); buffers no version uses may be None."""
        project = cls(Audio(buffers[0], sample_rate), title=title)  # type: ignore[arg-type]
        project.buffers = list(buffers)
        project.pyramids += [Pyramid(b) if b is not None else None for b in buffers[1:]]
        project.versions = list(versions)
        project.current = current
        return project

    # --- reading -----------------------------------------------------------------------------------

    @property
    def source(self) -> Audio:
        return Audio(self.buffers[0], self.sample_rate)  # type: ignore[arg-type]

    @property
    def table(self) -> Table:
        return self.versions[self.current].table

    @property
    def length(self) -> int:
        """Samples in the current version."""
        return total(self.table)

    @property
    def duration(self) -> float:
        return self.length / self.sample_rate

    def _version(self, version: int | None) -> Version:
        index = self.current if version is None else version
        if not 0 <= index < len(self.versions):
            raise EditError(f"There is no version {index}; the history has versions 0 to "
                            f"{len(self.versions) - 1}.")
        return self.versions[index]

    def render(self, version: int | None = None, start: float | None = None,
               end: float | None = None) -> Audio:
        """The audio of a version (default: the current one), or of [start, end) seconds of it."""
        table = self._version(version).table
        a, b = (0, total(table)) if start is None and end is None else \
            self._range(start or 0.0, total(table) / self.sample_rate if end is None else end, table)
        return Audio(render(table, self.buffers, a, b), self.sample_rate)

    def overview(self, start: float, end: float, columns: int,
                 version: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Min and max per drawn column of [start, end) seconds, from the pyramids (see overview)."""
        table = self._version(version).table
        a, b = self._range(start, end, table)
        return overview(table, self.pyramids, a, b, columns)

    # --- history -----------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self.current > 0

    @property
    def can_redo(self) -> bool:
        return self.current < len(self.versions) - 1

    def undo(self) -> None:
        if not self.can_undo:
            raise EditError("There is nothing to undo.")
        self._move(self.current - 1)

    def redo(self) -> None:
        if not self.can_redo:
            raise EditError("There is nothing to redo.")
        self._move(self.current + 1)

    def _move(self, index: int) -> None:
        before = self.current
        self.current = index
        try:
            if self.persist is not None:
                self.persist(self, False)
        except BaseException:
            self.current = before
            raise

    def restore(self, version: int) -> None:
        """Make an earlier (or later) version current again, as a new, undoable step."""
        table = self._version(version).table
        self._commit({"op": "restore", "version": version}, table, len(self.buffers))

    def live_buffers(self) -> set[int]:
        """Buffers some version still renders from (the source always): the ones not freed."""
        return {i for i, b in enumerate(self.buffers) if b is not None}

    def _commit(self, op: dict[str, Any], table: Table, mark: int) -> None:
        new_ids = tuple(range(mark, len(self.buffers)))
        for i in new_ids:
            self.pyramids.append(Pyramid(self.buffers[i]))  # type: ignore[arg-type]
        saved_versions, saved_current = self.versions, self.current
        # The redo branch goes, and with it the sound only it used (made by it, so used by no
        # version before it), except what the new version itself uses: a restore of a version in
        # that branch. The new version then owns that sound, so dropping it later frees it.
        branch = {i for v in self.versions[self.current + 1:] for i in v.new_buffers}
        kept = tuple(sorted(branch & {p.buf for p in table}))
        freed = {i: (self.buffers[i], self.pyramids[i]) for i in branch - set(kept)}
        for i in freed:
            self.buffers[i] = self.pyramids[i] = None
        self.versions = [*self.versions[:self.current + 1], Version(op, table, kept + new_ids)]
        self.current = len(self.versions) - 1
        try:
            if self.persist is not None:
                self.persist(self, True)
        except BaseException:
            self.versions, self.current = saved_versions, saved_current
            del self.buffers[mark:], self.pyramids[mark:]
            for i, (b, pyr) in freed.items():
                self.buffers[i], self.pyramids[i] = b, pyr
            raise

    def _edit(self, op: dict[str, Any], change: Callable[[Table], Table]) -> None:
        """Run `change` on the current table; a failure leaves no trace (buffers it added go)."""
        mark = len(self.buffers)
        try:
            table = change(self.table)
        except BaseException:
            del self.buffers[mark:]
            raise
        if total(table) == 0:
            del self.buffers[mark:]
            raise EditError("That would leave the clip empty; select less, or delete the project.")
        self._commit(op, table, mark)

    # --- selections --------------------------------------------------------------------------------

    def _range(self, start: float, end: float, table: Table | None = None) -> tuple[int, int]:
        n = total(self.table if table is None else table)
        seconds = n / self.sample_rate
        if not (isinstance(start, (int, float)) and isinstance(end, (int, float))
                and math.isfinite(start) and math.isfinite(end)):
            raise EditError("A selection needs a start and an end in seconds.")
        if end < start:
            raise EditError(f"The selection ends ({end:.2f} s) before it starts ({start:.2f} s).")
        half = 0.5 / self.sample_rate
        if start < -half or end > seconds + half:
            raise EditError(f"The selection {start:.2f}-{end:.2f} s is outside the clip (0-{seconds:.2f} s).")
        a, b = max(0, round(start * self.sample_rate)), min(n, round(end * self.sample_rate))
        if b <= a:
            raise EditError("The selection is empty; select some audio first.")
        return a, b

    def _point(self, at: float) -> int:
        n = self.length
        if not (isinstance(at, (int, float)) and math.isfinite(at)):
            raise EditError("A position needs a time in seconds.")
        half = 0.5 / self.sample_rate
        if at < -half or at > n / self.sample_rate + half:
            raise EditError(f"The position {at:.2f} s is outside the clip (0-{n / self.sample_rate:.2f} s).")
        return min(n, max(0, round(at * self.sample_rate)))

    def _snap(self, table: Table, pos: int) -> int:
        """`pos` moved to the quietest point within SNAP_SECONDS (never past the clip's ends)."""
        n = total(table)
        if pos <= 0 or pos >= n:
            return pos
        radius = int(SNAP_SECONDS * self.sample_rate) * 2
        lo, hi = max(0, pos - radius), min(n, pos + radius)
        return lo + snap_to_quiet(render(table, self.buffers, lo, hi), pos - lo, self.sample_rate)

    def _add_buffer(self, samples: np.ndarray) -> int:
        self.buffers.append(np.ascontiguousarray(samples, dtype=np.float32))
        return len(self.buffers) - 1

    def _clip(self, audio: Audio) -> np.ndarray:
        if not isinstance(audio, Audio) or len(audio) == 0:
            raise EditError("The clip to insert is empty.")
        return audio.resampled(self.sample_rate).samples

    # --- structural operations ----------------------------------------------------------------------

    def copy(self, start: float, end: float) -> Audio:
        """The selection's audio (for a clipboard); the project is unchanged."""
        return self.render(None, start, end)

    def delete(self, start: float, end: float, *, snap: bool = True, name: str = "delete") -> None:
        """Remove the selection; the seam lands on low energy and is crossfaded."""
        a, b = self._range(start, end)

        def change(t: Table) -> Table:
            lo, hi = (self._snap(t, a), self._snap(t, b)) if snap else (a, b)
            if hi <= lo:
                lo, hi = a, b
            op["range"] = [lo, hi]
            return join(replace(t, lo, hi), self.buffers, lo, self.sample_rate)

        op: dict[str, Any] = {"op": name, "start": start, "end": end}
        self._edit(op, change)

    def cut(self, start: float, end: float, *, snap: bool = True) -> Audio:
        """Copy then delete; returns the audio that was removed."""
        clip = self.copy(start, end)
        self.delete(start, end, snap=snap, name="cut")
        return clip

    def insert(self, at: float, audio: Audio, *, snap: bool = True, name: str = "insert") -> None:
        """Insert a clip (any rate; resampled) at `at`, crossfaded at both joins."""
        pos, samples = self._point(at), self._clip(audio)
        op: dict[str, Any] = {"op": name, "at": at, "seconds": len(samples) / self.sample_rate}

        def change(t: Table) -> Table:
            p = self._snap(t, pos) if snap else pos
            op["range"] = [p, p + len(samples)]
            t = replace(t, p, p, [Piece(self._add_buffer(samples), 0, len(samples))])
            t = join(t, self.buffers, p, self.sample_rate)
            return join(t, self.buffers, p + len(samples), self.sample_rate)

        self._edit(op, change)

    def replace(self, start: float, end: float, audio: Audio, op: dict[str, Any] | None = None, *,
                snap: bool = True) -> None:
        """Put a clip (any rate; resampled) in place of the selection as ONE version, crossfaded at
        both joins: re-spoken words go where the old ones were, undone in one step. `op` adds to
        what the history records (name it with "op"; default "replace")."""
        a, b = self._range(start, end)
        samples = self._clip(audio)
        record: dict[str, Any] = {"op": "replace", **(op or {}), "start": start, "end": end,
                                  "seconds": len(samples) / self.sample_rate}

        def change(t: Table) -> Table:
            lo, hi = (self._snap(t, a), self._snap(t, b)) if snap else (a, b)
            if hi <= lo:
                lo, hi = a, b
            record["range"] = [lo, hi]
            t = replace(t, lo, hi, [Piece(self._add_buffer(samples), 0, len(samples))])
            t = join(t, self.buffers, lo, self.sample_rate)
            return join(t, self.buffers, lo + len(samples), self.sample_rate)

        self._edit(record, change)

    def paste(self, at: float, audio: Audio, *, snap: bool = True) -> None:
        self.insert(at, audio, snap=snap, name="paste")

    def insert_silence(self, at: float, seconds: float) -> None:
        """Insert `seconds` of silence (no memory: the silence buffer), faded at both joins."""
        if not (isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds > 0):
            raise EditError("Silence to insert needs a length above 0 seconds.")
        pos, n = self._point(at), round(seconds * self.sample_rate)
        if n < 1:
            raise EditError("Silence to insert needs a length above 0 seconds.")
        op: dict[str, Any] = {"op": "insert_silence", "at": at, "seconds": seconds}

        def change(t: Table) -> Table:
            p = self._snap(t, pos)
            op["range"] = [p, p + n]
            t = join(replace(t, p, p, [Piece(SILENCE, 0, n)]), self.buffers, p, self.sample_rate)
            return join(t, self.buffers, p + n, self.sample_rate)

        self._edit(op, change)

    def crop(self, start: float, end: float, *, snap: bool = True, name: str = "crop") -> None:
        """Keep only the selection."""
        a, b = self._range(start, end)
        op: dict[str, Any] = {"op": name, "start": start, "end": end}

        def change(t: Table) -> Table:
            lo, hi = (self._snap(t, a), self._snap(t, b)) if snap else (a, b)
            if hi <= lo:
                lo, hi = a, b
            op["range"] = [lo, hi]
            return sub(t, lo, hi)

        self._edit(op, change)

    def split(self, at: float, *, snap: bool = True) -> Audio:
        """Split at `at`: this project keeps what is before, the part after is returned (the store
        makes it a project of its own)."""
        pos = self._point(at)
        p = self._snap(self.table, pos) if snap else pos
        if p <= 0 or p >= self.length:
            raise EditError("Split inside the clip, not at its start or end.")
        tail = Audio(render(self.table, self.buffers, p, self.length), self.sample_rate)
        self.crop(0.0, p / self.sample_rate, snap=False, name="split")
        return tail

    # --- sound-changing operations -------------------------------------------------------------------

    def _process(self, op: dict[str, Any], start: float, end: float,
                 fn: Callable[[np.ndarray], np.ndarray], *, blend: bool = True) -> None:
        a, b = self._range(start, end)
        op.update(start=start, end=end, range=[a, b])

        def change(t: Table) -> Table:
            x = render(t, self.buffers, a, b)
            y = fn(x)
            if blend:
                y = blend_edges(x, y, self.sample_rate, left=a > 0, right=b < total(t))
            return replace(t, a, b, [Piece(self._add_buffer(y), 0, len(y))])

        self._edit(op, change)

    def silence(self, start: float, end: float) -> None:
        self._process({"op": "silence"}, start, end, np.zeros_like)

    def fade_in(self, start: float, end: float) -> None:
        self._process({"op": "fade_in"}, start, end, lambda x: dsp.fade(x, True))

    def fade_out(self, start: float, end: float) -> None:
        self._process({"op": "fade_out"}, start, end, lambda x: dsp.fade(x, False))

    def gain(self, start: float, end: float, db: float) -> None:
        self._process({"op": "gain", "db": db}, start, end, lambda x: dsp.gain(x, db))

    def normalize_peak(self, start: float, end: float, dbfs: float = -1.0) -> None:
        op: dict[str, Any] = {"op": "normalize_peak", "dbfs": dbfs}

        def fn(x: np.ndarray) -> np.ndarray:
            op["db"] = dsp.peak_gain_db(x, dbfs)
            return dsp.gain(x, op["db"])

        self._process(op, start, end, fn)

    def normalize_loudness(self, start: float, end: float, lufs: float = -16.0) -> None:
        """Bring the selection's integrated loudness (BS.1770) to `lufs`. A gain that would push
        the peak past 0 dBFS is refused rather than clipped."""
        op: dict[str, Any] = {"op": "normalize_loudness", "lufs": lufs}

        def fn(x: np.ndarray) -> np.ndarray:
            try:
                db = dsp.loudness_gain_db(x, self.sample_rate, lufs)
            except ValueError as exc:
                raise EditError(str(exc)) from exc
            peak = float(np.max(np.abs(x))) * 10 ** (db / 20)
            if peak > 1.0:
                raise EditError(f"Reaching {lufs:.1f} LUFS would clip the peaks by "
                                f"{20 * np.log10(peak):.1f} dB; choose a lower target.")
            op["db"] = db
            return dsp.gain(x, db)

        self._process(op, start, end, fn)

    def change_pitch(self, start: float, end: float, semitones: float) -> None:
        self._process({"op": "pitch", "semitones": semitones}, start, end,
                      lambda x: dsp.change_pitch(x, self.sample_rate, semitones))

    def denoise(self, start: float, end: float, strength: float = 1.0) -> None:
        """Spectral gating with the noise profile from the selection's own pauses (the studio's
        reference-clip cleaner, `studio.voices.reference.clean.denoise`)."""
        if not (isinstance(strength, (int, float)) and 0.0 < strength <= 1.0):
            raise EditError("Denoise strength is a number above 0 and at most 1.")
        from studio.voices.reference.clean import denoise

        self._process({"op": "denoise", "strength": strength}, start, end,
                      lambda x: denoise(Audio(x, self.sample_rate), strength=strength).samples)

    def change_speed(self, start: float, end: float, factor: float) -> None:
        """Play the selection `factor` times faster at the same pitch (its length becomes 1/factor)."""
        self._process({"op": "speed", "factor": factor}, start, end,
                      lambda x: dsp.change_speed(x, self.sample_rate, factor))

    def shorten_pauses(self, start: float | None = None, end: float | None = None, *,
                       longer_than: float = 0.6, keep: float = 0.3) -> int:
        """Shorten every pause (no speech by the voice activity detector) longer than `longer_than`
        seconds to `keep` seconds; `keep=0` removes them. Returns how many pauses were shortened
        (0: nothing changed and no version is made)."""
        a, b = self._range(0.0 if start is None else start, self.duration if end is None else end)
        cuts = dsp.pause_cuts(render(self.table, self.buffers, a, b), self.sample_rate, longer_than, keep)
        if not cuts:
            return 0
        op = {"op": "shorten_pauses", "start": start, "end": end, "longer_than": longer_than,
              "keep": keep, "cuts": [[a + x, a + y] for x, y in cuts]}

        def change(t: Table) -> Table:
            for x, y in reversed(cuts):  # from the end, so earlier positions stay valid
                t = join(replace(t, a + x, a + y), self.buffers, a + x, self.sample_rate)
            return t

        self._edit(op, change)
        return len(cuts)
