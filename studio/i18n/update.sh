#!/bin/sh
# Refresh the translation catalogues from the source, then compile them.
# `_tr(...)` is the studio's shorthand for QCoreApplication.translate("", ...): the alias tells
# lupdate to collect those strings too. Existing translations are kept; new strings appear
# unfinished in the .ts (open it with pyside6-linguist to translate them).
set -e
cd "$(dirname "$0")/../.."
for ts in studio/i18n/step_studio_*.ts; do
    pyside6-lupdate -tr-function-alias tr+=_tr studio/ui/*.py studio/ui/*/*.py widgets/*.py -ts "$ts"
    pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
