"""--install-desktop puts a valid launcher, AppStream metadata, icons and MIME types into the XDG data
folder; --uninstall-desktop takes out exactly that (a file the user changed is kept)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from studio.cli import main
from studio.desktop.integration import (
    APP_ID,
    RECORD,
    DesktopError,
    desktop_entry,
    install,
    uninstall,
)

COMMAND = ["/opt/Step Studio/bin/step-studio"]  # a path with a space: the Exec line must quote it


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _tool(name: str) -> str:
    exe = shutil.which(name)
    # The README's test command installs it (packaging/bootstrap.sh, apt_test): a missing tool is a
    # broken set-up, said as such, not a reason to pass without checking.
    assert exe is not None, (f"{name} is not installed: "
                             "apt-get install desktop-file-utils appstream shared-mime-info")
    return exe


def test_install_writes_a_valid_launcher_metadata_icons_and_types(tmp_path: Path) -> None:
    outcome = install(tmp_path, COMMAND, refresh=False)
    files = {p.relative_to(tmp_path).as_posix() for p in outcome.files}
    assert f"applications/{APP_ID}.desktop" in files and f"metainfo/{APP_ID}.metainfo.xml" in files
    assert {f"icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in (48, 64, 128, 256)} <= files
    assert f"icons/hicolor/scalable/apps/{APP_ID}.svg" in files
    for path in outcome.files:
        assert path.stat().st_size > 0
    desktop = tmp_path / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert 'Exec="/opt/Step Studio/bin/step-studio" open %F' in text
    assert "application/x-step-studio-voices;" in text and "audio/flac;" in text
    check = subprocess.run([_tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    meta = tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml"
    check = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(meta)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_studios_files_get_their_own_types(tmp_path: Path) -> None:
    install(tmp_path, COMMAND, refresh=False)
    subprocess.run([_tool("update-mime-database"), str(tmp_path / "mime")], check=True, capture_output=True)
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8").splitlines()
    assert "60:application/x-step-studio-voices:*.stepvoices.zip" in globs
    assert "50:application/x-step-studio-edit:*.stepedit" in globs


@pytest.mark.parametrize("before", ["empty", "lived-in"])
def test_uninstall_takes_out_exactly_what_install_added(tmp_path: Path, before: str) -> None:
    if before == "lived-in":  # another application's launcher and MIME package, and the studio's data
        (tmp_path / "applications").mkdir()
        (tmp_path / "applications" / "other.desktop").write_text("[Desktop Entry]\nName=Other\n")
        (tmp_path / "mime" / "packages").mkdir(parents=True)
        (tmp_path / "mime" / "packages" / "other.xml").write_text("<mime-info/>")
        (tmp_path / "step-audio-studio").mkdir()
        (tmp_path / "step-audio-studio" / "takes.db").write_bytes(b"library")
    snapshot = _tree(tmp_path)
    dirs = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_dir())
    install(tmp_path, COMMAND)  # with the desktop's own cache tools, where installed
    install(tmp_path, ["/usr/bin/step-studio"])  # again, from elsewhere: replaces, still one record
    removed = uninstall(tmp_path)
    assert len(removed.files) == 8 and not removed.kept
    if before == "empty":
        assert list(tmp_path.iterdir()) == []
    else:  # the caches of folders that were there before are the desktop's, refreshed, not ours
        left = {k: v for k, v in _tree(tmp_path).items()
                if not k.startswith("mime/") or "/packages/" in k}
        left.pop("applications/mimeinfo.cache", None)
        assert left == snapshot
        now = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_dir())
        assert [d for d in now if not d.startswith("mime/") or d == "mime/packages"] == dirs
        assert not [p for p in tmp_path.rglob("*") if "step-studio" in p.name or APP_ID in p.name]


def test_a_launcher_the_user_changed_is_kept(tmp_path: Path) -> None:
    install(tmp_path, COMMAND, refresh=False)
    desktop = tmp_path / "applications" / f"{APP_ID}.desktop"
    desktop.write_text(desktop.read_text(encoding="utf-8").replace("Terminal=false", "Terminal=true"))
    outcome = uninstall(tmp_path, refresh=False)
    assert outcome.kept == [desktop] and desktop.exists() and len(outcome.files) == 7


def test_a_damaged_or_hostile_record_changes_nothing(tmp_path: Path) -> None:
    install(tmp_path, COMMAND, refresh=False)
    record = tmp_path / RECORD
    for bad in (b"{not json", b'{"files": {"../../etc/passwd": "x"}, "dirs": []}',
                b'{"files": {"/etc/passwd": "x"}, "dirs": []}'):
        record.write_bytes(bad)
        snapshot = _tree(tmp_path)
        with pytest.raises(DesktopError, match="nothing was changed"):
            uninstall(tmp_path, refresh=False)
        assert _tree(tmp_path) == snapshot


def test_exec_arguments_are_quoted_as_the_spec_says() -> None:
    entry = desktop_entry(["/home/ana/My $tudio/bin/python", "-m", "studio"])
    assert 'Exec="/home/ana/My \\$tudio/bin/python" -m studio open %F' in entry.splitlines()


def test_the_command_line_installs_and_uninstalls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["--install-desktop"], stdout=out, stderr=err) == 0, err.getvalue()
    assert "Added Step Audio Studio to the application menu: 8 files" in out.getvalue()
    assert (tmp_path / "share" / "applications" / f"{APP_ID}.desktop").is_file()
    out = io.StringIO()
    assert main(["--uninstall-desktop"], stdout=out, stderr=err) == 0
    assert "Removed Step Audio Studio from the application menu: 8 files." in out.getvalue()
    assert not (tmp_path / "share" / "applications").exists()
    out = io.StringIO()
    assert main(["--uninstall-desktop"], stdout=out, stderr=err) == 0
    assert out.getvalue().startswith("Nothing to remove")


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_are_told_instead_of_given_files_that_do_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setattr("sys.platform", platform)
    out, err = io.StringIO(), io.StringIO()
    assert main(["--install-desktop"], stdout=out, stderr=err) != 0
    assert "are for Linux desktops" in err.getvalue()
    assert len(err.getvalue().strip().splitlines()) == 1
    assert not (tmp_path / "share").exists()
