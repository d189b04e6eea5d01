"""`serve`'s key from --key, --key-file or STEP_STUDIO_API_KEY: a key on the command line is visible
to every local user in `ps`, so the file and the environment must work as well, and each mistake is
one sentence (exit 2) before anything listens."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ToneEngine

from studio.cli.serve import KEY_ENV


def _serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict[str, Any], str]:
    """Run `serve` up to the point it would listen: (exit code, {'c': ServerConfig}, stderr)."""
    import studio.server
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from studio.cli import main

    seen: dict[str, Any] = {}
    monkeypatch.setattr(studio.server, "serve", lambda engines, config, port, on_ready: seen.update(c=config))
    registry = Registry([EngineEntry("tone", BUILT_IN, ToneEngine, None)])
    err = io.StringIO()
    code = main(["serve", "--engine", "tone", *args], stderr=err, registry=registry)
    return code, seen, err.getvalue()


def test_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, "from-env\n")
    code, seen, _ = _serve(monkeypatch, "--host", "0.0.0.0")
    assert code == 0 and seen["c"].key == "from-env"


def test_key_from_a_file_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(KEY_ENV, "from-env")
    key_file = tmp_path / "key"
    key_file.write_text("from-file\nsecond line ignored\n", encoding="utf-8")
    key_file.chmod(0o600)
    code, seen, err = _serve(monkeypatch, "--host", "0.0.0.0", "--key-file", str(key_file))
    assert code == 0 and seen["c"].key == "from-file"
    assert "warning" not in err


def test_a_key_file_others_can_read_is_used_with_a_warning(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    key_file = tmp_path / "key"
    key_file.write_text("k", encoding="utf-8")
    key_file.chmod(0o644)
    code, seen, err = _serve(monkeypatch, "--key-file", str(key_file))
    assert code == 0 and seen["c"].key == "k"
    assert "can be read by other users" in err and "chmod 600" in err


def test_the_command_line_key_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    code, seen, _ = _serve(monkeypatch, "--key", "k")
    assert code == 0 and seen["c"].key == "k"


def test_no_key_anywhere_means_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    code, seen, _ = _serve(monkeypatch)
    assert code == 0 and seen["c"].key is None


@pytest.mark.parametrize(("setup", "args", "says"), [
    ("missing", ("--key-file", "{tmp}/nope"), "cannot read the key file"),
    ("empty", ("--key-file", "{tmp}/key"), "is empty"),
    ("both", ("--key", "k", "--key-file", "{tmp}/key"), "not both"),
    ("blank-env", (), "is set but empty"),
])
def test_each_key_mistake_is_one_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, setup: str,
                                          args: tuple[str, ...], says: str) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    (tmp_path / "key").write_text("\n \n" if setup == "empty" else "k", encoding="utf-8")
    if setup == "blank-env":
        monkeypatch.setenv(KEY_ENV, "  ")
    code, seen, err = _serve(monkeypatch, *(a.format(tmp=tmp_path) for a in args))
    assert code == 2 and not seen
    assert says in err and err.count("\n") == 1 and "Traceback" not in err


def test_beyond_loopback_without_a_key_names_the_safe_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    code, seen, err = _serve(monkeypatch, "--host", "0.0.0.0")
    assert code == 2 and not seen
    assert "--key-file" in err and KEY_ENV in err


def test_the_help_names_the_environment_variable() -> None:
    from studio.cli.parser import build_parser

    sub = next(a for a in build_parser()._actions if getattr(a, "choices", None) and "serve" in a.choices)
    help_text = sub.choices["serve"].format_help()  # type: ignore[index]
    assert KEY_ENV in help_text and "--key-file" in help_text
