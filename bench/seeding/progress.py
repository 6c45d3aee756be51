"""A progress bar for long loads, on stderr so the command's report stays clean."""

import datetime
import sys
import time


class ProgressBar:
    """A plain text bar on stderr: redrawn in place five times a second, or a line every 5 s when not a terminal."""

    def __init__(self, total: int, stream=sys.stderr, width: int = 30):
        self.total = max(total, 1)
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.interactive = stream.isatty()

    def update(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_drawn < (0.2 if self.interactive else 5.0):
            return
        self.last_drawn = now
        elapsed = max(now - self.started, 1e-6)
        share = min(done / self.total, 1.0)
        filled = int(self.width * share)
        eta = (elapsed / share - elapsed) if share > 0 else 0
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} "
            f"{done:,} of about {self.total:,} wins · {done / elapsed:,.0f} wins/s · "
            f"ETA {datetime.timedelta(seconds=round(eta))}"
        )
        self.stream.write(("\r" + line + "\x1b[K") if self.interactive else line + "\n")
        self.stream.flush()

    def finish(self, done: int) -> None:
        self.total = done
        self.update(done, force=True)
        if self.interactive:
            self.stream.write("\n")
