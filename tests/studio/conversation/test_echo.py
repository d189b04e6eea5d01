from __future__ import annotations

import numpy as np

from studio.conversation.echo import EchoGate
from studio.conversation.settings import EchoMode
from studio.conversation.vad import dbfs


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def tone(level: float, n: int = 512) -> np.ndarray:
    return (level * np.sin(np.arange(n) * 0.3)).astype(np.float32)


def test_headphones_never_gate() -> None:
    gate = EchoGate(EchoMode.HEADPHONES)
    gate.played(tone(0.5))
    frame = tone(0.01)
    out, floor = gate.filter(frame, dbfs(frame))
    assert floor is None and out is frame


def test_speakers_suppress_echo_and_pass_loud_speech_then_reopen() -> None:
    clock = Clock()
    gate = EchoGate(EchoMode.SPEAKERS, margin_db=6.0, clock=clock)
    frame = tone(0.05)
    assert gate.filter(frame, dbfs(frame))[1] is None  # nothing played: open
    gate.played(tone(0.2, 4800))
    echo = tone(0.1)  # -6 dB below what played
    out, floor = gate.filter(echo, dbfs(echo))
    assert floor is not None and not out.any()
    loud = tone(0.9)
    out, _ = gate.filter(loud, dbfs(loud))
    assert out is loud
    clock.t = 5.0  # long after playback: open again
    assert gate.filter(echo, dbfs(echo))[1] is None
    assert "Speakers" in gate.describe()


def test_echo_return_estimate_learns_quieter_rooms() -> None:
    clock = Clock()
    gate = EchoGate(EchoMode.SPEAKERS, clock=clock)
    start = gate.barge_in_floor_dbfs()
    assert start is None
    for _ in range(100):
        gate.played(tone(0.3, 512))
        echo = tone(0.01)
        gate.filter(echo, dbfs(echo))
        clock.t += 0.032
    assert -31 < gate.echo_return_db < -12  # the room gives ~-30 dB; learnt slowly and conservatively
    gate.played(tone(0.3, 512))
    louder = tone(0.1)  # 20 dB above the echo learnt: now treated as the user
    assert gate.filter(louder, dbfs(louder))[0] is louder
