"""The "Add remote engine" dialog: a server's address and key, a Test that lists its engines, a name.

Testing asks the server for its engines on a worker thread (`studio.engines.remote.probe`), so a
server that does not answer never freezes the window; the answer, or the reason there is none
(nothing listening, a wrong key, not a Step Audio Studio server), is shown under the button. The
user picks one of the engines, names it, and adds it; `engine()` then holds the definition.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.engines import remote as remote_engines
from studio.engines.remote import DEFAULT_URL, OfferedEngine, RemoteEngine
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from widgets.icons import marked
from widgets.sizes import scaled

PROBE_TIMEOUT_S = 5.0




class RemoteEngineDialog(QDialog):
    """`taken`: the remote engines already added (their names cannot be reused). `probe`: replaceable
    for tests; by default `studio.engines.remote.probe`."""

    def __init__(self, taken: list[RemoteEngine], parent: QWidget | None = None, *,
                 probe: Callable[[str, str | None, float], list[OfferedEngine]] | None = None,
                 timeout: float = PROBE_TIMEOUT_S) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Add Remote Engine"))
        self.setMinimumWidth(scaled(480))
        self._taken = list(taken)
        self._probe = probe or remote_engines.probe
        self._timeout = timeout
        self._tasks = Tasks(self, 1, "remote-probe")
        self._serial = 0  # a Test's answer is used only if no later Test was started
        self._tested_url = ""
        self._tested_key: str | None = None
        self._offered: list[OfferedEngine] = []
        self._name_edited = False
        self._result: RemoteEngine | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(_tr("Use an engine that runs on another machine (or in another process) under "
                           "<code>step-studio serve</code>."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.url_edit = QLineEdit(DEFAULT_URL, self)
        self.url_edit.setAccessibleName(_tr("Server address"))
        self.url_edit.setToolTip(_tr("The engine server's address, e.g. {0}").format(DEFAULT_URL))
        form.addRow(_tr("Server address"), self.url_edit)
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(_tr("optional"))
        self.key_edit.setAccessibleName(_tr("Server key"))
        self.key_edit.setToolTip(_tr(
            "The key the server was started with (step-studio serve --key), if it needs one. "
            "It is stored as you type it, in plain text, in the studio's settings file."))
        form.addRow(_tr("Key"), self.key_edit)
        layout.addLayout(form)

        row = QHBoxLayout()
        self.test_button = QPushButton(_tr("Test"), self)
        self.test_button.setToolTip(_tr("Ask the server which engines it offers"))
        self.test_button.clicked.connect(self.test)
        row.addWidget(self.test_button)
        self.status = QLabel(_tr("Press Test to see the engines this server offers."), self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.status, 1)
        layout.addLayout(row)

        self.engine_list = QListWidget(self)
        self.engine_list.setAccessibleName(_tr("Engines on the server"))
        self.engine_list.setMinimumHeight(90)
        self.engine_list.currentItemChanged.connect(lambda *_: self._on_engine_picked())
        layout.addWidget(self.engine_list, 1)

        names = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(_tr("Name"))
        self.name_edit.setToolTip(_tr("How this engine is called in the engine picker"))
        self.name_edit.textEdited.connect(self._on_name_edited)
        names.addRow(_tr("Name"), self.name_edit)
        layout.addLayout(names)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("problem")
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = self.buttons.addButton(_tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_add)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.url_edit.textEdited.connect(lambda _t: self._forget_test())
        self.key_edit.textEdited.connect(lambda _t: self._forget_test())

    # --- testing --------------------------------------------------------------------------------

    @property
    def testing(self) -> bool:
        return self._tasks.busy

    def test(self) -> None:
        """Probe the server off the GUI thread; the list or the reason arrives later."""
        url = remote_engines.normalise_url(self.url_edit.text())
        problem = remote_engines.url_problem(url)
        if problem:
            self._show_failure(problem)
            return
        key = self.key_edit.text().strip() or None
        self._serial += 1
        serial = self._serial
        self.engine_list.clear()
        self._offered = []
        self.status.setText(_tr("Asking {0}…").format(url))
        self.test_button.setEnabled(False)
        probe, timeout = self._probe, self._timeout

        def done(offered: list[OfferedEngine]) -> None:
            if serial == self._serial:
                self._show_offered(url, key, offered)

        def failed(exc: BaseException) -> None:
            if serial == self._serial:
                availability = getattr(exc, "availability", None)
                text = " ".join(translate_core(x) for x in (availability.reason, availability.fix) if x) \
                    if availability else translate_core(str(exc)) or type(exc).__name__
                self._show_failure(text)

        self._tasks.run(lambda: probe(url, key, timeout), done, failed)

    def _show_offered(self, url: str, key: str | None, offered: list[OfferedEngine]) -> None:
        self.test_button.setEnabled(True)
        self._tested_url, self._tested_key, self._offered = url, key, list(offered)
        self.engine_list.clear()
        if not offered:
            self.status.setText(_tr("The server at {0} answered, but offers no engines.").format(url))
            self._update_add()
            return
        for engine in offered:
            state = engine.availability
            text = f"{engine.name} ({engine.engine_id})"
            if not state.available:
                text += " · " + _tr("cannot run there now: {0}").format(translate_core(state.reason))
            item = QListWidgetItem(text, self.engine_list)
            item.setData(Qt.ItemDataRole.UserRole, engine.engine_id)
            why = " ".join(translate_core(x) for x in (state.reason, state.fix) if x)
            item.setToolTip(why or _tr("Ready"))
        count = len(offered)
        offers = _tr("The server at {0} offers {1} engine(s). Pick one.").format(url, count)
        self.status.setText(marked("ok", offers))
        pick = next((i for i, e in enumerate(offered) if e.availability.available), 0)
        self.engine_list.setCurrentRow(pick)
        self._update_add()

    def _show_failure(self, text: str) -> None:
        self.test_button.setEnabled(True)
        self._offered = []
        self.engine_list.clear()
        self.status.setText(marked("fail", text))
        self._update_add()

    def _forget_test(self) -> None:
        """The address or key changed: the last Test's list no longer describes them."""
        if self._offered or self._tested_url:
            self._serial += 1
            self._offered, self._tested_url, self._tested_key = [], "", None
            self.engine_list.clear()
            self.test_button.setEnabled(True)
            self.status.setText(_tr("Press Test to see the engines this server offers."))
        self._update_add()

    # --- choosing and naming --------------------------------------------------------------------

    def selected(self) -> OfferedEngine | None:
        item = self.engine_list.currentItem()
        if item is None:
            return None
        engine_id = item.data(Qt.ItemDataRole.UserRole)
        return next((e for e in self._offered if e.engine_id == engine_id), None)

    def _on_engine_picked(self) -> None:
        engine = self.selected()
        if engine is not None and not self._name_edited:
            host = urlsplit(self._tested_url).hostname or self._tested_url
            self.name_edit.setText(self._free_name(f"{engine.name} @ {host}"))
        self._update_add()

    def _free_name(self, base: str) -> str:
        name, n = base, 2
        while remote_engines.name_problem(name, self._taken) and n < 100:
            name, n = f"{base} ({n})", n + 1
        return name

    def _on_name_edited(self, _text: str) -> None:
        self._name_edited = True
        self._update_add()

    def _update_add(self) -> None:
        engine = self.selected()
        problem = None
        if engine is not None:
            problem = remote_engines.name_problem(self.name_edit.text(), self._taken)
        self.problem.setText(problem or "")
        self.add_button.setEnabled(engine is not None and problem is None)

    def _on_add(self) -> None:
        engine = self.selected()
        if engine is None or remote_engines.name_problem(self.name_edit.text(), self._taken):
            return
        self._result = RemoteEngine(self.name_edit.text().strip(), self._tested_url, engine.engine_id,
                                    self._tested_key)
        self.accept()

    def engine(self) -> RemoteEngine | None:
        """The definition to add, once the user pressed Add."""
        return self._result

    def done(self, result: int) -> None:
        """Closing: a Test still running is answered into nothing."""
        self._serial += 1
        super().done(result)

    def wait(self, msecs: int = 10_000) -> Any:
        """Block until a running Test has returned (tests and shutdown only)."""
        return self._tasks.wait(msecs)
