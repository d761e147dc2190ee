"""One log format for every command: ISO 8601 timestamps in UTC with the offset shown, and only what an
operator needs: an idle bot writes nothing."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that log at INFO on every scheduled run or migration step.
QUIET = ("apscheduler", "alembic")


class UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def setup_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(UtcFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
