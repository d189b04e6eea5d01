"""The bundle manifest: its format name and version, and reading one safely. Below presets (the
shipped presets are bare manifests) and bundles (every bundle has one), so neither imports the
other for it. A refusal is a `BundleError` whose message is one sentence for the user."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FORMAT = "step-audio-studio-bundle"
VERSION = 1
MAX_MANIFEST_BYTES = 4 * 1024 * 1024


class BundleError(ValueError):
    """The bundle was refused; `str(error)` is one sentence for the user."""


def refuse(message: str) -> BundleError:
    return BundleError(message)


def parse_json(data: bytes, where: str) -> Any:
    def no_constants(value: str) -> Any:
        raise ValueError(f"{value} is not allowed")

    try:
        return json.loads(data.decode("utf-8"), parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise refuse(f"The bundle was refused: {where} is not valid JSON ({short(exc)}).") from exc


def short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__


def read_bytes(path: Path, limit: int, what: str) -> bytes:
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise refuse(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    if len(data) > limit:
        raise refuse(f"The bundle was refused: {what} is larger than {limit // (1024 * 1024)} MB.")
    return data


def read_manifest_file(path: Path) -> dict[str, Any]:
    """A bare `.json` manifest (a preset-only bundle), checked like one inside a zip."""
    manifest = parse_json(read_bytes(path, MAX_MANIFEST_BYTES, "the manifest"), path.name)
    check_manifest(manifest)
    if manifest["voices"]:
        raise refuse(f"The bundle was refused: {path.name} is a bare manifest, which can hold only "
                      f"presets (voices need their audio in a zip).")
    return manifest


def check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict):
        raise refuse("The bundle was refused: its manifest is not a JSON object.")
    if manifest.get("format") != FORMAT:
        raise refuse(f"The bundle was refused: it is not a Step Audio Studio bundle (format is "
                      f"{manifest.get('format')!r}, expected {FORMAT!r}).")
    version = manifest.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise refuse("The bundle was refused: its manifest has no valid version number.")
    if version > VERSION:
        raise refuse(f"The bundle was refused: it was made by a newer Step Audio Studio (bundle "
                      f"version {version}; this version reads up to {VERSION}). Update the app to "
                      f"import it.")
    for key in ("voices", "presets"):
        if not isinstance(manifest.setdefault(key, []), list):
            raise refuse(f"The bundle was refused: '{key}' in its manifest is not a list.")
