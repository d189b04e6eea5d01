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


def learnt_room(clock: Clock, echo_level: float) -> EchoGate:
    gate = EchoGate(EchoMode.SPEAKERS, clock=clock)
    for _ in range(150):
        gate.played(tone(0.3, 512))
        echo = tone(echo_level)
        gate.filter(echo, dbfs(echo))
        clock.t += 0.02
    return gate


def test_the_users_softer_syllables_are_not_learnt_as_echo() -> None:
    # The echo is 20 dB down. A user talking over the reply has loud syllables (they pass) and soft
    # ones below the floor; taking the soft ones for echo once raised the estimate to 0 dB, the
    # floor above the user's voice, and the user could no longer interrupt.
    clock = Clock()
    gate = learnt_room(clock, 0.03)
    before = gate.echo_return_db
    assert -22 < before < -18
    for i in range(60):
        gate.played(tone(0.3, 512))
        user = tone(0.6 if i % 3 == 0 else 0.045)  # soft frames: -16.5 dB, under the -14 dB floor
        _, floor = gate.filter(user, dbfs(user))
        clock.t += 0.02
        assert floor is not None
    assert gate.echo_return_db <= before + 0.01
    loud = tone(0.6)
    assert gate.filter(loud, dbfs(loud))[0] is loud


def test_a_louder_echo_is_learnt_a_few_db_per_frame() -> None:
    clock = Clock()
    gate = learnt_room(clock, 0.03)  # about -20 dB
    steps = []
    for _ in range(5):
        gate.played(tone(0.3, 512))
        echo = tone(0.045)  # about -16.5 dB: below the floor (6 dB margin), so still echo
        last = gate.echo_return_db
        out, _ = gate.filter(echo, dbfs(echo))
        assert not out.any()
        steps.append(gate.echo_return_db - last)
        clock.t += 0.02
    assert max(steps) <= 3.0 + 1e-9 and gate.echo_return_db > -17.5
