"""What several commands share: settings, the database, the answerer."""
from __future__ import annotations

import sys
import time

from bot.config import Settings, load_settings
from intents.answer import Answerer, build_answerer
from intents.storage import open_engine


class CommandError(Exception):
    """A one-line message for the person at the terminal, and the exit code."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def settings() -> Settings:
    return load_settings()


def answerer(config: Settings | None = None) -> Answerer:
    config = config or settings()
    return build_answerer(open_engine(config.database_url))


class Progress:
    """Progress on stderr: one rewritten line on a terminal, plain lines elsewhere."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        line = f"[{elapsed:5.1f}s] {message.strip()}"
        if self.tty:
            self.stream.write("\r\x1b[2K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
