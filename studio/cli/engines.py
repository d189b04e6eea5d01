"""Engines from the command line: finding one by id, unloading it before the process exits, and the
`engines` listing of what each can and cannot do."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from typing import TextIO

from backends.base import Backend, BackendError, Manifest, Support, TagSupport
from backends.edits import EditSupport
from backends.registry import Registry
from studio.cli.common import EXIT_OK, CliError, one_line


def open_engine(registry: Registry, engine_id: str | None, on_demand: bool = False) -> tuple[str, Backend]:
    """The engine `engine_id` (default: the registry's), created. `on_demand`: ask it to load only
    what a request needs, when it needs it (an engine's optional `load_on_demand()`), because a
    command runs one request and exits: anything loaded besides is paid for and never used."""
    if engine_id is None:
        engine_id = registry.default_id
        if engine_id is None:
            problems = "; ".join(e.error or e.id for e in registry.entries()) or "none are installed"
            raise CliError(f"no engine can run here ({problems})")
    if engine_id not in registry.ids():
        known = ", ".join(registry.ids()) or "none"
        raise CliError(f"unknown engine '{engine_id}' (known engines: {known})")
    try:
        backend = registry.create(engine_id)
    except BackendError as exc:
        raise CliError(one_line(str(exc))) from exc
    lazy = getattr(backend, "load_on_demand", None)
    if on_demand and callable(lazy):
        lazy()
    return engine_id, backend


def unload_engine(backend: Backend, timeout: float = 5.0) -> None:
    """Unload before the interpreter exits: engines load models on background threads (native
    code), and a process that exits while one still runs can abort in the C++ runtime (seen with
    the embedded engine's Kokoro warm-up: "terminate called without an active exception").
    Bounded, because an engine still stuck in an abandoned take could make unloading wait forever."""

    def unload() -> None:
        with contextlib.suppress(Exception):  # the take is already safe on disk; this is courtesy
            backend.unload()

    worker = threading.Thread(target=unload, name="unload-engine", daemon=True)
    worker.start()
    worker.join(timeout)


def _describe_support(entries: Mapping[str, TagSupport | EditSupport]) -> list[str]:
    groups: dict[Support, list[str]] = {s: [] for s in Support}
    for key, support in sorted(entries.items()):
        groups[support.support].append(f"{key}: {support.how}" if support.how else key)
    titles = {Support.NATIVE: "native", Support.APPROXIMATED: "approximated (how)",
              Support.UNSUPPORTED: "not possible (why)"}
    lines: list[str] = []
    for support, items in groups.items():
        lines.append(f"  {titles[support]}: {'none' if not items else ''}".rstrip())
        lines.extend(f"    {item}" for item in items)
    return lines


def _describe_manifest(manifest: Manifest) -> list[str]:
    def rng(r: object) -> str:
        if r is None:
            return "no"
        return f"{r.minimum:g}..{r.maximum:g}" + (f" ({r.how})" if r.how else "")  # type: ignore[attr-defined]

    cloning = manifest.cloning
    clone = "no" if cloning.kind == "none" else (
        f"{cloning.kind} ({cloning.min_seconds:g}-{cloning.max_seconds:g} s"
        + (", transcript needed" if cloning.needs_transcript else "") + ")")
    abilities = [name for name, on in (("transcribe", manifest.transcribe), ("vad", manifest.vad),
                                        ("chat", manifest.chat), ("tokenize", manifest.tokenize)) if on]
    hw = manifest.hardware
    lines = [
        f"  version {manifest.version}, licence {manifest.licence}",
        f"  languages: {', '.join(manifest.languages) or 'none'}",
        f"  streaming: {'yes' if manifest.streaming else 'no'}; speed: {rng(manifest.speed)}; "
        f"pitch: {rng(manifest.pitch)}; cloning: {clone}",
        f"  edits: {', '.join(k for k, e in manifest.edits.items() if e.honoured) or 'none'}; "
        f"also: {', '.join(abilities) or 'nothing else'}",
        f"  runs on: {hw.device}" + (f", about {hw.memory_mb} MB" if hw.memory_mb else "")
        + (f" ({hw.note})" if hw.note else ""),
    ]
    if manifest.description:
        lines.insert(0, f"  {one_line(manifest.description)}")
    return lines


def cmd_engines(registry: Registry, out: TextIO) -> int:
    blocks: list[str] = []
    for entry in registry.entries():
        if not entry.ok:
            blocks.append(f"{entry.id}: BROKEN ({entry.origin})\n  {one_line(entry.error or '')}")
            continue
        try:
            backend = registry.create(entry.id)
            manifest = backend.manifest
            availability = backend.availability()
        except Exception as exc:  # a plugin engine may fail in any way; list it, do not stop
            blocks.append(f"{entry.id}: BROKEN ({entry.origin})\n  {one_line(str(exc))}")
            continue
        if availability.available:
            state = "available" + (f" ({one_line(availability.reason)})" if availability.reason else "")
        else:
            state = f"unavailable: {one_line(availability.reason)}" + (
                f" Fix: {one_line(availability.fix)}" if availability.fix else "")
        default = " [default]" if entry.id == registry.default_id else ""
        lines = [f"{entry.id}: {manifest.name}{default} ({entry.origin})", f"  {state}"]
        lines += _describe_manifest(manifest)
        lines.append("  tags:")
        lines += ["  " + line for line in _describe_support(manifest.tags)]
        if manifest.edits:
            lines.append("  edits:")
            lines += ["  " + line for line in _describe_support(manifest.edits)]
        blocks.append("\n".join(lines))
    if not blocks:
        raise CliError("no engines are installed")
    out.write("\n\n".join(blocks) + "\n")
    return EXIT_OK
