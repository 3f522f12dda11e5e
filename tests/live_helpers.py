"""A real ``kefu serve`` (uvicorn on 127.0.0.1, a free port) for the live-classroom tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``kefu serve --json`` in a subprocess; ``info`` is its first line (url, code, token)."""

    def __init__(self, db_url: str, *args: str, env: dict | None = None):
        self.db_url, self.args = db_url, [str(a) for a in args]
        self.port = free_port()
        self.env = {**os.environ, **(env or {})}
        self.proc = None
        self.info: dict = {}
        self.clients: list = []  # closed by stop(), so a failing test leaves none open

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "simulator", "serve", "--host", "127.0.0.1", "--port",
             str(self.port), "--db", self.db_url, "--json", *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=self.env, text=True,
            encoding="utf-8")
        line = self.proc.stdout.readline()
        if not line.startswith("{"):
            raise AssertionError(f"kefu serve did not start: {line}{self.proc.stdout.read()}")
        # nothing else is read: the server's own warnings go to a pipe that is drained
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        self.info = json.loads(line)
        deadline = time.monotonic() + 30
        with httpx.Client(trust_env=False, timeout=2) as http:
            while time.monotonic() < deadline:
                try:
                    if http.get(self.url + "/api/health").is_success:
                        return self
                except httpx.TransportError:
                    time.sleep(0.05)
        raise AssertionError("kefu serve did not answer")

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.proc.stdout.close()

    def client(self, **kw):
        """A :class:`~simulator.server.client.LiveClient` of this server, closed by :meth:`stop`."""
        from simulator.server.client import LiveClient

        self.clients.append(LiveClient(self.url, **kw))
        return self.clients[-1]

    def stop(self) -> None:
        while self.clients:
            self.clients.pop().close()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc:
            self.proc.stdout.close()

    def teacher(self, action: str, **body) -> httpx.Response:
        return self.post(f"/api/teacher/{action}", json=body,
                         headers={"Authorization": f"Bearer {self.info['teacher_token']}"})

    def request(self, method: str, path: str, **kw) -> httpx.Response:
        with httpx.Client(trust_env=False, timeout=30) as http:
            return http.request(method, self.url + path, **kw)

    def get(self, path: str, **kw) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> httpx.Response:
        return self.request("POST", path, **kw)
