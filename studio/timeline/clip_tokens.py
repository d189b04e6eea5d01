"""Audio tokens for any clip, found by the Step-Audio tokenizer in a child process.

A take from a Step-Audio engine carries the tokens the engine generated. Any other audio (a take
from another engine, a recording being edited) can still be shown as tokens when the
Step-Audio-Tokenizer files are on disk: the tokenizer reads the clip and gives both codebooks, which
is what Step-Audio's LLM would see of it. It needs torch, so it runs in `python -m
backends.step.tokenizer.cli` (the GUI process never imports torch); on the CPU it takes a while, so
it reports progress and a cancel ends the process at once. Qt-free.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from backends.audio import Audio, save_audio
from backends.base import Cancelled, CancelToken
from studio.timeline.tokens import VQ02_SIZE, VQ06_SIZE, TokenTimeline
from studio.voices.text import clean_text

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
_STDERR_TAIL = 4000
_SLACK = 8  # codes past the clip's length a tokenizer may give (its last partial chunk or window)


class ClipTokensError(RuntimeError):
    """Tokenizing failed; the message is one sentence for the user."""


def tokenizer_folder() -> Path | None:
    """Where the Step-Audio-Tokenizer files are, when all of them are (a few stats, no torch)."""
    from backends.step.files import find_tokenizer_folder

    return find_tokenizer_folder()


def fingerprint(samples: np.ndarray, rate: int, *, whole: bool = False) -> str:
    """Which audio found tokens belong to: its rate, length and every n-th sample (cheap on the GUI
    thread for a 10-minute take: different takes differ everywhere), or, with `whole`, every sample
    (on a worker: versions of one edit project differ only where they were edited)."""
    step = 1 if whole else max(1, len(samples) // 4096)
    digest = hashlib.blake2b(np.ascontiguousarray(samples[::step]).tobytes(), digest_size=16)
    return f"{rate}:{len(samples)}:{digest.hexdigest()}"


def check_streams(vq02: np.ndarray, vq06: np.ndarray, duration: float) -> None:
    """What the child wrote is checked like any input: codes in range, no more than the clip holds."""
    for name, codes, size, rate in (("vq02", vq02, VQ02_SIZE, 50 / 3), ("vq06", vq06, VQ06_SIZE, 25.0)):
        if codes.ndim != 1 or not np.issubdtype(codes.dtype, np.integer):
            raise ClipTokensError(f"The tokenizer's {name} codes are not a list of numbers.")
        if len(codes) > duration * rate + _SLACK:
            raise ClipTokensError(f"The tokenizer gave {len(codes)} {name} codes for "
                                  f"{duration:.1f} s of audio.")
        if len(codes) and (int(codes.min()) < 0 or int(codes.max()) >= size):
            raise ClipTokensError(f"The tokenizer gave {name} codes outside 0..{size - 1}.")


def tokenize_clip(audio: Audio, folder: Path, cancel: CancelToken,
                  progress: Callable[[float], None] | None = None) -> TokenTimeline:
    """The clip's tokens as one run from 0 s. Blocking (seconds to minutes): call it from a worker.
    Raises Cancelled when `cancel` fires, ClipTokensError with a sentence when the tokenizer fails."""
    if len(audio) == 0:
        raise ClipTokensError("There is no audio to tokenize.")
    with tempfile.TemporaryDirectory(prefix="step-studio-tokens-") as tmp:
        clip, result = Path(tmp) / "clip.wav", Path(tmp) / "tokens.npz"
        save_audio(audio, clip)
        command = [sys.executable, "-m", "backends.step.tokenizer.cli", "--folder", str(folder),
                   str(clip), str(result)]
        with open(Path(tmp) / "stderr.txt", "w+b") as errors:
            proc = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=errors, text=True)
            unregister = cancel.on_cancel(proc.kill)
            try:
                _read_progress(proc, progress)
                code = proc.wait()
            finally:
                unregister()
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            if cancel.cancelled:
                raise Cancelled()
            if code != 0:
                errors.seek(0)
                tail = errors.read()[-_STDERR_TAIL:].decode("utf-8", "replace")
                raise ClipTokensError(_failure(code, tail))
        try:
            with np.load(result, allow_pickle=False) as data:
                vq02, vq06 = np.asarray(data["vq02"]), np.asarray(data["vq06"])
        except (OSError, KeyError, ValueError) as exc:
            raise ClipTokensError("The tokenizer's result could not be read.") from exc
    check_streams(vq02, vq06, audio.duration)
    return TokenTimeline.from_streams(vq02, vq06)


def _read_progress(proc: subprocess.Popen[str], progress: Callable[[float], None] | None) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        word, _, value = line.strip().partition(" ")
        if word == "progress" and progress is not None:
            with contextlib.suppress(ValueError):
                progress(min(1.0, max(0.0, float(value))))


def _failure(code: int, stderr: str) -> str:
    """The child's own sentence (exit 1: its last line) when it wrote one, else how it ended; the
    rest of what it wrote (a traceback) goes to the log, not to the user."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if code == 1 and lines:
        return clean_text(lines[-1])[:400]
    log.warning("the Step-Audio tokenizer ended with %s: %s", code, stderr)
    if code < 0:
        return f"The Step-Audio tokenizer stopped (signal {-code})."
    return f"The Step-Audio tokenizer failed (exit {code}); the log has the details."
