"""gunicorn for `make bench`: the production configuration, minus HTTPS, on a port of its own."""

# A developer's tool that runs our own programs on our own URLs on localhost:
# ruff: noqa: S310, S603
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent


class Server:
    """gunicorn with the production configuration, minus HTTPS, on a port of its own."""

    def __init__(self, env: dict, port: int):
        self.env = env
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.log_path = VAR_DIR / "gunicorn.log"

    def __enter__(self) -> "Server":
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(f"Something already listens on port {self.port}; pick another with --port.")
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start-up; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise SystemExit(f"gunicorn did not answer /healthz within a minute; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process:
            stop_gunicorn(self.process)
        self.log.close()


def stop_gunicorn(process: subprocess.Popen) -> None:
    """SIGTERM first, so the workers finish the requests in flight; SIGKILL if they have not within 30 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
