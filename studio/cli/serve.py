"""`serve`: the engines over HTTP until Ctrl-C, with the security checks done before any engine is made."""

from __future__ import annotations

import argparse
import math
import os
import stat
from pathlib import Path
from typing import TextIO

from backends.registry import Registry
from studio.cli.common import EXIT_OK, EXIT_USAGE, PROG, CliError
from studio.cli.engines import open_engine, unload_engine

KEY_ENV = "STEP_STUDIO_API_KEY"
MAX_TIMEOUT_S = 3600.0  # a slow-client deadline longer than an hour protects nothing
MAX_IDLE_MINUTES = 10_080  # a week


def read_key(args: argparse.Namespace, err: TextIO) -> str | None:
    """The key from --key, --key-file or $STEP_STUDIO_API_KEY (in that order; one option at most).

    --key is visible to every local user in `ps`; a file or the environment is not. A key file that
    others can read is used, with a warning, as ssh does not (a server key is less precious than a
    login, and refusing would only push the user back to --key)."""
    if args.key is not None and args.key_file is not None:
        raise CliError("give the key with --key or --key-file, not both", EXIT_USAGE)
    if args.key_file is not None:
        path: Path = args.key_file
        try:
            text = path.read_text(encoding="utf-8")
            mode = path.stat().st_mode
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise CliError(f"cannot read the key file {path}: {why}", EXIT_USAGE) from exc
        key = text.splitlines()[0].strip() if text.strip() else ""
        if not key:
            raise CliError(f"the key file {path} is empty; put the key on its first line", EXIT_USAGE)
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            err.write(f"{PROG}: warning: the key file {path} can be read by other users "
                      f"(chmod 600 {path})\n")
        return key
    if args.key is not None:
        return str(args.key)
    from_env = os.environ.get(KEY_ENV)
    if from_env is None:
        return None
    if not from_env.strip():
        raise CliError(f"{KEY_ENV} is set but empty; unset it or give it the key", EXIT_USAGE)
    return from_env.strip()


def cmd_serve(args: argparse.Namespace, registry: Registry, err: TextIO) -> int:
    """Serve engines until Ctrl-C. Security is checked before any engine is created."""
    from studio.server import ServeError, ServerConfig, serve

    if not 0 <= args.port <= 65535:
        raise CliError(f"--port must be 0..65535, not {args.port}", EXIT_USAGE)
    if args.max_text < 1 or args.max_takes < 1:
        raise CliError("--max-text and --max-takes must be at least 1", EXIT_USAGE)
    if args.max_queue < 0:
        raise CliError("--max-queue must be 0 or more", EXIT_USAGE)
    for flag, seconds in (("--header-timeout", args.header_timeout), ("--body-timeout", args.body_timeout)):
        if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT_S):
            raise CliError(f"{flag} must be more than 0 and at most {MAX_TIMEOUT_S:g} seconds", EXIT_USAGE)
    if args.max_connections < 1:
        raise CliError("--max-connections must be at least 1", EXIT_USAGE)
    if args.unload_idle is not None and not (math.isfinite(args.unload_idle)
                                             and 0 <= args.unload_idle <= MAX_IDLE_MINUTES):
        raise CliError(f"--unload-idle must be 0 (never) to {MAX_IDLE_MINUTES:,} minutes", EXIT_USAGE)
    from studio.settings import SettingsStore

    store = SettingsStore()
    settings = store.load()
    if store.message:
        err.write(f"{PROG}: {store.message}\n")
    key = read_key(args, err)
    config = ServerConfig(key=key, bound_host=args.host, allow_hosts=tuple(args.allow_host),
                          max_text_chars=args.max_text, max_takes_per_engine=args.max_takes,
                          max_queue_per_engine=args.max_queue,
                          openai_voices=dict(settings.openai_voices), voices_dir=args.voices_dir,
                          header_timeout_s=args.header_timeout, body_timeout_s=args.body_timeout,
                          max_connections=args.max_connections,
                          unload_idle_minutes=(settings.unload_idle_minutes if args.unload_idle is None
                                               else args.unload_idle))
    try:
        from studio.server.run import check_security

        check_security(args.host, key)
    except ServeError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    ids = list(dict.fromkeys(args.engine)) or [e.id for e in registry.entries() if e.ok]
    if not ids:
        raise CliError("no engine can run here, so there is nothing to serve")
    engines = {}
    for engine_id in ids:
        engines[engine_id] = open_engine(registry, engine_id)[1]

    def ready(host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        err.write(f"{PROG}: serving {', '.join(engines)} on http://{shown}:{port}/v1 "
                  f"({'key required' if key else 'loopback only, no key'}); Ctrl-C stops\n")
        err.flush()

    try:
        serve(engines, config, port=args.port, on_ready=ready)
    except KeyboardInterrupt:  # Ctrl-C is how a server is meant to stop: not an error
        err.write(f"{PROG}: stopped\n")
    except ServeError as exc:
        raise CliError(str(exc)) from exc
    finally:
        for backend in engines.values():
            unload_engine(backend)
    return EXIT_OK
