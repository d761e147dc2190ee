"""One log format for every command: ISO 8601 timestamps in UTC with the offset shown, and only what an
operator needs: an idle bot writes nothing. No level, DEBUG included, shows personal data: the loggers
that would are held at INFO (tests/e2e/test_log_privacy.py walks a journey at DEBUG)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that log at INFO on every scheduled run or migration step.
QUIET = ("apscheduler", "alembic")
# At DEBUG the SQLite driver logs every operation with its arguments (the SQL parameters: surnames,
# birth dates, SNILS) and SQLAlchemy logs the rows it reads. Held at INFO: SQLAlchemy then logs the
# statements, their parameters hidden by the engine (db/engine.py: hide_parameters). Above DEBUG they
# log what goes wrong only, as the chatty libraries do.
PRIVATE = ("aiosqlite", "asyncpg", "sqlalchemy.engine")


class UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def setup_logging(level: int | str = logging.INFO) -> None:
    """`level`: a number or a name (the LOG_LEVEL setting)."""
    handler = logging.StreamHandler()
    handler.setFormatter(UtcFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    root = logging.getLogger().level
    quiet = max(root, logging.WARNING)
    for name in QUIET:
        logging.getLogger(name).setLevel(quiet)
    for name in PRIVATE:
        logging.getLogger(name).setLevel(logging.INFO if root <= logging.DEBUG else quiet)
