"""The offline chat model's own process: loads the GGUF with xllamacpp and answers requests.

Why a process and not a thread: llama.cpp holds the GIL while xllamacpp hands it each token and
the load maps 491 MB, and the studio's window and audio callbacks must never wait on either; in a
child process they cannot. Why `python -m` and not multiprocessing: spawn re-runs the parent's main
script, which breaks (or worse, re-runs) any script without a `__main__` guard; this module imports
nothing of the studio.

Protocol: JSON lines. Parent -> child on stdin: {"request": {...OpenAI chat request...}}, {"stop":
true} (stop the reply now: the token callback returns True, which xllamacpp takes as "stop"), or
{"quit": true}. Child -> parent on its original stdout (llama.cpp's own output goes to the log):
{"ready": load_seconds} or {"error": sentence} once; then per request {"chunk": {...}} ... and
{"end": true} or {"error": sentence}.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time
from typing import IO, Any


def _protocol_out() -> IO[str]:
    """Our replies on a private copy of stdout; fd 1 itself then goes to stderr (the log), so
    nothing llama.cpp prints can break a line of the protocol."""
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    return out


def _send(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message, ensure_ascii=False) + "\n")
    out.flush()


def _read(requests: queue.Queue[dict[str, Any] | None], stop: threading.Event) -> None:
    """Reads stdin on its own thread so a stop arrives while a reply is being generated."""
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("stop"):
            stop.set()
        elif message.get("quit"):
            break
        elif isinstance(message.get("request"), dict):
            requests.put(message["request"])
    stop.set()
    requests.put(None)  # the parent left or asked us to quit


def main(model_path: str, threads: int, n_ctx: int) -> None:
    out = _protocol_out()
    started = time.monotonic()
    try:
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = model_path
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.use_jinja = True  # the model's own template: it renders the system turn and tools
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        server = xllamacpp.Server(params)
    except Exception as exc:  # the parent turns this into one sentence for the user
        _send(out, {"error": f"The offline chat model could not be loaded ({exc})."})
        return
    _send(out, {"ready": time.monotonic() - started})
    requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
    stop = threading.Event()
    threading.Thread(target=_read, args=(requests, stop), daemon=True).start()
    while (request := requests.get()) is not None:
        stop.clear()
        _answer(server, request, out, stop)


def _answer(server: Any, request: dict[str, Any], out: IO[str], stop: threading.Event) -> None:
    failed: list[str] = []

    def on_chunk(chunk: Any) -> bool:
        if isinstance(chunk, dict) and "error" in chunk and "choices" not in chunk:
            error = chunk["error"]
            failed.append(str(error.get("message") if isinstance(error, dict) else error))
            return True
        _send(out, {"chunk": chunk})
        return stop.is_set()

    try:
        result = server.handle_chat_completions(request, on_chunk)
    except Exception as exc:
        _send(out, {"error": f"The offline chat model failed during the reply ({exc})."})
        return
    if isinstance(result, dict) and "error" in result:
        error = result["error"]
        failed.append(str(error.get("message") if isinstance(error, dict) else error))
    if failed:
        _send(out, {"error": f"The offline chat model refused the request ({failed[0]})."})
    else:
        _send(out, {"end": True})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
