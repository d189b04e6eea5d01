from __future__ import annotations

from studio.conversation.settings import TurnState, VadSettings
from studio.conversation.turns import (
    BargeIn,
    FalseInterruption,
    InterruptionConfirmed,
    PauseDetected,
    SpeechResumed,
    SpeechStarted,
    SpeechStopped,
    SpeechTracker,
    TurnEnded,
    TurnMachine,
    TurnStarted,
)

S = VadSettings(min_speech_ms=100, pause_ms=300, end_of_turn_ms=800, barge_in_ms=150, false_interrupt_ms=400)


def run(machine: TurnMachine, script: list[tuple[int, str]], until: int,
        step: int = 10) -> list[tuple[int, object]]:
    """Scripted VAD: (time, 'start'|'stop') events; ticks every `step` ms on a fake clock."""
    out: list[tuple[int, object]] = []
    events = dict(script)
    for now in range(0, until + 1, step):
        kind = events.get(now)
        if kind == "start":
            out += [(now, a) for a in machine.speech(SpeechStarted(now))]
        elif kind == "stop":
            out += [(now, a) for a in machine.speech(SpeechStopped(now))]
        out += [(now, a) for a in machine.tick(now)]
    return out


def test_a_whole_turn_goes_through_every_state() -> None:
    m = TurnMachine(S)
    states = []
    events = dict([(100, "start"), (1500, "stop")])
    actions = []
    for now in range(0, 3001, 10):
        if events.get(now) == "start":
            actions += m.speech(SpeechStarted(now))
        elif events.get(now) == "stop":
            actions += m.speech(SpeechStopped(now))
        actions += m.tick(now)
        if not states or states[-1] is not m.state:
            states.append(m.state)
        if now == 2500:
            assert m.reply_finished()
    assert states == [TurnState.SILENCE, TurnState.USER_SPEAKING, TurnState.USER_PAUSED,
                      TurnState.BOT_REPLYING, TurnState.SILENCE]
    assert actions == [TurnStarted(100), PauseDetected(1500), TurnEnded(100, 1500)]


def test_timing_of_pause_and_end_follows_settings() -> None:
    out = run(TurnMachine(S), [(0, "start"), (1000, "stop")], 2500)
    times = {type(a).__name__: t for t, a in out}
    assert times["TurnStarted"] == 100  # min_speech_ms of speech before it counts
    assert times["PauseDetected"] == 1300
    assert times["TurnEnded"] == 1800


def test_a_click_shorter_than_min_speech_starts_nothing() -> None:
    m = TurnMachine(S)
    assert run(m, [(0, "start"), (50, "stop")], 2000) == []
    assert m.state is TurnState.SILENCE


def test_speech_after_a_pause_resumes_the_turn_and_ends_later() -> None:
    out = run(TurnMachine(S), [(0, "start"), (1000, "stop"), (1500, "start"), (2000, "stop")], 4000)
    kinds = [type(a) for _, a in out]
    assert kinds == [TurnStarted, PauseDetected, SpeechResumed, PauseDetected, TurnEnded]
    assert out[-1] == (2800, TurnEnded(0, 2000))


def test_a_short_noise_in_a_pause_does_not_resume_or_delay_the_end() -> None:
    out = run(TurnMachine(S), [(0, "start"), (1000, "stop"), (1400, "start"), (1450, "stop")], 3000)
    assert [type(a) for _, a in out] == [TurnStarted, PauseDetected, TurnEnded]
    assert out[-1][0] == 1800


def bot_replying() -> TurnMachine:
    m = TurnMachine(S)
    m.bot_turn()
    return m


def test_barge_in_then_confirmed_interruption_starts_a_user_turn() -> None:
    m = bot_replying()
    out = run(m, [(1000, "start")], 1600)
    assert out == [(1150, BargeIn(1000)), (1400, InterruptionConfirmed(1000))]
    assert m.state is TurnState.USER_SPEAKING


def test_a_cough_is_a_false_interruption() -> None:
    m = bot_replying()
    out = run(m, [(1000, "start"), (1250, "stop")], 2000)
    assert out == [(1150, BargeIn(1000)), (1250, FalseInterruption(250))]
    assert m.state is TurnState.BOT_REPLYING and not m.interrupting
    assert m.reply_finished() and m.state is TurnState.SILENCE


def test_noise_shorter_than_barge_in_does_not_stop_the_reply() -> None:
    m = bot_replying()
    assert run(m, [(1000, "start"), (1100, "stop")], 2000) == []


def test_reply_cannot_finish_while_user_may_be_interrupting() -> None:
    m = bot_replying()
    run(m, [(0, "start")], 200)
    assert m.interrupting and not m.reply_finished()


def test_speech_tracker_bridges_short_gaps() -> None:
    t = SpeechTracker(hangover_ms=96, frame_ms=32)
    flags = [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    events = [(i, e) for i, f in enumerate(flags) if (e := t.frame((i + 1) * 32, bool(f))) is not None]
    assert events == [(0, SpeechStarted(0)), (8, SpeechStopped(192))]
