"""The edit timeline and the waveforms for keyboard and screen-reader users: where the cursor goes
on a key, and the position said as text (cursor or selection, the words under it, the playhead) so
that a screen reader can read what a sighted user sees drawn.

Plain arithmetic (Qt only for translation); `widgets.edit_timeline` calls it from its key handler
and after each change.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

Words = Sequence[tuple[float, float, str]]  # start, end (seconds), text

STEPS_PER_VIEW = 50  # an arrow moves 1/50 of what is shown: fine when zoomed in, quick zoomed out
MIN_STEP = 0.01


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def format_clock(seconds: float, step: float = 1.0) -> str:
    """0:05, 1:02:03, or 0:05.25 when the step shown is finer than a second."""
    decimals = 0 if step >= 1 else 2 if step < 0.1 else 1
    # Rounded to what is shown first: a tick reached by adding 0.2 ten times is 1.9999999, which
    # must read 0:02.0, not 0:01.0.
    seconds = round(max(0.0, seconds), decimals)
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    if decimals:
        text += f"{seconds - whole:.{decimals}f}"[1:]
    return text


def clock(seconds: float) -> str:
    """To the hundredth, as the Edit page's position line shows it."""
    return format_clock(seconds, 0.01)


def moved(position: float, key: str, *, by_word: bool, duration: float, view: tuple[float, float],
          words: Words) -> float:
    """Where `key` ("left", "right", "home", "end") takes the cursor from `position`: a step of the
    visible span, or (`by_word`) the previous or next word's start, or a second when there are no
    words."""
    if key == "home":
        return 0.0
    if key == "end":
        return duration
    forward = key == "right"
    if by_word and words:
        starts = sorted({w[0] for w in words} | {words[-1][1]})
        later = [s for s in starts if s > position + 1e-6]
        earlier = [s for s in starts if s < position - 1e-6]
        target = (later[0] if later else duration) if forward else (earlier[-1] if earlier else 0.0)
    else:
        step = 1.0 if by_word else max(MIN_STEP, (view[1] - view[0]) / STEPS_PER_VIEW)
        target = position + step if forward else position - step
    return min(max(0.0, target), duration)


def words_between(words: Words, start: float, end: float) -> str:
    """The words overlapping [start, end], or at `start` when it is a point."""
    if end > start:
        chosen = [w[2] for w in words if w[1] > start and w[0] < end]
    else:
        chosen = [w[2] for w in words if w[0] <= start < w[1]]
    return " ".join(chosen)


def describe(duration: float, selection: tuple[float, float], playhead: float | None,
             words: Words) -> str:
    """One or two sentences: what is selected (or where the cursor is), its words, the playhead."""
    if duration <= 0:
        return _tr("No recording")
    a, b = selection
    if b > a:
        text = _tr("Selection {a} to {b} ({n} s) of {total}").format(
            a=clock(a), b=clock(b), n=f"{b - a:.2f}", total=clock(duration))
    else:
        text = _tr("Cursor at {a} of {total}").format(a=clock(a), total=clock(duration))
    said = words_between(words, a, b)
    if said:
        text += ": “" + (said if len(said) <= 200 else said[:199] + "…") + "”"
    if playhead is not None:
        text += ". " + _tr("Playing at {t}").format(t=clock(playhead))
    return text


def describe_audio(duration: float, selection: tuple[float, float] | None, playhead: float | None) -> str:
    """The Speak and Clone waveforms (no cursor, maybe a selected window): length, selection,
    playhead."""
    if duration <= 0:
        return _tr("No audio")
    parts = [_tr("Audio {total} long").format(total=clock(duration))]
    if selection is not None and selection[1] > selection[0]:
        parts.append(_tr("Selection {a} to {b} ({n} s)").format(
            a=clock(selection[0]), b=clock(selection[1]), n=f"{selection[1] - selection[0]:.2f}"))
    if playhead is not None:
        parts.append(_tr("Playing at {t}").format(t=clock(playhead)))
    return ". ".join(parts)
