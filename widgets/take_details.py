"""What a take is made of: text, tags, engine, voice, parameters, versions and timings.

Reproducibility is one of the things no other tool gives users: every take keeps the engine's
`Finished.metadata` (revision, seed, parameters, timings) and the studio's own additions. This
panel shows the well-known fields first, in words, and then every other metadata field as it is,
so nothing recorded is hidden. It is read-only, selectable text (easy to copy into a bug report).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from backends.tags import parse
from widgets.take_list import format_duration, format_time

# A metadata value longer than this is cut in the panel: a long take's records made a 74 KB page
# whose layout held the GUI thread for 60-80 ms as the take was saved (bench/gui_stall.py). The
# whole record is in the take's metadata and in the sidecar an export can write.
VALUE_CHARS = 600


def _tr(text: str) -> str:
    # One shared context: pyside6-lupdate (run with `-tr-function-alias tr+=_tr`) files every
    # `_tr` string under the empty context, so the lookup must use it too.
    return QCoreApplication.translate("", text)


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        out: list[tuple[str, str]] = []
        for k, v in value.items():
            out.extend(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, (list, tuple)):
        if all(not isinstance(v, (Mapping, list, tuple)) for v in value):
            return [(prefix, ", ".join(map(str, value)) or "—")]
        if all(isinstance(v, Mapping) for v in value):
            # Per-chunk records and the like: one short line each, not a wall of JSON.
            lines = [_summary(v) for v in value[:12]]
            if len(value) > 12:
                lines.append(f"… {len(value) - 12} more")
            return [(prefix, "\n".join(lines))]
        return [(prefix, json.dumps(value, ensure_ascii=False, default=str))]
    if isinstance(value, float):
        return [(prefix, f"{value:.4g}")]
    return [(prefix, "—" if value is None or value == "" else str(value))]


def _cut(value: str) -> str:
    if len(value) <= VALUE_CHARS:
        return value
    more = _tr("({0} more characters: export with the metadata file (.json) to keep them all)")
    return value[:VALUE_CHARS] + "… " + more.format(f"{len(value) - VALUE_CHARS:,}")


def _summary(record: Mapping[str, Any]) -> str:
    """One line for a metadata record: its text (or tag) first, then its other simple fields."""
    head = str(record.get("text") or record.get("tag") or record.get("message") or "")
    skip = ("text", "tag", "message", "span", "index")
    rest = [f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}" for k, v in record.items()
            if k not in skip and not isinstance(v, (Mapping, list, tuple))]
    head = head if len(head) <= 40 else head[:39] + "…"
    return " · ".join(x for x in (head, ", ".join(rest[:4])) if x)


class TakeDetails(QTextBrowser):
    """Read-only details of the selected take."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setObjectName("takeDetails")
        self.setAccessibleName(_tr("Take details"))
        self.show_take(None)

    def _muted(self) -> str:
        """The theme's muted text colour (its placeholder role): CSS 'gray' fails WCAG AA on white."""
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def show_take(self, take: Any) -> None:
        if take is None:
            hint = html.escape(_tr("Select a take to see how it was made."))
            self.setHtml(f"<p style='color:{self._muted()}'>{hint}</p>")
            return
        meta: Mapping[str, Any] = take.metadata or {}
        muted = self._muted()
        rows: list[tuple[str, str]] = [
            (_tr("Engine"), str(meta.get("engine_name") or take.engine_id)),
            (_tr("Voice"), str(meta.get("voice_name") or take.voice_id or _tr("default voice"))),
            (_tr("Duration"), f"{format_duration(take.duration)}  ({take.sample_rate} Hz)"),
            (_tr("Created"), format_time(take.created)),
        ]
        tags = parse(take.text).tags
        if tags:
            rows.append((_tr("Tags"), ", ".join(f"{t.canonical} {t.label}" for t in tags)))
        tokens = meta.get("speech_tokens")
        runs = tokens.get("runs") if isinstance(tokens, Mapping) else None
        if isinstance(runs, list):  # the codes themselves are for the token lanes, not for reading
            count = sum(r[2] for r in runs if isinstance(r, list) and len(r) == 3 and isinstance(r[2], int))
            rows.append((_tr("Audio tokens"), str(count)))
        shown = {"engine_name", "voice_name", "text", "speech_tokens", "text_spans"}  # the last two: timing
        extra = [(k, v) for k, v in _flatten({k: v for k, v in meta.items() if k not in shown})]
        parts = [f"<h3 style='margin:0 0 6px 0'>{html.escape(take.title)}</h3>",
                 f"<p style='margin:0 0 8px 0; white-space:pre-wrap'>{html.escape(take.text)}</p>",
                 "<table cellspacing='0' cellpadding='3' width='100%'>"]
        for k, v in rows:
            parts.append(f"<tr><td style='color:{muted}' width='36%' nowrap>{html.escape(k)}</td>"
                         f"<td>{html.escape(v)}</td></tr>")
        for k, v in extra:
            key = k.replace("_", " ").replace(".", " › ")
            value = html.escape(_cut(v)).replace("\n", "<br>")
            parts.append(f"<tr><td style='color:{muted}' nowrap>{html.escape(key)}</td><td>{value}</td></tr>")
        parts.append("</table>")
        self.setHtml("".join(parts))
