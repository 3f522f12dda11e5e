"""The student's side of ``kefu join``: a small HTTP client for the classroom server.

A request that cannot reach the server (dropped Wi-Fi, a server restarting) is retried with the
same body — replies carry their own key, so the server never counts one twice — until
``patience`` seconds have passed. The secret key a server issues at the first join is kept in
the data dir, so the same student can come back after closing the terminal.
"""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlsplit

from ..errors import KefuError
from ..exitcodes import Exit
from ..files import atomic_write_json
from ..i18n import t
from ..paths import data_dir

KEYS_FILE = "live-keys.json"
SLOW_DOWN = "live.slow_down"  # the only refusal that is retried
STATUS_EXIT = {400: Exit.BAD_INPUT, 401: Exit.CONFLICT, 403: Exit.CONFLICT,
               404: Exit.NOT_FOUND, 409: Exit.CONFLICT, 413: Exit.BAD_INPUT,
               429: Exit.CONFLICT}


class Refused(KefuError):
    """The server said no: ``key`` and ``params`` are its message, ``body`` the whole answer."""

    def __init__(self, status: int, body: dict):
        key = body.get("error") if isinstance(body.get("error"), str) else "live.refused"
        params = body.get("params") if isinstance(body.get("params"), dict) else {}
        try:
            message = t(key, **params)
        except (KeyError, IndexError, ValueError):
            message = t("live.refused", status=status)
        super().__init__(message, STATUS_EXIT.get(status, Exit.FAILED))
        self.status, self.key, self.body = status, key, body


def normalise_url(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KefuError(t("live.bad_url", url=url))
    return f"{parts.scheme}://{parts.netloc}"


def _keys_path():
    return data_dir() / KEYS_FILE


def stored_key(base: str, student: str) -> str | None:
    try:
        data = json.loads(_keys_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(f"{base} {student}") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def store_key(base: str, student: str, key: str) -> None:
    try:
        data = json.loads(_keys_path().read_text(encoding="utf-8"))
        data = data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        data = {}
    data[f"{base} {student}"] = key
    atomic_write_json(_keys_path(), data)


class LiveClient:
    def __init__(self, url: str, patience: float = 120, on_retry=None):
        import httpx

        self.base = normalise_url(url)
        self.http = httpx.Client(base_url=self.base, timeout=10, trust_env=False)
        self.patience = patience
        self.on_retry = on_retry  # called once per outage (to tell the student)
        self.student: str | None = None
        self.key: str | None = None

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        import httpx

        headers = {}
        if self.student and self.key:
            headers = {"X-Kefu-Student": self.student, "X-Kefu-Key": self.key}
        deadline = time.monotonic() + self.patience
        delay, told = 0.2, False
        while True:
            try:
                answer = self.http.request(method, path, json=body, headers=headers)
            except httpx.TransportError as exc:
                problem = str(exc) or type(exc).__name__
            else:
                try:
                    data = answer.json()
                except ValueError:
                    data = {}
                answered = data if isinstance(data, dict) else {}
                # live.slow_down: the server did nothing and asks to slow down (a whole lab
                # behind one address can hit the per-address limit): wait and send the same
                # request again. Any other refusal (a wrong code, a lockout after too many
                # wrong ones) is the student's to read now, not to wait out.
                slow = answer.status_code == 429 and answered.get("error") == SLOW_DOWN
                if answer.status_code < 500 and not slow:
                    if answer.status_code >= 400:
                        raise Refused(answer.status_code, answered)
                    return data
                problem = f"HTTP {answer.status_code}"
            if time.monotonic() + delay > deadline:
                raise KefuError(t("live.unreachable", url=self.base, why=problem[:200]),
                                Exit.FAILED)
            if not told and self.on_retry:
                self.on_retry(problem)
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 2.0)

    # ---- the API ----
    def join(self, code: str, student: str, name: str, class_name: str, team: str) -> dict:
        key = stored_key(self.base, student)
        answer = self._call("POST", "/api/join", {"code": code, "student": student,
                                                  "name": name, "class": class_name,
                                                  "team": team, "key": key})
        self.student, self.key = student, answer.get("key") or key
        if answer.get("key"):
            store_key(self.base, student, answer["key"])
        return answer

    def state(self) -> dict:
        return self._call("GET", "/api/state")

    def scenarios(self) -> list[dict]:
        return self._call("GET", "/api/scenarios")

    def start_drill(self, scenario: str, seed: int | None = None) -> dict:
        return self._call("POST", "/api/drill", {"scenario": scenario, "seed": seed})

    def open_exam(self) -> dict:
        return self._call("POST", "/api/exam", {})

    def reply(self, view: dict, text: str | None, give_up: bool = False) -> dict:
        """Send one reply (or end the conversation); a retry reuses the same key."""
        body = {"conv": view["conv"], "turn": view["turn"], "key": uuid.uuid4().hex,
                "text": text, "give_up": give_up}
        return self._call("POST", "/api/reply", body)

    # ---- 模拟专场 ----
    def match(self) -> dict:
        return self._call("GET", "/api/match")

    def say(self, conv: dict, text: str | None, end: bool = False) -> dict:
        """A line in the match conversation ``conv`` (the buyer's or the agent's)."""
        return self._call("POST", "/api/match/say", {"conv": conv["id"], "turn": conv["turn"],
                                                     "key": uuid.uuid4().hex, "text": text,
                                                     "end": end})

    def ballots(self) -> list[dict]:
        return self._call("GET", "/api/match/ballots")

    def vote(self, ballot: dict, score: int) -> dict:
        return self._call("POST", "/api/match/vote", {"conv": ballot["conv"],
                                                      "turn": ballot["turn"], "score": score})

    def transcripts(self) -> list[dict]:
        return self._call("GET", "/api/me/transcripts")
