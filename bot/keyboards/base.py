"""What callback data fields are made of. A button's data comes back from the client: from an old
keyboard, or forged. Every field says what it may hold, so data outside it fails to unpack: the
factory's filter does not match and the catch-all (bot/handlers/fallback.py) says the button is old.
No handler parses a field by hand, and nothing out of range reaches the database, whose integers are
64-bit (an id of 2**63 does not fit in SQLite or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import AfterValidator, Field

DB_INT_MAX = 2**63 - 1

Id = Annotated[int, Field(ge=0, le=DB_INT_MAX)]
"""A row's id (0: none), a page or an option's index: never negative, never past what the database
holds."""


def one_of(*choices: Iterable[str]) -> AfterValidator:
    """A string field that holds one of the choices (tuples of names, StrEnums); anything else fails."""
    allowed = frozenset(str(choice) for group in choices for choice in group)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"not one of {sorted(allowed)}")
        return value

    return AfterValidator(check)


NONE = ("",)
"""The empty value of a field the action does not use."""
