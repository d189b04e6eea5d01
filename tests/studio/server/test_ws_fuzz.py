"""The WebSocket's short fuzz (the long one is bench/server_ws_fuzz.py): Hypothesis draws sequences of
frames (valid and cancelled takes in any order, every wrong shape of message and request, broken and
deeply nested JSON, binary frames) and each sequence must leave the socket working, with every refusal
a sentence and nothing logged as an error (ws_fuzzing.py says exactly what passes). Derandomised, no
database, bounded by its example count, never by a clock."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from remote_doubles import ThreadServer
from ws_fuzzing import CASES, FuzzEngine, ServerLog, Tally, check_frame, open_socket, run_case, run_huge_frame

LIMIT = 20_000  # bytes in one WebSocket message
EXAMPLES = 200


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[tuple[ThreadServer, ServerLog]]:
    log = ServerLog()
    log.attach()
    with ThreadServer({"tone": FuzzEngine()}, heartbeat_s=0.2, max_text_chars=50, max_takes_per_engine=64,
                      max_ws_message_bytes=LIMIT) as s:
        yield s, log
    log.detach()


@pytest.mark.timeout(600)
def test_no_sequence_of_frames_breaks_the_socket(fuzzed: tuple[ThreadServer, ServerLog]) -> None:
    server, log = fuzzed
    tally = Tally()
    failures: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(frames=CASES)
    def case(frames: list[tuple[str, Any]]) -> None:
        failure = run_case(server.port, frames, log, tally)
        if failure is not None:
            failures.append(f"{failure}\n    frames: {[(k, str(p)[:120]) for k, p in frames]}")
            raise AssertionError(failure)

    with contextlib.suppress(AssertionError):  # Hypothesis re-raises the first failure; reported below
        case()
    assert not failures, failures[0]
    assert tally.cases >= EXAMPLES and tally.error_events > 0  # the fuzz did reach the refusals


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
def test_a_frame_over_the_limit_closes_with_1009(fuzzed: tuple[ThreadServer, ServerLog],
                                                 binary: bool) -> None:
    server, log = fuzzed
    failure = run_huge_frame(server.port, LIMIT, log, Tally(), binary=binary)
    assert failure is None, failure


@pytest.mark.parametrize(("frame", "says"), [
    (b"\x00\x01", "Binary frames are not part of this protocol"),
    ("[" * 12_000, "nested too deeply"),
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must be a JSON object, not list"),
    ('{"type": ["synthesize"], "id": "a"}', "needs 'type', a string"),
    ('{"type": "synthesize", "id": 5}', "needs 'id', a string"),
    ('{"type": "synthesize", "id": "a", "encoding": {"x": 1}}', "'encoding' must be a string"),
    ('{"type": "synthesize", "id": "a"}', "'request' must be a JSON object"),
    ('{"type": "synthesize", "id": "a", "request": [1]}', "'request' must be a JSON object"),
    ('{"type": "stop", "id": "a"}', "Unknown message type 'stop'"),
])
def test_each_malformed_message_is_refused_in_a_sentence(fuzzed: tuple[ThreadServer, ServerLog],
                                                         frame: str | bytes, says: str) -> None:
    """The refusals the fuzz relies on, one by one (so the fuzz's invariant has something to check)."""
    server, log = fuzzed
    mark = len(log.lines)
    with open_socket(server.port) as conn:
        conn.send(frame, text=isinstance(frame, str))
        event, problem = check_frame(conn.recv(10))
        assert problem is None, problem
        assert event is not None and event["type"] == "error" and says in event["error"]["message"]
        assert event["error"]["code"] == "invalid-request"
        # and the socket still works
        conn.send(json.dumps({"type": "synthesize", "id": "after", "request": {"text": "ok"}}))
        while (event := json.loads(conn.recv(10)))["type"] not in ("finished", "error"):
            pass
        assert event["type"] == "finished"
    assert log.lines[mark:] == []


def test_the_harness_reports_a_server_that_breaks_the_socket(fuzzed: tuple[ThreadServer, ServerLog]) -> None:
    """The invariant can fail: a probe the server refuses (text over its limit) is reported."""
    server, log = fuzzed
    failure = run_case(server.port, [], log, Tally(), probe_text="x" * 51)
    assert failure is not None and "probe" in failure
