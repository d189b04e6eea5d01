"""Application start-up pieces: translations load and cover the main labels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from studio.settings import Settings
from studio.ui.shell.app import I18N_DIR, install_translations, ui_language


def test_chinese_catalogue_translates_the_main_labels(qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert (I18N_DIR / "step_studio_zh_CN.qm").exists()
    translators = install_translations(app, "zh_CN")
    try:
        assert translators
        assert QCoreApplication.translate("", "Generate") == "生成"
        assert QCoreApplication.translate("", "Takes") == "历史音频"
        assert QCoreApplication.translate("TagNames", "Happy") == "高兴"
    finally:
        for t in translators:
            app.removeTranslator(t)
    assert QCoreApplication.translate("", "Generate") == "Generate"


def test_english_needs_no_catalogue_and_the_chosen_language_wins(qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_translations(app, "en_GB") == []
    chosen = Settings(ui_language="zh_CN", extra={"ui_language_chosen": True})
    assert ui_language(chosen) == "zh_CN"
