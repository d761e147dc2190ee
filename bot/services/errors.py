"""Domain refusals. Each carries an i18n key (and arguments) that the handler shows to the user."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused the action; nothing was changed."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


class NotAllowed(DomainError):
    """This user may not do this to this object (forged or stale callback)."""

    def __init__(self) -> None:
        super().__init__("error-not-allowed")


class NotFound(DomainError):
    def __init__(self) -> None:
        super().__init__("error-not-found")
