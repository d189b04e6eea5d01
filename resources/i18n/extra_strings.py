"""Strings that are translated at run time but that pyside6-lupdate cannot see in the UI sources.

Not imported by the app: update.sh passes this file to lupdate so these messages reach the catalogue.
lupdate's Python parser skips `_tr('…')` written inside an f-string, and a `_tr(name)` over a tuple
of plain strings; both still call QCoreApplication.translate("", …) at run time, so listing the
English text here (same context "") is enough. Remove an entry once its call site is rewritten
to a form lupdate reads (a plain `_tr("…")` outside f-strings, or QT_TRANSLATE_NOOP at the tuple).
"""
from PySide6.QtCore import QT_TRANSLATE_NOOP

EXTRA = (
    # studio/ui/clone_wizard.py: CloneWizard.STEPS, shown as `_tr(name)` in the step chips
    QT_TRANSLATE_NOOP("", "Source"),
    QT_TRANSLATE_NOOP("", "Check"),
    QT_TRANSLATE_NOOP("", "Transcript"),
    QT_TRANSLATE_NOOP("", "Name & consent"),
    QT_TRANSLATE_NOOP("", "Preview & save"),
    # studio/ui/voices_page.py: `_tr('…')` inside f-strings (list items, details HTML, bundle preview)
    QT_TRANSLATE_NOOP("", "built-in"),
    QT_TRANSLATE_NOOP("", "No voices yet. Press “New voice…” to make one from a few seconds of speech."),
    QT_TRANSLATE_NOOP("", "Built-in voices belong to their engine: they cannot be renamed, deleted or exported."),
    QT_TRANSLATE_NOOP("", "Reference"),
    QT_TRANSLATE_NOOP("", "{0:.1f} s of speech"),
    QT_TRANSLATE_NOOP("", "No transcript."),
    QT_TRANSLATE_NOOP("", "Engines"),
    QT_TRANSLATE_NOOP("", "No engine has a profile for this voice yet, so Speak does not offer it. An engine that clones (such as Step-Audio) can use its reference."),  # noqa: E501
    QT_TRANSLATE_NOOP("", "{0} can use it after preparing a profile"),
    QT_TRANSLATE_NOOP("", "Tags"),
    QT_TRANSLATE_NOOP("", "Consent and provenance"),
    QT_TRANSLATE_NOOP("", "No consent record."),
    QT_TRANSLATE_NOOP("", "Voice"),
    QT_TRANSLATE_NOOP("", "Preset"),
)
