"""Speculative replies: start answering at a pause, keep the answer only if the turn was what we
guessed.

At each pause the controller starts a reply on the transcript so far, held back from the speaker.
When the turn really ends, the reply is committed if the final transcript is, after normalising,
the one it was started on; otherwise it is thrown away (its audio never plays) and a fresh reply
starts. This ledger makes the decision and keeps the counts the bench and the page show.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Case, width, punctuation and spacing do not change what the user asked."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_PUNCT.sub(" ", folded).split())


@dataclass(frozen=True)
class SpeculationCounts:
    started: int
    committed: int
    discarded: int


class SpeculationLedger:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.started = 0
        self.committed = 0
        self.discarded = 0

    def start(self) -> None:
        with self._lock:
            self.started += 1

    def decide(self, speculated: str, final: str) -> bool:
        """True (and counted as committed) when the speculation answered the final transcript."""
        keep = bool(normalise(final)) and normalise(speculated) == normalise(final)
        with self._lock:
            if keep:
                self.committed += 1
            else:
                self.discarded += 1
        return keep

    def discard(self) -> None:
        """A speculation abandoned before the turn ended (the user went on, or interrupted)."""
        with self._lock:
            self.discarded += 1

    def counts(self) -> SpeculationCounts:
        with self._lock:
            return SpeculationCounts(self.started, self.committed, self.discarded)
