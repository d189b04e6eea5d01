"""`serve --header-timeout/--body-timeout/--max-connections/--unload-idle`: they reach the server's
configuration, mistakes are one line (exit 2) before anything listens, and a real server started with a short
header timeout closes a silent connection with 408 at that deadline, not the default's."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ToneEngine

from studio.server.config import ServerConfig

REMOTE = Path(__file__).resolve().parents[2] / "backends" / "remote"


def _serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict[str, Any], str]:
    import studio.server
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from studio.cli import main

    seen: dict[str, Any] = {}
    monkeypatch.setattr(studio.server, "serve", lambda engines, config, port, on_ready: seen.update(c=config))
    registry = Registry([EngineEntry("tone", BUILT_IN, ToneEngine, None)])
    err = io.StringIO()
    code = main(["serve", "--engine", "tone", *args], stderr=err, registry=registry)
    return code, seen, err.getvalue()


def test_the_flags_reach_the_config(monkeypatch: pytest.MonkeyPatch) -> None:
    code, seen, _ = _serve(monkeypatch, "--header-timeout", "2.5", "--body-timeout", "7",
                           "--max-connections", "50")
    assert code == 0
    config = seen["c"]
    assert (config.header_timeout_s, config.body_timeout_s, config.max_connections) == (2.5, 7.0, 50)


def test_the_defaults_are_the_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    code, seen, _ = _serve(monkeypatch)
    defaults = ServerConfig()
    assert code == 0
    assert (seen["c"].header_timeout_s, seen["c"].body_timeout_s, seen["c"].max_connections) == \
        (defaults.header_timeout_s, defaults.body_timeout_s, defaults.max_connections)


def test_unload_idle_defaults_to_the_apps_setting(monkeypatch: pytest.MonkeyPatch, studio_home: Path) -> None:
    from dataclasses import replace

    from studio.settings import SettingsStore

    store = SettingsStore()
    store.save(replace(store.load(), unload_idle_minutes=30))
    assert _serve(monkeypatch)[1]["c"].unload_idle_minutes == 30
    assert _serve(monkeypatch, "--unload-idle", "0")[1]["c"].unload_idle_minutes == 0
    assert _serve(monkeypatch, "--unload-idle", "2.5")[1]["c"].unload_idle_minutes == 2.5


@pytest.mark.parametrize(("args", "expected"), [
    (["--unload-idle", "-1"], "--unload-idle must be 0 (never) to 10,080 minutes"),
    (["--unload-idle", "inf"], "--unload-idle must be 0 (never)"),
    (["--header-timeout", "0"], "--header-timeout must be more than 0"),
    (["--body-timeout", "-1"], "--body-timeout must be more than 0"),
    (["--body-timeout", "nan"], "--body-timeout must be more than 0"),
    (["--header-timeout", "99999"], "at most 3600 seconds"),
    (["--max-connections", "0"], "--max-connections must be at least 1"),
    (["--max-connections", "many"], "invalid int value"),
])
def test_mistakes_are_one_line(monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str) -> None:
    code, seen, err = _serve(monkeypatch, *args)
    assert code == 2 and not seen
    assert len(err.splitlines()) == 1 and expected in err


def test_a_real_server_uses_the_header_timeout(tmp_path: Path) -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from remote_doubles import ToneEngine\n"
        "from backends.registry import BUILT_IN, EngineEntry, Registry\n"
        "from studio.cli import main\n"
        "registry = Registry([EngineEntry('tone', BUILT_IN, ToneEngine, None)])\n"
        "sys.exit(main(['serve', '--engine', 'tone', '--port', '0', '--header-timeout', '1',"
        " '--max-connections', '5'], registry=registry))\n")
    env = {**os.environ, "STEP_STUDIO_API_KEY": ""}
    env.pop("STEP_STUDIO_API_KEY")
    proc = subprocess.Popen([sys.executable, "-c", script, str(REMOTE)], stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[3], env=env)
    try:
        assert proc.stderr is not None
        line = ""
        give_up = time.monotonic() + 60
        while "serving" not in line and time.monotonic() < give_up:
            line = proc.stderr.readline()
            assert line or proc.poll() is None, "the server exited before listening"
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        sock = socket.create_connection(("127.0.0.1", port))
        sock.settimeout(15)
        started = time.monotonic()
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
        elapsed = time.monotonic() - started
        assert data.startswith(b"HTTP/1.1 408")
        assert 0.8 <= elapsed < 5.0  # the default would be 10 s
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
