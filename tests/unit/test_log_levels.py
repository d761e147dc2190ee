"""LOG_LEVEL: a name, any case; at DEBUG the loggers that would print SQL parameters or rows stay at
INFO, at the other levels they follow the rest."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.logs import PRIVATE, QUIET, setup_logging


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in (*PRIVATE, *QUIET)}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


def test_log_level_is_a_level_name() -> None:
    assert Settings(_env_file=None).log_level == "INFO"  # type: ignore[call-arg]
    assert Settings(log_level=" debug ", _env_file=None).log_level == "DEBUG"  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Settings(log_level="loud", _env_file=None)  # type: ignore[arg-type,call-arg]


@pytest.mark.usefixtures("restored_logging")
def test_at_debug_the_sql_loggers_stay_at_info() -> None:
    setup_logging("DEBUG")
    assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)
    for name in PRIVATE:
        logger = logging.getLogger(name)
        assert not logger.isEnabledFor(logging.DEBUG) and logger.isEnabledFor(logging.INFO), name


@pytest.mark.usefixtures("restored_logging")
def test_at_error_the_chatty_libraries_warn_no_more() -> None:
    setup_logging("ERROR")
    for name in (*PRIVATE, *QUIET, "bot"):
        assert not logging.getLogger(name).isEnabledFor(logging.WARNING), name
