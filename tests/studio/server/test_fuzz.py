"""Schemathesis fuzz of the committed OpenAPI document (packaging/openapi.json) against the real
server on loopback, with a small test engine behind it.

Every operation is fuzzed with valid (positive) and invalid (negative) inputs, once with whatever
engine id the fuzzer makes up and once aimed at the engine that exists (so the engine's code paths
are reached, not only the 404). Two tests, so one kind of failure cannot hide the other:

- no input makes the server answer 5xx (150 examples per operation, mode and aim);
- every answer's status code, content type, headers and body are ones the document lists for it
  (25 examples each; an operation stops at its first failure).

Derandomised (the same cases every run), no database, no shrinking: about 30-45 s on 2 cores.
A failure names the operation and prints a curl line that reproduces it.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402 (after the importorskip)
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine  # noqa: E402

from backends.base import CancelToken, SynthesisEvent, SynthesisRequest  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
DOCUMENT = ROOT / "packaging" / "openapi.json"
EXAMPLES = 150  # per operation, generation mode and aim, for the server-error hunt
CONFORMANCE_EXAMPLES = 25  # conformance stops at an operation's first failure anyway
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance,
               response_headers_conformance, response_schema_conformance]


class FuzzEngine(ToneEngine):
    """The tone engine without its test knobs: fuzzed `options` must not make a take endless or slow
    (the server still decodes and validates them; only the engine ignores them)."""

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        return super().synthesize(dataclasses.replace(request, options={}), cancel)


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadServer]:
    # Short texts keep every take (10 ms of tone per character) quick; enough slots that a take the
    # engine is still finishing after its client left never turns the next request into a 429.
    with ThreadServer({"tone": FuzzEngine()}, heartbeat_s=0.2, max_text_chars=200,
                      max_takes_per_engine=64) as s:
        yield s


def _with_known_engine(case: Any) -> Any:
    """Aim a generated case at the engine that exists, so the fuzz reaches the engine's code paths
    (a random id only ever meets the 404)."""
    if "engine_id" in (case.path_parameters or {}):
        case.path_parameters["engine_id"] = "tone"
    if isinstance(case.body, dict) and "model" in case.body:
        case.body["model"] = "tone"
    return case


def _fuzz(operation: Any, mode: GenerationMode, base_url: str, checks: list[Any], known: bool,
          examples: int) -> str | None:
    """Run one operation in one mode; the first failure as text (with a curl line), or None."""
    seen: list[str] = []
    strategy = operation.as_strategy(generation_mode=mode)
    if known:
        strategy = strategy.map(_with_known_engine)

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case: Any) -> None:
        try:
            case.call_and_validate(base_url=base_url, checks=checks, timeout=20)
        except FailureGroup as exc:
            seen.append("; ".join(_describe(f) for f in exc.exceptions)
                        + f"\n    reproduce: {case.as_curl_command()}")
            raise

    try:
        run()
    except Unsatisfiable:
        return None  # nothing in this operation can be made invalid (no parameters, no body)
    except (Exception, FailureGroup) as exc:
        return seen[0] if seen else f"{type(exc).__name__}: {exc}"
    return None


def _describe(failure: BaseException) -> str:
    title = getattr(failure, "title", type(failure).__name__)
    message = " ".join(str(getattr(failure, "message", failure)).split())
    return f"{title}: {message[:300]}"


def _run_all(server: ThreadServer, checks: list[Any], examples: int) -> tuple[list[str], float]:
    schema = schemathesis.openapi.from_path(str(DOCUMENT))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5, "the document lost operations"
    failures = []
    t0 = time.monotonic()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for known in (False, True):
                failure = _fuzz(operation, mode, server.url, checks, known, examples)
                if failure:
                    aim = "known engine" if known else "any engine id"
                    failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}, {aim}): "
                                    f"{failure}")
    return failures, time.monotonic() - t0


@pytest.mark.timeout(120)
def test_fuzz_finds_no_server_error(server: ThreadServer) -> None:
    """The issue's bar: no input, valid or not, makes the server answer 5xx."""
    failures, elapsed = _run_all(server, [not_a_server_error], EXAMPLES)
    assert not failures, f"{len(failures)} case(s) got a server error ({elapsed:.0f} s of fuzzing):\n\n" \
        + "\n\n".join(failures)


@pytest.mark.timeout(120)
def test_fuzz_responses_conform_to_document(server: ThreadServer) -> None:
    """Every answer's status code, content type, headers and body are the ones the document lists."""
    failures, elapsed = _run_all(server, CONFORMANCE, CONFORMANCE_EXAMPLES)
    assert not failures, f"{len(failures)} case(s) broke the document ({elapsed:.0f} s of fuzzing):\n\n" \
        + "\n\n".join(failures)
