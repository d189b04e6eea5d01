"""Take ▸ Compare Audio Tokens…: the shown take's tokens against another take's, cell by cell.

Two takes of one text from a Step-Audio engine differ where the model chose differently (a seed,
a temperature, an instruction tag): the codes of both are aligned (`studio.timeline.tokens.compare`,
so a longer pause marks its own cells, not everything after it), the shown take's cells that differ
are marked in its lanes, and the count is said in the status bar. The other take is chosen from the
history among those that keep tokens; the alignment runs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from studio.timeline.tokens import Comparison, TokenTimeline, compare, unpack
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks

MAX_CHOICES = 200  # the newest takes with tokens offered in the list


class TokenCompare(QObject):
    statusMessage = Signal(str)

    def __init__(self, view: Any, takes: Callable[[], tuple[Any, list[Any]]], work: Tasks,
                 parent: QWidget | None = None) -> None:
        """`view`: the TokenView whose lanes show the marks; `takes()`: (the shown take, the
        history's takes)."""
        super().__init__(parent)
        self._view, self._takes, self._work, self._parent = view, takes, work, parent
        self.action = QAction(_tr("Compare Audio Tokens…"), self)
        self.action.setToolTip(_tr("Mark where the shown take's audio tokens differ from another take's"))
        self.action.triggered.connect(self.choose)
        self.changed = -1  # tokens that differ in the last comparison shown (tests, status)

    def candidates(self) -> list[Any]:
        shown, takes = self._takes()
        return [t for t in takes if (shown is None or t.id != shown.id)
                and isinstance((t.metadata or {}).get("speech_tokens"), dict)][:MAX_CHOICES]

    def ask_take(self, choices: list[Any]) -> Any | None:
        """The take to compare with (tests replace it)."""
        labels = [f"{t.title} · {t.engine_id} · {t.duration:.1f} s" for t in choices]
        label, ok = QInputDialog.getItem(self._parent, _tr("Compare audio tokens"),
                                         _tr("Compare the shown take with:"), labels, 0, False)
        return choices[labels.index(label)] if ok and label in labels else None

    def choose(self) -> None:
        current = self._view.timeline
        if current is None or len(current) == 0:
            self.statusMessage.emit(_tr("The shown take has no audio tokens to compare."))
            return
        choices = self.candidates()
        if not choices:
            self.statusMessage.emit(_tr("No other take in the history keeps audio tokens (Step-Audio "
                                        "takes do)."))
            return
        other = self.ask_take(choices)
        if other is None:
            return

        def work() -> Comparison:
            return compare(TokenTimeline.of(unpack(other.metadata["speech_tokens"])), current)

        def done(diff: Comparison) -> None:
            if self._view.timeline is not current:
                return  # another take is shown now
            self.changed = diff.changed
            self._view.lanes.set_timeline(current, marked=diff.b)
            self.statusMessage.emit(_tr("{changed} of {total} audio tokens differ from “{title}”.").format(
                changed=diff.changed, total=len(current), title=other.title))

        self._work.run(work, done, lambda exc: self.statusMessage.emit(
            _tr("The takes could not be compared: {0}").format(translate_core(str(exc)))))
