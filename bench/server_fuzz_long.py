"""The engine server's long fuzz: schemathesis against the committed OpenAPI document (every operation,
valid and invalid inputs, aimed at any engine id and at the one that exists, then stateful sequences
over the links schemathesis infers: engines -> voices -> prepare / delete / synthesize), and the
WebSocket fuzz (tests/studio/server/ws_fuzzing.py: frames of every shape, then a probe take that must
finish). The suite's short runs are tests/studio/server/test_fuzz.py and test_ws_fuzz.py.

Each part runs in rounds (a new Hypothesis seed each round) until its time is spent, so "how long"
is the budget, and the figures are what was done in it: requests or frames sent, cases, failures.
A failure is a 5xx, an answer that breaks the document (status, content type, headers, body), or,
on the WebSocket, any break of ws_fuzzing's invariants; the first few are kept in the results with
a curl line or the frames that caused it.

    flock /tmp/heavy.lock .venv/bin/python bench/server_fuzz_long.py --http-seconds 300 \\
        --stateful-seconds 120 --ws-seconds 180

writes bench/results/server_fuzz_long.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "backends" / "remote"))
sys.path.insert(0, str(ROOT / "tests" / "studio" / "server"))

import schemathesis  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from remote_doubles import ThreadServer  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from ws_fuzzing import CASES, FuzzEngine, ServerLog, Tally, run_case, run_huge_frame  # noqa: E402

DOCUMENT = ROOT / "packaging" / "openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
KEEP = 10  # failures kept in the results, per part
WS_LIMIT = 20_000
REQUEST_TIMEOUT_S = 20


def _machine() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((ln.split(":", 1)[1].strip() for ln in out.splitlines()
                      if ln.startswith("Model name")), "")
    except OSError:
        model = ""
    return f"{model or platform.processor()} ({os.cpu_count()} cores), Python {platform.python_version()}"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, FailureGroup):
        return "; ".join(f"{getattr(f, 'title', type(f).__name__)}: "
                         f"{' '.join(str(getattr(f, 'message', f)).split())[:300]}" for f in exc.exceptions)
    return f"no answer: {type(exc).__name__}: {str(exc)[:300]}"


def _aim(case: Any) -> Any:
    if "engine_id" in (case.path_parameters or {}):
        case.path_parameters["engine_id"] = "tone"
    if isinstance(case.body, dict) and "model" in case.body:
        case.body["model"] = "tone"
    return case


def http_part(url: str, seconds: float, log: ServerLog) -> dict[str, Any]:
    """Every operation x mode x aim, 50 examples each, round after round with a new seed."""
    schema = schemathesis.openapi.from_path(str(DOCUMENT))
    operations = [r.ok() for r in schema.get_all_operations()]
    stats = {"requests": 0, "cases_failed": 0, "rounds": 0, "failures": []}
    t0 = time.monotonic()
    seed = 0
    while time.monotonic() - t0 < seconds:
        stats["rounds"] += 1
        for op in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for known in (False, True):
                    if time.monotonic() - t0 >= seconds:
                        break
                    seed += 1
                    strategy = op.as_strategy(generation_mode=mode)
                    if known:
                        strategy = strategy.map(_aim)

                    where = f"{op.method.upper()} {op.path} ({mode.value})"

                    @hypothesis_seed(seed)  # a new seed per call: each round draws new cases
                    @settings(max_examples=50, deadline=None, database=None,
                              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
                    @given(case=strategy)
                    def run(case: Any) -> None:
                        mark = len(log.lines)
                        stats["requests"] += 1
                        try:
                            case.call_and_validate(base_url=url, checks=CHECKS, timeout=REQUEST_TIMEOUT_S)
                        except Exception as exc:  # a failed check or no answer: kept, and the run goes on
                            stats["cases_failed"] += 1
                            if len(stats["failures"]) < KEEP:
                                logged = " | ".join(log.lines[mark:])[:1000]
                                stats["failures"].append(
                                    f"{where}: {_describe(exc)}"  # noqa: B023 (run is called at once)
                                    f"{' | server log: ' + logged if logged else ''} | "
                                    f"reproduce: {case.as_curl_command()[:600]}")

                    with contextlib.suppress(Unsatisfiable):  # nothing in the operation can be made invalid
                        run()
    stats["seconds"] = round(time.monotonic() - t0, 1)
    stats["operations"] = len(operations)
    return stats


def stateful_part(url: str, seconds: float, log: ServerLog) -> dict[str, Any]:
    """Sequences over the links schemathesis infers from the document, in rounds of 25 sequences."""
    schema = schemathesis.openapi.from_path(str(DOCUMENT))
    stats: dict[str, Any] = {"requests": 0, "cases_failed": 0, "sequences": 0, "failures": [],
                             "transitions": 0}
    base = schema.as_state_machine()
    stats["transitions"] = sum(1 for name in dir(base) if "__" in name and name[0].isupper()
                         and not name.startswith("RANDOM"))

    class Workflow(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": url, "timeout": REQUEST_TIMEOUT_S}

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None,
                              **kwargs: Any) -> None:
            stats["requests"] += 1
            mark = len(log.lines)
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as exc:  # kept; the sequence goes on
                stats["cases_failed"] += 1
                if len(stats["failures"]) < KEEP:
                    logged = " | ".join(log.lines[mark:])[:1000]
                    stats["failures"].append(f"{case.operation.method.upper()} {case.operation.path}: "
                                             f"{_describe(exc)}{' | server log: ' + logged if logged else ''}"
                                             f" | reproduce: {case.as_curl_command()[:600]}")

    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        Workflow.run(settings=settings(max_examples=25, deadline=None, database=None, stateful_step_count=8,
                                       suppress_health_check=list(HealthCheck)))
        stats["sequences"] += 25
    stats["seconds"] = round(time.monotonic() - t0, 1)
    return stats


def ws_part(port: int, seconds: float, log: ServerLog) -> dict[str, Any]:
    """ws_fuzzing's cases, 50 a round, and a frame over the limit (text and binary) every round."""
    tally = Tally()
    t0 = time.monotonic()
    rounds = 0
    while time.monotonic() - t0 < seconds:
        rounds += 1
        for binary in (False, True):
            failure = run_huge_frame(port, WS_LIMIT, log, tally, binary=binary)
            if failure and len(tally.failures) < KEEP:
                tally.failures.append(failure)

        @settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(frames=CASES)
        def case(frames: list[tuple[str, Any]]) -> None:
            failure = run_case(port, frames, log, tally)
            if failure and len(tally.failures) < KEEP:
                tally.failures.append(f"{failure} | frames: {[(k, str(p)[:120]) for k, p in frames]}")

        case()
    failed = len(tally.failures)
    return {"cases": tally.cases, "frames_sent": tally.frames_sent, "frames_received": tally.frames_received,
            "error_events": tally.error_events, "huge_frames": tally.huge_frames, "rounds": rounds,
            "cases_failed": failed, "failures": tally.failures, "seconds": round(time.monotonic() - t0, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http-seconds", type=float, default=300)
    parser.add_argument("--stateful-seconds", type=float, default=120)
    parser.add_argument("--ws-seconds", type=float, default=180)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "server_fuzz_long.json")
    args = parser.parse_args()
    log = ServerLog()
    log.attach()
    results: dict[str, Any] = {"machine": _machine(), "document": str(DOCUMENT.relative_to(ROOT))}
    with ThreadServer({"tone": FuzzEngine()}, heartbeat_s=0.2, max_text_chars=200, max_takes_per_engine=64,
                      max_ws_message_bytes=WS_LIMIT) as server:
        parts = (("http", lambda: http_part(server.url, args.http_seconds, log), args.http_seconds),
                 ("stateful", lambda: stateful_part(server.url, args.stateful_seconds, log),
                  args.stateful_seconds),
                 ("websocket", lambda: ws_part(server.port, args.ws_seconds, log), args.ws_seconds))
        for name, part, seconds in parts:
            if seconds <= 0:
                continue
            print(f"{name}: fuzzing for {seconds:.0f} s", file=sys.stderr, flush=True)
            results[name] = part()
            shown = {k: v for k, v in results[name].items() if k != "failures"}
            print(f"{name}: {shown}", file=sys.stderr, flush=True)
            args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log.detach()
    failed = sum(r.get("cases_failed", 0) for r in results.values() if isinstance(r, dict))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
