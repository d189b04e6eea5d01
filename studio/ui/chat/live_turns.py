"""The live turns: what the conversation controller reports about each turn, drawn into the transcript
as it streams (spoken text plain, the rest muted, what was not heard struck through), handed over
for saving the moment the turn ends, and each turn's latency in a readout beside the transcript."""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from backends.audio import Audio
from studio.conversation.sessions import latency_line
from studio.devices.mic_stream import AudioHistory
from studio.ui.chat.transcript import Bubble, Transcript
from studio.ui.common.i18n import translate as _tr

PRE_ROLL_S = 0.3  # a saved user turn starts this much before speech was detected (the VAD is late)

# (role, text, audio, started, ended, latency, metadata): the page saves it on its session queue
SaveTurn = Callable[..., None]


@dataclass
class Reply:
    """An assistant turn being written and spoken."""

    turn_id: int
    started: float = field(default_factory=time.time)
    text: str = ""
    spoken: int = 0  # characters of `text` already sent to the speaker
    audio: list[np.ndarray] = field(default_factory=list)
    rate: int = 0
    latency: dict[str, Any] = field(default_factory=dict)
    tools: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False
    kept_text: str | None = None
    saved: bool = False
    bubble: Any = None


class LatencyReadout(QWidget):
    """End of speech to first reply audio, per turn and as a median, and how speculation fared."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rv = QVBoxLayout(self)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.setSpacing(6)
        heading = QLabel(_tr("Latency"), self)
        heading.setProperty("role", "heading")
        rv.addWidget(heading)
        self.latency_label = QLabel(_tr("End of your speech → first reply audio, per turn, appears here."),
                                    self)
        self.latency_label.setObjectName("latencyReadout")
        self.latency_label.setWordWrap(True)
        self.latency_label.setProperty("role", "muted")
        rv.addWidget(self.latency_label)
        self.speculation_label = QLabel(self)
        self.speculation_label.setObjectName("speculationStats")
        self.speculation_label.setWordWrap(True)
        self.speculation_label.setProperty("role", "muted")
        rv.addWidget(self.speculation_label)


class LiveTurns:
    """The running conversation's turns in the transcript, keyed by the controller's turn ids.

    Events arrive here on the GUI thread (the page re-emits them); `player()` is the speaker in use,
    asked how much of an interrupted reply was heard.
    """

    def __init__(self, transcript: Transcript, history: AudioHistory, readout: LatencyReadout,
                 save_turn: SaveTurn, player: Callable[[], Any]) -> None:
        self.transcript = transcript
        self.history = history
        self.readout = readout
        self._save_turn = save_turn
        self._player = player
        self.replies: dict[int, Reply] = {}
        self.user_bubbles: dict[int, Bubble] = {}
        self.tool_lines: dict[tuple[int, str], QLabel] = {}
        self.latencies: list[dict[str, Any]] = []
        self.speculation: tuple[int, int, int] = (0, 0, 0)
        self.speech_started: float | None = None
        self.typed: list[tuple[str, Bubble]] = []  # typed turns not yet matched to a controller turn

    def clear(self) -> None:
        self.replies.clear()
        self.user_bubbles.clear()
        self.tool_lines.clear()
        self.typed.clear()
        self.latencies.clear()

    def on_UserTranscript(self, event: Any) -> None:
        bubble = self.user_bubbles.get(event.turn_id)
        if bubble is None:
            typed = next((b for t, b in self.typed if t == event.text.strip()), None)
            if typed is not None:  # the controller's echo of a typed turn
                self.typed = [(t, b) for t, b in self.typed if b is not typed]
                self.user_bubbles[event.turn_id] = typed
                return
            self.finish_replies()  # a new user turn ends whatever reply was still open
            bubble = self.transcript.add_bubble("user", event.text)
            self.user_bubbles[event.turn_id] = bubble
        elif bubble.footer.text() == _tr("typed"):
            return
        bubble.set_text(event.text)
        if event.final:
            bubble.set_footer("")
            end = time.monotonic()
            audio = getattr(event, "audio", None)
            if audio is None and self.speech_started is not None:
                audio = self.history.cut(self.speech_started - PRE_ROLL_S, end)
            if isinstance(audio, np.ndarray):
                audio = Audio(audio, int(getattr(event, "sample_rate", 16000)))
            duration = audio.duration if audio is not None else 0.0
            self.speech_started = None
            self._save_turn("user", event.text, audio, time.time() - duration, time.time(), {}, {})
        else:
            bubble.set_footer(_tr("hearing…"))

    def _reply(self, turn_id: int) -> Reply:
        reply = self.replies.get(turn_id)
        if reply is None:
            reply = Reply(turn_id)
            self.replies[turn_id] = reply
            reply.bubble = self.transcript.add_bubble("assistant")
        return reply

    def _render(self, reply: Reply) -> None:
        bubble: Bubble = reply.bubble
        if reply.interrupted:
            kept = len(reply.kept_text or "")
            bubble.set_text(reply.text, min(kept, len(reply.text)), struck=True)
        else:
            bubble.set_text(reply.text, reply.spoken)

    def on_ReplyText(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        if reply.saved:
            return
        reply.text += event.text_delta
        self._render(reply)

    def on_ReplyAudio(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        if reply.saved:
            return
        chunk = np.asarray(event.chunk, dtype=np.float32).reshape(-1)
        rate = int(getattr(event, "sample_rate", 0) or 24000)
        if reply.rate and rate != reply.rate:
            chunk = Audio(chunk, rate).resampled(reply.rate).samples
        reply.rate = reply.rate or rate
        reply.audio.append(chunk)
        sentence = str(getattr(event, "text", "") or "").strip()
        if sentence:
            at = reply.text.find(sentence, max(0, reply.spoken - len(sentence)))
            reply.spoken = (at + len(sentence) if at >= 0
                            else min(len(reply.text), reply.spoken + len(sentence)))
            self._render(reply)

    def on_ToolActivity(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        args = ", ".join(f"{k}={v!r}" for k, v in (event.arguments or {}).items())
        key = (event.turn_id, event.name + args)
        line = self.tool_lines.get(key)
        if event.result is None:
            text = _tr("Tool: {0}({1}) running…").format(event.name, args)
        else:
            text = _tr("Tool: {0}({1}) → {2}").format(event.name, args, event.result)
            reply.tools.append({"name": event.name, "arguments": event.arguments, "result": event.result})
        if line is None:
            self.tool_lines[key] = self.transcript.add_line(text)
        else:
            line.setText(text)

    def on_TurnLatency(self, event: Any) -> None:
        latency = {"endpoint_s": getattr(event, "endpoint_s", None), "asr_s": event.asr_s,
                   "first_token_s": event.first_token_s,
                   "tts_first_audio_s": event.tts_first_audio_s, "total_s": event.total_s,
                   "speculative_committed": bool(event.speculative_committed)}
        reply = self._reply(event.turn_id)
        reply.latency = latency
        self.latencies.append(latency)
        line = latency_line(latency)
        if event.speculative_committed:
            line += _tr(" · speculative reply used")
        reply.bubble.set_footer(line)
        totals = [x["total_s"] for x in self.latencies if isinstance(x.get("total_s"), (int, float))]
        summary = _tr("Last turn: {0}").format(line or _tr("not measured"))
        if totals:
            summary += "<br>" + _tr("Median over {0} turns: {1:.2f} s").format(len(totals),
                                                                               statistics.median(totals))
        self.readout.latency_label.setText(summary)

    def on_SpeculationStats(self, event: Any) -> None:
        self.speculation = (event.started, event.committed, event.discarded)
        self.readout.speculation_label.setText(
            _tr("Speculative replies: {0} started · {1} used · {2} thrown away").format(*self.speculation))

    def on_Interrupted(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        reply.interrupted = True
        reply.kept_text = event.kept_text
        self._render(reply)
        reply.bubble.set_footer(_tr("interrupted"))

    def on_Resumed(self, event: Any) -> None:
        reply = self._reply(event.turn_id)
        reply.interrupted = False
        reply.kept_text = None
        self._render(reply)
        line = latency_line(reply.latency)
        reply.bubble.set_footer(line)

    def finish_replies(self) -> None:
        """Save every open reply: called when the bot's turn ends, a new user turn starts or the
        conversation stops."""
        for reply in self.replies.values():
            if reply.saved or not (reply.text or reply.audio):
                continue
            reply.saved = True
            if not reply.interrupted:
                reply.spoken = len(reply.text)
                self._render(reply)
            audio = Audio(np.concatenate(reply.audio), reply.rate) if reply.audio else None
            if audio is not None and reply.interrupted and (player := self._player()) is not None:
                with contextlib.suppress(Exception):
                    heard = float(player.position)
                    if 0 < heard < audio.duration:
                        audio = audio.slice_seconds(0.0, heard)
            metadata: dict[str, Any] = {"turn_id": reply.turn_id}
            if reply.tools:
                metadata["tools"] = reply.tools
            if reply.interrupted:
                metadata["interrupted"] = True
                metadata["kept_text"] = reply.kept_text
            if reply.latency.get("speculative_committed"):
                metadata["speculative_committed"] = True
            self._save_turn("assistant", reply.kept_text if reply.interrupted and reply.kept_text is not None
                            else reply.text, audio, reply.started, time.time(), reply.latency, metadata)

