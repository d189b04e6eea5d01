"""Live chat: turn latency from the end of the user's speech to the first reply audio, with
speculative replies on and off, the commit rate, and the pipeline's own share.

Run: `python bench/chat_latency.py [--rounds 2] [--offline] [--out bench/results/chat_latency.json]`

`--offline` replaces the stand-in with the model a fresh install chats with: the small offline
model (backends.embedded.chat, Qwen2.5-Coder-0.5B Q4_K_M in llama.cpp, its own process, one
thread), at its own speed, and writes bench/results/chat_latency_offline.json.

The recogniser is the one the Chat page picks for English (studio.conversation.recogniser: Whisper
tiny.en); one more pass with speculation on uses Whisper base (what the page used before, and what
it uses for other languages) for comparison, and each model's time per call is measured on the
same utterances, alone (no conversation running).

Set-up (all real except the model's speed): scripted user turns cut from real recordings
(tests/data: zero_shot_en_prompt.wav with its natural comma pause, and the four sentences of
denoise_prompt.wav, one with an added 0.55 s "thinking" pause) are played at real-time pace into
the controller's virtual microphone, with 1.5 s of silence after each. The embedded engine's
Whisper tiny.en transcribes, its Piper voice speaks, and the replies come from a real
OpenAI-compatible server on loopback: the studio's own engine server hosting a tiny random-weight
transformers GPT-2 built here, wrapped in a STAND-IN DELAY so its first token arrives 500 ms after
each request (the goal's model speed; the tiny model itself needs only a few ms). Each turn's reply
is interrupted once its first audio has played, so the next turn starts from silence.

Per turn, measured from the end of the user's speech (the last voiced frame):
  total      -> the first reply audio handed to the player
  model      the part of `total` spent only waiting for the model's first token
  endpoint   the silence waited before the turn is judged over (VadSettings.end_of_turn_ms)
  own share  total - model: everything but the model's generation (endpointing included)
  processing total - model - endpoint: ASR, TTS, scheduling and transport
  after endpoint  total - endpoint: from the moment the turn is judged over
Medians over all turns. Goals: own share (processing) <= 300 ms; speculation saves >= 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "studio" / "conversation"))  # tiny_lm.py: the test model builder

from backends.audio import load_audio  # noqa: E402
from backends.base import CancelToken, ChatDelta, ChatMessage  # noqa: E402
from studio.conversation import (  # noqa: E402
    ConversationController,
    ErrorNotice,
    OpenAICompatibleChat,
    SpeculationStats,
    StateChanged,
    TurnLatency,
    UserTranscript,
    VadSettings,
)
from studio.conversation.models import ChatModelEngine, TransformersChat  # noqa: E402
from studio.conversation.recogniser import recogniser_for  # noqa: E402

DATA = ROOT / "tests" / "data"
FIRST_TOKEN_S = 0.5


class StandInDelay:
    """The stand-in for a real chat model's speed: the wrapped model's first token is held until
    FIRST_TOKEN_S after the request."""

    def __init__(self, inner: Any, first_token_s: float) -> None:
        self.inner, self.first_token_s = inner, first_token_s

    @property
    def name(self) -> str:
        return f"{self.inner.name} (+{self.first_token_s * 1000:.0f} ms stand-in first-token delay)"

    def load(self) -> None:
        self.inner.load()

    def chat(self, history: list[ChatMessage], cancel: CancelToken, **kw: Any) -> Iterator[Any]:
        start = time.monotonic()
        first = True
        for event in self.inner.chat(history, cancel, **kw):
            if first and isinstance(event, ChatDelta):
                first = False
                wait = self.first_token_s - (time.monotonic() - start)
                if wait > 0:
                    time.sleep(wait)
            yield event


class OfflineModel:
    """The offline chat model as the bench's chat model (the shared process the app uses)."""

    name = "Qwen2.5-Coder-0.5B-Instruct Q4_K_M, llama.cpp, 1 thread (the offline default)"

    def __init__(self) -> None:
        from backends.embedded.chat import shared_offline_chat

        self.offline = shared_offline_chat()

    def load(self) -> None:
        self.offline.start()

    def chat(self, history: list[ChatMessage], cancel: CancelToken, **kw: Any) -> Iterator[Any]:
        return self.offline.chat(history, cancel, **kw)


def utterances() -> list[tuple[str, np.ndarray]]:
    en = load_audio(DATA / "zero_shot_en_prompt.wav").resampled(16000).samples
    noisy = load_audio(DATA / "denoise_prompt.wav").resampled(16000).samples

    def cut(a: np.ndarray, start: float, end: float) -> np.ndarray:
        return a[int(start * 16000):int(end * 16000)]

    pause = np.zeros(int(0.55 * 16000), np.float32)
    return [
        ("his political stance ... (natural 0.64 s comma pause)", en),
        ("such legislation was clarified ...", cut(noisy, 0.15, 5.85)),
        ("no, the man was not drunk ...", cut(noisy, 5.9, 10.85)),
        ("suddenly, my reflexes had gone.", cut(noisy, 10.9, 13.5)),
        ("it's healthier to cook without sugar.", cut(noisy, 13.5, 16.0)),
        ("his political stance was conservative, [0.55 s] it's healthier ...",
         np.concatenate([cut(en, 0.0, 1.95), pause, cut(noisy, 13.5, 16.0)])),
    ]


def run_mode(url: str, tts: Any, asr: Any, speculative: bool, clips: Sequence[tuple[str, np.ndarray]],
             rounds: int) -> dict[str, Any]:
    events: list[object] = []
    lock = threading.Lock()

    def on_event(e: object) -> None:
        with lock:
            events.append(e)

    model = OpenAICompatibleChat(url + "/v1", "tiny-chat")
    controller = ConversationController(model=model, tts=tts, voice_id=None, asr=asr, vad=VadSettings(),
                                        on_event=on_event, speculative=speculative, max_tokens=12)
    played: list[int] = []
    controller.set_output(lambda s, r: played.append(len(s)), lambda: None)
    controller.start()
    turns: list[dict[str, Any]] = []
    block = 320
    for _ in range(rounds):
        for label, clip in clips:
            with lock:
                seen = len([e for e in events if isinstance(e, TurnLatency)])
            audio = np.concatenate([clip, np.zeros(int(1.5 * 16000), np.float32)])
            start = time.monotonic()
            for i in range(0, len(audio), block):  # the virtual microphone, at real-time pace
                controller.feed_microphone(audio[i:i + block], 16000)
                ahead = (i + block) / 16000 - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                with lock:
                    lat = [e for e in events if isinstance(e, TurnLatency)]
                if len(lat) > seen:
                    break
                # keep the microphone flowing (silence) while waiting, as a live mic would
                controller.feed_microphone(np.zeros(block, np.float32), 16000)
                time.sleep(block / 16000)
            else:
                with lock:
                    heard = [e.text for e in events if isinstance(e, UserTranscript) and e.final]
                    errors = [e.message for e in events if isinstance(e, ErrorNotice)]
                turns.append({"utterance": label, "error": "no reply audio within 15 s",
                              "state": controller.state.value, "last_final_transcript": heard[-1:],
                              "errors": errors[-3:]})
                controller.interrupt()
                continue
            t = lat[-1]
            controller.interrupt()
            model_s = t.model_wait_s or 0.0
            endpoint = t.endpoint_s or 0.0
            turns.append({"utterance": label, "total_s": t.total_s,
                          "after_endpoint_s": round(t.total_s - endpoint, 4), "asr_s": t.asr_s,
                          "first_token_s": t.first_token_s, "tts_first_audio_s": t.tts_first_audio_s,
                          "model_wait_s": model_s, "endpoint_s": endpoint,
                          "own_share_s": round(t.total_s - model_s, 4),
                          "processing_s": round(t.total_s - model_s - endpoint, 4),
                          "speculative_committed": t.speculative_committed})
            time.sleep(0.3)
    controller.stop()
    stats = [e for e in events if isinstance(e, SpeculationStats)]
    ok = [t for t in turns if "error" not in t]

    def med(key: str) -> float | None:
        values = [t[key] for t in ok if t.get(key) is not None]
        return round(statistics.median(values), 4) if values else None

    result: dict[str, Any] = {
        "turns": turns, "median_total_s": med("total_s"), "median_after_endpoint_s": med("after_endpoint_s"),
        "median_own_share_s": med("own_share_s"),
        "median_processing_s": med("processing_s"), "median_model_wait_s": med("model_wait_s"),
        "median_asr_s": med("asr_s"), "median_endpoint_s": med("endpoint_s"),
        "states_seen": sorted({e.state.value for e in events if isinstance(e, StateChanged)}),
        "errors": [e.message for e in events if isinstance(e, ErrorNotice)],
        "final_transcripts": [e.text for e in events if isinstance(e, UserTranscript) and e.final],
    }
    if stats:
        s = stats[-1]
        result["speculation"] = {"started": s.started, "committed": s.committed, "discarded": s.discarded,
                                 "commit_rate": round(s.committed / s.started, 3) if s.started else None}
    return result


def asr_per_call(models: dict[str, Any], clips: Sequence[tuple[str, np.ndarray]],
                 repeats: int = 3) -> dict[str, Any]:
    """Seconds per transcribe() call on each whole utterance, per model (after one warm-up call)."""
    out: dict[str, Any] = {}
    for name, asr in models.items():
        from backends.audio import Audio

        asr.transcribe(Audio(clips[0][1], 16000), language="en")
        times = []
        for _label, clip in clips:
            for _ in range(repeats):
                start = time.monotonic()
                asr.transcribe(Audio(clip, 16000), language="en")
                times.append(time.monotonic() - start)
        out[name] = {"median_s": round(statistics.median(times), 4), "calls": len(times)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--offline", action="store_true",
                        help="the offline default model at its own speed instead of the stand-in")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.out is None:
        args.out = ROOT / "bench" / "results" / ("chat_latency_offline.json" if args.offline
                                                 else "chat_latency.json")
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 2:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])
    from tiny_lm import build_tiny_lm

    from backends.embedded.asr import WhisperTranscriber
    from backends.embedded.engine import EmbeddedBackend
    from studio.server import ServerConfig, make_server
    from studio.server.run import bind

    if args.offline:
        engine = ChatModelEngine(OfflineModel(), engine_id="tiny-chat")  # type: ignore[arg-type]
    else:
        lm_dir = build_tiny_lm(Path(tempfile.mkdtemp(prefix="chat-bench-lm-")))
        engine = ChatModelEngine(StandInDelay(TransformersChat(lm_dir), FIRST_TOKEN_S), engine_id="tiny-chat")
    engine.load()
    config = ServerConfig(heartbeat_s=1.0)
    server = make_server({"tiny-chat": engine}, config)
    sock = bind(config.bound_host, 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    tts = EmbeddedBackend(preload_kokoro=False)
    tts.load()
    load_at_start = os.getloadavg()
    choice = recogniser_for("en")
    asrs = {name: WhisperTranscriber(name, beam_size=1) for name in (choice.model, "base")}
    for asr in asrs.values():
        asr.load()
    clips = utterances()
    per_call = asr_per_call(asrs, clips)
    print("asr per call", per_call, flush=True)
    modes = {}
    for name, speculative, model in (("speculation_on", True, choice.model),
                                     ("speculation_off", False, choice.model),
                                     ("speculation_on_whisper_base", True, "base")):
        modes[name] = run_mode(url, tts, asrs[model], speculative, clips, args.rounds)
        modes[name]["asr"] = f"whisper {model} int8, beam 1"
        print(name, {k: v for k, v in modes[name].items() if k != "turns"}, flush=True)
    on, off = modes["speculation_on"], modes["speculation_off"]
    saving = None
    if on["median_total_s"] is not None and off["median_total_s"] is not None:
        saving = round(off["median_total_s"] - on["median_total_s"], 4)
    out = {
        "bench": "chat_latency",
        "machine": {"cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else os.cpu_count(), "load_average_at_start": load_at_start,
                    "load_average_at_end": os.getloadavg(),
                    "platform": platform.platform(), "python": platform.python_version(), "gpu": "none"},
        "setup": {"asr": f"whisper {choice.model} int8, beam 1 (the page's choice for English)",
                  "tts": "embedded engine default voice (Piper)",
                  "model": engine.model.name,
                  "server": "studio engine server on loopback (uvicorn, same process)",
                  "first_token_stand_in_s": None if args.offline else FIRST_TOKEN_S,
                  "vad": VadSettings().__dict__,
                  "rounds": args.rounds, "utterances": [label for label, _ in clips],
                  "note": "Other processes shared the 2 cores during the run; figures are one run's."},
        "speculation_saving_median_s": saving,
        "asr_seconds_per_call": per_call,
        "median_total_s": {"including_end_of_turn_wait": on["median_total_s"],
                           "excluding_end_of_turn_wait": on["median_after_endpoint_s"]},
        "goals": {"processing_share_median_le_0.3s": {
                      "on": on["median_processing_s"], "off": off["median_processing_s"]},
                  "speculation_saves_ge_0.3s": saving},
        **modes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k not in modes}, indent=2))
    server.should_exit = True
    thread.join(5)


if __name__ == "__main__":
    main()
