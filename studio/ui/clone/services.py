"""What the Clone workspace asks the core to do, gathered in one replaceable object.

The wizard and the voice library page never import the core modules directly: they call the
functions held here. By default these are the real ones (reference check, recording, Whisper, the
voice library, bundles), imported on first use so that opening the window stays fast. Tests hand in
an object with test doubles for the slow or hardware-bound parts. Every function here may block
(disk, devices, models): the pages call them only through `Tasks`, never on the GUI thread.

The helpers at the bottom read core objects defensively (`status` may be an enum or a string,
profiles a mapping or a list) so the UI keeps working while the core's data classes evolve.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backends.audio import Audio
from backends.base import VoiceProfile


def _load_audio(path: str) -> Audio:
    from backends.audio import load_audio

    return load_audio(path)


def _check(audio: Audio) -> Any:
    from studio.voices.reference import check_reference

    return check_reference(audio)


def _prepare(audio: Audio, start: float, end: float, normalise: bool, denoise: bool) -> Audio:
    from studio.voices.reference import prepare_reference

    return prepare_reference(audio, start, end, normalise=normalise, denoise=denoise)


_whisper: Any = None
_whisper_lock = threading.Lock()


def _transcribe(audio: Audio, language: str | None) -> Any:
    """Whisper "base", loaded once per process on first use (about a second on a laptop)."""
    global _whisper
    with _whisper_lock:
        if _whisper is None:
            from backends.embedded.asr import WhisperTranscriber

            _whisper = WhisperTranscriber("base")
        model = _whisper
    return model.transcribe(audio, language)


def _input_devices() -> list[Any]:
    from studio.devices.recording import input_devices

    return list(input_devices())


def _input_unavailable_reason(device: Any) -> str | None:
    from studio.devices.recording import audio_input_unavailable_reason

    return audio_input_unavailable_reason(device)


def _recorder(device: Any) -> Any:
    from studio.devices.recording import Recorder

    return Recorder(device)


def _open_voice_library() -> Any:
    from studio import paths
    from studio.voices.library import VoiceLibrary

    return VoiceLibrary(paths.data_dir())


def _preview_bundle(path: str) -> Any:
    from studio.voices.bundles import preview_bundle

    return preview_bundle(Path(path))


def _import_bundle(path: str, library: Any) -> Any:
    from studio.voices.bundles import import_bundle

    return import_bundle(Path(path), library)


def _export_bundle(path: str, library: Any, voice_ids: list[str],
                   pronunciations: tuple[Any, ...] = ()) -> Any:
    from studio.voices.bundles import export_bundle

    return export_bundle(Path(path), voice_ids, [], library, pronunciations)


@dataclass
class CloneServices:
    """The core functions the Clone workspace uses (all blocking; call them off the GUI thread)."""

    load_audio: Callable[[str], Audio] = _load_audio
    check: Callable[[Audio], Any] = _check
    prepare: Callable[[Audio, float, float, bool, bool], Audio] = _prepare
    transcribe: Callable[[Audio, str | None], Any] = _transcribe
    input_devices: Callable[[], list[Any]] = _input_devices
    input_unavailable_reason: Callable[[Any], str | None] = _input_unavailable_reason
    recorder: Callable[[Any], Any] = _recorder
    open_voice_library: Callable[[], Any] = _open_voice_library
    preview_bundle: Callable[[str], Any] = _preview_bundle
    import_bundle: Callable[[str, Any], Any] = _import_bundle
    export_bundle: Callable[[str, Any, list[str]], Any] = _export_bundle
    extra: dict[str, Any] = field(default_factory=dict)


# --- reading core objects -----------------------------------------------------------------------


def status_of(item: Any) -> str:
    """'good', 'warning' or 'problem' from a report item (enum or string)."""
    raw = getattr(item, "status", item)
    raw = getattr(raw, "value", raw)
    text = str(raw).lower()
    if text in ("ok", "pass", "good"):
        return "good"
    if text in ("warn", "warning"):
        return "warning"
    if text in ("bad", "fail", "error", "problem"):
        return "problem"
    return text


def report_items(report: Any) -> list[Any]:
    items = getattr(report, "items", None)
    if callable(items):  # a mapping's items()
        items = [v for _k, v in items()]
    return list(items or [])


def item_title(item: Any) -> str:
    for name in ("label", "title", "name", "criterion", "key"):
        value = getattr(item, name, None)
        if value:
            text = str(value).replace("_", " ")
            return CRITERIA.get(text, text[:1].upper() + text[1:])
    return ""


CRITERIA = {"sample rate": "Sample rate", "speakers": "One speaker", "music": "Music or tones",
            "noise": "Background noise"}


def item_value(item: Any) -> str:
    for name in ("value_text", "measured_text", "display"):
        value = getattr(item, name, None)
        if value:
            return str(value)
    value = getattr(item, "value", getattr(item, "measured", None))
    unit = getattr(item, "unit", "")
    if value is None:
        return ""
    if unit == "fraction" and isinstance(value, (int, float)):
        return f"{100 * value:.1f} %" if value else "0 %"
    if unit == "Hz" and isinstance(value, (int, float)):
        return f"{value / 1000:g} kHz"
    if unit == "similarity" and isinstance(value, (int, float)):
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:.1f}{(' ' + unit) if unit else ''}"
    return f"{value}{(' ' + unit) if unit else ''}"


def verdict_of(report: Any) -> str:
    raw = getattr(report, "verdict", getattr(report, "overall", None))
    if raw is None:
        statuses = [status_of(i) for i in report_items(report)]
        return "problem" if "problem" in statuses else ("warning" if "warning" in statuses else "good")
    return status_of(raw)


def best_window(report: Any, duration: float) -> tuple[float, float]:
    window = getattr(report, "best_window", None)
    if window is None:
        return 0.0, duration
    if isinstance(window, (tuple, list)):
        start, end = float(window[0]), float(window[1])
    else:
        start = float(getattr(window, "start", 0.0))
        end = float(getattr(window, "end", duration))
    return max(0.0, start), min(duration, end) if end > start else duration


def profiles_of(voice: Any) -> dict[str, VoiceProfile]:
    """A library voice's profiles by engine id (the core may keep a mapping or a list)."""
    raw = getattr(voice, "profiles", None) or {}
    if isinstance(raw, Mapping):
        return {str(k): v for k, v in raw.items()}
    return {p.engine_id: p for p in raw}


def consent_of(voice: Any) -> Any:
    return getattr(voice, "consent", None)


def field_of(obj: Any, *names: str, default: Any = "") -> Any:
    """The first present attribute (or mapping key) of `names`."""
    for name in names:
        if isinstance(obj, Mapping) and name in obj:
            return obj[name]
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return default


def make_consent(*, speaker: str, given: bool, how: str, source: str, licence: str,
                 date: str | None = None) -> Any:
    """The core's consent record from the wizard's fields (the same rule the CLI applies)."""
    from studio.voices.library import consent_for_new_voice

    return consent_for_new_voice(speaker=speaker, how=how if given else "", source=source, licence=licence,
                                 recorded=date)


def engines_that_clone(manifests: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """(engine id, manifest) pairs whose manifest can clone or match a voice."""
    return [(eid, m) for eid, m in manifests if getattr(m.cloning, "kind", "none") in ("clone", "match")]
