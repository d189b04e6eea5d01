"""Who has the floor: Silence -> UserSpeaking -> UserPaused -> BotReplying -> Silence.

Pure logic on stream time in milliseconds (the microphone's sample clock, not the wall clock), so a
recording fed faster than real time takes the same turns, and tests drive it with scripted speech
events. `SpeechTracker` turns per-frame voiced flags into start/stop events (bridging the short gaps
inside words); `TurnMachine` applies the timing rules of `VadSettings` and answers with actions the
controller carries out.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.conversation.settings import TurnState, VadSettings

# --- speech events (from the VAD, or scripted) ---------------------------------------------------


@dataclass(frozen=True)
class SpeechStarted:
    at_ms: int  # where the first voiced frame began


@dataclass(frozen=True)
class SpeechStopped:
    at_ms: int  # where the last voiced frame ended


SpeechEvent = SpeechStarted | SpeechStopped


class SpeechTracker:
    def __init__(self, hangover_ms: int, frame_ms: int) -> None:
        self.hangover_ms = max(hangover_ms, frame_ms)
        self.frame_ms = frame_ms
        self.speaking = False
        self.last_voiced_ms = 0

    def frame(self, end_ms: int, voiced: bool) -> SpeechEvent | None:
        if voiced:
            self.last_voiced_ms = end_ms
            if not self.speaking:
                self.speaking = True
                return SpeechStarted(end_ms - self.frame_ms)
        elif self.speaking and end_ms - self.last_voiced_ms >= self.hangover_ms:
            self.speaking = False
            return SpeechStopped(self.last_voiced_ms)
        return None


# --- actions (for the controller) ----------------------------------------------------------------


@dataclass(frozen=True)
class TurnStarted:
    start_ms: int


@dataclass(frozen=True)
class PauseDetected:
    speech_end_ms: int  # start a speculative reply on the transcript up to here


@dataclass(frozen=True)
class SpeechResumed:
    at_ms: int  # the user went on after a pause: the speculation will not match


@dataclass(frozen=True)
class TurnEnded:
    start_ms: int
    speech_end_ms: int  # the end of the user's speech: where turn latency is measured from


@dataclass(frozen=True)
class BargeIn:
    speech_start_ms: int  # stop playback now; it may still be a cough


@dataclass(frozen=True)
class FalseInterruption:
    speech_ms: int  # how long the noise lasted: resume the reply


@dataclass(frozen=True)
class InterruptionConfirmed:
    speech_start_ms: int  # the reply is over; the user's new turn began here


TurnAction = (TurnStarted | PauseDetected | SpeechResumed | TurnEnded | BargeIn | FalseInterruption
              | InterruptionConfirmed)


class TurnMachine:
    """Not thread-safe: the controller calls it from one place under its lock."""

    def __init__(self, settings: VadSettings) -> None:
        self.settings = settings
        self.state = TurnState.SILENCE
        self.turn_start_ms = 0
        self.speech_end_ms: int | None = None  # while the user is silent inside a turn
        self._candidate_ms: int | None = None  # speech heard but not yet long enough to count
        self._voiced = False
        self.interrupting = False  # BOT_REPLYING with playback stopped by a possible barge-in

    # --- inputs ---

    def speech(self, event: SpeechEvent) -> list[TurnAction]:
        out: list[TurnAction] = []
        if isinstance(event, SpeechStarted):
            self._voiced = True
            if self.state is TurnState.USER_SPEAKING:
                self.speech_end_ms = None  # more speech inside the turn is simply part of it
            else:
                self._candidate_ms = event.at_ms
            return out
        self._voiced = False
        start, self._candidate_ms = self._candidate_ms, None
        if self.state is TurnState.USER_SPEAKING:
            self.speech_end_ms = event.at_ms
        elif self.state is TurnState.BOT_REPLYING and self.interrupting and start is not None:
            self.interrupting = False
            out.append(FalseInterruption(event.at_ms - start))
        return out

    def tick(self, now_ms: int) -> list[TurnAction]:
        s = self.settings
        st = self.state
        out: list[TurnAction] = []
        cand = self._candidate_ms
        if st is TurnState.SILENCE and cand is not None and now_ms - cand >= s.min_speech_ms:
            self._begin_turn(cand, out)
        elif st is TurnState.USER_SPEAKING:
            if self.speech_end_ms is not None and now_ms - self.speech_end_ms >= s.pause_ms:
                self.state = TurnState.USER_PAUSED
                out.append(PauseDetected(self.speech_end_ms))
                self._maybe_end(now_ms, out)
        elif st is TurnState.USER_PAUSED:
            if cand is not None and now_ms - cand >= s.min_speech_ms:
                self._candidate_ms = None
                self.speech_end_ms = None
                self.state = TurnState.USER_SPEAKING
                out.append(SpeechResumed(cand))
            else:
                self._maybe_end(now_ms, out)
        elif st is TurnState.BOT_REPLYING and cand is not None:
            if not self.interrupting and now_ms - cand >= s.barge_in_ms:
                self.interrupting = True
                out.append(BargeIn(cand))
            if self.interrupting and now_ms - cand >= s.false_interrupt_ms:
                self.interrupting = False
                self._begin_turn(cand, out, after_reply=True)
        return out

    def _maybe_end(self, now_ms: int, out: list[TurnAction]) -> None:
        assert self.speech_end_ms is not None
        if now_ms - self.speech_end_ms >= self.settings.end_of_turn_ms and self._candidate_ms is None:
            out.append(TurnEnded(self.turn_start_ms, self.speech_end_ms))
            self.state = TurnState.BOT_REPLYING
            self.speech_end_ms = None

    def _begin_turn(self, start_ms: int, out: list[TurnAction], after_reply: bool = False) -> None:
        self._candidate_ms = None
        self.turn_start_ms = start_ms
        self.speech_end_ms = None
        self.state = TurnState.USER_SPEAKING
        out.append(InterruptionConfirmed(start_ms) if after_reply else TurnStarted(start_ms))

    # --- the bot's side ---

    def bot_turn(self) -> None:
        """A typed turn: the bot replies with no spoken turn before it."""
        self.state = TurnState.BOT_REPLYING
        self.interrupting = False

    def reply_finished(self) -> bool:
        """The reply was fully played: the floor is free. False when the user holds it meanwhile."""
        if self.state is TurnState.BOT_REPLYING and not self.interrupting:
            self.state = TurnState.SILENCE
            return True
        return False

    def interrupt(self) -> None:
        """The interrupt button: the reply ends, nobody has the floor."""
        self.interrupting = False
        if self.state is TurnState.BOT_REPLYING:
            self.state = TurnState.SILENCE

    def reset(self) -> None:
        self.state = TurnState.SILENCE
        self.speech_end_ms = None
        self._candidate_ms = None
        self.interrupting = False
