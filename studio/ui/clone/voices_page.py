"""The voice library, the Clone workspace's home: every voice the studio knows, in one list.

Built-in voices come from the engines (read-only: they belong to the engine); the library's
voices (cloned, matched, imported) carry their reference audio, transcript, profiles per engine,
tags, language and consent record. Rename, duplicate and delete act on library voices only;
"New voice…" opens the wizard; Export… / Import… move voices as bundles. An import always shows
the bundle's preview first, and a refused file says why in a notice.

The page renders a list it is given; every library call runs through a one-thread task queue so
that "rename, then delete" happen in the order the user did them, off the GUI thread.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studio.ui.clone.services import CloneServices, consent_of, field_of, profiles_of
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.labels import language_names
from studio.ui.common.tasks import Tasks
from studio.ui.common.theme import colours
from widgets.flow import FlowRow
from widgets.icons import icon
from widgets.notices import Level, NoticeArea

BUNDLE_FILTER = "Step Audio Studio bundle (*.zip *.json)"
BUNDLE_SUFFIX = ".stepvoices.zip"  # still a zip; desktops that ran --install-desktop know it as ours


ORIGINS = {"cloned": QT_TRANSLATE_NOOP("", "cloned"), "matched": QT_TRANSLATE_NOOP("", "matched"),
           "imported": QT_TRANSLATE_NOOP("", "imported")}


def voice_meta(voice: Any) -> list[str]:
    """Language, origin and creation date as a person reads them (not codes and epoch seconds)."""
    meta: list[str] = []
    language = field_of(voice, "language")
    if language:
        meta.append(language_names((str(language),)))
    origin = str(field_of(voice, "origin") or "")
    if origin:
        meta.append(_tr(ORIGINS.get(origin, origin)))
    created = field_of(voice, "created", "created_at")
    if isinstance(created, (int, float)) and created > 0:
        when = QDateTime.fromSecsSinceEpoch(int(created))
        meta.append(QLocale().toString(when, QLocale.FormatType.ShortFormat))
    return meta




def _h3(text: str) -> str:
    return f"<h3>{_esc(text)}</h3>"


def _muted() -> str:
    return colours()["muted"]


def _note(text: str, tag: str = "p", colour: str = "muted") -> str:
    """A muted (or warning-coloured: "approx") paragraph or list item, in the theme's colours."""
    return f"<{tag} style='color:{colours()[colour]}'>{_esc(text)}</{tag}>"


def _esc(value: Any) -> str:
    return html.escape(str(value))


class VoicesPage(QWidget):
    """Searchable list + details of built-in and library voices."""

    newVoiceRequested = Signal()
    voicesChanged = Signal(list)  # the library's voices, after any change
    statusMessage = Signal(str)
    editReferenceRequested = Signal(object, str, dict)  # reference Audio, voice name, origin

    def __init__(self, services: CloneServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voicesPage")
        self.services = services
        self.library: Any = None
        self.pronunciations: Any = None  # the Speak page's dictionary (Pronunciations): bundles carry it
        self.voices: list[Any] = []  # library voices
        self.builtin: list[tuple[str, Any]] = []  # (engine name, VoiceInfo)
        self.engine_names: dict[str, str] = {}
        self.clone_engines: list[str] = []  # names of engines that can clone or match
        self.player: Any = None
        self.player_reason: str | None = None
        self._device_tasks: Tasks = Tasks(self, 1, "voices-device")
        self._io = Tasks(self, 1, "voice-library")
        self._loads = Tasks(self, 2, "voice-loads")
        self._build()
        self._update_actions()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.setSpacing(8)
        self.notices = NoticeArea(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)

        left = QWidget(splitter)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.setSpacing(8)
        top = QHBoxLayout()
        heading = QLabel(_tr("Voices"), left)
        heading.setProperty("role", "heading")
        top.addWidget(heading)
        top.addStretch(1)
        self.import_button = QPushButton(_tr("Import…"), left)
        self.import_button.setToolTip(_tr("Add voices from a bundle file; you see what is inside first"))
        self.new_button = QPushButton(_tr("New voice…"), left)
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(_tr("Record or import a few seconds of speech and make a voice"))
        top.addWidget(self.import_button)
        top.addWidget(self.new_button)
        lv.addLayout(top)
        self.search = QLineEdit(left)
        self.search.setPlaceholderText(_tr("Search voices, tags, languages…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_tr("Search voices"))
        lv.addWidget(self.search)
        card = QFrame(left)
        card.setObjectName("card")
        cl = QVBoxLayout(card)
        cl.setContentsMargins(1, 1, 1, 1)
        self.list = QListWidget(card)
        self.list.setObjectName("voiceList")
        self.list.setAccessibleName(_tr("Voices"))
        self.list.setSpacing(1)
        self.list.setWordWrap(True)  # a long engine name wraps instead of hiding behind a scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cl.addWidget(self.list)
        lv.addWidget(card, 1)

        right = QWidget(splitter)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 0, 0, 0)
        rv.setSpacing(8)
        rv.addWidget(self.notices)
        actions = FlowRow(spacing=6)  # wraps under large text instead of cutting the labels
        self.play_button = QPushButton(icon("play"), _tr("Play reference"), right)
        self.rename_button = QPushButton(_tr("Rename…"), right)
        self.duplicate_button = QPushButton(_tr("Duplicate"), right)
        self.export_button = QPushButton(_tr("Export…"), right)
        self.edit_button = QPushButton(_tr("Edit reference…"), right)
        self.edit_button.setToolTip(_tr("Open a copy of the reference recording in the Edit workspace"))
        self.delete_button = QPushButton(_tr("Delete…"), right)
        for b in (self.play_button, self.rename_button, self.duplicate_button, self.export_button,
                  self.edit_button):
            actions.addWidget(b)
        actions.addStretch()
        actions.addWidget(self.delete_button)
        rv.addLayout(actions)
        dcard = QFrame(right)
        dcard.setObjectName("card")
        dl = QVBoxLayout(dcard)
        dl.setContentsMargins(8, 8, 8, 8)
        self.details = QTextBrowser(dcard)
        self.details.setObjectName("voiceDetails")
        self.details.setAccessibleName(_tr("Voice details"))
        self.details.setOpenExternalLinks(False)
        dl.addWidget(self.details)
        rv.addWidget(dcard, 1)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        outer.addWidget(splitter, 1)

        self.search.textChanged.connect(lambda _t: self._fill())
        self.list.currentItemChanged.connect(lambda _c, _p: self._on_selected())
        self.new_button.clicked.connect(self.newVoiceRequested)
        self.import_button.clicked.connect(self.import_bundle)
        self.play_button.clicked.connect(self.play_reference)
        self.rename_button.clicked.connect(self.rename_current)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.export_button.clicked.connect(self.export_current)
        self.edit_button.clicked.connect(self.edit_reference)
        self.delete_button.clicked.connect(self.delete_current)

    # --- inputs -----------------------------------------------------------------------------------

    def set_library(self, library: Any) -> None:
        self.library = library
        self.refresh()

    def set_library_failed(self, message: str) -> None:
        self.notices.show_notice(_tr("The voice library cannot be opened: {0}").format(message), Level.ERROR,
                                 key="library")
        self.new_button.setEnabled(False)
        self.new_button.setToolTip(message)

    def set_builtin(self, engine_name: str, voices: list[Any]) -> None:
        """The current engine's own voices (shown read-only)."""
        self.builtin = [(engine_name, v) for v in voices]
        self._fill()

    def set_engines(self, names: dict[str, str], clone_engines: list[str]) -> None:
        self.engine_names = dict(names)
        self.clone_engines = list(clone_engines)
        self._on_selected()

    def set_player(self, player: Any, reason: str | None, device_tasks: Tasks | None = None) -> None:
        self.player = player
        self.player_reason = reason
        if device_tasks is not None:
            self._device_tasks = device_tasks
        self._update_actions()

    # --- list -------------------------------------------------------------------------------------

    def refresh(self, select: tuple[str, str] | None = None) -> None:
        """Re-read the library's voices (off the GUI thread)."""
        library = self.library
        if library is None:
            return

        def done(voices: list[Any]) -> None:
            self.voices = list(voices)
            self._fill(select)
            self.voicesChanged.emit(self.voices)

        self._io.run(lambda: list(library.list()), done,
                     lambda exc: self.notices.show_notice(_tr("The voices could not be read: {0}").format(exc),  # noqa: E501
                                                          Level.ERROR, key="library"))

    def _matches(self, words: list[str], *fields: Any) -> bool:
        text = " ".join(str(f) for f in fields).lower()
        return all(w in text for w in words)

    def _fill(self, select: tuple[str, str] | None = None) -> None:
        current = select or self.current_key()
        words = self.search.text().lower().split()
        self.list.blockSignals(True)
        self.list.clear()
        for voice in self.voices:
            profiles = profiles_of(voice)
            tags = field_of(voice, "tags", default=())
            language = field_of(voice, "language")
            if words and not self._matches(words, voice.name, " ".join(tags), language,
                                           field_of(voice, "transcript"), " ".join(profiles)):
                continue
            kinds = sorted({p.kind for p in profiles.values()})
            what = (_tr("cloned") if "clone" in kinds else _tr("matched") if "match" in kinds
                    else _tr("reference only"))
            item = QListWidgetItem(icon("star"), f"{voice.name}\n{language} · {what}"
                                   + (f" · {', '.join(tags)}" if tags else ""))
            item.setData(Qt.ItemDataRole.UserRole, ("library", voice.id))
            item.setToolTip(_tr("Your voice"))
            self.list.addItem(item)
        for engine_name, info in self.builtin:
            langs = language_names(tuple(info.languages))
            shown = translate_core(info.name)
            if words and not self._matches(words, info.name, shown, langs, ", ".join(info.languages),
                                           engine_name, info.gender, "built-in"):
                continue
            gender = f" · {_gender(info.gender)}" if info.gender else ""
            # The engine's name says it is built in (the tooltip too); library voices carry a star.
            item = QListWidgetItem(icon("voice"), f"{shown}\n{langs}{gender} · {engine_name}")
            item.setData(Qt.ItemDataRole.UserRole, ("builtin", info.id))
            item.setToolTip(_tr("A voice that comes with {0}").format(engine_name))
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = 0
        if current is not None:
            for i in range(self.list.count()):
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) == current:
                    row = i
                    break
        if self.list.count():
            self.list.setCurrentRow(row)
        self._on_selected()

    def current_key(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def current_voice(self) -> Any:
        key = self.current_key()
        if key is None or key[0] != "library":
            return None
        return next((v for v in self.voices if v.id == key[1]), None)

    def select(self, voice_id: str) -> None:
        self._fill(("library", voice_id))

    def names(self) -> list[str]:
        return [self.list.item(i).text().split("\n")[0].strip() for i in range(self.list.count())]

    # --- details ----------------------------------------------------------------------------------

    def _on_selected(self) -> None:
        key = self.current_key()
        if key is None:
            self.details.setHtml(_note(_tr("No voices yet. Press “New voice…” to make one from a few seconds of speech."), "p"))  # noqa: E501
        elif key[0] == "builtin":
            entry = next(((n, v) for n, v in self.builtin if v.id == key[1]), None)
            if entry is not None:
                self.details.setHtml(self._builtin_html(*entry))
        else:
            voice = self.current_voice()
            if voice is not None:
                self.details.setHtml(self._voice_html(voice))
        self._update_actions()

    def _builtin_html(self, engine_name: str, info: Any) -> str:
        rows = [(_tr("Engine"), engine_name), (_tr("Languages"), language_names(tuple(info.languages))),
                (_tr("Gender"), _gender(info.gender) if info.gender else "—"),
                (_tr("Sample rate"), f"{info.sample_rate} Hz")]
        body = "".join(f"<tr><td style='color:{_muted()};padding-right:12px'>{_esc(k)}</td>"
                       f"<td>{_esc(v)}</td></tr>" for k, v in rows)
        desc = f"<p>{_esc(translate_core(info.description))}</p>" if info.description else ""
        return (f"<h2>{_esc(translate_core(info.name))}</h2>{desc}<table>{body}</table>"
                + _note(_tr("Built-in voices belong to their engine: they cannot be renamed, deleted or exported."), "p"))  # noqa: E501

    def _voice_html(self, voice: Any) -> str:
        profiles = profiles_of(voice)
        tags = field_of(voice, "tags", default=())
        consent = consent_of(voice)
        parts = [f"<h2>{_esc(voice.name)}</h2>"]
        meta = voice_meta(voice)
        parts.append(f"<p style='color:{_muted()}'>{_esc(' · '.join(m for m in meta if m))}</p>")
        duration = field_of(voice, "duration", "reference_seconds", default=None)
        parts.append(_h3(_tr("Reference")))
        if duration:
            parts.append("<p>" + _esc(_tr("{0:.1f} s of speech").format(float(duration))) + "</p>")
        transcript = field_of(voice, "transcript")
        parts.append(f"<p><i>“{_esc(transcript)}”</i></p>" if transcript
                     else _note(_tr("No transcript."), "p"))
        parts.append(_h3(_tr("Engines")) + "<ul>")
        for engine_id, p in profiles.items():
            name = self.engine_names.get(engine_id, engine_id)
            kind = _tr("clone") if p.kind == "clone" else _tr("voice match")
            sim = ""
            if p.similarity is not None:
                sim = _tr(", similarity {0:.2f}").format(p.similarity)
                if p.baseline_similarity is not None:
                    sim += _tr(" (default voice {0:.2f})").format(p.baseline_similarity)
            note = (f"<br><span style='color:{_muted()}'>{_esc(translate_core(p.note))}</span>"
                    if p.note else "")
            parts.append(f"<li><b>{_esc(name)}</b>: {_esc(kind)}{_esc(sim)}{note}</li>")
        missing = [n for n in self.clone_engines if n not in {self.engine_names.get(e, e) for e in profiles}]
        if not profiles:
            parts.append(_note(_tr("No engine has a profile for this voice yet, so Speak does not offer it. An engine that clones (such as Step-Audio) can use its reference."), "li"))  # noqa: E501
        for name in missing:
            parts.append(_note(_tr("{0} can use it after preparing a profile").format(name), "li"))
        parts.append("</ul>")
        if tags:
            parts.append(_h3(_tr("Tags")) + f"<p>{_esc(', '.join(tags))}</p>")
        parts.append(_h3(_tr("Consent and provenance")))
        if consent is None:
            parts.append(_note(_tr("No consent record."), "p", "approx"))
        else:
            given = field_of(consent, "given", "consent_given", "consent", default=False)
            rows = [(_tr("Speaker"), field_of(consent, "speaker", "speaker_name")),
                    (_tr("Consent"), (_tr("given") if given else _tr("not recorded"))
                     + (f" — {field_of(consent, 'how', 'method', 'consent_how')}"
                        if field_of(consent, "how", "method", "consent_how") else "")),
                    (_tr("Source"), field_of(consent, "source")),
                    (_tr("Licence"), field_of(consent, "licence", "license")),
                    (_tr("Recorded"), field_of(consent, "recorded", "date"))]
            body = "".join(f"<tr><td style='color:{_muted()};padding-right:12px'>{_esc(k)}</td><td>{_esc(v or '—')}</td></tr>"  # noqa: E501
                           for k, v in rows)
            parts.append(f"<table>{body}</table>")
        return "".join(parts)

    def details_text(self) -> str:
        return self.details.toPlainText()

    def _update_actions(self) -> None:
        voice = self.current_voice()
        is_library = voice is not None
        why = _tr("Built-in voices belong to their engine") if self.current_key() else _tr("Select a voice")
        for b in (self.rename_button, self.duplicate_button, self.export_button, self.delete_button,
                  self.edit_button):
            b.setEnabled(is_library and self.library is not None)
            b.setToolTip("" if is_library else why)
        can_play = is_library and self.player is not None
        self.play_button.setEnabled(can_play)
        self.play_button.setToolTip(
            (self.player_reason or _tr("No audio output device.")) if self.player is None
            else (_tr("Listen to the reference recording") if is_library
                  else _tr("Built-in voices have no reference recording")))
        self.import_button.setEnabled(self.library is not None)

    # --- actions ----------------------------------------------------------------------------------

    def play_reference(self) -> None:
        voice, library, player = self.current_voice(), self.library, self.player
        if voice is None or library is None or player is None:
            return
        tasks = self._device_tasks

        def loaded(audio: Any) -> None:
            tasks.run(lambda: player.play(audio, 0.0), None,
                      lambda exc: self.notices.show_notice(translate_core(str(exc)), Level.WARNING,
                                                          key="playback"))

        self._loads.run(lambda: library.load_reference(voice.id), loaded,
                        lambda exc: self.notices.show_notice(
                            _tr("The reference cannot be read: {0}").format(exc), Level.ERROR, key="playback"))  # noqa: E501

    def edit_reference(self) -> None:
        """Edit reference…: the reference is read off the GUI thread and handed to the Edit page."""
        voice, library = self.current_voice(), self.library
        if voice is None or library is None:
            return
        name = str(field_of(voice, "name", default="") or voice.id)
        origin = {"kind": "voice", "voice_id": voice.id}
        self._loads.run(lambda: library.load_reference(voice.id),
                        lambda audio: self.editReferenceRequested.emit(audio, name, origin),
                        lambda exc: self.notices.show_notice(
                            _tr("The reference cannot be read: {0}").format(translate_core(str(exc))),
                            Level.ERROR, key="playback"))

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        """A one-line text prompt (tests replace it)."""
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def confirm_delete(self, name: str) -> bool:
        """Ask before deleting (tests replace it)."""
        box = QMessageBox(QMessageBox.Icon.Question, _tr("Delete voice"), "",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a voice name from a bundle is never HTML
        box.setText(_tr("Delete the voice “{0}”, its reference recording and its profiles? "
                        "This cannot be undone.").format(name))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _run(self, fn: Any, done_message: str, select: Any = None) -> None:
        def done(result: Any) -> None:
            self.statusMessage.emit(done_message)
            voice_id = select(result) if callable(select) else None
            self.refresh(("library", voice_id) if voice_id else None)

        self._io.run(fn, done,
                     lambda exc: self.notices.show_notice(translate_core(str(exc)), Level.ERROR, key="op"))

    def rename_current(self) -> None:
        voice, library = self.current_voice(), self.library
        if voice is None or library is None:
            return
        name = self.ask_text(_tr("Rename voice"), _tr("New name:"), voice.name)
        if name is None or not name.strip() or name.strip() == voice.name:
            return
        new = name.strip()
        self._run(lambda: library.rename(voice.id, new), _tr("Renamed to “{0}”.").format(new),
                  lambda _r: voice.id)

    def duplicate_current(self) -> None:
        voice, library = self.current_voice(), self.library
        if voice is None or library is None:
            return
        self._run(lambda: library.duplicate(voice.id), _tr("Duplicated “{0}”.").format(voice.name),
                  lambda r: getattr(r, "id", None))

    def delete_current(self) -> None:
        voice, library = self.current_voice(), self.library
        if voice is None or library is None or not self.confirm_delete(voice.name):
            return
        self._run(lambda: library.delete(voice.id), _tr("Deleted “{0}”.").format(voice.name))

    # --- bundles ----------------------------------------------------------------------------------

    def ask_save_bundle(self, suggested: str) -> str:
        path, _f = QFileDialog.getSaveFileName(self, _tr("Export voice"), suggested, BUNDLE_FILTER)
        return path

    def ask_open_bundle(self) -> str:
        path, _f = QFileDialog.getOpenFileName(self, _tr("Import voices"), str(Path.home()),
                                               BUNDLE_FILTER + ";;" + _tr("All files (*)"))
        return path

    def confirm_import(self, preview: Any) -> bool:
        """Show what a bundle holds and ask (tests replace it)."""
        box = QMessageBox(self)
        box.setWindowTitle(_tr("Import voices"))
        box.setIcon(QMessageBox.Icon.Question)
        # Names and consent text come from whoever made the bundle: plain text, never HTML (the
        # informative label has no format setting, so everything goes in the main one).
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(_tr("Import from this bundle?") + "\n\n" + describe_preview(preview))
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Ok).setText(_tr("Import"))
        return box.exec() == QMessageBox.StandardButton.Ok

    def export_current(self) -> None:
        voice, library = self.current_voice(), self.library
        if voice is None or library is None:
            return
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in voice.name).strip() or "voice"
        path = self.ask_save_bundle(str(Path.home() / f"{safe}{BUNDLE_SUFFIX}"))
        if not path:
            return
        services = self.services
        said = self.pronunciations.ask_to_share(self) if self.pronunciations is not None else ()
        self._loads.run(lambda: services.export_bundle(path, library, [voice.id], said),
                        lambda _r: self.statusMessage.emit(_tr("Exported “{0}” to {1}").format(voice.name, path)),  # noqa: E501
                        lambda exc: self.notices.show_notice(_tr("Export failed: {0}").format(exc), Level.ERROR,  # noqa: E501
                                                             key="bundle"))

    def import_bundle(self, path: str | None = None) -> None:
        """Preview a bundle (off the GUI thread), ask, then import it; refusals say why."""
        library = self.library
        path = path or self.ask_open_bundle()
        if not path or library is None:
            return
        services = self.services
        name = Path(path).name

        def refused(exc: BaseException) -> None:
            self.notices.show_notice(_tr("{0} was not imported: {1}").format(name, exc), Level.ERROR, key="bundle")  # noqa: E501

        def previewed(preview: Any) -> None:
            if not self.confirm_import(preview):
                return
            self._io.run(lambda: services.import_bundle(path, library), imported, refused)

        def imported(result: Any) -> None:
            self.notices.dismiss("bundle")
            said = field_of(result, "pronunciations", default=())
            added = self.pronunciations.add_shared(tuple(said)) if self.pronunciations and said else 0
            self.statusMessage.emit(_tr("Imported {0}.").format(name) + (
                " " + _tr("{0} new pronunciations.").format(added) if added else ""))
            self.refresh()

        self._loads.run(lambda: services.preview_bundle(path), previewed, refused)

    def shutdown(self) -> None:
        self._io.wait(5_000)
        self._loads.wait(5_000)


def describe_preview(preview: Any) -> str:
    """A bundle preview as a few lines a person reads before importing."""
    lines = []
    voices = list(field_of(preview, "voices", default=()) or ())
    presets = list(field_of(preview, "presets", default=()) or ())
    voice_word, preset_word = _tr("Voice"), _tr("Preset")
    for v in voices:
        name = field_of(v, "name", default=str(v))
        consent = consent_of(v) if not isinstance(v, dict) else v.get("consent")
        speaker = field_of(consent, "speaker", "speaker_name") if consent else ""
        licence = field_of(consent, "licence", "license") if consent else ""
        extra = ", ".join(x for x in (str(speaker or ""), str(licence or "")) if x)
        lines.append(f"• {voice_word}: {name}" + (f" ({extra})" if extra else ""))
        if consent is not None and not field_of(consent, "given", default=False):
            lines.append("  " + _tr("No record that the speaker agreed to this voice."))
    for p in presets:
        lines.append(f"• {preset_word}: {field_of(p, 'name', default=str(p))}")
    said = [e.word for e in field_of(preview, "pronunciations", default=()) or ()]
    if said:
        lines.append(f"• {_tr('Pronunciations')}: " + ", ".join(said[:8]) + ("…" if len(said) > 8 else ""))
    problems = list(field_of(preview, "problems", default=()) or ())
    lines += [f"! {translate_core(str(w))}" for w in problems]
    size = field_of(preview, "file_bytes", default=None)
    if size:
        lines.append(_tr("{0:.1f} MB").format(float(size) / 1e6))
    return "\n".join(lines) or _tr("The bundle is empty.")


def _gender(gender: str) -> str:
    """A built-in voice's gender as the engine gives it ("female"), in the UI language."""
    return {"female": _tr("female"), "male": _tr("male")}.get(gender, gender)
