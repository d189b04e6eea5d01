"""A tiny Hugging Face hub on loopback: the two endpoints huggingface_hub's model_info and
hf_hub_download use, with ETag / X-Repo-Commit / Content-Length / Range, so download code can be
tested without the network. Records every request so tests can see resumed ranges."""

import hashlib
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LFS_MIN = 1024  # files at least this big are served as LFS files (sha256 in the metadata)


@dataclass
class FakeRepo:
    files: dict[str, bytes]
    commit: str = "0123456789abcdef0123456789abcdef01234567"
    # Test knobs: serve these bytes instead of the real ones (a damaged mirror); slow chunks.
    corrupt: dict[str, bytes] = field(default_factory=dict)


def _blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class FakeHub:
    def __init__(self, repos: Mapping[str, FakeRepo], chunk: int = 4096, delay: float = 0.0) -> None:
        self.repos = dict(repos)
        self.chunk = chunk
        self.delay = delay
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range header)
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def _app(self) -> Any:
        from fastapi import FastAPI, Request, Response
        from fastapi.responses import JSONResponse, StreamingResponse

        app = FastAPI()
        hub = self

        @app.get("/api/models/{org}/{name}/revision/{rev}")
        async def info(org: str, name: str, rev: str, request: Request) -> Any:
            hub.requests.append(("GET", request.url.path, None))
            repo = hub.repos.get(f"{org}/{name}")
            if repo is None:
                return JSONResponse({"error": "Repository not found"}, status_code=404)
            siblings = []
            for path, data in repo.files.items():
                s: dict[str, Any] = {"rfilename": path, "size": len(data), "blobId": _blob_sha1(data)}
                if len(data) >= LFS_MIN:
                    s["lfs"] = {
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "size": len(data),
                        "pointerSize": 130,
                    }
                siblings.append(s)
            return {
                "id": f"{org}/{name}",
                "modelId": f"{org}/{name}",
                "sha": repo.commit,
                "siblings": siblings,
                "private": False,
                "tags": [],
                "downloads": 0,
                "likes": 0,
            }

        @app.api_route("/{org}/{name}/resolve/{rev}/{path:path}", methods=["GET", "HEAD"])
        async def resolve(org: str, name: str, rev: str, path: str, request: Request) -> Any:
            rng = request.headers.get("range")
            hub.requests.append((request.method, request.url.path, rng))
            repo = hub.repos.get(f"{org}/{name}")
            if repo is None or path not in repo.files:
                return Response(status_code=404, headers={"X-Error-Code": "EntryNotFound"})
            real = repo.files[path]
            data = repo.corrupt.get(path, real)
            etag = hashlib.sha256(real).hexdigest() if len(real) >= LFS_MIN else _blob_sha1(real)
            headers = {"ETag": f'"{etag}"', "X-Repo-Commit": repo.commit, "Accept-Ranges": "bytes"}
            if request.method == "HEAD":
                headers["Content-Length"] = str(len(data))
                return Response(status_code=200, headers=headers)
            start = 0
            status = 200
            if rng and rng.startswith("bytes="):
                start = int(rng[6:].split("-")[0])
                status = 206
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            body = data[start:]
            headers["Content-Length"] = str(len(body))

            async def stream() -> Any:
                import asyncio

                for i in range(0, len(body), hub.chunk):
                    if hub.delay:
                        await asyncio.sleep(hub.delay)
                    yield body[i : i + hub.chunk]

            return StreamingResponse(
                stream(), status_code=status, headers=headers, media_type="application/octet-stream"
            )

        return app

    def __enter__(self) -> "FakeHub":
        import uvicorn

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(self._app(), log_level="error", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake hub did not start")
            time.sleep(0.01)
        self._sock = sock
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(5)
        self._sock.close()
