"""Any engine in its own child process on loopback, used through the client engine.

Why a process and not a thread: an engine's native code can crash (a segfault takes the whole
process, UI included), its Python code holds the GIL while it loads (the ~290 ms start-up stall of
the embedded engine), and unloading a torch model never returns all its memory to the system. A
child process fixes all three: the engine runs behind `studio.server` on 127.0.0.1 with a random
port and a random key, the studio talks to it with `backends.remote.RemoteBackend`, and unloading
kills the child, which returns every byte (GPU memory included) at once.

The child (`python -m studio.engines.process`) reads its key from the first line of stdin, so the
key never appears in a process listing, then keeps reading stdin: end-of-file means the parent is
gone, and the child exits. On Linux it also asks the kernel for SIGKILL when the parent dies
(PR_SET_PDEATHSIG), which covers a parent killed with SIGKILL before the pipe is noticed. It prints
`READY <port>` on stdout once it listens; its stderr goes to a file the parent reads when it has
to explain a failure (a pipe nobody drains could fill and freeze the child).

Qt-free: the UI wraps `ProcessBackend` like any engine.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

from backends.audio import Audio
from backends.base import (
    Availability,
    BackendError,
    Cancelled,
    CancelToken,
    Hardware,
    Manifest,
    SynthesisEvent,
    SynthesisRequest,
    VoiceInfo,
    VoiceProfile,
)
from backends.edits import EditRequest

READY_PREFIX = "READY "
DEFAULT_START_TIMEOUT = 120.0  # a large model may load for a while before the server listens
_STDERR_TAIL = 2000  # characters of the child's stderr quoted in an error


class EngineProcessError(BackendError):
    """The child process could not start or stopped; the message quotes why (exit, stderr)."""


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "is still running"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = {"SIGSEGV": " (a crash in the engine's native code)", "SIGKILL": " (killed, maybe for memory)",
                "SIGABRT": " (the engine aborted)"}.get(name, "")
        return f"was stopped by {name}{hint}"
    return f"exited with code {code}"


class EngineProcess:
    """One child process serving one engine; `start()` returns a RemoteBackend talking to it.

    `engine_id`: a registry id; `factory`: "module:attribute" making the engine instead (plugins not
    installed as entry points, tests). `env`: extra environment for the child. Thread-safe.
    """

    def __init__(self, engine_id: str, *, factory: str | None = None,
                 start_timeout: float = DEFAULT_START_TIMEOUT, env: Mapping[str, str] | None = None,
                 python: str = sys.executable,
                 heartbeat_s: float = 0.5, stall_timeout: float = 30.0) -> None:
        self.engine_id = engine_id
        self.factory = factory
        self.start_timeout = start_timeout
        self.env = dict(env or {})
        self.python = python
        self.heartbeat_s = heartbeat_s
        self.stall_timeout = stall_timeout
        self._lock = threading.RLock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._remote: Any = None
        self.url: str | None = None
        self.key: str | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def remote(self) -> Any:
        """The RemoteBackend of the running child, or None."""
        return self._remote

    def _command(self) -> list[str]:
        cmd = [self.python, "-m", "studio.engines.process", "--engine", self.engine_id,
               "--parent-pid", str(os.getpid()), "--heartbeat", str(self.heartbeat_s)]
        if self.factory:
            cmd += ["--factory", self.factory]
        return cmd

    def start(self) -> Any:
        """Start the child (stopping a dead one first) and wait until it answers; blocking.

        Returns its RemoteBackend. Raises EngineProcessError with the child's own words when it
        exits, or does not listen within `start_timeout`."""
        from backends.remote.client import RemoteBackend

        with self._lock:
            if self.running and self._remote is not None:
                return self._remote
            self.stop()
            key = secrets.token_urlsafe(24)
            if self._stderr is not None:
                self._stderr.close()  # the last child's words were reported when it died
            self._stderr = tempfile.TemporaryFile(prefix="engine-stderr-")  # noqa: SIM115 (kept open)
            env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
            try:
                proc = subprocess.Popen(self._command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self._stderr, env=env, start_new_session=True)
            except OSError as exc:
                raise EngineProcessError(f"Cannot start a process for engine '{self.engine_id}' "
                                         f"({exc.strerror or exc}).") from exc
            self._proc = proc
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(key.encode("ascii") + b"\n")
                proc.stdin.flush()  # stdin stays open: closing it (or dying) tells the child to exit
            except OSError:
                pass  # the child already died; reading READY below says why
            port = self._await_ready(proc)
            self.url, self.key = f"http://127.0.0.1:{port}", key
            self._remote = RemoteBackend(self.url, self.engine_id, key=key, stall_timeout=self.stall_timeout)
            return self._remote

    def _await_ready(self, proc: subprocess.Popen[bytes]) -> int:
        assert proc.stdout is not None
        found: list[str] = []

        def read() -> None:
            assert proc.stdout is not None
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith(READY_PREFIX):
                    found.append(line)
                    return

        reader = threading.Thread(target=read, name=f"ready-{self.engine_id}", daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        if found:
            try:
                return int(found[0][len(READY_PREFIX):])
            except ValueError:
                pass
        if not reader.is_alive():  # stdout closed: the child is exiting; let its status arrive
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        alive = proc.poll() is None
        self.stop()
        why = (f"did not start listening within {self.start_timeout:g} s" if alive
               else _describe_exit(proc.returncode))
        raise EngineProcessError(f"The process for engine '{self.engine_id}' {why}.{self._stderr_note()}")

    def stderr_tail(self) -> str:
        """The end of what the child wrote to stderr (its traceback, when it has one)."""
        if self._stderr is None:
            return ""
        try:
            self._stderr.flush()
            size = self._stderr.seek(0, os.SEEK_END)
            self._stderr.seek(max(0, size - _STDERR_TAIL))
            return self._stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def _stderr_note(self) -> str:
        """The child's last line on stderr (an exception's type and message, for a traceback)."""
        lines = [line.strip() for line in self.stderr_tail().splitlines() if line.strip()]
        return f" It said: {lines[-1][:300]}" if lines else ""

    def failure(self) -> EngineProcessError | None:
        """When the child has died: an error saying how, with its stderr; None while it runs."""
        proc = self._proc
        if proc is None or proc.poll() is None:
            return None
        return EngineProcessError(f"The process running engine '{self.engine_id}' "
                                  f"{_describe_exit(proc.returncode)}.{self._stderr_note()} "
                                  "It starts again on the next use.")

    def stop(self, grace: float = 2.0) -> None:
        """End the child (closing stdin asks it to exit; SIGKILL after `grace`), freeing all its memory."""
        with self._lock:
            proc, self._proc = self._proc, None
            remote, self._remote = self._remote, None
            if remote is not None:
                remote.close()
            if proc is not None:
                if proc.stdin is not None:
                    with contextlib.suppress(OSError):
                        proc.stdin.close()
                try:
                    proc.wait(grace)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        proc.kill()
                    proc.wait(10)
                if proc.stdout is not None:
                    proc.stdout.close()
            self.url = self.key = None

    def close(self) -> None:
        self.stop()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


class ProcessBackend:
    """A Backend whose engine lives in a child process: `load()` starts it, `unload()` kills it.

    A child that dies (crash, OOM kill) turns the current call into an EngineProcessError that says
    how it died and quotes its stderr; the next `load()` or take starts a fresh child. `manifest`
    is the caller's description until the child has sent its own (drawing the UI must not wait for
    a process to start).
    """

    def __init__(self, engine_id: str, *, manifest: Manifest | None = None, **process: Any) -> None:
        self.process = EngineProcess(engine_id, **process)
        self.engine_id = engine_id
        self._manifest = manifest

    @property
    def manifest(self) -> Manifest:
        remote = self.process.remote
        if remote is not None and remote._manifest is not None:
            self._manifest = remote._manifest
        if self._manifest is not None:
            return self._manifest
        return Manifest(id=self.engine_id, name=self.engine_id, version="", licence="",
                        description=f"Engine '{self.engine_id}', run in its own process (not started yet).",
                        languages=(), tags={}, hardware=Hardware(device="process"))

    def availability(self) -> Availability:
        remote = self.process.remote
        if remote is None or not self.process.running:
            failure = self.process.failure()
            if failure is not None:
                return Availability(True, str(failure))
            return Availability(True)  # it is started on load; a failure to start is reported then
        return remote.availability()

    def _remote(self) -> Any:
        remote = self.process.remote
        if remote is None or not self.process.running:
            remote = self.process.start()
            remote.load()
        return remote

    def load(self) -> None:
        self._remote()

    def unload(self) -> None:
        self.process.stop()

    def close(self) -> None:
        self.process.close()

    def voices(self) -> list[VoiceInfo]:
        return self._call(lambda r: r.voices())

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        remote = self._remote()
        try:
            return fn(remote)
        except BackendError as exc:
            failure = self._died()
            if failure is not None:
                raise failure from exc
            raise

    def _died(self) -> EngineProcessError | None:
        """After a failed call: the child's death as an error (waiting a moment for the exit status)."""
        proc = self.process._proc
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(0.5)
        return self.process.failure()

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        events = self._call(lambda r: r.synthesize(request, cancel))
        return self._guarded(events)

    def _guarded(self, events: Iterator[SynthesisEvent]) -> Iterator[SynthesisEvent]:
        try:
            yield from events
        except Cancelled:
            raise
        except BackendError as exc:
            failure = self._died()
            if failure is not None:
                raise failure from exc
            raise

    def prepare_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                      progress: Callable[[float, str], None] | None = None) -> VoiceProfile:
        return self._call(lambda r: r.prepare_voice(reference, transcript, cancel, progress))

    def tokenize(self, audio: Audio) -> Any:
        """The engine's audio tokens for `audio` (engines whose manifest declares `tokenize`), e.g. so
        that Step-Audio-Chat in audio mode can use the Step engine already running in its child."""
        return self._call(lambda r: r.tokenize(audio))

    # Edits by instruction (engines whose manifest declares `edits`): the child's engine server edits
    # the clip it is sent; its clip limits travel in the manifest (EditSupport.max_seconds).
    max_edit_seconds = 0.0

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken,
             progress: Callable[[float, str], None] | None = None) -> Audio:
        return self._call(lambda r: r.edit(audio, request, cancel, progress))


# --- the child ------------------------------------------------------------------------------------


def _die_with_parent(parent_pid: int) -> None:
    """Exit when the parent does: PR_SET_PDEATHSIG where Linux offers it, and stdin EOF everywhere."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)

    def watch() -> None:
        with contextlib.suppress(OSError, ValueError):
            while sys.stdin.buffer.read(4096):
                pass
        os._exit(0)  # the parent closed the pipe or died: no orphan engine holding memory

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _make_engine(engine_id: str, factory: str | None) -> Any:
    if factory:
        import importlib

        module, _, attr = factory.partition(":")
        return getattr(importlib.import_module(module), attr)()
    from backends.registry import Registry

    return Registry().create(engine_id)


def child_main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m studio.engines.process",
                                     description="Serve one engine on loopback for the studio that "
                                                 "started it.")
    parser.add_argument("--engine", required=True)
    parser.add_argument("--factory")
    parser.add_argument("--parent-pid", type=int, required=True)
    parser.add_argument("--heartbeat", type=float, default=0.5)
    args = parser.parse_args(argv)
    key = sys.stdin.buffer.readline().decode("ascii", "replace").strip()
    if not key:
        sys.stderr.write("no key on stdin: this command is started by the studio, not by hand\n")
        return 2
    _die_with_parent(args.parent_pid)
    try:
        from studio.server import ServerConfig, serve

        engine = _make_engine(args.engine, args.factory)
        config = ServerConfig(key=key, heartbeat_s=args.heartbeat, max_body_bytes=50_000_000,
                              max_upload_bytes=50_000_000, max_takes_per_engine=8, front_end_checks=False)

        def ready(_host: str, port: int) -> None:
            sys.stdout.write(f"{READY_PREFIX}{port}\n")
            sys.stdout.flush()

        serve({args.engine: engine}, config, port=0, on_ready=ready)
    except BaseException:
        # os._exit, not a normal exit: the parent-watch thread is blocked reading stdin, and
        # interpreter shutdown would abort on it (SIGABRT) instead of reporting this traceback.
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    sys.stderr.flush()
    os._exit(0)

if __name__ == "__main__":
    raise SystemExit(child_main())
