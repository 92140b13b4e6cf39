"""Structured logs: JSON lines when not on a terminal, each carrying the request id.

Nothing secret goes in: log calls pass ids and codes, never keys, credentials or customer data,
and ``redact`` is applied to every extra field as a second line of defence.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
from typing import Any

__all__ = ["REQUEST_ID", "configure_logging", "redact"]

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SECRET_WORDS = ("key", "secret", "password", "token", "credential", "authorization", "email", "phone")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def redact(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: "[redacted]" if any(word in name.lower() for word in _SECRET_WORDS) and name != "key_id" else value
        for name, value in fields.items()
    }


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        line = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": REQUEST_ID.get(),
            "msg": record.getMessage(),
            **redact(extra),
        }
        if record.exc_info and record.exc_info[0] is not None:
            line["exc_type"] = record.exc_info[0].__name__
        return json.dumps(line, default=str)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = redact({k: v for k, v in vars(record).items() if k not in _STANDARD})
        fields = " ".join(f"{k}={v}" for k, v in extra.items())
        return f"{record.levelname:<7} [{REQUEST_ID.get()}] {record.name}: {record.getMessage()} {fields}".rstrip()


def configure_logging(level: str = "INFO", json_lines: bool | None = None) -> None:
    """JSON unless stderr is a terminal (or as ``json_lines`` says)."""
    use_json = (not sys.stderr.isatty()) if json_lines is None else json_lines
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if use_json else _TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
