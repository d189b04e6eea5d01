"""Which keys do what, and the user's changes to them.

Every action (a QAction) the user can press a key for carries a stable object name, `<place>.<what>`
("speak.generate", "edit.respeak", "takes.delete", "window.workspace_edit"). The keymap finds them
in the window after it is built, so a page keeps creating its own actions where they belong and
nothing has to be registered twice. The key an action was built with is its default; the user's
changes live in the settings (`extra["shortcuts"]`: name -> list of key sequences in portable text)
and are checked there like any input from outside, since the file can be edited by hand.

Two actions may not share a key where both can fire: the window's own keys work everywhere, so
they clash with any other; Speak's keys clash with the take list's (the list sits inside Speak);
Edit's with each other. Clone and Chat have none of their own yet.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from studio.ui.common.i18n import translate as _tr
from studio.ui.common.labels import tip_with_keys

log = logging.getLogger(__name__)

SETTINGS_KEY = "shortcuts"
MAX_KEYS_PER_ACTION = 4  # what a hand-edited settings file may give one action
MAX_KEY_TEXT = 64
PORTABLE = QKeySequence.SequenceFormat.PortableText
# Places whose keys can fire together (see the module notes). "window" clashes with every place.
_TOGETHER = ({"speak", "takes"}, {"edit"})


def place_name(place: str) -> str:
    """The place as the Keyboard Shortcuts window shows it."""
    return {"window": _tr("Everywhere"), "speak": _tr("Speak"), "takes": _tr("Take list"),
            "edit": _tr("Edit")}.get(place, place)


def clash(a: str, b: str) -> bool:
    """Whether actions named `a` and `b` (place.what) can be pressed in the same place."""
    pa, pb = a.split(".", 1)[0], b.split(".", 1)[0]
    return "window" in (pa, pb) or pa == pb or any({pa, pb} <= group for group in _TOGETHER)


@dataclass
class Binding:
    """One action with a key: its name, what it says, the keys it was built with."""

    name: str
    target: QAction
    defaults: tuple[QKeySequence, ...]

    @property
    def place(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def label(self) -> str:
        text = re.sub(r"\(&\w\)", "", self.target.text())  # "导出音频(&E)…": the mnemonic in brackets
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        if self.name.startswith("window.workspace_"):
            return _tr("Go to {workspace}").format(workspace=text)
        return text

    def bound(self) -> list[QKeySequence]:
        return list(self.target.shortcuts())

    def set_keys(self, keys: list[QKeySequence]) -> None:
        self.target.setShortcuts(keys)


def read_overrides(raw: object) -> dict[str, list[QKeySequence]]:
    """The user's keys from the settings, checked: unknown shapes, over-long or unreadable keys are
    dropped (and logged by name only), never passed to Qt as they came."""
    out: dict[str, list[QKeySequence]] = {}
    if not isinstance(raw, Mapping):
        return out
    for name, texts in raw.items():
        if not isinstance(name, str) or "." not in name or len(name) > 80 or not isinstance(texts, list):
            log.warning("a shortcut setting of the wrong shape was ignored")
            continue
        keys: list[QKeySequence] = []
        for text in texts[:MAX_KEYS_PER_ACTION]:
            if not isinstance(text, str) or len(text) > MAX_KEY_TEXT:
                continue
            key = QKeySequence.fromString(text, PORTABLE)
            if not key.isEmpty() and key.toString(PORTABLE):
                keys.append(key)
        if keys or not texts:  # an empty list is a key removed on purpose
            out[name] = keys
    return out


class Keymap:
    """The window's actions with keys; applies the user's changes and finds clashes."""

    def __init__(self, root: QWidget) -> None:
        self.bindings: dict[str, Binding] = {}
        for target in root.findChildren(QAction):
            name = target.objectName()
            if "." in name and name not in self.bindings:
                self.bindings[name] = Binding(name, target, tuple(target.shortcuts()))

    def apply(self, overrides: Mapping[str, list[QKeySequence]]) -> None:
        """Set every action's keys: the user's where given (and clash-free), else the defaults."""
        changed = {name for name in overrides if name in self.bindings}
        for name, binding in self.bindings.items():
            binding.set_keys(list(overrides.get(name, binding.defaults)))
        while (found := self.clashes()) and changed:  # a hand-edited file: its change gives way
            a, b, _key = found[0]
            back = b if b in changed else a
            if back not in changed:
                break
            log.warning("the shortcut settings of %s and %s clash; %s keeps its default keys", a, b, back)
            self.bindings[back].set_keys(list(self.bindings[back].defaults))
            changed.discard(back)
        for binding in self.bindings.values():  # tooltips that name their keys say the keys now used
            plain = binding.target.property("plainTip")
            if isinstance(plain, str):
                binding.target.setToolTip(tip_with_keys(plain, binding.bound()))

    def current(self) -> dict[str, list[QKeySequence]]:
        return {name: b.bound() for name, b in self.bindings.items()}

    def clashes(self, keys: Mapping[str, list[QKeySequence]] | None = None) -> list[tuple[str, str, str]]:
        """(first name, second name, the key they share) for every pair that clashes."""
        chosen = keys if keys is not None else self.current()
        names = sorted(chosen)
        out = []
        for i, a in enumerate(names):
            mine = {k.toString(PORTABLE) for k in chosen[a] if not k.isEmpty()}
            for b in names[i + 1:]:
                shared = mine & {k.toString(PORTABLE) for k in chosen[b] if not k.isEmpty()}
                if shared and clash(a, b):
                    out.append((a, b, sorted(shared)[0]))
        return out

    def changes(self, keys: Mapping[str, list[QKeySequence]]) -> dict[str, list[str]]:
        """What differs from the defaults, in the settings' form (portable text)."""
        out: dict[str, list[str]] = {}
        for name, chosen in keys.items():
            binding = self.bindings.get(name)
            if binding is None:
                continue
            texts = [k.toString(PORTABLE) for k in chosen if not k.isEmpty()]
            if texts != [k.toString(PORTABLE) for k in binding.defaults]:
                out[name] = texts
        return out
