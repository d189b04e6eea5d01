"""Schemathesis fuzz of the committed OpenAPI document (packaging/openapi.json) against the real
server on loopback, with a small test engine behind it.

Every operation is fuzzed with valid (positive) and invalid (negative) inputs, once with whatever
engine id the fuzzer makes up and once aimed at the engine that exists (so the engine's code paths
are reached, not only the 404). Two tests (each once per operation), so one kind of failure cannot
hide the other:

- no input makes the server answer 5xx (150 examples per operation, mode and aim);
- every answer's status code, content type, headers and body are ones the document lists for it
  (25 examples each; an operation stops at its first failure).

Derandomised (the same cases every run), no database, no shrinking, no Hypothesis deadline: a run is
bounded by its example counts, never by a clock (about 2.5 min for both, quiet, on 2 cores; one test
per operation, so pytest-xdist can spread them). A failure names the operation, says what went wrong
(the answer, or the request that got none), adds what the server logged meanwhile (a 5xx's cause,
with its traceback) and prints a curl line that reproduces it.

Only a failure of the request or of a check counts against the server. Anything else raised in the
middle of an example (pytest-timeout's "Timeout", Ctrl-C) is the run being stopped, and is raised as
itself: Hypothesis would otherwise replay that example, see it pass, and call it flaky ("Failed on
the first call but did not on a subsequent one"), which is how a slow run on a loaded 2-core machine
was once reported as a server error on whichever operation the clock happened to stop in (issue 10).
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402 (after the importorskip)
from hypothesis.errors import Flaky, Unsatisfiable  # noqa: E402
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

if sys.version_info >= (3, 11):
    from builtins import BaseExceptionGroup
else:  # Hypothesis brings the backport on 3.10
    from exceptiongroup import BaseExceptionGroup

ROOT = Path(__file__).resolve().parents[3]
DOCUMENT = ROOT / "packaging" / "openapi.json"
EXAMPLES = 150  # per operation, generation mode and aim, for the server-error hunt
CONFORMANCE_EXAMPLES = 25  # conformance stops at an operation's first failure anyway
# An answer takes milliseconds (the run's time goes to generating the cases); a request that gets no
# answer in 20 s fails its case: a server that hangs is a failing server.
REQUEST_TIMEOUT_S = 20
# Hang guards only: the runs are bounded by their example counts. Measured on a 2-core AMD EPYC,
# quiet: the slowest operation (chat completions) takes 51 s for the server-error hunt (121 s for all
# ten) and 12 s for conformance (37 s for all ten); each guard is over ten times its figure.
SERVER_ERROR_GUARD_S = 600
CONFORMANCE_GUARD_S = 150
SERVER_LOGGERS = ("studio.server", "uvicorn")  # the app's own log, and uvicorn's for an unhandled error
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance,
               response_headers_conformance, response_schema_conformance]


class FuzzEngine(ToneEngine):
    """The tone engine without its test knobs: fuzzed `options` must not make a take endless or slow
    (the server still decodes and validates them; only the engine ignores them)."""

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        return super().synthesize(dataclasses.replace(request, options={}), cancel)


class ServerLog(logging.Handler):
    """What the server logged at ERROR or worse, tracebacks included, so a 5xx's report says why."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        self.lines.append(text)

    def since(self, mark: int) -> str:
        logged = self.lines[mark:]
        return "".join("\n    server log: " + line.replace("\n", "\n      ") for line in logged)


@pytest.fixture(scope="module")
def server_log() -> Iterator[ServerLog]:
    handler = ServerLog()
    loggers = [logging.getLogger(name) for name in SERVER_LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def server(server_log: ServerLog) -> Iterator[ThreadServer]:
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
          examples: int, log: ServerLog | None = None) -> str | None:
    """Run one operation in one mode; the first failure as text (with what the server logged and a
    curl line), or None. Anything that is not the request's or a check's failure (a pytest-timeout,
    Ctrl-C, Hypothesis itself) is raised, never reported as the server's fault."""
    seen: list[str] = []
    strategy = operation.as_strategy(generation_mode=mode)
    if known:
        strategy = strategy.map(_with_known_engine)

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case: Any) -> None:
        mark = len(log.lines) if log is not None else 0
        try:
            case.call_and_validate(base_url=base_url, checks=checks, timeout=REQUEST_TIMEOUT_S)
        except FailureGroup as exc:  # the answer failed a check
            what = "; ".join(_describe(f) for f in exc.exceptions)
        except Exception as exc:  # the request got no answer (refused, dropped, timed out)
            what = f"no answer: {_describe(exc)}"
        else:
            return
        logged = log.since(mark) if log is not None else ""
        seen.append(f"{what}{logged}\n    reproduce: {case.as_curl_command()}")
        raise

    try:
        run()
    except Unsatisfiable:
        return None  # nothing in this operation can be made invalid (no parameters, no body)
    except BaseException as exc:
        stop = _interruption(exc)
        if stop is not None and stop is not exc:
            raise stop from exc  # e.g. pytest-timeout's Failed, unwrapped from Hypothesis's FlakyFailure
        if stop is not None or not seen:
            raise  # the run was stopped, or Hypothesis itself failed: not the server's doing
        if isinstance(exc, Flaky):
            return seen[0] + "\n    (the same case passed when Hypothesis replayed it)"
        return seen[0]
    return None


def _interruption(exc: BaseException | None, depth: int = 0) -> BaseException | None:
    """The first exception in `exc`, in the groups it holds or in what it was raised from or during,
    that is not an Exception: pytest's outcomes (its timeout's Failed), KeyboardInterrupt, SystemExit.
    Hypothesis wraps a BaseException it caught in an Exception raised from it, and a clock that stops
    data generation leaves Hypothesis raising FlakyStrategyDefinition during the Failed. A check's
    failure is an Exception inside schemathesis's FailureGroup, so it never counts."""
    if exc is None or depth > 20:
        return None
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _interruption(inner, depth + 1)
            if found is not None:
                return found
        return None
    if not isinstance(exc, Exception):
        return exc
    return _interruption(exc.__cause__ or exc.__context__, depth + 1)


def _describe(failure: BaseException) -> str:
    title = getattr(failure, "title", type(failure).__name__)
    message = " ".join(str(getattr(failure, "message", failure)).split())
    return f"{title}: {message[:300]}"


def _operations() -> list[Any]:
    schema = schemathesis.openapi.from_path(str(DOCUMENT))
    return [result.ok() for result in schema.get_all_operations()]


# One test per operation, so a failure names it, a hang guard covers one operation's run, and the
# runs can be spread over workers (pytest-xdist) where a machine has them.
OPERATIONS = _operations()
OPERATION_IDS = [f"{op.method.upper()} {op.path}" for op in OPERATIONS]


def _run_all(server: ThreadServer, operation: Any, checks: list[Any], examples: int,
             log: ServerLog | None = None) -> tuple[list[str], float]:
    """Fuzz one operation in both generation modes, aimed at any engine id and at the known one."""
    failures = []
    t0 = time.monotonic()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for known in (False, True):
            failure = _fuzz(operation, mode, server.url, checks, known, examples, log)
            if failure:
                aim = "known engine" if known else "any engine id"
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}, {aim}): "
                                f"{failure}")
    return failures, time.monotonic() - t0


def test_the_document_keeps_its_operations() -> None:
    assert len(OPERATIONS) >= 10, "the document lost operations"


@pytest.mark.timeout(SERVER_ERROR_GUARD_S)
@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_fuzz_finds_no_server_error(server: ThreadServer, server_log: ServerLog, operation: Any) -> None:
    """The issue's bar: no input, valid or not, makes the server answer 5xx."""
    failures, elapsed = _run_all(server, operation, [not_a_server_error], EXAMPLES, server_log)
    assert not failures, f"{len(failures)} case(s) got a server error ({elapsed:.0f} s of fuzzing):\n\n" \
        + "\n\n".join(failures)


@pytest.mark.timeout(CONFORMANCE_GUARD_S)
@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_fuzz_responses_conform_to_document(server: ThreadServer, server_log: ServerLog,
                                            operation: Any) -> None:
    """Every answer's status code, content type, headers and body are the ones the document lists."""
    failures, elapsed = _run_all(server, operation, CONFORMANCE, CONFORMANCE_EXAMPLES, server_log)
    assert not failures, f"{len(failures)} case(s) broke the document ({elapsed:.0f} s of fuzzing):\n\n" \
        + "\n\n".join(failures)


# --- the harness itself: what it reports, and what it must not blame on the server ---------------


def _operation(path_end: str) -> Any:
    return next(op for op in _operations() if op.path.endswith(path_end))


def test_a_timeout_in_the_middle_of_an_example_is_raised_as_the_timeout(server: ThreadServer) -> None:
    """Issue 10's failure, forced without load: pytest-timeout's SIGALRM handler calls `pytest.fail`
    in whatever the main thread is running, here the middle of an example. Hypothesis replayed that
    example, saw it pass, and raised FlakyFailure ("Failed on the first call but did not on a
    subsequent one"), which the harness reported as a server error on the operation that was running.
    The timeout must surface as itself."""
    calls: list[object] = []

    @schemathesis.check
    def stopped_by_the_clock(ctx: Any, response: Any, case: Any) -> None:
        calls.append(case)
        if len(calls) == 1:
            pytest.fail("Timeout (>120.0s) from pytest-timeout")

    with pytest.raises(pytest.fail.Exception, match="Timeout"):
        _fuzz(_operation("/synthesize"), GenerationMode.POSITIVE, server.url, [stopped_by_the_clock],
              True, 5)
    assert calls, "the check never ran"


def test_a_failure_that_does_not_repeat_is_still_reported(server: ThreadServer) -> None:
    """A server error that a replay does not reproduce (a real race) is the server's failure all the
    same: reported with the answer that failed and a curl line, and marked as not repeating."""
    calls: list[object] = []

    @schemathesis.check
    def fails_once(ctx: Any, response: Any, case: Any) -> None:
        calls.append(case)
        if len(calls) == 1:
            raise AssertionError("a 500 on the first call only")

    report = _fuzz(_operation("/synthesize"), GenerationMode.POSITIVE, server.url, [fails_once], True, 5)
    assert report is not None and "a 500 on the first call only" in report
    assert "passed when Hypothesis replayed it" in report and "reproduce: curl" in report


class CrashingEngine(FuzzEngine):
    """Fails at once with an error no engine should raise: the server's 500 for it must be logged
    with the traceback, and the fuzz report must carry that log."""

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        raise RuntimeError("the engine's own bug")


def test_a_server_error_is_reported_with_what_the_server_logged(server_log: ServerLog) -> None:
    # A long heartbeat: the engine's failure is awaited before the answer starts, so it is a 500
    # (with a short one, a loaded machine could start a 200 stream first and send it as an error line).
    with ThreadServer({"tone": CrashingEngine()}, heartbeat_s=30) as s:
        report = _fuzz(_operation("/synthesize"), GenerationMode.POSITIVE, s.url, [not_a_server_error],
                       True, 5, server_log)
    assert report is not None and "500" in report
    assert "answered 500 internal-error" in report  # the handler's line for the answer
    assert "RuntimeError: the engine's own bug" in report and "Traceback" in report
