"""Export helpers that need no store: the mix of a conversation's clips, the latency line and the
Markdown / JSON transcripts (the chat page shows the first two too)."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from backends.audio import Audio
from studio.conversation.sessions.records import EXPORT_FORMAT, ChatSession, ChatTurn, ReplayClip


def mix_clips(clips: list[ReplayClip]) -> Audio | None:
    """Sum the clips at their offsets (overlapping speech stays audible) at the highest rate used."""
    if not clips:
        return None
    rate = max(c.audio.sample_rate for c in clips)
    parts = [(round(c.offset * rate), c.audio.resampled(rate).samples) for c in clips]
    total = max(start + len(samples) for start, samples in parts)
    out = np.zeros(total, dtype=np.float32)
    for start, samples in parts:
        out[start: start + len(samples)] += samples
    peak = float(np.max(np.abs(out))) if total else 0.0
    if peak > 1.0:  # two voices at once can clip: scale down rather than distort
        out /= peak
    return Audio(out, rate)


_SPEAKERS = {"user": "You", "assistant": "Assistant", "tool": "Tool", "system": "System"}


def latency_line(latency: Mapping[str, Any]) -> str:
    """'1.13 s to first audio (end of turn 0.80 · ASR 0.00 · model 0.30 · TTS 0.03)', or '' when
    nothing was measured.

    The controller reports when each stage was reached, in seconds after the user stopped speaking;
    shown here is what each stage added after the one before, so the parts read as a split of the
    total (a stage a speculative reply had already passed adds 0.00). A stage reached at 0 (a typed
    turn has no end-of-turn wait and nothing to recognise) is left out."""
    total = latency.get("total_s")
    if not isinstance(total, (int, float)):
        return ""
    parts = []
    reached = 0.0
    for key, label in (("endpoint_s", "end of turn"), ("asr_s", "ASR"), ("first_token_s", "model"),
                       ("tts_first_audio_s", "TTS")):
        value = latency.get(key)
        if not isinstance(value, (int, float)) or value == 0:
            continue
        parts.append(f"{label} {max(0.0, value - reached):.2f}")
        reached = max(reached, float(value))
    return f"{total:.2f} s to first audio" + (f" ({' · '.join(parts)})" if parts else "")


def transcript_markdown(session: ChatSession, turns: list[ChatTurn]) -> str:
    lines = [f"# {session.display_title}", ""]
    facts = [time.strftime("%Y-%m-%d %H:%M", time.localtime(session.created))]
    for label, value in (("persona", session.persona_name or session.persona_id), ("voice", session.voice_id),
                         ("engine", session.engine_id), ("model", session.model)):
        if value:
            facts.append(f"{label}: {value}")
    lines += ["_" + " · ".join(facts) + "_", ""]
    for turn in turns:
        clock = time.strftime("%H:%M:%S", time.localtime(turn.started))
        for tool in turn.metadata.get("tools") or []:
            if isinstance(tool, dict):
                arguments = json.dumps(tool.get("arguments", {}), ensure_ascii=False)
                lines += [f"> tool `{tool.get('name', '?')}`({arguments}) → {tool.get('result', '')}", ""]
        text = turn.text.strip() or "_(no text)_"
        lines.append(f"**{_SPEAKERS.get(turn.role, turn.role)}** ({clock}): {text}")
        notes = []
        if turn.metadata.get("interrupted"):
            notes.append("interrupted")
        if turn.metadata.get("typed"):
            notes.append("typed")
        latency = latency_line(turn.latency)
        if latency:
            notes.append(latency)
        if notes:
            lines.append(f"_({'; '.join(notes)})_")
        lines.append("")
    return "\n".join(lines)


def transcript_json(session: ChatSession, turns: list[ChatTurn],
                    clip_names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT, "version": 1,
        "session": {"id": session.id, "title": session.display_title, "created": session.created,
                    "persona_id": session.persona_id, "persona_name": session.persona_name,
                    "voice_id": session.voice_id, "engine_id": session.engine_id, "model": session.model,
                    "metadata": session.metadata},
        "turns": [{"role": t.role, "text": t.text, "started": t.started, "ended": t.ended,
                   "latency": t.latency, "metadata": t.metadata, "duration": t.duration,
                   "audio": clip_names.get(t.id)} for t in turns],
    }
