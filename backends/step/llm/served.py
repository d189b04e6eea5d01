"""The Step1 LLM on a vLLM server: the same prompt ids sent as token ids, the answer streamed back as ids.

For a host with more GPUs than one desktop (packaging/step-audio-editx): the LLM stage, the one that
batches, runs in vLLM, while the audio tokenizer and the vocoder stay in this process. The prompt is
never re-tokenized on the way: vLLM's `/v1/completions` takes a list of ids as the prompt, so the ids
the reference layout builds are exactly the ids the model reads, and the answer comes back as ids
(`return_token_ids`, the field newer vLLM releases add to each streamed chunk; older ones give them as
`token_id:N` strings in `logprobs` when `return_tokens_as_token_ids` is asked for). The audio-only rule
is vLLM's `allowed_token_ids`; the stop on end of turn is `stop_token_ids`.

One difference from the local model, said where it matters: vLLM does not apply the Step reference's
repetition ban (a token seen too often in the last ten is skipped); its own `repetition_penalty` is a
different rule and is left at 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from backends.base import Availability, BackendError, BackendUnavailable, Cancelled, CancelToken
from backends.remote.http import HttpEndpoint, reading
from backends.step.llm.sampling import SamplingSettings


class ServedLM:
    """`url`: the vLLM server (`http://host:8000`, with or without `/v1`); `model`: its served model
    name (`--served-model-name`); `key`: its `--api-key`, if any. Drop-in for Step1LM.generate."""

    config = None  # no local configuration: the server holds the model
    device_sampling = False

    def __init__(self, url: str, model: str, *, key: str | None = None, timeout: float = 10.0,
                 stall_timeout: float = 120.0) -> None:
        self.model = model
        self.endpoint = HttpEndpoint(
            url, key, timeout, stall_timeout, what="vLLM server", a_what="a vLLM server",
            fix="Start vLLM with Step-Audio-EditX (packaging/step-audio-editx), or clear the LLM server "
                "address to run the model here.",
            not_json="a vLLM server")
        self.last_stop = "stop"
        self.last_seed: int | None = None

    @property
    def url(self) -> str:
        return self.endpoint.url

    def _refused(self, response: httpx.Response) -> BackendError:
        try:
            raw = response.json()
            said = raw.get("message") or raw.get("error", {}).get("message") or raw.get("detail")
        except (ValueError, AttributeError):
            said = None
        said = " ".join(str(said or response.reason_phrase or "no details").split())[:300]
        if response.status_code in (401, 403):
            return BackendUnavailable(Availability(False, f"The vLLM server at {self.url} refused the key "
                                                          f"({response.status_code}).",
                                                   "Set the server's API key in the engine settings."))
        return BackendError(f"The vLLM server at {self.url} refused the request ({response.status_code}: "
                            f"{said}).")

    def check(self) -> None:
        """Refuse, in one sentence, a server that cannot be reached or does not serve `model`."""
        raw = self.endpoint.get_json("/v1/models", self._refused)
        served = [m.get("id") for m in raw.get("data", []) if isinstance(m, Mapping)] \
            if isinstance(raw, Mapping) else []
        if self.model not in served:
            listed = ", ".join(str(s) for s in served[:5]) or "none"
            raise BackendUnavailable(Availability(
                False, f"The vLLM server at {self.url} does not serve '{self.model}' (it serves: {listed}).",
                "Set the served model name the server was started with (--served-model-name)."))

    def body(self, prompt: Sequence[int], sampling: SamplingSettings, stop_ids: Sequence[int],
             allowed: tuple[int, int] | None) -> dict[str, Any]:
        """The `/v1/completions` request for one generation (kept separate so it can be inspected)."""
        body: dict[str, Any] = {
            "model": self.model, "prompt": [int(i) for i in prompt], "stream": True,
            "max_tokens": max(1, sampling.max_length - len(prompt)),
            "temperature": sampling.temperature, "top_p": sampling.top_p,
            "top_k": sampling.top_k if sampling.top_k > 0 else -1,
            "stop_token_ids": [int(s) for s in stop_ids], "skip_special_tokens": False,
            "return_token_ids": True, "logprobs": 0, "return_tokens_as_token_ids": True,
        }
        if sampling.seed is not None:
            body["seed"] = int(sampling.seed)
        if allowed is not None:
            low, high = int(allowed[0]), int(allowed[1])
            body["allowed_token_ids"] = [*range(low, high), *(int(s) for s in stop_ids)]
        return body

    def generate(self, prompt_ids: Sequence[int], sampling: SamplingSettings, cancel: CancelToken,
                 stop_ids: Sequence[int] = (3,), allowed: tuple[int, int] | None = None) -> Iterator[int]:
        """New ids as the server streams them; `last_stop` says why it ended, as Step1LM's does."""
        prompt = [int(i) for i in prompt_ids]
        if not prompt:
            raise ValueError("generate() needs at least one prompt id")
        self.last_seed = sampling.seed
        self.last_stop = "max_length"
        if len(prompt) >= sampling.max_length:
            return
        stops = {int(s) for s in stop_ids}
        stream, response = self.endpoint.open_stream("/v1/completions", self.body(prompt, sampling, stop_ids,
                                                                                 allowed), self._refused)
        with reading(stream, cancel,
                     lambda: BackendError(f"The vLLM server at {self.url} sent nothing for "
                                          f"{self.endpoint.stall_timeout:g} s (it may be overloaded)."),
                     lambda how: BackendError(f"The connection to the vLLM server at {self.url} broke "
                                              f"({how}).")):
            for line in response.iter_lines():
                if cancel.cancelled:
                    self.last_stop = "cancelled"
                    return
                field, _, value = line.partition(":")
                if field != "data":
                    continue  # blank separators, comments (keep-alives), event names
                value = value.strip()
                if value == "[DONE]":
                    break
                ids, reason = self._chunk(value)
                for token in ids:
                    if token in stops:
                        self.last_stop = "stop"
                        return
                    yield token
                if reason is not None:
                    self.last_stop = "max_length" if reason == "length" else "stop"
        if cancel.cancelled:
            raise Cancelled()

    def _chunk(self, data: str) -> tuple[list[int], str | None]:
        """One streamed event: its new ids and its finish reason (None while it goes on)."""
        def malformed(what: str) -> BackendError:
            return BackendError(f"The vLLM server at {self.url} sent a malformed stream ({what}).")

        try:
            raw = json.loads(data)
        except ValueError as exc:
            raise malformed("an event is not JSON") from exc
        if not isinstance(raw, Mapping):
            raise malformed("an event is not a JSON object")
        if "error" in raw:
            inner = raw["error"]
            said = inner.get("message") if isinstance(inner, Mapping) else inner
            raise BackendError(f"The vLLM server at {self.url} failed during the answer: "
                               f"{' '.join(str(said or 'no details').split())[:300]}")
        choices = raw.get("choices")
        if not isinstance(choices, list):
            raise malformed("an event has no 'choices'")
        if not choices:
            return [], None
        choice = choices[0]
        if not isinstance(choice, Mapping):
            raise malformed("a choice is not an object")
        ids = choice.get("token_ids")
        if ids is None:  # an older vLLM: the ids as "token_id:N" strings in logprobs
            logprobs = choice.get("logprobs")
            tokens = logprobs.get("tokens") if isinstance(logprobs, Mapping) else None
            if tokens is None and choice.get("text"):
                raise malformed("it sends text but no token ids; a vLLM release with return_token_ids or "
                                "return_tokens_as_token_ids is needed")
            ids = [_token_id(t) for t in tokens or ()]
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise malformed("token ids are not a list of whole numbers")
        reason = choice.get("finish_reason")
        return ids, reason if isinstance(reason, str) else None

    def unload(self) -> None:
        self.endpoint.close()


def _token_id(token: object) -> int:
    """`token_id:65539` (vLLM's form with return_tokens_as_token_ids) as 65539."""
    if isinstance(token, str) and token.startswith("token_id:"):
        try:
            return int(token[len("token_id:"):])
        except ValueError:
            pass
    raise BackendError(f"A vLLM server sent a token that is not an id ({str(token)[:40]!r}).")
