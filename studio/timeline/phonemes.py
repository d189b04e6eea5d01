"""A take's phonemes at their times, as its record keeps them (`phoneme_spans`: [phoneme, start,
end] per phoneme, written by the job from an engine's `PhonemeTimings`). The record may come from
a shared bundle, so it is checked before it is drawn."""

from __future__ import annotations

from backends.base import phoneme_item

MAX_PHONEMES = 400_000


def phoneme_spans(raw: object) -> list[tuple[float, float, str]]:
    """(start, end, phoneme) for a lane, in time order; [] when the record has none or is damaged
    (a damaged record is not drawn: nothing in it can be trusted)."""
    if not isinstance(raw, list) or len(raw) > MAX_PHONEMES:
        return []
    out: list[tuple[float, float, str]] = []
    for item in raw:
        checked = phoneme_item(item)
        if checked is None:
            return []
        out.append((checked[1], checked[2], checked[0]))
    out.sort()
    return out
