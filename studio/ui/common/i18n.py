"""The one translation lookup every page uses, imported as `_tr`.

pyside6-lupdate (run by studio/i18n/update.sh with `-tr-function-alias tr+=_tr`) files every
`_tr("...")` string under the empty context, so the lookup must use that context too. One context
for the whole UI means a string keeps its translation when its code moves to another module."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def translate(text: str) -> str:
    return QCoreApplication.translate("", text)


def translate_core(text: str) -> str:
    """A message from the Qt-free core (an engine error, a check's finding, a device reason) in the
    UI's language; see core_text.py for how its shapes are matched."""
    from studio.ui.common.core_text import translate_core as lookup

    return lookup(text)
