"""What a take says about itself: its request, voices and timings, and the request's tags: honoured,
approximated (and how) or not honoured.

Every tag the engine did not honour natively is said once as a warning (with its first place in
the text) and every tag is listed in the take's metadata, so nothing a user asked for is dropped
without a word.
"""

from __future__ import annotations

from typing import Any

from backends.base import Manifest, Support, SynthesisRequest, SynthesisWarning
from backends.embedded.manifest import ENGINE_ID, ENGINE_VERSION
from backends.tags import IssueKind, ParsedText, Tag, TagFamily

TagReport = dict[str, list[dict[str, Any]]]


def tag_report(manifest: Manifest, parsed: ParsedText) -> tuple[list[SynthesisWarning], TagReport]:
    """One warning per unhonoured/approximated tag key (first span), and every tag in metadata."""
    report: TagReport = {"honoured": [], "approximated": [], "not_honoured": []}
    by_key: dict[str, list[Tag]] = {}
    for tag in parsed.tags:
        if tag.family is TagFamily.FREE and not tag.name:
            continue  # "()": reported as a parse issue
        support = manifest.tag_support(tag)
        entry = {"tag": tag.raw, "key": tag.key, "span": [tag.start, tag.end], "how": support.how}
        bucket = {Support.NATIVE: "honoured", Support.APPROXIMATED: "approximated"}.get(
            support.support, "not_honoured")
        report[bucket].append(entry)
        if support.support is not Support.NATIVE:
            by_key.setdefault(tag.key, []).append(tag)
    warnings: list[SynthesisWarning] = []
    for tags in by_key.values():
        support = manifest.tag_support(tags[0])
        code = "tag-approximated" if support.support is Support.APPROXIMATED else "tag-unsupported"
        more = f" (and {len(tags) - 1} more place{'s' if len(tags) > 2 else ''})" if len(tags) > 1 else ""
        verb = "is approximated" if code == "tag-approximated" else "is not honoured"
        warnings.append(SynthesisWarning(code, f"{tags[0].raw} {verb}{more}: {support.how}",
                                         (tags[0].start, tags[0].end)))
    for issue in parsed.issues:
        if issue.kind in (IssueKind.UNKNOWN_TAG, IssueKind.NO_TEXT):
            continue  # unknown tags are reported above as free-form; no-text is refused
        span = (issue.start, issue.end)
        warnings.append(SynthesisWarning(f"tag-{issue.kind.value}", issue.message, span))
    return warnings, report


def take_metadata(request: SynthesisRequest, voice: str, rate: int, versions: dict[str, str],
                  deterministic: bool, chunk_meta: list[dict[str, Any]],
                  substitutions: list[tuple[str, str]], report: TagReport,
                  warnings: list[SynthesisWarning], seconds: dict[str, float | None]) -> dict[str, Any]:
    """The Finished event's metadata. `seconds`: first_audio (None if nothing played), total,
    compute (spent in the engine, not waiting for the consumer) and audio."""
    profile = request.voice_profile
    first, compute, audio = seconds["first_audio"], seconds["compute"] or 0.0, seconds["audio"] or 0.0
    return {
        "engine": ENGINE_ID,
        "engine_version": ENGINE_VERSION,
        "versions": versions,
        "voice": voice,
        "voice_profile": None if profile is None else {
            "engine_id": profile.engine_id, "kind": profile.kind, "format_version": profile.format_version,
            "data": dict(profile.data), "note": profile.note},
        "sample_rate": rate,
        "speed": request.speed,
        "pitch": request.pitch,
        "seed": request.seed,
        "deterministic": deterministic,
        "text": request.text,
        "chunks": chunk_meta,
        "voices_used": sorted({m["voice"] for m in chunk_meta if "voice" in m}),
        "substitutions": [{"from": a, "to": b} for a, b in substitutions],
        "tags": report,
        "warnings": [{"code": w.code, "message": w.message, "span": list(w.span) if w.span else None}
                     for w in warnings],
        "timings": {
            "first_audio_seconds": round(first, 4) if first is not None else None,
            "total_seconds": round(seconds["total"] or 0.0, 4),
            "compute_seconds": round(compute, 4),
            "audio_seconds": round(audio, 4),
            "real_time_factor": round(compute / audio, 4) if audio else None,
        },
    }
