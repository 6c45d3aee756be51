"""gunicorn for the outage run: the production configuration, minus HTTPS, with its workers found in /proc."""

# A developer's tool that runs our own programs against localhost:
# ruff: noqa: S603
import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.server import stop_gunicorn

ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = ROOT / "var" / "outage"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production configuration, minus HTTPS, on a port of its own."""

    def __init__(self, env: dict, port: int, workers: int):
        self.port = port
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = VAR_DIR / "gunicorn.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while len(self.workers()) < workers or not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {self.log_path}")
            time.sleep(0.5)

    def _healthy(self) -> bool:
        """A worker has loaded the app and reached the database."""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request("GET", "/healthz")
            healthy = conn.getresponse().status == 200
            conn.close()
            return healthy
        except (OSError, http.client.HTTPException):
            return False

    def workers(self) -> list[int]:
        """The master's children, read from /proc."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(entry.name))
        return sorted(children)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        stop_gunicorn(self.process)
        self.log.close()
