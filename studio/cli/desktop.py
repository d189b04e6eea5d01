"""`--install-desktop` / `--uninstall-desktop`: the launcher, icons, metadata and file types."""

from __future__ import annotations

import sys
from typing import TextIO

from studio.cli.common import EXIT_FAILURE, EXIT_OK, CliError
from studio.desktop import integration
from studio.desktop.integration import DesktopError, data_home

# Windows and macOS have no XDG menu or shared-mime-info: files written there would do nothing, so
# the command says so instead of reporting a success the user cannot see.
_NO_FREEDESKTOP = {"win32": "Windows", "cygwin": "Windows", "darwin": "macOS"}


def cmd_desktop(*, install: bool, out: TextIO) -> int:
    system = _NO_FREEDESKTOP.get(sys.platform)
    if system is not None:
        raise CliError(f"--install-desktop and --uninstall-desktop are for Linux desktops "
                       f"(freedesktop.org menus and file types); {system} has no such menu, so nothing "
                       f"was changed.", EXIT_FAILURE)
    home = data_home()
    try:
        outcome = integration.install(home) if install else integration.uninstall(home)
    except DesktopError as exc:
        raise CliError(str(exc), EXIT_FAILURE) from None
    if install:
        out.write(f"Added Step Audio Studio to the application menu: {len(outcome.files)} files "
                  f"under {home}.\n")
    elif outcome.files:
        out.write(f"Removed Step Audio Studio from the application menu: {len(outcome.files)} files.\n")
    else:
        out.write("Nothing to remove: --install-desktop has not added anything under "
                  f"{home}.\n")
    for path in outcome.kept:
        out.write(f"Kept {path}: it was changed after it was installed.\n")
    if outcome.refreshed:
        out.write(f"Refreshed the desktop's caches ({', '.join(outcome.refreshed)}).\n")
    return EXIT_OK

