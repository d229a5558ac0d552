"""Helpers shared by the reliability and server tests: `detente` subprocesses, a live server.

Fuzz budgets: DETENTE_FUZZ_EXAMPLES sets Hypothesis examples per property (default 40, a CI-sized
run); with DETENTE_LONG=1 the ``slow`` tests run their long versions (400 examples, 10 kills).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

LONG = os.environ.get("DETENTE_LONG") == "1"
FUZZ_EXAMPLES = int(os.environ.get("DETENTE_FUZZ_EXAMPLES", "400" if LONG else "40"))


def detente_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "detente.cli", *args]


def run_detente(*args: str, timeout: float = 300, preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run(detente_command(*args), capture_output=True, text=True, timeout=timeout,
                          preexec_fn=preexec_fn)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn in a thread on loopback, with the configuration `detente serve` uses."""

    def __init__(self, app):
        import uvicorn

        from detente.server import server_config

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(server_config(app, port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started and time.time() < deadline:
            time.sleep(0.02)
        assert self.server.started, "server did not start"
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
