"""Edit declarations cross the wire, and an old server's list of edit names still reads."""

from __future__ import annotations

import json

import pytest

from backends.base import Manifest, Support
from backends.edits import EditSupport
from backends.remote.wire import WireError, decode_manifest, encode_manifest


def _manifest() -> Manifest:
    return Manifest("x", "X", "1", "MIT", "", ("en",), {}, edits={
        "emotion": EditSupport(Support.APPROXIMATED, "prosody", ("happy", "sad"), 30.0),
        "style": EditSupport(Support.UNSUPPORTED, "no model")})


def test_edits_round_trip() -> None:
    m = _manifest()
    wire = json.loads(json.dumps(encode_manifest(m)))
    assert wire["edits"]["emotion"] == {"support": "approximated", "how": "prosody",
                                        "values": ["happy", "sad"], "max_seconds": 30.0}
    assert decode_manifest(wire) == m


def test_an_old_servers_list_means_native() -> None:
    wire = encode_manifest(_manifest())
    wire["edits"] = ["denoise", "speed"]
    edits = decode_manifest(wire).edits
    assert set(edits) == {"denoise", "speed"}
    assert all(e.support is Support.NATIVE for e in edits.values())
    del wire["edits"]
    assert decode_manifest(wire).edits == {}


@pytest.mark.parametrize("bad", [{"emotion": {"support": "sometimes"}}, {"emotion": {}}, [1, 2],
                                 {"emotion": {"support": "native", "max_seconds": "long"}}, "denoise"])
def test_bad_edits_are_wire_errors(bad: object) -> None:
    wire = encode_manifest(_manifest())
    wire["edits"] = bad
    with pytest.raises(WireError):
        decode_manifest(wire)
