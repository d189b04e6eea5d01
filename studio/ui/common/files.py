"""What a save dialog returned, made into the file to write."""

from __future__ import annotations

import re
from pathlib import Path

SUBTITLE_FILTER = "SubRip (*.srt);;WebVTT (*.vtt)"
_PATTERN = re.compile(r"\*(\.[\w.]+)")


def with_chosen_suffix(path: str, chosen: str, filters: str) -> Path:
    """`path` as typed when it ends in a suffix one of `filters` offers ("JSON (*.json);;Text
    (*.txt)"); otherwise with the first suffix of the filter the user `chosen` added, so "talk"
    saved under "WebVTT (*.vtt)" is talk.vtt and "talk.srt" stays SRT whatever the filter says."""
    target = Path(path)
    offered = [s.lower() for s in _PATTERN.findall(filters)]
    if target.suffix.lower() in offered or not offered:
        return target
    wanted = _PATTERN.findall(chosen)
    return target.with_name(target.name + (wanted[0] if wanted else offered[0]))
