"""Put the studio into the desktop's menus and file types, and take it out again, exactly.

Everything goes under the user's XDG data folder (`$XDG_DATA_HOME`, else `~/.local/share`): the
launcher, the icon in four sizes plus the scalable one, the AppStream metadata and the MIME types of
the studio's own files (voice and preset bundles, `*.stepvoices.zip`; edit projects, `*.stepedit`).
Audio files get "Open with Step Audio Studio", which opens them in Edit.

Each file written is recorded with its SHA-256 in `step-audio-studio/desktop-files.json`. Uninstalling
removes those files only, and only while they still hold what was written (a launcher the user edited
is kept, and said so); folders made here go when nothing but the desktop's own caches is left in
them. The desktop's caches are refreshed with the freedesktop tools where they are installed; a
missing tool is not an error (the desktop rebuilds its caches on the next login).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from studio.library.storage import atomic_write_bytes

APP_ID = "io.github.stepaudiostudio.StepAudioStudio"
DATA = Path(__file__).with_name("data")
RECORD = Path("step-audio-studio") / "desktop-files.json"  # beside the default library folder
ICON_SIZES = (48, 64, 128, 256)
# What the studio's reader (libsndfile) opens, as the desktop names those types.
AUDIO_TYPES = ("audio/wav", "audio/x-wav", "audio/vnd.wave", "audio/flac", "audio/x-flac", "audio/ogg",
               "audio/x-vorbis+ogg", "audio/x-opus+ogg", "audio/mpeg", "audio/x-aiff")
OWN_TYPES = ("application/x-step-studio-voices", "application/x-step-studio-edit")
# Files the freedesktop tools generate in the folders we fill; they go with a folder made here.
_GENERATED = {"mime": None, "icons/hicolor": {"icon-theme.cache"}, "applications": {"mimeinfo.cache"}}


class DesktopError(RuntimeError):
    """One sentence for the user: the data folder cannot be written, or the record is damaged."""


@dataclass
class Outcome:
    """What `install` wrote or `uninstall` removed, what was kept, and the caches refreshed."""

    files: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)


def data_home() -> Path:
    """The XDG data folder: `$XDG_DATA_HOME` when it is an absolute path, else `~/.local/share`."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How a launcher starts this installation: its `step-studio` script, else this interpreter."""
    script = Path(sys.executable).with_name("step-studio")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "studio"]


def _exec_arg(arg: str) -> str:
    """An argument as the Desktop Entry spec quotes it (double quotes, its four escapes)."""
    if arg and all(c.isalnum() or c in "/._-+" for c in arg):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'.replace("%", "%%")


def desktop_entry(command: list[str]) -> str:
    """The launcher: `step-studio open %F`, so files dropped on it or opened with it reach the window."""
    exec_line = " ".join(_exec_arg(a) for a in [*command, "open"]) + " %F"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Step Audio Studio",
        "Name[zh_CN]=Step 音频工作室",
        "GenericName=Voice Studio",
        "GenericName[zh_CN]=语音工作室",
        "Comment=Speak, clone, edit and talk with the Step-Audio speech models",
        "Comment[zh_CN]=用 Step-Audio 语音模型朗读、克隆、编辑和对话",
        f"Exec={exec_line}",
        f"TryExec={_exec_arg(command[0])}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "StartupNotify=true",
        "Categories=AudioVideo;Audio;",
        "Keywords=tts;speech;voice;clone;step-audio;",
        "MimeType=" + ";".join((*OWN_TYPES, *AUDIO_TYPES)) + ";",
        "",
    ])


def _files(command: list[str]) -> dict[Path, bytes]:
    """Every file to put under the data folder, by its path there."""
    out = {
        Path("applications") / f"{APP_ID}.desktop": desktop_entry(command).encode("utf-8"),
        Path("metainfo") / f"{APP_ID}.metainfo.xml": (DATA / "metainfo.xml").read_bytes(),
        Path("mime") / "packages" / f"{APP_ID}.xml": (DATA / "mime.xml").read_bytes(),
        Path("icons/hicolor/scalable/apps") / f"{APP_ID}.svg": _scalable_icon(),
    }
    for size in ICON_SIZES:
        icon = Path(f"icons/hicolor/{size}x{size}/apps") / f"{APP_ID}.png"
        out[icon] = (DATA / "icons" / f"{size}.png").read_bytes()
    return out


def _scalable_icon() -> bytes:
    from importlib.resources import files

    return files("widgets").joinpath("svg", "step-studio.svg").read_bytes()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_record(home: Path) -> dict:  # type: ignore[type-arg]
    path = home / RECORD
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {"files": {}, "dirs": []}
    except OSError as exc:
        raise DesktopError(f"The record of the desktop files cannot be read ({exc.strerror}).") from None
    try:
        record = json.loads(raw[:1_000_000].decode("utf-8"))
        files = {str(k): str(v) for k, v in dict(record["files"]).items()}
        dirs = [str(d) for d in list(record["dirs"])]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DesktopError(f"The record of the desktop files ({path}) is damaged; "
                           "nothing was changed.") from None
    safe = all(not Path(p).is_absolute() and ".." not in Path(p).parts for p in [*files, *dirs])
    if not safe:
        raise DesktopError(f"The record of the desktop files ({path}) names files outside its folder; "
                           "nothing was changed.")
    return {"files": files, "dirs": dirs}


def _write_record(home: Path, record: dict) -> None:  # type: ignore[type-arg]
    (home / RECORD).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(home / RECORD, json.dumps(record, indent=1, sort_keys=True).encode("utf-8"))


def install(home: Path | None = None, command: list[str] | None = None, *, refresh: bool = True) -> Outcome:
    """Write the launcher, icons, metadata and MIME types under `home` (the XDG data folder).

    Running it again replaces what an earlier install wrote (a new path to the studio, say)."""
    home = home or data_home()
    record = _read_record(home)
    outcome = Outcome()
    try:
        for rel, data in _files(command or launch_command()).items():
            target = home / rel
            for parent in reversed(rel.parents[:-1]):  # the folders this install makes, outermost first
                if not (home / parent).exists():
                    record["dirs"].append(parent.as_posix())
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, data)
            record["files"][rel.as_posix()] = _digest(data)
            outcome.files.append(target)
        _write_record(home, record)
    except OSError as exc:
        _write_record_quietly(home, record)
        raise DesktopError(f"The desktop files cannot be written to {home} ({exc.strerror}).") from None
    if refresh:
        outcome.refreshed = _refresh(home)
    return outcome


def _write_record_quietly(home: Path, record: dict) -> None:  # type: ignore[type-arg]
    """Keep the record of what was written before a failure, so an uninstall can still remove it."""
    with contextlib.suppress(OSError):
        _write_record(home, record)


def uninstall(home: Path | None = None, *, refresh: bool = True) -> Outcome:
    """Remove what `install` wrote, as long as it is unchanged, and the folders it made."""
    home = home or data_home()
    record = _read_record(home)
    outcome = Outcome()
    for rel, digest in sorted(record["files"].items()):
        target = home / rel
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            continue
        except OSError:
            outcome.kept.append(target)
            continue
        if _digest(data) != digest:
            outcome.kept.append(target)  # changed since: the user's now
            continue
        try:
            target.unlink()
            outcome.files.append(target)
        except OSError:
            outcome.kept.append(target)
    if refresh:
        outcome.refreshed = _refresh(home)
    with contextlib.suppress(OSError):
        (home / RECORD).unlink()
    made = [*record["dirs"], RECORD.parent.as_posix()]
    for rel in sorted(set(made), key=lambda d: -len(Path(d).parts)):
        _remove_if_only_caches(home, Path(rel))
    return outcome


def _remove_if_only_caches(home: Path, rel: Path) -> None:
    folder = home / rel
    if not folder.is_dir():
        return
    generated = _GENERATED.get(rel.as_posix(), set())
    left = list(folder.iterdir())
    if generated is None:  # mime/: everything but packages/ is update-mime-database's output
        if (folder / "packages").exists():
            return
        shutil.rmtree(folder, ignore_errors=True)
    elif all(p.is_file() and p.name in generated for p in left):
        for p in left:
            with contextlib.suppress(OSError):
                p.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()


def _refresh(home: Path) -> list[str]:
    """Bring the desktop's caches up to date where its tools are installed; names the ones run."""
    done = []
    steps = (("update-mime-database", [str(home / "mime")], home / "mime"),
             ("update-desktop-database", ["-q", str(home / "applications")], home / "applications"),
             ("gtk-update-icon-cache", ["-q", "-t", "-f", str(home / "icons" / "hicolor")],
              home / "icons" / "hicolor"))
    for tool, args, folder in steps:
        exe = shutil.which(tool)
        if exe is None or not folder.is_dir():
            continue
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            result = subprocess.run([exe, *args], capture_output=True, timeout=60, check=False)
            if result.returncode == 0:
                done.append(tool)
    return done
