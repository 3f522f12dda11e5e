"""What stands between the network and the classroom: bounded JSON bodies, per-client rate
limits and the response headers every page and answer carries."""

from __future__ import annotations

import json
import threading
import time

MAX_BODY = 16_384  # bytes in one request: a reply is at most MAX_REPLY characters
MAX_DEPTH = 4


class LiveError(Exception):
    """Refused: ``status`` is the HTTP status, ``key`` a message key (the client translates)."""

    def __init__(self, status: int, key: str, **params):
        super().__init__(key)
        self.status, self.key, self.params = status, key, params


async def read_json(request) -> dict:
    """The request's JSON object, refused when too big, not JSON or not an object."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise LiveError(413, "live.too_big", limit=MAX_BODY)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise LiveError(413, "live.too_big", limit=MAX_BODY)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise LiveError(400, "live.bad_json") from None
    if not isinstance(data, dict) or _depth(data) > MAX_DEPTH:
        raise LiveError(400, "live.bad_json")
    return data


def _depth(value, level: int = 1) -> int:
    if isinstance(value, dict):
        return max([level] + [_depth(v, level + 1) for v in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(v, level + 1) for v in value])
    return level


class RateLimit:
    """A token bucket per client key: ``burst`` requests at once, ``rate`` per second after."""

    def __init__(self, rate: float, burst: int, max_clients: int = 10_000):
        self.rate, self.burst, self.max_clients = rate, burst, max_clients
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def exhausted(self, key: str) -> bool:
        """No request left for ``key`` right now (nothing is taken)."""
        with self.lock:
            tokens, last = self.buckets.get(key, (float(self.burst), time.monotonic()))
            return tokens + (time.monotonic() - last) * self.rate < 1

    def wait(self, key: str) -> float:
        """Seconds until ``key`` has a request again (0 when it has one now)."""
        with self.lock:
            tokens, last = self.buckets.get(key, (float(self.burst), time.monotonic()))
            missing = 1 - (tokens + (time.monotonic() - last) * self.rate)
            return max(0.0, missing / self.rate)

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self.lock:
            if len(self.buckets) > self.max_clients:  # bounded memory: forget the idle ones
                self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 60}
            tokens, last = self.buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self.buckets[key] = (tokens, now)
                return False
            self.buckets[key] = (tokens - 1, now)
            return True


def security_headers(csp: str) -> dict[str, str]:
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store"}
