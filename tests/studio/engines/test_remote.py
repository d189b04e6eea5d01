"""Remote engine definitions: kept in settings, turned into registry entries, and probing a server.

The servers are the real `studio.server` app on loopback (tests/backends/remote/remote_doubles.py)
with a test engine behind it; a dead port is a port nothing listens on.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine

from backends.base import Availability, BackendUnavailable, CancelToken, Finished, SynthesisRequest
from backends.registry import Registry
from backends.remote.client import RemoteBackend
from studio.engines import remote as remote_engines
from studio.engines.remote import RemoteEngine
from studio.settings import Settings, SettingsStore


class DownEngine(ToneEngine):
    def availability(self) -> Availability:
        return Availability(False, "The tone model is not downloaded.", "Download it.")


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- settings -------------------------------------------------------------------------------------

def test_definitions_survive_a_settings_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    gpu = RemoteEngine("GPU box", " gpu.local:8765/ ", "step-tts", "s3cret")
    settings = remote_engines.add(Settings(), gpu)
    settings = remote_engines.add(settings, RemoteEngine("Local tone", "http://127.0.0.1:8765", "tone"))
    store.save(settings)
    raw = json.loads((tmp_path / "settings.json").read_text("utf-8"))
    assert raw["remote_engines"][0] == {"name": "GPU box", "url": "http://gpu.local:8765",
                                        "engine_id": "step-tts", "key": "s3cret"}
    assert "key" not in raw["remote_engines"][1]
    loaded = remote_engines.load(store.load())
    assert [(e.id, e.url, e.engine_id, e.key) for e in loaded] == [
        ("remote:GPU box", "http://gpu.local:8765", "step-tts", "s3cret"),
        ("remote:Local tone", "http://127.0.0.1:8765", "tone", None)]
    removed = remote_engines.remove(store.load(), "remote:GPU box")
    assert [e.name for e in remote_engines.load(removed)] == ["Local tone"]


def test_unreadable_entries_and_unknown_fields_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"remote_engines": [
        {"name": "new", "url": "http://h:1", "engine_id": "e", "tls_pin": "abc"},
        {"name": "from a newer version", "endpoint": "grpc://x"},
        "nonsense"]}), "utf-8")
    store = SettingsStore(path)
    settings = store.load()
    assert [e.name for e in remote_engines.load(settings)] == ["new"]
    settings = remote_engines.add(settings, RemoteEngine("another", "http://h:2", "e"))
    store.save(settings)
    raw = json.loads(path.read_text("utf-8"))["remote_engines"]
    assert raw[0]["tls_pin"] == "abc"
    assert {"name": "from a newer version", "endpoint": "grpc://x"} in raw and "nonsense" in raw
    assert [e.name for e in remote_engines.load(store.load())] == ["new", "another"]


@pytest.mark.parametrize(("name", "url", "problem"), [
    ("", "http://h:1", "Give the engine a name"),
    ("tone", "http://h:1", "already a remote engine"),
    ("TONE", "http://h:1", "already a remote engine"),
    ("ok", "ftp://h", "http:// or https://"),
    ("ok", "http://h:99999", "port"),
])
def test_bad_names_and_addresses_are_refused_with_a_reason(name: str, url: str, problem: str) -> None:
    settings = remote_engines.add(Settings(), RemoteEngine("tone", "http://h:1", "tone"))
    with pytest.raises(ValueError, match=problem):
        remote_engines.add(settings, RemoteEngine(name, url, "tone"))


# --- registry -------------------------------------------------------------------------------------

def test_registry_entries_make_remote_backends_that_reach_the_server() -> None:
    with ThreadServer({"tone": ToneEngine()}) as server:
        engine = RemoteEngine("Tone here", server.url, "tone")
        (entry,) = remote_engines.entries([engine], timeout=5)
        assert entry.id == "remote:Tone here" and entry.origin == "remote" and entry.ok
        registry = Registry(remote_engines.entries([engine]))
        backend = registry.create("remote:Tone here")
        assert isinstance(backend, RemoteBackend) and backend.engine_id == "tone"
        assert backend.availability().available
        backend.load()
        assert [v.id for v in backend.voices()] == ["beep", "boop"]
        events = list(backend.synthesize(SynthesisRequest(text="Hi.", voice_id="beep"), CancelToken()))
        assert isinstance(events[-1], Finished)
        backend.close()


def test_a_remote_entry_for_a_dead_server_is_created_but_says_why_it_cannot_run() -> None:
    registry = Registry(remote_engines.entries([RemoteEngine("gone", dead_url(), "tone")], timeout=2))
    backend = registry.create("remote:gone")  # no network until asked
    state = backend.availability()
    assert not state.available and "Cannot reach an engine server" in state.reason
    assert "step-studio serve" in state.fix


# --- probe ----------------------------------------------------------------------------------------

def test_probe_lists_the_engines_a_server_offers() -> None:
    with ThreadServer({"tone": ToneEngine(), "down": DownEngine()}) as server:
        offered = remote_engines.probe(server.url, None, 5)
    assert [(e.engine_id, e.name, e.availability.available) for e in offered] == [
        ("tone", "Tone", True), ("down", "Tone", False)]
    engine_id, _name, availability = offered[1]
    assert engine_id == "down" and availability.reason == "The tone model is not downloaded."


def test_probe_with_the_right_key_and_a_wrong_one() -> None:
    with ThreadServer({"tone": ToneEngine()}, key="open-sesame") as server:
        assert [e.engine_id for e in remote_engines.probe(server.url, "open-sesame", 5)] == ["tone"]
        with pytest.raises(BackendUnavailable) as wrong:
            remote_engines.probe(server.url, "guess", 5)
        with pytest.raises(BackendUnavailable) as missing:
            remote_engines.probe(server.url, None, 5)
    for exc in (wrong.value, missing.value):
        assert "refused the key" in exc.availability.reason
        assert "--key" in exc.availability.fix


def test_probe_of_a_dead_port_says_nothing_answered() -> None:
    with pytest.raises(BackendUnavailable) as err:
        remote_engines.probe(dead_url(), None, 2)
    assert "nothing answered" in err.value.availability.reason
    assert "step-studio serve" in err.value.availability.fix


def test_probe_of_a_server_that_is_not_an_engine_server() -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"{\"hello\": \"world\"}" if self.path == "/v1/engines" else b"<html>no</html>"
            self.send_response(200 if self.path == "/v1/engines" else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        with pytest.raises(BackendUnavailable) as wrong_json:
            remote_engines.probe(url, None, 2)
        with pytest.raises(BackendUnavailable) as not_found:
            remote_engines.probe(url + "/elsewhere", None, 2)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "Step Audio Studio engine server" in wrong_json.value.availability.reason
    assert "Step Audio Studio engine server" in not_found.value.availability.reason


def test_probe_refuses_an_address_that_cannot_be_one() -> None:
    with pytest.raises(BackendUnavailable, match="http:// or https://"):
        remote_engines.probe("ftp://example.com", None, 1)
